// 1-1 originating dialogs for the §7.1.1.1 initial-request rule tests (SPEC §5.1, §5.2), built
// from SIP text with the group-session helpers.
import type { Dialog, Transaction } from '../../src/dialog/types.js';
import type { SipMessage } from '../../src/sip/types.js';
import { bodyMsgAt, groupDialog, msgAt, responseTo, SDP, transaction, withHeaders } from '../helpers/group-session.js';

/** SPEC §9 example A, with the refresher added so that every §5.1 rule passes. */
export const INVITE_1_1 = `INVITE sip:+447700900123@ims.example.net SIP/2.0
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bK1
Max-Forwards: 70
From: <sip:+447700900001@ims.example.net>;tag=a1
To: <sip:+447700900123@ims.example.net>
Call-ID: c1@10.0.0.5
CSeq: 1 INVITE
m: <sip:+447700900001@10.0.0.5:5060;transport=tcp>;+g.oma.sip-im
a: *;+g.oma.sip-im
User-Agent: IM-client/OMA1.0 Acme/X1-1.2 AcmeIM/3.4
Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, MESSAGE, NOTIFY
k: timer
x: 1800;refresher=uac
`;

export const OK_1_1 = `SIP/2.0 200 OK
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bK1
From: <sip:+447700900001@ims.example.net>;tag=a1
To: <sip:+447700900123@ims.example.net>;tag=b1
Call-ID: c1@10.0.0.5
CSeq: 1 INVITE
Contact: <sip:+447700900123@10.0.0.9:5060;transport=tcp>;+g.oma.sip-im
Allow: INVITE, ACK, CANCEL, BYE, UPDATE, MESSAGE
Require: timer
Session-Expires: 1800;refresher=uac
Content-Length: 0
`;

/** The 200's Contact: where in-dialog requests of the client go (RFC 3261 §12.2.1.1). */
export const REMOTE_TARGET = 'sip:+447700900123@10.0.0.9:5060;transport=tcp';

/** An in-dialog request from the client in the OK_1_1 dialog, with header changes (null removes). */
export function inDialog(method: string, cseq: number, requestUri = REMOTE_TARGET, extra: Record<string, string | null> = {}): string {
  const base = `${method} ${requestUri} SIP/2.0
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bK${method}${cseq}
Max-Forwards: 70
From: <sip:+447700900001@ims.example.net>;tag=a1
To: <sip:+447700900123@ims.example.net>;tag=b1
Call-ID: c1@10.0.0.5
CSeq: ${cseq} ${method}
Content-Length: 0
`;
  return withHeaders(base, extra);
}

/** The INVITE with header changes (null removes), an SDP body offering MSRP, at `sec`. */
export function invite(changes: Record<string, string | null> = {}, sec = 0, base = INVITE_1_1): SipMessage {
  return bodyMsgAt(withHeaders(base, changes), sec, 'application/sdp', SDP);
}

export interface OrigDialogInit {
  invite?: SipMessage;
  ok?: SipMessage | null;
  /** Earlier attempts (each with its final response), before the primary one. */
  earlier?: Transaction[];
  transactions?: Transaction[];
  kind?: Dialog['kind'];
}

/** A confirmed 1-1 originating IM dialog: INVITE at 0 s, 200 OK at 1 s. */
export function origDialog(init: OrigDialogInit = {}): Dialog {
  const d = groupDialog({
    invite: init.invite ?? invite(),
    ok: init.ok === undefined ? msgAt(OK_1_1, 1) : init.ok,
    kind: init.kind ?? 'im-1-1',
    classifiedBy: 'sdp:msrp',
    conferenceUri: false,
    transactions: init.transactions ?? [],
    captureEnd: 100,
  });
  if (init.earlier) d.initialAttempts = [...init.earlier, d.initialInvite];
  return d;
}

/** An earlier attempt of the INVITE answered with `status` (e.g. "407 Proxy Authentication Required"). */
export function rejectedAttempt(msg: SipMessage, status: string, sec = 0.1): Transaction {
  const text = msg.headers.map((h) => `${h.name}: ${h.value}`).join('\n');
  const reply = msgAt(responseTo(`${msg.startLine}\n${text}\n`, status), sec);
  return transaction(msg, [reply], 'client');
}
