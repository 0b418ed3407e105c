// Transport framing of SIP messages (RFC 3261 §18.3): where a message starts and where it ends.
// This is byte scanning only; the SIP stage parses what we frame.

import { indexOfByte } from './bytes.js';

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;

/** Longest start line we look for; RFC 4475 "longreq" has a long Request-URI, so be generous. */
const MAX_START_LINE = 16 * 1024;

// RFC 3261 token characters (method names), as a lookup table.
const TOKEN = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;
for (const ch of "-.!%*_+`'~") TOKEN[ch.charCodeAt(0)] = 1;

function isSipVersionAt(buf: Buffer, i: number): boolean {
  return (
    buf[i] === 0x53 && // S
    buf[i + 1] === 0x49 && // I
    buf[i + 2] === 0x50 && // P
    buf[i + 3] === 0x2f && // /
    buf[i + 4] === 0x32 && // 2
    buf[i + 5] === 0x2e && // .
    buf[i + 6] === 0x30 // 0
  );
}

/**
 * True when `buf[off..end)` begins with a SIP start line: `SIP/2.0 NNN ...` or
 * `METHOD SP Request-URI SP SIP/2.0 CRLF` (LF alone accepted: some logs strip CR).
 */
export function startsWithSipStartLine(buf: Buffer, off: number, end: number): boolean {
  if (end - off < 12) return false;
  if (isSipVersionAt(buf, off)) {
    const d = buf[off + 8];
    return buf[off + 7] === SP && d >= 0x31 && d <= 0x36;
  }
  let i = off;
  while (i < end && TOKEN[buf[i]] === 1) i++;
  if (i === off || i >= end || buf[i] !== SP || i - off > 32) return false;
  const lf = indexOfByte(buf, LF, i);
  if (lf < 0 || lf >= end || lf - off > MAX_START_LINE) return false;
  let lineEnd = lf;
  if (buf[lineEnd - 1] === CR) lineEnd--;
  return lineEnd - 8 > i && buf[lineEnd - 8] === SP && isSipVersionAt(buf, lineEnd - 7);
}

const SIP_VERSION = Buffer.from('SIP/2.0', 'latin1');

/**
 * A payload that is not framed as SIP but names SIP/2.0 early on, after text: a damaged start
 * line (bare CR, a status code of two digits, ...). Reported rather than dropped silently.
 */
export function looksLikeDamagedSip(buf: Buffer, off: number, end: number): boolean {
  const c = buf[off];
  if (end - off < 12 || !((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return false;
  return buf.subarray(off, Math.min(end, off + 512)).indexOf(SIP_VERSION) >= 0;
}

/** Offset of the next line start at or after `from` that begins a SIP message, or -1. */
export function findSipStartLine(buf: Buffer, from: number, end: number): number {
  let p = from;
  while (p < end) {
    if (startsWithSipStartLine(buf, p, end)) return p;
    const lf = indexOfByte(buf, LF, p);
    if (lf < 0 || lf >= end) return -1;
    p = lf + 1;
  }
  return -1;
}

const METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'INFO', 'REFER', 'MESSAGE', 'UPDATE'].map((m) =>
  Buffer.from(`${m} `, 'latin1'),
);

/**
 * Where the next SIP message starts at or after `from`, or -1. Used to resynchronise a stream
 * after lost bytes: a message may begin at a line start, or right after the previous body
 * (which need not end in CRLF), so a response's "SIP/2.0 NNN" and a request line ending in
 * " SIP/2.0" are looked for anywhere; for a request the method is found by name.
 */
export function findSipStart(buf: Buffer, from: number, end: number): number {
  let best = -1;
  let p = from;
  while (p < end) {
    if (startsWithSipStartLine(buf, p, end)) return p;
    const lf = indexOfByte(buf, LF, p);
    if (lf < 0 || lf >= end) break;
    // A request line ends this line? Look for a known method inside it.
    const lineEnd = lf > p && buf[lf - 1] === CR ? lf - 1 : lf;
    if (lineEnd - p >= 8 && isSipVersionAt(buf, lineEnd - 7) && buf[lineEnd - 8] === SP) {
      const line = buf.subarray(p, lineEnd);
      for (const m of METHODS) {
        const at = line.indexOf(m);
        if (at > 0 && startsWithSipStartLine(buf, p + at, end) && (best < 0 || p + at < best)) best = p + at;
      }
    }
    // A response starting inside this line?
    for (let q = p + 1; q + 12 <= lf; q++) {
      q = indexOfByte(buf, 0x53, q); // 'S'
      if (q < 0 || q + 12 > lf) break;
      if (startsWithSipStartLine(buf, q, end) && (best < 0 || q < best)) best = q;
    }
    if (best >= 0) return best;
    p = lf + 1;
  }
  return best;
}

export type FrameResult =
  /** A whole message: [start, end). `contentLength` is null when the header is absent. */
  | { kind: 'message'; end: number; contentLength: number | null; bodyTruncated: boolean }
  /**
   * Stream transport: more bytes are needed to finish the message; `total` is the message's
   * length once its headers are complete (start line to end of body), else undefined.
   */
  | { kind: 'need-more'; total?: number }
  /** The Content-Length value is not a number. */
  | { kind: 'bad-content-length'; headerEnd: number };

const NEED_MORE: FrameResult = { kind: 'need-more' };

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

const CONTENT_LENGTH = Buffer.from('content-length', 'latin1');

/** If the header line at `p` is Content-Length (or compact `l`), the offset after its colon. */
function contentLengthColon(buf: Buffer, p: number, lineEnd: number): number {
  let q = p;
  const c0 = lower(buf[p]);
  if (c0 === 0x6c /* l */) {
    q = p + 1;
  } else if (c0 === 0x63 /* c */ && lineEnd - p > 14) {
    for (let k = 1; k < 14; k++) if (lower(buf[p + k]) !== CONTENT_LENGTH[k]) return -1;
    q = p + 14;
  } else {
    return -1;
  }
  while (q < lineEnd && (buf[q] === SP || buf[q] === 0x09)) q++;
  return buf[q] === 0x3a /* : */ ? q + 1 : -1;
}

/**
 * Frames one message starting at `off` (which must be a start line). For a datagram (`stream`
 * false) the message ends at `end` or earlier when Content-Length says so, and a short body is
 * kept (flagged). For a stream, the message ends exactly after Content-Length body bytes
 * (absent Content-Length counts as 0, as RFC 3261 §18.3 requires it on streams).
 */
export function frameSipMessage(buf: Buffer, off: number, end: number, stream: boolean): FrameResult {
  // One LF search per line: single-byte searches are cheap (~6 ns native), much cheaper than
  // multi-byte needle searches, and the line walk finds Content-Length on the way.
  let p = off;
  let contentLength: number | null = null;
  let badLength = false;
  let first = true;
  for (;;) {
    const lf = indexOfByte(buf, LF, p);
    if (lf < 0 || lf >= end) {
      if (stream) return NEED_MORE;
      // Datagram without an empty line: headers run to the end, no body.
      return { kind: 'message', end, contentLength, bodyTruncated: false };
    }
    const lineEnd = lf > p && buf[lf - 1] === CR ? lf - 1 : lf;
    if (lineEnd === p && !first) {
      const headerEnd = lf + 1;
      if (badLength) return { kind: 'bad-content-length', headerEnd };
      const want = contentLength ?? 0;
      if (stream) {
        if (end - headerEnd < want) return { kind: 'need-more', total: headerEnd - off + want };
        return { kind: 'message', end: headerEnd + want, contentLength, bodyTruncated: false };
      }
      if (contentLength === null) return { kind: 'message', end, contentLength, bodyTruncated: false };
      if (end - headerEnd < want) return { kind: 'message', end, contentLength, bodyTruncated: true };
      return { kind: 'message', end: headerEnd + want, contentLength, bodyTruncated: false };
    }
    if (!first && contentLength === null && !badLength) {
      const v = contentLengthColon(buf, p, lineEnd);
      if (v >= 0) {
        const n = contentLengthValue(buf, v, lineEnd);
        if (n === BAD_LENGTH) badLength = true;
        else contentLength = n;
      }
    }
    first = false;
    p = lf + 1;
  }
}

const BAD_LENGTH = -2;

/** The Content-Length value after the colon at `v`: digits between optional blanks, else BAD_LENGTH. */
function contentLengthValue(buf: Buffer, v: number, lineEnd: number): number {
  let q = v;
  while (q < lineEnd && (buf[q] === SP || buf[q] === 0x09)) q++;
  let n = 0;
  let digits = 0;
  while (q < lineEnd && buf[q] >= 0x30 && buf[q] <= 0x39 && digits < 10) {
    n = n * 10 + (buf[q] - 0x30);
    q++;
    digits++;
  }
  while (q < lineEnd && (buf[q] === SP || buf[q] === 0x09)) q++;
  return digits === 0 || q !== lineEnd ? BAD_LENGTH : n;
}

const NO_LENGTH = -1;

/**
 * The hot-path answer of frameSipMessage: where the message at `off` ends when its framing is
 * plain — headers end in a blank line, the first Content-Length (or `l`) is a number and its body
 * is all there; for a datagram, also no Content-Length (the datagram is the message) or no blank
 * line (headers to the end). Anything else is -1: frameSipMessage then says what is wrong (or
 * that a stream needs more bytes). It gives frameSipMessage's end wherever it answers
 * (property-tested), without a result object per message and with one test per header line:
 * the same native LF search per line, the first byte of each line decides the rest.
 */
export function sipMessageEnd(buf: Buffer, off: number, end: number, stream: boolean): number {
  let contentLength = NO_LENGTH;
  let lf = indexOfByte(buf, LF, off); // end of the start line
  for (;;) {
    if (lf < 0 || lf >= end) return stream ? -1 : end;
    const p = lf + 1;
    if (p >= end) return stream ? -1 : end;
    const c = buf[p];
    if (c === LF || (c === CR && p + 1 < end && buf[p + 1] === LF)) {
      const headerEnd = c === LF ? p + 1 : p + 2;
      if (contentLength === NO_LENGTH) return stream ? -1 : end;
      if (contentLength === BAD_LENGTH || end - headerEnd < contentLength) return -1;
      return headerEnd + contentLength;
    }
    lf = indexOfByte(buf, LF, p);
    if (contentLength === NO_LENGTH && ((c | 0x20) === 0x63 /* c */ || (c | 0x20) === 0x6c) /* l */ && lf >= 0 && lf < end) {
      const lineEnd = buf[lf - 1] === CR ? lf - 1 : lf;
      const v = contentLengthColon(buf, p, lineEnd);
      if (v >= 0) contentLength = contentLengthValue(buf, v, lineEnd);
    }
  }
}

/** True when `buf[off..end)` holds only CR/LF (keep-alives, RFC 5626 §3.5.1). */
export function isKeepAlive(buf: Buffer, off: number, end: number): boolean {
  for (let i = off; i < end; i++) {
    const c = buf[i];
    if (c !== CR && c !== LF && c !== 0) return false;
  }
  return true;
}
