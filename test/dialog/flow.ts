// Readable call flows for the dialog engine tests: SIP text in, SipMessages with capture times out.
import type { Endpoint } from '../../src/capture/types.js';
import type { SipMessage } from '../../src/sip/types.js';
import { sipMessage } from '../helpers/sip.js';

export const CLIENT: Endpoint = { ip: '10.0.0.5', port: 5060 };
export const PROXY: Endpoint = { ip: '10.0.0.9', port: 5060 };
export const SERVER: Endpoint = { ip: '10.0.0.1', port: 5060 };

const EPOCH = 1_700_000_000n * 1_000_000_000n;

/** Capture time `sec` seconds after a fixed epoch, in nanoseconds. */
export function at(sec: number): bigint {
  return EPOCH + BigInt(Math.round(sec * 1e9));
}

export const MSRP_SDP = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 10.0.0.5',
  's=-',
  'c=IN IP4 10.0.0.5',
  't=0 0',
  'm=message 7654 TCP/MSRP *',
  'a=accept-types:message/cpim text/plain',
  'a=path:msrp://10.0.0.5:7654/jshA7we;tcp',
  '',
].join('\r\n');

export const AUDIO_SDP = ['v=0', 'o=alice 1 1 IN IP4 10.0.0.5', 's=-', 'c=IN IP4 10.0.0.5', 't=0 0', 'm=audio 49170 RTP/AVP 0', ''].join('\r\n');

function withBody(lines: string[], body: string | undefined, type = 'application/sdp'): string {
  if (body === undefined || body === '') return [...lines, 'Content-Length: 0', '', ''].join('\r\n');
  return [...lines, `Content-Type: ${type}`, `Content-Length: ${Buffer.byteLength(body, 'latin1')}`, '', body].join('\r\n');
}

export interface Wire {
  sec: number;
  src?: Endpoint;
  dst?: Endpoint;
}

function parse(text: string, w: Wire, frame: number | undefined): SipMessage {
  return sipMessage(text, { timeNs: at(w.sec), src: w.src, dst: w.dst, frame }, { keepLineEndings: true });
}

let frames = 0;
/** Frame numbers grow across a test file so evidence stays distinct. */
function nextFrame(): number {
  return ++frames;
}

export interface InviteOpts extends Wire {
  callId?: string;
  fromTag?: string;
  cseq?: number;
  branch?: string;
  /** Vias added above the client's (downstream copies), top first. */
  proxyVias?: string[];
  requestUri?: string;
  from?: string;
  to?: string;
  contact?: string;
  body?: string;
  bodyType?: string;
  extra?: string[];
}

export function invite(o: InviteOpts): SipMessage {
  const callId = o.callId ?? 'c1@10.0.0.5';
  const lines = [
    `INVITE ${o.requestUri ?? 'sip:bob@example.net'} SIP/2.0`,
    ...(o.proxyVias ?? []).map((v) => `Via: ${v}`),
    `Via: SIP/2.0/UDP 10.0.0.5:5060;branch=${o.branch ?? 'z9hG4bK-inv1'}`,
    'Max-Forwards: 70',
    `From: ${o.from ?? '<sip:alice@example.net>'};tag=${o.fromTag ?? 'a1'}`,
    `To: ${o.to ?? '<sip:bob@example.net>'}`,
    `Call-ID: ${callId}`,
    `CSeq: ${o.cseq ?? 1} INVITE`,
    `Contact: ${o.contact ?? '<sip:alice@10.0.0.5:5060>;+g.oma.sip-im'}`,
    'Accept-Contact: *;+g.oma.sip-im',
    'User-Agent: IM-client/OMA1.0 Test/1.0',
    'Supported: timer',
    'Session-Expires: 1800;refresher=uac',
    ...(o.extra ?? []),
  ];
  return parse(withBody(lines, o.body ?? MSRP_SDP, o.bodyType), o, nextFrame());
}

export interface ResponseOpts extends Wire {
  toTag?: string;
  contact?: string;
  extra?: string[];
  reason?: string;
  body?: string;
  /** Drop this many Vias from the top (the copy a proxy forwards back towards the client). */
  popVias?: number;
}

const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 202: 'Accepted', 302: 'Moved Temporarily',
  401: 'Unauthorized', 407: 'Proxy Authentication Required', 422: 'Session Interval Too Small', 481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here', 487: 'Request Terminated',
};

/** A response to `req`: its Vias, From, To (+ tag), Call-ID and CSeq copied. */
export function respond(req: SipMessage, status: number, o: ResponseOpts): SipMessage {
  const vias = req.fields('Via').slice(o.popVias ?? 0).map((f) => `Via: ${f.value}`);
  const to = req.fields('To')[0].value;
  const lines = [
    `SIP/2.0 ${status} ${o.reason ?? REASONS[status] ?? 'Whatever'}`,
    ...vias,
    `From: ${req.fields('From')[0].value}`,
    `To: ${o.toTag !== undefined && !/;tag=/i.test(to) ? `${to};tag=${o.toTag}` : to}`,
    `Call-ID: ${req.callId}`,
    `CSeq: ${req.cseq!.seq} ${req.cseq!.method}`,
    ...(o.contact !== undefined ? [`Contact: ${o.contact}`] : []),
    ...(o.extra ?? []),
  ];
  return parse(withBody(lines, o.body), o, nextFrame());
}

export interface RequestOpts extends Wire {
  method: string;
  callId?: string;
  fromTag: string;
  toTag?: string;
  cseq: number;
  branch: string;
  /** Who sends it: picks the From/To URIs and the Via sent-by. */
  by: 'client' | 'peer';
  requestUri?: string;
  sentBy?: string;
  /** Vias added above the sender's (downstream copies), top first. */
  proxyVias?: string[];
  extra?: string[];
  body?: string;
  bodyType?: string;
  cseqMethod?: string;
}

/** Any request (in-dialog, ACK, CANCEL, SUBSCRIBE, NOTIFY...). */
export function request(o: RequestOpts): SipMessage {
  const client = '<sip:alice@example.net>';
  const peer = '<sip:bob@example.net>';
  const from = o.by === 'client' ? client : peer;
  const to = o.by === 'client' ? peer : client;
  const sentBy = o.sentBy ?? (o.by === 'client' ? '10.0.0.5:5060' : '10.0.0.1:5060');
  const lines = [
    `${o.method} ${o.requestUri ?? (o.by === 'client' ? 'sip:bob@10.0.0.1:5060' : 'sip:alice@10.0.0.5:5060')} SIP/2.0`,
    ...(o.proxyVias ?? []).map((v) => `Via: ${v}`),
    `Via: SIP/2.0/UDP ${sentBy};branch=${o.branch}`,
    'Max-Forwards: 70',
    `From: ${from};tag=${o.fromTag}`,
    `To: ${to}${o.toTag !== undefined ? `;tag=${o.toTag}` : ''}`,
    `Call-ID: ${o.callId ?? 'c1@10.0.0.5'}`,
    `CSeq: ${o.cseq} ${o.cseqMethod ?? o.method}`,
    ...(o.extra ?? []),
  ];
  return parse(withBody(lines, o.body, o.bodyType), o, nextFrame());
}
