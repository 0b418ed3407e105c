import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-conf-sub-target.js';
import { SUBSCRIBE, ctx, groupDialog, msgAt, subscription, tokens, transaction, withStartLine } from '../helpers/group-session.js';

const judge = (text: string) => rule.check(groupDialog({ subscriptions: [subscription([transaction(msgAt(text, 1.3), [], 'client')])], captureEnd: 100 }), ctx());

describe('IM-CONF-SUB-TARGET', () => {
  it('passes when the Request-URI is the 2xx Contact URI (RFC 4579 §5.1 shape)', () => {
    const v = judge(SUBSCRIBE);
    expect(tokens(v)).toEqual(['pass']);
    expect(rule.meta.basis).toBe('B');
    expect(rule.meta.parent).toBe('IM-ORIG-CONF-SUBSCRIBE');
  });

  it('compares URIs per RFC 3261 §19.1.4: host case does not matter', () => {
    expect(tokens(judge(withStartLine(SUBSCRIBE, 'SUBSCRIBE sip:conf-77@IM.Example.NET SIP/2.0')))).toEqual(['pass']);
  });

  it('fails on the factory URI, quoting both URIs', () => {
    const v = judge(withStartLine(SUBSCRIBE, 'SUBSCRIBE sip:conf-factory@im.example.net SIP/2.0'));
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].message).toContain('sip:conf-factory@im.example.net');
    expect(v[0].message).toContain('sip:conf-77@im.example.net');
  });

  it('fails when only one URI names a transport (default-value rule)', () => {
    expect(tokens(judge(withStartLine(SUBSCRIBE, 'SUBSCRIBE sip:conf-77@im.example.net;transport=udp SIP/2.0')))).toEqual(['fail:error']);
  });

  it('is not applicable without a conference SUBSCRIBE or outside group sessions', () => {
    expect(rule.check(groupDialog({ captureEnd: 100 }), ctx())[0].messageId).toBe('no-subscribe');
    expect(tokens(rule.check(groupDialog({ kind: 'im-1-1', captureEnd: 100 }), ctx()))).toEqual(['not-applicable']);
  });
});
