import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-conf-sub-expires.js';
import { SUBSCRIBE, ctx, groupDialog, msgAt, subscription, tokens, transaction, withHeaders } from '../helpers/group-session.js';

const judge = (text: string) => rule.check(groupDialog({ subscriptions: [subscription([transaction(msgAt(text, 1.3), [], 'client')])], captureEnd: 100 }), ctx());

describe('IM-CONF-SUB-EXPIRES (RFC 6665 §3.1.1)', () => {
  it('passes with Expires: 3600', () => {
    expect(tokens(judge(SUBSCRIBE))).toEqual(['pass']);
  });

  it('fails at warning severity when Expires is absent', () => {
    expect(tokens(judge(withHeaders(SUBSCRIBE, { Expires: null })))).toEqual(['fail:warning']);
  });

  it('reports Expires: 0 as a fetch or unsubscribe', () => {
    const v = judge(withHeaders(SUBSCRIBE, { Expires: '0' }));
    expect(tokens(v)).toEqual(['fail:warning']);
    expect(v[0].messageId).toBe('zero');
  });
});
