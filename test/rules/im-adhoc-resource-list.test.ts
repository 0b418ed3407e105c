import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-adhoc-resource-list.js';
import { RESOURCE_LIST, ctx, tokens } from '../helpers/group-session.js';
import { adhocDialog, multipart, oneToOneDialog } from './adhoc-invites.js';

describe('IM-ADHOC-RESOURCE-LIST (RFC 5366 §3)', () => {
  it('passes with two entries in a recipient-list part', () => {
    const v = rule.check(adhocDialog(), ctx());
    expect(tokens(v)).toEqual(['pass']);
    expect(v[0].message).toContain('2 entries');
  });

  it('fails without Content-Disposition: recipient-list', () => {
    const d = adhocDialog(undefined, multipart(undefined, undefined, 'Content-Type: application/resource-lists+xml'));
    expect(rule.check(d, ctx())[0].messageId).toBe('no-disposition');
  });

  it('fails on XML that does not parse', () => {
    const d = adhocDialog(undefined, multipart(undefined, RESOURCE_LIST.replace('</list>', '')));
    const v = rule.check(d, ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].messageId).toBe('unreadable');
  });

  it('fails on an empty list', () => {
    const d = adhocDialog(undefined, multipart(undefined, RESOURCE_LIST.replace(/<entry[^>]*\/>\r\n/g, '')));
    expect(rule.check(d, ctx())[0].messageId).toBe('empty');
  });

  it('fails when Require asks for a list the body lacks', () => {
    const d = adhocDialog(undefined, 'v=0\r\n', 'application/sdp');
    expect(rule.check(d, ctx())[0].messageId).toBe('no-list');
  });

  it('is not applicable to 1-1 INVITEs', () => {
    expect(tokens(rule.check(oneToOneDialog(), ctx()))).toEqual(['not-applicable']);
  });
});
