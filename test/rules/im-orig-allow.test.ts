// IM-ORIG-ALLOW (SPEC §5.1): expected verdicts written from SPEC.
import { describe, expect, test } from 'vitest';
import { rule } from '../../src/rules/im-orig-allow.js';
import { ctx, msgAt, SUBSCRIBE, subscription, tokens, transaction } from '../helpers/group-session.js';
import { invite, origDialog } from './orig-request.js';

const judge = (allow: string | null) => rule.check(origDialog({ invite: invite({ Allow: allow }) }), ctx());

const PEER_UPDATE = `UPDATE sip:+447700900001@10.0.0.5:5060;transport=tcp SIP/2.0
Via: SIP/2.0/TCP 10.0.0.9:5060;branch=z9hG4bKu1
From: <sip:+447700900123@ims.example.net>;tag=b1
To: <sip:+447700900001@ims.example.net>;tag=a1
Call-ID: c1@10.0.0.5
CSeq: 2 UPDATE
Content-Length: 0
`;
const UPDATE_200 = `SIP/2.0 200 OK
Via: SIP/2.0/TCP 10.0.0.9:5060;branch=z9hG4bKu1
From: <sip:+447700900123@ims.example.net>;tag=b1
To: <sip:+447700900001@ims.example.net>;tag=a1
Call-ID: c1@10.0.0.5
CSeq: 2 UPDATE
Content-Length: 0
`;

describe('IM-ORIG-ALLOW', () => {
  test('present with the core methods passes', () => {
    expect(tokens(judge('INVITE, ACK, CANCEL, BYE, UPDATE'))).toEqual(['pass']);
  });

  test('absent is a SHOULD: fail at warning', () => {
    const [v] = judge(null);
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'warning', 'absent']);
  });

  test('missing ACK and CANCEL is the RFC 3261 §20.5 sub-finding at error; methods are case-sensitive', () => {
    const [v] = judge('INVITE, BYE, cancel');
    expect([v.verdict, v.severity, v.messageId, v.message]).toEqual([
      'fail',
      'error',
      'rfc3261-missing',
      'Allow lacks ACK, CANCEL (RFC 3261 §20.5: all methods understood, including ACK and CANCEL, MUST be listed)',
    ]);
  });

  test('methods the client uses later must be listed: UPDATE accepted with a 2xx, SUBSCRIBE sent', () => {
    const update = transaction(msgAt(PEER_UPDATE, 10), [msgAt(UPDATE_200, 10.1)], 'peer');
    const sub = subscription([transaction(msgAt(SUBSCRIBE, 2), [], 'client')]);
    const d = origDialog({ invite: invite({ Allow: 'INVITE, ACK, CANCEL, BYE, MESSAGE' }), transactions: [update] });
    d.subscriptions = [sub];
    const vs = rule.check(d, ctx());
    expect(vs.map((v) => [v.messageId, v.severity])).toEqual([['unlisted-methods', 'warning']]);
    expect(vs[0].message).toBe('Allow lacks methods the client uses in this dialog: UPDATE, SUBSCRIBE');
    expect(vs[0].evidence.slice(1).map((e) => e.header)).toEqual(['SIP/2.0 200 OK', 'SUBSCRIBE sip:conf-77@im.example.net SIP/2.0']);
  });

  test('both sub-findings at once, each reported', () => {
    const update = transaction(msgAt(PEER_UPDATE, 10), [msgAt(UPDATE_200, 10.1)], 'peer');
    const d = origDialog({ invite: invite({ Allow: 'INVITE, BYE' }), transactions: [update] });
    expect(tokens(rule.check(d, ctx()))).toEqual(['fail:error', 'fail:warning']);
  });
});
