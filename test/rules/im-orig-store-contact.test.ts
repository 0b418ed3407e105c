// IM-ORIG-STORE-CONTACT (SPEC §5.2; RFC 3261 §12.2.1.1, §19.1.4): expected verdicts from SPEC.
import { describe, expect, test } from 'vitest';
import { rule } from '../../src/rules/im-orig-store-contact.js';
import { ctx, msgAt, tokens, transaction, withHeaders, withStartLine } from '../helpers/group-session.js';
import { inDialog, OK_1_1, origDialog, REMOTE_TARGET } from './orig-request.js';

const TARGET = REMOTE_TARGET;

const clientTx = (text: string, sec: number, responses: string[] = []) =>
  transaction(msgAt(text, sec), responses.map((r, i) => msgAt(r, sec + 0.01 * (i + 1))), 'client');

describe('IM-ORIG-STORE-CONTACT', () => {
  test('ACK and BYE to the 2xx Contact pass; both are evidence', () => {
    const d = origDialog({ transactions: [clientTx(inDialog('ACK', 1, TARGET), 1.1), clientTx(inDialog('BYE', 2, TARGET), 30)] });
    const [v] = rule.check(d, ctx());
    expect([v.verdict, v.message]).toEqual(['pass', '2 in-dialog request(s) from the client (ACK, BYE) went to the remote target']);
  });

  test('BYE to the original Request-URI instead of the Contact fails, with both URIs', () => {
    const d = origDialog({ transactions: [clientTx(inDialog('ACK', 1, TARGET), 1.1), clientTx(inDialog('BYE', 2, 'sip:+447700900123@ims.example.net'), 30)] });
    const [v] = rule.check(d, ctx());
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'error', 'mismatch']);
    expect(v.message).toContain(`BYE sent to sip:+447700900123@ims.example.net, not to the remote target ${TARGET} from the Contact of the 200 to INVITE`);
    expect(v.evidence.map((e) => e.header)).toEqual(['BYE sip:+447700900123@ims.example.net SIP/2.0', `Contact: <${TARGET}>;+g.oma.sip-im`]);
  });

  test('a default port written out is a different URI (RFC 3261 §19.1.4)', () => {
    const ok = msgAt(withHeaders(OK_1_1, { Contact: '<sip:+447700900123@10.0.0.9>' }), 1);
    const d = origDialog({ ok, transactions: [clientTx(inDialog('BYE', 2, 'sip:+447700900123@10.0.0.9:5060'), 30)] });
    expect(tokens(rule.check(d, ctx()))).toEqual(['fail:error']);
  });

  test('a Request-URI written differently but equal under §19.1.4 passes; written byte for byte, it is taken as the target', () => {
    const ok = msgAt(withHeaders(OK_1_1, { Contact: '<sip:+447700900123@Host.Example.net:5070;transport=tcp;lr>' }), 1);
    const sameText = origDialog({ ok, transactions: [clientTx(inDialog('BYE', 2, 'sip:+447700900123@Host.Example.net:5070;transport=tcp;lr'), 30)] });
    expect(tokens(rule.check(sameText, ctx()))).toEqual(['pass']);
    const reworded = origDialog({ ok, transactions: [clientTx(inDialog('BYE', 2, 'sip:+447700900123@host.example.NET:5070;lr;Transport=TCP'), 30)] });
    expect(tokens(rule.check(reworded, ctx()))).toEqual(['pass']);
    const otherPort = origDialog({ ok, transactions: [clientTx(inDialog('BYE', 2, 'sip:+447700900123@Host.Example.net:5071;transport=tcp;lr'), 30)] });
    expect(tokens(rule.check(otherPort, ctx()))).toEqual(['fail:error']);
  });

  test('a target refresh from the peer moves the remote target', () => {
    const peerReinvite = withStartLine(
      withHeaders(inDialog('INVITE', 7, 'sip:+447700900001@10.0.0.5:5060;transport=tcp'), {
        From: '<sip:+447700900123@ims.example.net>;tag=b1',
        To: '<sip:+447700900001@ims.example.net>;tag=a1',
        Contact: '<sip:+447700900123@10.0.0.99:5060;transport=tcp>',
      }),
      'INVITE sip:+447700900001@10.0.0.5:5060;transport=tcp SIP/2.0',
    );
    const moved = 'sip:+447700900123@10.0.0.99:5060;transport=tcp';
    const reinvite = transaction(msgAt(peerReinvite, 20), [], 'peer');
    const ok = origDialog({ transactions: [clientTx(inDialog('ACK', 1, TARGET), 1.1), reinvite, clientTx(inDialog('BYE', 2, moved), 30)] });
    expect(tokens(rule.check(ok, ctx()))).toEqual(['pass']);
    const stale = origDialog({ transactions: [reinvite, clientTx(inDialog('BYE', 2, TARGET), 30)] });
    expect(rule.check(stale, ctx())[0].message).toContain("from the Contact of the peer's INVITE");
  });

  /** The peer's 200 OK to the client's UPDATE (CSeq 3), with a Contact when one is given. */
  const okToUpdate = (contact?: string) => `SIP/2.0 200 OK
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bKUPDATE3
From: <sip:+447700900001@ims.example.net>;tag=a1
To: <sip:+447700900123@ims.example.net>;tag=b1
Call-ID: c1@10.0.0.5
CSeq: 3 UPDATE
${contact === undefined ? '' : `Contact: <${contact}>\n`}Content-Length: 0
`;

  test('the 2xx to the client\'s own UPDATE sets the target for later requests', () => {
    const newTarget = 'sip:+447700900123@10.0.0.77:5060;transport=tcp';
    const d = origDialog({ transactions: [clientTx(inDialog('UPDATE', 3, TARGET), 900, [okToUpdate(newTarget)]), clientTx(inDialog('BYE', 4, newTarget), 1000)] });
    expect(tokens(rule.check(d, ctx()))).toEqual(['pass']);
  });

  test('a 2xx to a refresh without Contact leaves the remote target as it was', () => {
    const d = origDialog({ transactions: [clientTx(inDialog('UPDATE', 3, TARGET), 900, [okToUpdate()]), clientTx(inDialog('BYE', 4, TARGET), 1000)] });
    expect(rule.check(d, ctx()).map((v) => [v.verdict, v.message])).toEqual([['pass', '2 in-dialog request(s) from the client (UPDATE, BYE) went to the remote target']]);
  });

  test('loose routing: Request-URI is the target; strict routing: the last Route is', () => {
    const loose = origDialog({ transactions: [clientTx(inDialog('BYE', 2, TARGET, { Route: '<sip:p1.example.net;lr>' }), 30)] });
    expect(tokens(rule.check(loose, ctx()))).toEqual(['pass']);
    const strict = origDialog({ transactions: [clientTx(inDialog('BYE', 2, 'sip:p1.example.net', { Route: `<sip:p2.example.net>, <${TARGET}>` }), 30)] });
    expect(tokens(rule.check(strict, ctx()))).toEqual(['pass']);
  });

  test('no in-dialog request from the client: not applicable', () => {
    expect(rule.check(origDialog(), ctx())[0].messageId).toBe('no-requests');
  });

  test('a request before any Contact was seen is inconclusive', () => {
    const d = origDialog({ ok: null, transactions: [clientTx(inDialog('BYE', 2, TARGET), 30)] });
    expect(rule.check(d, ctx()).map((v) => [v.verdict, v.messageId])).toEqual([['inconclusive', 'target-unknown']]);
  });

  test('not applicable to a terminating-side dialog', () => {
    const d = origDialog();
    d.originator = 'peer';
    expect(tokens(rule.check(d, ctx()))).toEqual(['not-applicable']);
  });
});
