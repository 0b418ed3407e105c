import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-conf-sub-contact.js';
import { SUBSCRIBE, ctx, groupDialog, msgAt, subscription, tokens, transaction, withHeaders } from '../helpers/group-session.js';

const judge = (text: string) => rule.check(groupDialog({ subscriptions: [subscription([transaction(msgAt(text, 1.3), [], 'client')])], captureEnd: 100 }), ctx());

describe('IM-CONF-SUB-CONTACT (RFC 3261 §8.1.1.8)', () => {
  it('passes with exactly one SIP URI', () => {
    expect(tokens(judge(SUBSCRIBE))).toEqual(['pass']);
  });

  it('fails without Contact', () => {
    expect(tokens(judge(withHeaders(SUBSCRIBE, { Contact: null })))).toEqual(['fail:error']);
  });

  it('fails with two Contact values', () => {
    const v = judge(withHeaders(SUBSCRIBE, { Contact: '<sip:alice@10.0.0.5>, <sip:alice@10.0.0.6>' }));
    expect(v[0].messageId).toBe('several');
  });

  it('fails with a tel: Contact', () => {
    expect(judge(withHeaders(SUBSCRIBE, { Contact: '<tel:+15551234567>' }))[0].messageId).toBe('scheme');
  });
});
