// Pieces every line-oriented log reader shares: collecting an entry's payload lines, reporting
// lines that belong to no entry, and the reader interface the source drives.
import { frameSipMessage, startsWithSipStartLine } from '../sip-framing.js';
import type { LogLine } from './line-reader.js';
import type { FrameSink, InputPosition } from './message-framer.js';

/** A format's state machine, fed one line at a time. */
export interface LogReader {
  line(line: LogLine): void;
  /** Whether `line` (the text after a NUL run) starts a log entry: then the run is a gap. */
  startsEntry(line: LogLine): boolean;
  /** Whether a NUL run starting a line now falls inside the message being collected (its data). */
  nulRunInsideMessage(): boolean;
  /** Ends the open entry, if any, before a NUL run that is not part of it. */
  endBeforeNulRun(atEntryStart: boolean): void;
  /** The current chunk is done: copy anything kept that still points into it. */
  chunkEnd(): void;
  end(): void;
}

/** Sink plus the per-entry statistics the source keeps. */
export interface LogSink extends FrameSink {
  /** A log entry was read (counts as a "packet"); `timeNs` updates first/last time. */
  entry(timeNs: bigint | null): void;
}

/**
 * The payload lines of one entry, with their LFs, as views until `chunkEnd` and as one owned copy
 * after it. Bounded: past `limit` bytes the entry is marked oversized and further lines dropped.
 */
export class EntryCollector {
  private parts: Buffer[] = [];
  private bytes = 0;
  /** The run of adjacent lines being collected: runBuf[runStart..runEnd), not yet a part. */
  private runBuf: Buffer | undefined;
  private runStart = 0;
  private runEnd = 0;
  private start: InputPosition | undefined;
  oversized = false;

  constructor(private readonly limit: number) {}

  get active(): boolean {
    return this.start !== undefined;
  }

  /** Bytes collected so far. */
  get size(): number {
    return this.bytes;
  }

  /** The payload collected so far, without ending the entry (a copy when it is in pieces). */
  peek(): Buffer {
    this.closeRun();
    return this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.bytes);
  }

  begin(at: InputPosition): void {
    this.parts = [];
    this.bytes = 0;
    this.runBuf = undefined;
    this.oversized = false;
    this.start = at;
  }

  add(line: LogLine): void {
    if (this.oversized) return;
    const end = line.hasLF ? line.end + 1 : line.end;
    const length = end - line.start;
    if (this.bytes + length > this.limit) {
      this.oversized = true;
      return;
    }
    this.bytes += length;
    // Lines of one chunk are adjacent: widen the run instead of making a view per line.
    if (this.runBuf === line.buf && this.runEnd === line.start) {
      this.runEnd = end;
      return;
    }
    this.closeRun();
    this.runBuf = line.buf;
    this.runStart = line.start;
    this.runEnd = end;
  }

  chunkEnd(): void {
    this.closeRun();
    if (this.parts.length > 0) this.parts = [Buffer.concat(this.parts, this.bytes)];
  }

  /** Ends the entry: its payload (an owned copy) and where it started. */
  take(): { payload: Buffer; at: InputPosition; oversized: boolean } | undefined {
    const at = this.start;
    if (!at) return undefined;
    this.closeRun();
    const payload = Buffer.concat(this.parts, this.bytes);
    const oversized = this.oversized;
    this.parts = [];
    this.bytes = 0;
    this.start = undefined;
    this.oversized = false;
    return { payload, at, oversized };
  }

  private closeRun(): void {
    if (this.runBuf !== undefined && this.runEnd > this.runStart) this.parts.push(this.runBuf.subarray(this.runStart, this.runEnd));
    this.runBuf = undefined;
  }
}

/**
 * The skeleton of an entry-based log reader: the entry being collected, the lines outside entries,
 * and the end of an entry (counted, size-checked, then handed to the format's `frame`).
 */
export abstract class EntryLogReader implements LogReader {
  protected readonly entry: EntryCollector;
  protected readonly skipped: SkippedLines;

  constructor(
    protected readonly sink: LogSink,
    what: string,
  ) {
    this.entry = new EntryCollector(sink.maxMessageBytes * 2);
    this.skipped = new SkippedLines(sink, what);
  }

  abstract line(line: LogLine): void;
  abstract startsEntry(line: LogLine): boolean;

  nulRunInsideMessage(): boolean {
    return this.entry.active && holdsPartialMessage(this.entry.peek());
  }

  endBeforeNulRun(_atEntryStart: boolean): void {
    this.finish();
    this.skipped.flush();
  }

  chunkEnd(): void {
    this.entry.chunkEnd();
  }

  end(): void {
    this.finish();
    this.skipped.flush();
  }

  /** Ends the current entry, if any, and frames its payload. */
  protected finish(): void {
    const taken = this.entry.take();
    if (!taken) return;
    this.sink.entry(this.entryTime());
    if (taken.oversized) {
      this.sink.diagnostic({
        severity: 'error',
        code: 'text.entry-too-large',
        message: `log entry longer than ${this.sink.maxMessageBytes * 2} bytes; skipped`,
        input: this.sink.input,
        offset: taken.at.offset,
        line: taken.at.line,
      });
      return;
    }
    this.frame(taken.payload, taken.at);
  }

  protected abstract entryTime(): bigint | null;
  protected abstract frame(payload: Buffer, at: InputPosition): void;
}

/** Runs of lines outside any entry: one diagnostic per run, never silence. */
export class SkippedLines {
  private run: { offset: number; line: number; count: number; first: string } | undefined;

  constructor(
    private readonly sink: LogSink,
    private readonly what: string,
  ) {}

  add(line: LogLine, text: string): void {
    if (this.run) {
      this.run.count++;
      return;
    }
    this.run = { offset: line.offset, line: line.lineNo, count: 1, first: text.slice(0, 60).replace(/[^\x20-\x7e]/g, '.') };
  }

  flush(): void {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    this.sink.diagnostic({
      severity: 'info',
      code: 'text.skipped-lines',
      message: `${run.count} line${run.count === 1 ? '' : 's'} outside any ${this.what} skipped (first: "${run.first}")`,
      input: this.sink.input,
      offset: run.offset,
      line: run.line,
    });
  }
}

/** Whether the payload ends inside a SIP message: its headers or Content-Length body are not complete. */
export function holdsPartialMessage(payload: Buffer): boolean {
  const end = payload.length;
  let p = 0;
  for (;;) {
    while (p < end && (payload[p] === 0x0d || payload[p] === 0x0a || payload[p] === 0x20 || payload[p] === 0x09)) p++;
    if (p >= end || !startsWithSipStartLine(payload, p, end)) return false;
    const framed = frameSipMessage(payload, p, end, true);
    if (framed.kind !== 'message') return true;
    p = framed.end;
  }
}

export function isBlankLine(line: LogLine): boolean {
  for (let i = line.start; i < line.end; i++) {
    const c = line.buf[i];
    if (c !== 0x0d && c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/** Position of the line after `line`. */
export function nextLinePosition(line: LogLine): InputPosition {
  return { offset: line.offset + (line.end - line.start) + (line.hasLF ? 1 : 0), line: line.lineNo + 1 };
}

/** A log header field (time, address) that could not be read: the entry is kept without it. */
export function badField(sink: LogSink, line: LogLine, code: string, message: string): void {
  sink.diagnostic({ severity: 'warning', code, message, input: sink.input, offset: line.offset, line: line.lineNo });
}
