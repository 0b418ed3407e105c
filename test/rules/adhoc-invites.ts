// Ad-hoc INVITEs for the §5.4 rule tests: the rcsjta OriginatingAdhocGroupChatSession shape and
// variants that break one rule each.
import { INVITE, RESOURCE_LIST, SDP, bodyMsgAt, groupDialog, msgAt, withHeaders } from '../helpers/group-session.js';

export const ADHOC_HEAD = withHeaders(INVITE, { Require: 'recipient-list-invite' });
export const MULTIPART = 'multipart/mixed;boundary=boundary1';

export function adhocDialog(head = ADHOC_HEAD, body = multipart(), contentType = MULTIPART, extra: Parameters<typeof groupDialog>[0] = { captureEnd: 100 }) {
  return groupDialog({ ...extra, invite: bodyMsgAt(head, 0, contentType, body), classifiedBy: 'require:recipient-list-invite' });
}

export function multipart(sdp = SDP, list = RESOURCE_LIST, listHeaders = 'Content-Type: application/resource-lists+xml\r\nContent-Disposition: recipient-list'): string {
  return ['--boundary1', 'Content-Type: application/sdp', '', sdp, '--boundary1', listHeaders, '', list, '--boundary1--', ''].join('\r\n');
}

/** A 1-1 INVITE with an application/sdp body (SPEC §5.1 note: no multipart finding, ever). */
export function oneToOneDialog() {
  const invite = bodyMsgAt(withHeaders(INVITE, {}).replace('sip:conf-factory@', 'sip:bob@'), 0, 'application/sdp', SDP);
  return groupDialog({ invite, kind: 'im-1-1', classifiedBy: 'sdp:msrp', ok: msgAt(withHeaders(OK_1_1, {}), 1), captureEnd: 100 });
}

const OK_1_1 = `SIP/2.0 200 OK
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bKinv1
From: <sip:alice@im.example.net>;tag=a1
To: <sip:bob@im.example.net>;tag=b1
Call-ID: g1@10.0.0.5
CSeq: 1 INVITE
Contact: <sip:bob@10.0.0.9:5060;transport=tcp>;+g.oma.sip-im
Content-Length: 0
`;
