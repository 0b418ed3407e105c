import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-adhoc-no-list-in-reinvite.js';
import { SDP, bodyMsgAt, ctx, tokens, transaction } from '../helpers/group-session.js';
import { MULTIPART, adhocDialog, multipart } from './adhoc-invites.js';

const REINVITE = `INVITE sip:conf-77@im.example.net SIP/2.0
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bKre1
Max-Forwards: 70
From: <sip:alice@im.example.net>;tag=a1
To: <sip:conf-factory@im.example.net>;tag=f1
Call-ID: g1@10.0.0.5
CSeq: 3 INVITE
Contact: <sip:alice@10.0.0.5:5060;transport=tcp>;+g.oma.sip-im
`;

const withReinvite = (contentType: string, body: string) =>
  adhocDialog(undefined, undefined, undefined, { captureEnd: 100, transactions: [transaction(bodyMsgAt(REINVITE, 900, contentType, body), [], 'client')] });

describe('IM-ADHOC-NO-LIST-IN-REINVITE (RFC 5366 §3.2)', () => {
  it('passes for a re-INVITE with SDP only', () => {
    expect(tokens(rule.check(withReinvite('application/sdp', SDP), ctx()))).toEqual(['pass']);
  });

  it('fails at warning severity when the re-INVITE repeats the recipient list', () => {
    expect(tokens(rule.check(withReinvite(MULTIPART, multipart()), ctx()))).toEqual(['fail:warning']);
  });

  it('is not applicable without re-INVITEs', () => {
    expect(tokens(rule.check(adhocDialog(), ctx()))).toEqual(['not-applicable']);
  });
});
