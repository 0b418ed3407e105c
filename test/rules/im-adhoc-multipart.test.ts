import { describe, expect, it } from 'vitest';
import { registry } from '../../src/rules/index.js';
import { rule } from '../../src/rules/im-adhoc-multipart.js';
import { RESOURCE_LIST } from '../helpers/group-session.js';
import { ctx, tokens } from '../helpers/group-session.js';
import { adhocDialog, multipart, oneToOneDialog } from './adhoc-invites.js';

describe('IM-ADHOC-MULTIPART', () => {
  it('passes on the rcsjta shape: multipart/mixed with SDP and recipient-list parts', () => {
    expect(tokens(rule.check(adhocDialog(), ctx()))).toEqual(['pass']);
  });

  it('fails when the list is the whole body (no multipart/mixed)', () => {
    const d = adhocDialog(undefined, RESOURCE_LIST, 'application/resource-lists+xml');
    const v = rule.check(d, ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].messageId).toBe('not-multipart');
  });

  it('fails when multipart/mixed has no SDP part', () => {
    const body = multipart().replace('Content-Type: application/sdp', 'Content-Type: text/plain');
    expect(rule.check(adhocDialog(undefined, body), ctx())[0].messageId).toBe('no-sdp-part');
  });

  it('regression (change request behind 7.1.1.1): a 1-1 INVITE with application/sdp gets no multipart finding from any rule', () => {
    const d = oneToOneDialog();
    expect(tokens(rule.check(d, ctx()))).toEqual(['not-applicable']);
    for (const r of registry) {
      for (const v of r.check(d, ctx())) {
        const text = `${v.message} ${v.evidence.map((e) => `${e.header ?? ''} ${e.note ?? ''}`).join(' ')}`;
        if (v.verdict === 'fail') expect(text.toLowerCase(), `${v.rule}`).not.toContain('multipart');
      }
    }
  });
});
