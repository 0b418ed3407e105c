import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-conf-sub-accept.js';
import { SUBSCRIBE, ctx, groupDialog, msgAt, subscription, tokens, transaction, withHeaders } from '../helpers/group-session.js';

const judge = (text: string) => rule.check(groupDialog({ subscriptions: [subscription([transaction(msgAt(text, 1.3), [], 'client')])], captureEnd: 100 }), ctx());

describe('IM-CONF-SUB-ACCEPT (RFC 4575 §3.4)', () => {
  it('passes when Accept lists application/conference-info+xml (any case)', () => {
    expect(tokens(judge(SUBSCRIBE))).toEqual(['pass']);
    expect(tokens(judge(withHeaders(SUBSCRIBE, { Accept: 'application/sdp, Application/Conference-Info+XML' })))).toEqual(['pass']);
  });

  it('passes when Accept is absent: the type is the default', () => {
    const v = judge(withHeaders(SUBSCRIBE, { Accept: null }));
    expect(tokens(v)).toEqual(['pass']);
    expect(v[0].messageId).toBe('absent');
  });

  it('fails when Accept is present without the type', () => {
    const v = judge(withHeaders(SUBSCRIBE, { Accept: 'application/pidf+xml' }));
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].message).toContain('application/pidf+xml');
  });
});
