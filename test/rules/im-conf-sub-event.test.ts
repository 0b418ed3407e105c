import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-conf-sub-event.js';
import { SUBSCRIBE, ctx, groupDialog, msgAt, subscription, tokens, transaction, withHeaders } from '../helpers/group-session.js';

const judge = (text: string) => rule.check(groupDialog({ subscriptions: [subscription([transaction(msgAt(text, 1.3), [], 'client')])], captureEnd: 100 }), ctx());

describe('IM-CONF-SUB-EVENT', () => {
  it('passes on the compact form o: conference', () => {
    expect(tokens(judge(SUBSCRIBE))).toEqual(['pass']);
  });

  it('passes with an id parameter', () => {
    expect(tokens(judge(withHeaders(SUBSCRIBE, { o: 'conference;id=1' })))).toEqual(['pass']);
  });

  it('fails on Event: Conference: event types compare byte by byte (RFC 6665 §8.2.1)', () => {
    const v = judge(withHeaders(SUBSCRIBE, { o: null, Event: 'Conference' }));
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].messageId).toBe('wrong-case');
    expect(v[0].evidence[0].header).toBe('Event: Conference');
  });

  it('fails on two Event header fields (exactly one, RFC 6665 §3.1.2)', () => {
    const two = withHeaders(SUBSCRIBE, { Event: 'conference' });
    const v = judge(two);
    expect(v[0].messageId).toBe('repeated');
    expect(tokens(v)).toEqual(['fail:error']);
  });
});
