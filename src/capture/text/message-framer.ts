// Cuts SIP messages out of the payload a text log holds: whole log entries (datagram semantics,
// Content-Length optional) or byte streams (raw files, TCP segments of one flow) framed by
// Content-Length (RFC 3261 §18.3). Everything not framed as a message becomes a diagnostic.
import type { Diagnostic, Endpoint, RawSipMessage, Severity, Transport } from '../types.js';
import { findSipStartLine, frameSipMessage, startsWithSipStartLine, type FrameResult } from '../sip-framing.js';
import { indexOfNul, NUL, nulRunEnd, startAfterNulRun, type NulRunReporter } from './nul-runs.js';

const LF = 0x0a;
const CR = 0x0d;

/** What the log says about an entry: when, from where, over what. */
export interface EntryMeta {
  timeNs: bigint | null;
  src?: Endpoint;
  dst?: Endpoint;
  transport: Transport;
}

/** Where payload index 0 sits in the input. */
export interface InputPosition {
  offset: number;
  line: number;
}

export interface FrameSink {
  readonly input: string;
  readonly maxMessageBytes: number;
  message(msg: RawSipMessage): void;
  diagnostic(d: Diagnostic): void;
  /** NUL runs outside messages, one diagnostic per run even when a run arrives in pieces. */
  readonly nuls: NulRunReporter;
}

/** A diagnostic at a located position of the input. */
function report(sink: FrameSink, where: Located, severity: Severity, code: string, message: string): void {
  sink.diagnostic({ severity, code, message, input: sink.input, offset: where.offset, line: where.line });
}

export function countLF(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let p = buf.indexOf(LF, from);
  while (p >= 0 && p < to) {
    n++;
    p = buf.indexOf(LF, p + 1);
  }
  return n;
}

function isBlank(c: number): boolean {
  return c === CR || c === LF || c === 0x20 || c === 0x09;
}

/**
 * Skips what lies between messages: blank bytes, and NUL runs, each handed to `nuls` with its
 * position (never dropped silently). The pending run is reported once other content follows.
 */
export function skipGap(buf: Buffer, p: number, end: number, locate: (i: number) => Located, nuls: NulRunReporter, beforeNul?: () => void): number {
  for (;;) {
    while (p < end && isBlank(buf[p])) p++;
    if (p >= end || buf[p] !== NUL) break;
    beforeNul?.();
    const q = nulRunEnd(buf, p, end);
    const where = locate(p);
    nuls.add(where.offset, where.line, q - p);
    p = q;
  }
  if (p < end) nuls.flush();
  return p;
}

/** Where the text before the next message ends: a run of NULs right before it is a gap, not text. */
function trimNulRun(buf: Buffer, from: number, stop: number): number {
  while (stop > from && buf[stop - 1] === NUL) stop--;
  return stop;
}

/** The next start line in buf[from..end): at a line start, or right after a NUL run. */
function nextStart(buf: Buffer, from: number, end: number): number {
  const next = findSipStartLine(buf, from, end);
  const afterNul = startAfterNulRun(buf, from, next < 0 ? end : next, end);
  return afterNul >= 0 ? afterNul : next;
}

/** Index just after the empty line that ends the header section starting at `p`, or -1. */
export function headerSectionEnd(buf: Buffer, p: number, end: number): number {
  let lf = buf.indexOf(LF, p);
  while (lf >= 0 && lf < end) {
    const next = lf + 1;
    if (next < end && buf[next] === LF) return next + 1;
    if (next + 1 < end && buf[next] === CR && buf[next + 1] === LF) return next + 2;
    lf = buf.indexOf(LF, next);
  }
  return -1;
}

/**
 * Drops the "\n\n" a log format appends after an entry (sngrep, SIPp): at most two LFs that are
 * not the end of a CRLF, so a message's own final CRLF, or its LF-only empty line, stays.
 */
function trimLogTrailer(buf: Buffer, start: number, end: number): number {
  for (let k = 0; k < 2 && end > start && buf[end - 1] === LF && !(end - 2 >= start && buf[end - 2] === CR); k++) end--;
  return end;
}

export interface Located {
  offset: number;
  line: number;
}

/**
 * Frames every message of one log entry. The payload is the entry's bytes as the message was
 * sent (log decorations removed); `trimTrailer` drops the "\n\n" the log appends after it.
 */
export function frameEntry(
  payload: Buffer,
  at: InputPosition,
  meta: EntryMeta,
  sink: FrameSink,
  trimTrailer: boolean,
): void {
  const end = trimTrailer ? trimLogTrailer(payload, 0, payload.length) : payload.length;
  let lineAt = 0;
  let line = at.line;
  const locate = (i: number): Located => {
    line += countLF(payload, lineAt, i);
    lineAt = i;
    return { offset: at.offset + i, line };
  };
  let p = skipGap(payload, 0, end, locate, sink.nuls);
  while (p < end) {
    if (!startsWithSipStartLine(payload, p, end) && !startLineAtEnd(payload, p, end)) {
      const next = nextStart(payload, p, end);
      let stop = next < 0 ? end : next;
      // Text before a NUL run is reported on its own; the run gets its own diagnostic.
      const nul = indexOfNul(payload, p, stop);
      if (nul >= 0) stop = nul;
      const where = locate(p);
      report(sink, where, 'warning', 'text.not-sip', `${stop - p} bytes of the log entry are not a SIP message (starting "${preview(payload, p, stop)}")`);
      p = skipGap(payload, stop, end, locate, sink.nuls);
      continue;
    }
    const where = locate(p);
    let msgEnd: number;
    const framed = frameSipMessage(payload, p, end, false);
    if (framed.kind === 'bad-content-length') {
      report(sink, where, 'warning', 'text.content-length-invalid', 'Content-Length is not a number; the body runs to the next message or the end of the log entry');
      msgEnd = unframedEnd(payload, framed.headerEnd, end);
    } else if (framed.kind === 'message') {
      msgEnd = framed.end;
      if (framed.contentLength === null) {
        const hdrEnd = headerSectionEnd(payload, p, end);
        if (hdrEnd < 0) {
          report(sink, where, 'warning', 'text.headers-unterminated', 'the header section has no empty line before the end of the log entry');
          msgEnd = end;
        } else {
          msgEnd = unframedEnd(payload, hdrEnd, end);
        }
      } else if (framed.bodyTruncated) {
        msgEnd = end;
        const hdrEnd = headerSectionEnd(payload, p, end);
        report(sink, where, 'warning', 'text.body-truncated', `Content-Length is ${framed.contentLength} but the log entry holds ${Math.max(0, msgEnd - hdrEnd)} body bytes`);
      }
    } else {
      msgEnd = end; // datagram framing never asks for more
    }
    emit(payload, p, msgEnd, where, meta, sink);
    p = skipGap(payload, msgEnd, end, locate, sink.nuls);
  }
}

/** A request line as the very last bytes of an entry (no LF after it) still starts a message. */
function startLineAtEnd(buf: Buffer, p: number, end: number): boolean {
  if (buf.indexOf(LF, p) >= 0 && buf.indexOf(LF, p) < end) return false;
  const text = buf.toString('latin1', p, end);
  return / SIP\/2\.0\r?$/.test(text) && /^[!-~]+ /.test(text);
}

/**
 * Without Content-Length the body runs to the next SIP start line (a second message in the same
 * entry or stream) or to `end`. A start line right at the body's start is body (message/sipfrag).
 */
function unframedEnd(buf: Buffer, bodyStart: number, end: number): number {
  const after = buf.indexOf(LF, bodyStart);
  if (after >= 0 && after < end) {
    const next = nextStart(buf, after + 1, end);
    if (next >= 0) return trimNulRun(buf, bodyStart, next);
  }
  return trimNulRun(buf, bodyStart, end);
}

function emit(buf: Buffer, start: number, end: number, where: Located, meta: EntryMeta, sink: FrameSink): void {
  const length = end - start;
  if (length > sink.maxMessageBytes) {
    report(sink, where, 'error', 'text.message-too-large', `SIP message of ${length} bytes exceeds the limit of ${sink.maxMessageBytes} bytes; skipped`);
    return;
  }
  sink.message({
    ref: {
      input: sink.input,
      line: where.line,
      offset: where.offset,
      length,
      timeNs: meta.timeNs,
      ...(meta.src ? { src: meta.src } : {}),
      ...(meta.dst ? { dst: meta.dst } : {}),
      transport: meta.transport,
    },
    data: buf.subarray(start, end),
  });
}

export function preview(buf: Buffer, start: number, end: number): string {
  const stop = Math.min(end, start + 40);
  let lineEnd = buf.indexOf(LF, start);
  if (lineEnd < 0 || lineEnd > stop) lineEnd = stop;
  return buf
    .toString('latin1', start, lineEnd)
    .replace(/[^\x20-\x7e]/g, '.');
}

/** lengthOverrun: more bytes are needed to decide. */
const WAIT = -2;

interface Segment {
  /** Index in the framer's buffer where this pushed piece starts. */
  at: number;
  offset: number;
  line: number;
  meta: EntryMeta;
}

/**
 * Frames a byte stream that arrives in pieces (a raw SIP file read in chunks, the TCP segments of
 * one flow in an ngrep log). Memory: the unframed tail, at most one message plus one piece.
 */
export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  /** False while `buf` is the caller's pushed data itself (it may be reused after the push). */
  private owned = true;
  private segments: Segment[] = [];
  /** Cursor for index → line: lines counted up to `cursorAt` within `segments[cursorSeg]`. */
  private cursorSeg = -1;
  private cursorAt = 0;
  private cursorLine = 0;
  /** Bytes skipped since the last message, not yet reported. */
  private junk: { offset: number; line: number; bytes: number; text: string } | undefined;

  constructor(
    private readonly sink: FrameSink,
    /** Raw files: a message without Content-Length ends at the next start line, not after 0 bytes. */
    private readonly bodyWithoutLength: 'to-next-message' | 'empty',
  ) {}

  push(data: Buffer, at: InputPosition, meta: EntryMeta): void {
    if (data.length === 0) return;
    this.segments.push({ at: this.buf.length, offset: at.offset, line: at.line, meta });
    this.owned = this.buf.length > 0;
    this.buf = this.owned ? Buffer.concat([this.buf, data]) : data;
    this.drain(false);
  }

  end(): void {
    this.drain(true);
    this.flushJunk();
    this.sink.nuls.flush();
    this.buf = Buffer.alloc(0);
    this.segments = [];
  }

  /**
   * ngrep shows a CR as `.`; when a segment ends between CR and LF, its final `.` is only known
   * to be a CR once the next segment starts with LF. Returns whether it was rewritten.
   */
  markTrailingDotAsCR(): boolean {
    const last = this.buf.length - 1;
    if (last < 0 || this.buf[last] !== 0x2e) return false;
    if (!this.owned) {
      this.buf = Buffer.from(this.buf);
      this.owned = true;
    }
    this.buf[last] = CR;
    return true;
  }

  /** Bytes held waiting for the rest of a message. */
  get pending(): number {
    return this.buf.length;
  }

  private drain(ended: boolean): void {
    const buf = this.buf;
    const end = buf.length;
    let p = 0;
    const locate = (i: number): Located => this.locate(i);
    const flushJunk = (): void => this.flushJunk();
    while (p < end) {
      p = skipGap(buf, p, end, locate, this.sink.nuls, flushJunk);
      if (p >= end) break;
      const lf = buf.indexOf(LF, p);
      if (lf < 0 && !ended) {
        // Start line incomplete; a "line" longer than any message is not SIP.
        if (end - p > this.sink.maxMessageBytes) {
          this.addJunk(p, end);
          p = end;
        }
        break;
      }
      if (!startsWithSipStartLine(buf, p, end) && !(ended && startLineAtEnd(buf, p, end))) {
        const next = nextStart(buf, p, end);
        const nul = indexOfNul(buf, p, next < 0 ? end : next);
        if (nul >= 0) {
          // Junk up to a NUL run; the run is reported on its own at the top of the loop.
          this.addJunk(p, nul);
          p = nul;
          continue;
        }
        if (next >= 0) {
          this.addJunk(p, next);
          p = next;
          continue;
        }
        if (ended) {
          this.addJunk(p, end);
          p = end;
          break;
        }
        // Keep the last, possibly incomplete line: it may be a start line.
        const lastLine = buf.lastIndexOf(LF, end - 1) + 1;
        if (lastLine > p) this.addJunk(p, lastLine);
        p = Math.max(p, lastLine);
        break;
      }
      const msgEnd = this.frameOne(p, end, ended);
      if (msgEnd < 0) {
        if (end - p > this.sink.maxMessageBytes) {
          // No end in sight: report the oversized message and resynchronise after its start line.
          const where = this.locate(p);
          report(this.sink, where, 'error', 'text.message-too-large', `SIP message not complete within ${this.sink.maxMessageBytes} bytes; skipped to the next start line`);
          const next = findSipStartLine(buf, lf + 1, end);
          p = next < 0 ? Math.max(lf + 1, buf.lastIndexOf(LF, end - 1) + 1) : next;
          continue;
        }
        break;
      }
      this.flushJunk();
      const where = this.locate(p);
      emit(buf, p, msgEnd, where, this.segmentAt(p).meta, this.sink);
      p = msgEnd;
    }
    this.consume(p);
  }

  /** End of the message starting at `p`, or -1 when more bytes are needed. */
  private frameOne(p: number, end: number, ended: boolean): number {
    const buf = this.buf;
    const framed = frameSipMessage(buf, p, end, !ended);
    const overrun = this.lengthOverrun(p, end, framed, ended);
    if (overrun === WAIT) return -1;
    if (overrun >= 0) return overrun;
    if (framed.kind === 'need-more') return -1;
    if (framed.kind === 'message' && framed.contentLength !== null) {
      if (framed.bodyTruncated) {
        const where = this.locate(p);
        report(this.sink, where, 'warning', 'text.body-truncated', `Content-Length is ${framed.contentLength} but the input ends first`);
      }
      return framed.end;
    }
    const hdrEnd = framed.kind === 'bad-content-length' ? framed.headerEnd : headerSectionEnd(buf, p, end);
    if (framed.kind === 'bad-content-length') {
      const where = this.locate(p);
      report(this.sink, where, 'warning', 'text.content-length-invalid', 'Content-Length is not a number; the body runs to the next message');
    }
    if (hdrEnd < 0) {
      // Only reachable at the end of input: the header section is cut off.
      const where = this.locate(p);
      report(this.sink, where, 'warning', 'text.headers-unterminated', 'the header section has no empty line before the end of the input');
      return end;
    }
    if (this.bodyWithoutLength === 'empty' && framed.kind === 'message') return hdrEnd;
    // Body up to the next start line; wait for one unless the input has ended.
    let next = this.nextStartAfterBody(hdrEnd, end);
    if (next < 0 && !ended) {
      // Zeros up to all the data held (a crashed writer's tail) would otherwise make the message
      // too large to keep: once it is, the body ends where they begin.
      const zeros = end - p > this.sink.maxMessageBytes ? indexOfNul(buf, hdrEnd, end) : -1;
      if (zeros < 0 || nulRunEnd(buf, zeros, end) < end) return -1;
      next = zeros;
    }
    const stop = this.bodyEndBefore(hdrEnd, next < 0 ? end : next, end);
    if (stop > hdrEnd) {
      const where = this.locate(p);
      report(this.sink, where, 'info', 'text.no-content-length', 'message without Content-Length; its body runs to the next message');
      return stop;
    }
    return hdrEnd;
  }

  /** A start line after the body's first line (a body may itself start with one: message/sipfrag). */
  private nextStartAfterBody(hdrEnd: number, end: number): number {
    const after = this.buf.indexOf(LF, hdrEnd);
    return after >= 0 && after < end ? nextStart(this.buf, after + 1, end) : -1;
  }

  /** Where a body cut at `next` ends: without the blank lines that separate messages in a file. */
  private bodyEndBefore(hdrEnd: number, next: number, end: number): number {
    const buf = this.buf;
    let stop = next;
    while (stop > hdrEnd && (buf[stop - 1] === LF || buf[stop - 1] === CR || buf[stop - 1] === NUL)) stop--;
    if (stop === hdrEnd) return hdrEnd;
    const lineEnd = buf.indexOf(LF, stop);
    // A NUL run after the body's last text is a gap between messages, not body.
    if (lineEnd >= 0 && lineEnd < end) return indexOfNul(buf, stop, lineEnd) >= 0 ? stop : lineEnd + 1;
    return stop;
  }

  /**
   * Raw files with LF-only lines often keep a Content-Length counted for CRLF, which then runs
   * into the next message. When the header section is LF-only and a start line begins inside the
   * declared body, the body ends there (with a diagnostic); -1 when this does not apply, WAIT while
   * the line holding the body's last byte is incomplete (it may be such a start line).
   */
  private lengthOverrun(p: number, end: number, framed: FrameResult, ended: boolean): number {
    if (this.bodyWithoutLength !== 'to-next-message') return -1;
    if (framed.kind !== 'need-more' && !(framed.kind === 'message' && framed.contentLength !== null)) return -1;
    const buf = this.buf;
    const firstLF = buf.indexOf(LF, p);
    if (firstLF <= p || buf[firstLF - 1] === CR) return -1;
    const hdrEnd = headerSectionEnd(buf, p, end);
    if (hdrEnd < 0) return -1;
    if (framed.kind === 'message' && !ended) {
      const lastLine = buf.lastIndexOf(LF, framed.end - 1) + 1;
      const lf = buf.indexOf(LF, lastLine);
      if (lf < 0 || lf >= end) return WAIT;
    }
    const next = this.nextStartAfterBody(hdrEnd, end);
    if (next < 0 || (framed.kind === 'message' && framed.end <= next)) return -1;
    const stop = this.bodyEndBefore(hdrEnd, next, end);
    const where = this.locate(p);
    report(this.sink, where, 'warning', 'text.content-length-mismatch', `Content-Length runs into the next message (LF-only lines; the length was likely counted with CRLF); the body was cut at ${stop - hdrEnd} bytes`);
    return stop;
  }

  private segmentAt(i: number): Segment {
    let k = this.segments.length - 1;
    while (k > 0 && this.segments[k].at > i) k--;
    return this.segments[k];
  }

  /** Input offset and line of buffer index `i`; indexes are asked in increasing order. */
  private locate(i: number): Located {
    let k = Math.max(0, this.cursorSeg);
    while (k + 1 < this.segments.length && this.segments[k + 1].at <= i) k++;
    const seg = this.segments[k];
    if (k !== this.cursorSeg || this.cursorAt < seg.at || this.cursorAt > i) {
      this.cursorSeg = k;
      this.cursorAt = seg.at;
      this.cursorLine = seg.line;
    }
    this.cursorLine += countLF(this.buf, this.cursorAt, i);
    this.cursorAt = i;
    return { offset: seg.offset + (i - seg.at), line: this.cursorLine };
  }

  private addJunk(from: number, to: number): void {
    if (to <= from) return;
    if (!this.junk) {
      const where = this.locate(from);
      this.junk = { offset: where.offset, line: where.line, bytes: 0, text: preview(this.buf, from, to) };
    }
    this.junk.bytes += to - from;
  }

  private flushJunk(): void {
    const junk = this.junk;
    if (!junk) return;
    this.junk = undefined;
    report(this.sink, junk, 'warning', 'text.not-sip', `${junk.bytes} bytes are not a SIP message (starting "${junk.text}")`);
  }

  /** Drops buf[0..p) and keeps a copy of the rest; views handed out stay valid. */
  private consume(p: number): void {
    if (p === 0) {
      if (!this.owned) this.buf = Buffer.from(this.buf);
      this.owned = true;
      return;
    }
    const where = p < this.buf.length ? this.locate(p) : undefined;
    const seg = this.segmentAt(Math.min(p, Math.max(0, this.buf.length - 1)));
    // A copy: the pushed data may be a view into a buffer its producer reuses.
    this.buf = Buffer.from(this.buf.subarray(p));
    this.owned = true;
    if (this.buf.length === 0 || !where) {
      this.segments = [];
      this.cursorSeg = -1;
      return;
    }
    const kept: Segment[] = [{ at: 0, offset: where.offset, line: where.line, meta: seg.meta }];
    for (const s of this.segments) if (s.at > p) kept.push({ ...s, at: s.at - p });
    this.segments = kept;
    this.cursorSeg = 0;
    this.cursorAt = 0;
    this.cursorLine = where.line;
  }
}
