// Hand-built group-session dialogs for rule unit tests (SPEC §7, §5.4, §5.6, §5.7): the messages are
// written out as SIP text, the Dialog around them as the dialog engine would link it.
import type { SourceRef } from '../../src/capture/types.js';
import { DEFAULT_CONFIG, type ImlintConfig } from '../../src/config/types.js';
import type { Dialog, Party, Subscription, Transaction } from '../../src/dialog/types.js';
import type { RuleContext } from '../../src/rules/types.js';
import type { SipMessage } from '../../src/sip/types.js';
import { sipMessage } from './sip.js';

/** Capture start: every message time is given in seconds after it. */
export const T0 = 1_700_000_000n * 1_000_000_000n;

let line = 1;
/** A SipMessage at `sec` seconds into the capture (line numbers grow so evidence is distinct). */
export function msgAt(text: string, sec: number | null): SipMessage {
  const ref: Partial<SourceRef> = { input: 'group.txt', line: line++, timeNs: sec === null ? null : T0 + BigInt(Math.round(sec * 1e9)) };
  return sipMessage(text, ref);
}

/** Replace (or with null remove) header lines by name; new headers go before the blank line. */
export function withHeaders(text: string, changes: Record<string, string | null>): string {
  const [head, ...rest] = text.split('\n\n');
  let lines = head.split('\n').filter((l) => l !== '');
  for (const [name, value] of Object.entries(changes)) {
    const i = lines.findIndex((l) => l.slice(0, l.indexOf(':')).trim().toLowerCase() === name.toLowerCase());
    lines = lines.filter((l, k) => k === i || l.slice(0, l.indexOf(':')).trim().toLowerCase() !== name.toLowerCase());
    if (value === null) lines = lines.filter((_, k) => k !== i);
    else if (i >= 0) lines[i] = `${name}: ${value}`;
    else lines.push(`${name}: ${value}`);
  }
  return [lines.join('\n'), ...rest].join('\n\n') + (rest.length === 0 ? '\n' : '');
}

export function withStartLine(text: string, startLine: string): string {
  return startLine + text.slice(text.indexOf('\n'));
}

export const SDP = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 10.0.0.5',
  's=-',
  'c=IN IP4 10.0.0.5',
  't=0 0',
  'm=message 9 TCP/MSRP *',
  'a=accept-types:message/cpim text/plain',
  'a=path:msrp://10.0.0.5:9/s1;tcp',
  '',
].join('\r\n');

export const RESOURCE_LIST = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists" xmlns:cp="urn:ietf:params:xml:ns:copycontrol">',
  '<list>',
  '<entry uri="sip:bob@im.example.net" cp:copyControl="to"/>',
  '<entry uri="sip:carol@im.example.net" cp:copyControl="to"/>',
  '</list>',
  '</resource-lists>',
  '',
].join('\r\n');

/** A multipart/mixed body (rcsjta OriginatingAdhocGroupChatSession shape). */
export function multipartBody(sdp = SDP, list = RESOURCE_LIST, listHeaders = 'Content-Type: application/resource-lists+xml\r\nContent-Disposition: recipient-list'): string {
  return [
    '--boundary1',
    'Content-Type: application/sdp',
    '',
    sdp,
    '--boundary1',
    listHeaders,
    '',
    list,
    '--boundary1--',
    '',
  ].join('\r\n');
}

export function bodyMsgAt(text: string, sec: number | null, contentType: string, body: string): SipMessage {
  const head = withHeaders(text, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body, 'latin1')) })
    .replace(/\r?\n/g, '\r\n')
    .replace(/(\r\n)+$/, '');
  const ref: Partial<SourceRef> = { input: 'group.txt', line: line++, timeNs: sec === null ? null : T0 + BigInt(Math.round(sec * 1e9)) };
  return sipMessage(`${head}\r\n\r\n${body}`, ref, { keepLineEndings: true });
}

export const INVITE = `INVITE sip:conf-factory@im.example.net SIP/2.0
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bKinv1
Max-Forwards: 70
From: <sip:alice@im.example.net>;tag=a1
To: <sip:conf-factory@im.example.net>
Call-ID: g1@10.0.0.5
CSeq: 1 INVITE
Contact: <sip:alice@10.0.0.5:5060;transport=tcp>;+g.oma.sip-im
Accept-Contact: *;+g.oma.sip-im
User-Agent: IM-client/OMA1.0 Acme/X1-1.2
Supported: timer
Session-Expires: 1800;refresher=uac
Content-Length: 0
`;

export const OK = `SIP/2.0 200 OK
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bKinv1
From: <sip:alice@im.example.net>;tag=a1
To: <sip:conf-factory@im.example.net>;tag=f1
Call-ID: g1@10.0.0.5
CSeq: 1 INVITE
Contact: <sip:conf-77@im.example.net>;isfocus
Allow-Events: conference
Require: timer
Session-Expires: 1800;refresher=uac
Content-Length: 0
`;

export const SUBSCRIBE = `SUBSCRIBE sip:conf-77@im.example.net SIP/2.0
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bKsub1
Max-Forwards: 70
From: <sip:alice@im.example.net>;tag=s1
To: <sip:conf-77@im.example.net>
Call-ID: sub1@10.0.0.5
CSeq: 1 SUBSCRIBE
Contact: <sip:alice@10.0.0.5:5060;transport=tcp>
o: conference
Accept: application/conference-info+xml
Expires: 3600
Accept-Contact: *;+g.oma.sip-im
User-Agent: IM-client/OMA1.0 Acme/X1-1.2
Content-Length: 0
`;

export function responseTo(request: string, status: string, extra: Record<string, string | null> = {}, toTag = 'f9'): string {
  const lines = request.split('\n');
  const keep = lines.filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l));
  const text = [`SIP/2.0 ${status}`, ...keep.map((l) => (/^To:/i.test(l) && !/;tag=/.test(l) ? `${l};tag=${toTag}` : l)), 'Content-Length: 0', ''].join('\n');
  return withHeaders(text, extra);
}

export const CONFERENCE_INFO = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="sip:conf-77@im.example.net" state="full" version="1">',
  '<users><user entity="sip:alice@im.example.net" state="full"/></users>',
  '</conference-info>',
  '',
].join('\r\n');

export const NOTIFY = `NOTIFY sip:alice@10.0.0.5:5060;transport=tcp SIP/2.0
Via: SIP/2.0/TCP 192.0.2.7:5060;branch=z9hG4bKn1
Max-Forwards: 70
From: <sip:conf-77@im.example.net>;tag=f9
To: <sip:alice@im.example.net>;tag=s1
Call-ID: sub1@10.0.0.5
CSeq: 1 NOTIFY
Contact: <sip:conf-77@im.example.net>
Event: conference
Subscription-State: active;expires=3600
`;

export function transaction(request: SipMessage, responses: SipMessage[], from: Party): Transaction {
  const final = responses.find((r) => (r.status ?? 0) >= 200);
  const t: Transaction = {
    key: `${request.topViaBranch ?? ''}|${request.cseq?.method ?? request.method ?? ''}`,
    method: request.method ?? '',
    request,
    requestCopies: [],
    responses,
    from,
  };
  if (final) t.final = final;
  return t;
}

export function subscription(subscribes: Transaction[], notifies: Transaction[] = [], insideInviteDialog = false): Subscription {
  return { callId: subscribes[0].request.callId ?? '', subscribes, notifies, insideInviteDialog };
}

export interface GroupDialogInit {
  invite?: SipMessage;
  ok?: SipMessage | null;
  kind?: Dialog['kind'];
  originator?: Party;
  classifiedBy?: string;
  subscriptions?: Subscription[];
  transactions?: Transaction[];
  bye?: Transaction;
  captureEnd: number | null;
  conferenceUri?: boolean;
}

/** A confirmed group dialog by default: INVITE at 0 s, 200 OK at 1 s. */
export function groupDialog(init: GroupDialogInit): Dialog {
  const invite = init.invite ?? msgAt(INVITE, 0);
  const ok = init.ok === null ? undefined : init.ok ?? msgAt(OK, 1);
  const initialInvite = transaction(invite, ok ? [ok] : [], init.originator ?? 'client');
  const c = ok?.contact();
  const d: Dialog = {
    id: `${invite.callId}|${invite.fromTag}|${ok?.toTag ?? ''}`,
    callId: invite.callId ?? '',
    localTag: invite.fromTag ?? '',
    kind: init.kind ?? 'im-group',
    classifiedBy: init.classifiedBy ?? '2xx-contact:isfocus',
    originator: init.originator ?? 'client',
    client: { label: 'client' },
    peer: { label: 'peer' },
    initialAttempts: [initialInvite],
    initialInvite,
    vantage: { kind: 'client' },
    state: ok ? 'confirmed' : 'failed',
    transactions: init.transactions ?? [],
    subscriptions: init.subscriptions ?? [],
    startNs: invite.ref.timeNs,
    endNs: init.bye?.request.ref.timeNs ?? null,
    captureEndNs: init.captureEnd === null ? null : T0 + BigInt(Math.round(init.captureEnd * 1e9)),
    notes: [],
    diagnostics: [],
  };
  if (ok) d.confirmed = ok;
  if (ok?.toTag) d.remoteTag = ok.toTag;
  if (init.bye) d.bye = init.bye;
  if (init.conferenceUri !== false && c?.state === 'ok' && !c.value[0].star) d.conferenceUri = c.value[0].uri;
  return d;
}

export function ctx(overrides: Partial<ImlintConfig> = {}): RuleContext {
  return { config: { ...DEFAULT_CONFIG, ...overrides } };
}

/** Verdict tokens as fixtures write them: `pass`, `fail:warning`… */
export function tokens(verdicts: { verdict: string; severity: string }[]): string[] {
  return verdicts.map((v) => (v.verdict === 'fail' ? `fail:${v.severity}` : v.verdict));
}
