import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { ruleEnabled } from '../../src/rules/index.js';
import { rule } from '../../src/rules/im-term-contact-feature-tag.js';
import { ctx, groupDialog, tokens } from '../helpers/group-session.js';
import { CLIENT_OK_HEADERS, terminatingDialog } from './term-dialogs.js';

describe('IM-TERM-CONTACT-FEATURE-TAG ([B], off by default)', () => {
  it('is off unless --terminating', () => {
    expect(ruleEnabled(rule, DEFAULT_CONFIG)).toBe(false);
    expect(ruleEnabled(rule, { ...DEFAULT_CONFIG, terminating: true })).toBe(true);
    expect(rule.meta.basis).toBe('B');
  });

  it('passes when the client 2xx Contact carries +g.oma.sip-im', () => {
    expect(tokens(rule.check(terminatingDialog(), ctx()))).toEqual(['pass']);
  });

  it('fails when the tag sits inside the URI', () => {
    const v = rule.check(terminatingDialog(undefined, { ...CLIENT_OK_HEADERS, Contact: '<sip:alice@10.0.0.5:5060;+g.oma.sip-im>' }), ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].messageId).toBe('in-uri');
  });

  it('is not applicable on the originating side', () => {
    expect(tokens(rule.check(groupDialog({ captureEnd: 100 }), ctx()))).toEqual(['not-applicable']);
  });
});
