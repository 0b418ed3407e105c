// Builds hand-made Dialogs for the session-timer tests: a short script of SIP messages with times
// in seconds after the initial INVITE, turned into SipMessages (test/helpers/sip.ts) and
// Transactions, as the dialog engine would hand them to the rules.
import type { Dialog, Party, Transaction } from '../../src/dialog/types.js';
import type { SipMessage } from '../../src/sip/types.js';
import { DEFAULT_CONFIG, type ImlintConfig } from '../../src/config/types.js';
import { sipMessage } from '../helpers/sip.js';

export const T0_NS = 1_700_000_000_000_000_000n;
const CLIENT = { ip: '10.0.0.5', port: 5060 };
const PEER = { ip: '10.0.0.9', port: 5060 };

export function atNs(sec: number): bigint {
  return T0_NS + BigInt(Math.round(sec * 1e9));
}

export interface ResponseStep {
  at: number | null;
  status: number;
  headers?: string[];
  body?: string;
}

export interface RequestStep {
  at: number | null;
  from: Party;
  method: string;
  headers?: string[];
  body?: string;
  responses?: ResponseStep[];
}

export interface DialogScript {
  /** Headers of the initial INVITE (besides the identity ones). */
  invite?: string[];
  inviteBody?: string;
  /** Responses to the initial INVITE; a 2xx confirms the dialog. */
  inviteResponses?: ResponseStep[];
  /** Earlier attempts of the initial INVITE (e.g. answered 422), in order. */
  attempts?: { headers: string[]; responses: ResponseStep[]; at: number }[];
  steps?: RequestStep[];
  captureEnd: number | null;
  inviteAt?: number | null;
  diagnostics?: Dialog['diagnostics'];
  midDialog?: boolean;
}

const SDP = ['v=0', 'o=c 1 1 IN IP4 10.0.0.5', 's=-', 'c=IN IP4 10.0.0.5', 't=0 0', 'm=message 9 TCP/MSRP *', 'a=path:msrp://10.0.0.5:9/s1;tcp', 'a=accept-types:message/cpim', ''].join('\r\n');
export const CLIENT_SDP = SDP;

let line = 1;

function message(text: string, at: number | null, from: Party): SipMessage {
  const ref = {
    input: 'timer.txt',
    line: line,
    timeNs: at === null ? null : atNs(at),
    src: from === 'client' ? CLIENT : PEER,
    dst: from === 'client' ? PEER : CLIENT,
  };
  line += 20;
  return sipMessage(text, ref);
}

function identity(from: Party, cseq: string, branch: string, withToTag: boolean): string[] {
  const c = '<sip:alice@ims.example.net>';
  const p = '<sip:bob@ims.example.net>';
  const via = from === 'client' ? `Via: SIP/2.0/TCP 10.0.0.5:5060;branch=${branch}` : `Via: SIP/2.0/TCP 10.0.0.9:5060;branch=${branch}`;
  const fromHdr = from === 'client' ? `From: ${c};tag=a1` : `From: ${p};tag=b1`;
  const toHdr = from === 'client' ? `To: ${p}${withToTag ? ';tag=b1' : ''}` : `To: ${c};tag=a1`;
  return [via, fromHdr, toHdr, 'Call-ID: c1@10.0.0.5', `CSeq: ${cseq}`];
}

function withBody(lines: string[], body?: string): string {
  if (body === undefined) return [...lines, 'Content-Length: 0', '', ''].join('\r\n');
  return [...lines, 'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(body, 'latin1')}`, '', body].join('\r\n');
}

let branchNo = 0;

function transaction(
  from: Party,
  method: string,
  seq: number,
  at: number | null,
  headers: string[],
  body: string | undefined,
  responses: ResponseStep[],
  withToTag: boolean,
): Transaction {
  const branch = `z9hG4bK${++branchNo}`;
  const uri = from === 'client' ? 'sip:bob@10.0.0.9:5060' : 'sip:alice@10.0.0.5:5060';
  const ids = identity(from, `${seq} ${method}`, branch, withToTag);
  const request = message(withBody([`${method} ${uri} SIP/2.0`, ...ids, 'Max-Forwards: 70', ...headers], body), at, from);
  const answerer: Party = from === 'client' ? 'peer' : 'client';
  const resps = responses.map((r) => {
    const rIds = identity(from, `${seq} ${method}`, branch, r.status > 100).map((h) =>
      h.startsWith('To:') && r.status > 100 && !h.includes('tag=') ? `${h};tag=b1` : h,
    );
    return message(withBody([`SIP/2.0 ${r.status} Reason`, ...rIds, ...(r.headers ?? [])], r.body), r.at, answerer);
  });
  const final = resps.find((r) => (r.status ?? 0) >= 200);
  return { key: branch, method, request, requestCopies: [], responses: resps, final, from };
}

/** A Dialog for a client-originated 1-1 IM session, built from the script. */
export function timerDialog(s: DialogScript): Dialog {
  line = 1;
  let seq = 1;
  const attempts: Transaction[] = [];
  for (const a of s.attempts ?? []) attempts.push(transaction('client', 'INVITE', seq++, a.at, a.headers, SDP, a.responses, false));
  const initial = transaction('client', 'INVITE', seq++, s.inviteAt === undefined ? 0 : s.inviteAt, s.invite ?? [], s.inviteBody ?? SDP, s.inviteResponses ?? [], s.midDialog === true);
  attempts.push(initial);
  const confirmed = initial.responses.find((r) => r.status !== undefined && r.status >= 200 && r.status < 300);
  const transactions: Transaction[] = [];
  let peerSeq = 100;
  for (const st of s.steps ?? []) {
    const n = st.from === 'client' ? seq++ : peerSeq++;
    transactions.push(transaction(st.from, st.method, n, st.at, st.headers ?? [], st.body, st.responses ?? [], true));
  }
  const bye = transactions.find((t) => t.method === 'BYE');
  const failedFinal = initial.final !== undefined && confirmed === undefined;
  return {
    id: 'c1@10.0.0.5;a1;b1',
    callId: 'c1@10.0.0.5',
    localTag: 'a1',
    remoteTag: confirmed ? 'b1' : undefined,
    kind: 'im-1-1',
    classifiedBy: 'sdp:msrp',
    originator: 'client',
    client: { endpoint: CLIENT, label: 'client' },
    peer: { endpoint: PEER, label: 'peer' },
    initialAttempts: attempts,
    initialInvite: initial,
    vantage: { kind: 'client' },
    confirmed,
    state: confirmed ? 'confirmed' : failedFinal ? 'failed' : 'early',
    transactions,
    subscriptions: [],
    bye,
    startNs: atNs(0),
    endNs: bye?.request.ref.timeNs ?? null,
    captureEndNs: s.captureEnd === null ? null : atNs(s.captureEnd),
    notes: [],
    diagnostics: s.diagnostics ?? [],
  };
}

export function config(over: Partial<ImlintConfig> = {}): ImlintConfig {
  return { ...DEFAULT_CONFIG, ...over };
}

// Shorthands for the common messages.
export const ok = (at: number | null, ...headers: string[]): ResponseStep => ({ at, status: 200, headers });
export const update = (at: number | null, from: Party, se: string | null, ...responses: ResponseStep[]): RequestStep => ({
  at,
  from,
  method: 'UPDATE',
  headers: ['Supported: timer', ...(se === null ? [] : [`Session-Expires: ${se}`])],
  responses,
});
export const bye = (at: number | null, from: Party): RequestStep => ({ at, from, method: 'BYE', responses: [ok(at === null ? null : at + 0.05)] });
export const INVITE_HEADERS = ['Supported: timer', 'Session-Expires: 1800;refresher=uac', 'Contact: <sip:alice@10.0.0.5:5060>;+g.oma.sip-im'];
