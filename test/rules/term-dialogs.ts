// Terminating-side dialogs for the IM-TERM-* tests: a focus (or a peer) invites the client.
import { groupDialog, msgAt, responseTo, withHeaders } from '../helpers/group-session.js';

export const FOCUS_INVITE = `INVITE sip:alice@10.0.0.5:5060;transport=tcp SIP/2.0
Via: SIP/2.0/TCP 192.0.2.7:5060;branch=z9hG4bKfi1
Max-Forwards: 70
From: <sip:conf-77@im.example.net>;tag=f1
To: <sip:alice@im.example.net>
Call-ID: t1@192.0.2.7
CSeq: 1 INVITE
Contact: <sip:conf-77@im.example.net>;isfocus
Referred-By: <sip:bob@im.example.net>
Supported: timer
Session-Expires: 1800;refresher=uac
Content-Length: 0
`;

export const CLIENT_OK_HEADERS = {
  Contact: '<sip:alice@10.0.0.5:5060;transport=tcp>;+g.oma.sip-im',
  Server: 'IM-client/OMA1.0 Acme/X1-1.2',
  Require: 'timer',
  'Session-Expires': '1800;refresher=uac',
};

export function terminatingDialog(invite = FOCUS_INVITE, okHeaders: Record<string, string | null> = CLIENT_OK_HEADERS, extra: Partial<Parameters<typeof groupDialog>[0]> = {}) {
  return groupDialog({
    captureEnd: 100,
    ...extra,
    originator: 'peer',
    invite: msgAt(invite, 0),
    ok: msgAt(responseTo(invite, '200 OK', okHeaders, 'a1'), 1),
    conferenceUri: false,
  });
}

export { withHeaders };
