// A CaptureSource over a text log: drives the line reader and the format's state machine over the
// input chunks and hands out one batch per chunk. Read errors become diagnostics.
import {
  DEFAULT_CAPTURE_LIMITS,
  type CaptureBatch,
  type CaptureOptions,
  type CaptureSource,
  type Diagnostic,
  type InputFormat,
  type InputStats,
  type RawSipMessage,
} from '../types.js';
import { BOM, hasByteOrderMark, LineReader, type LogLine } from './line-reader.js';
import type { LogReader, LogSink } from './log-entry.js';
import { NgrepReader } from './ngrep-reader.js';
import { RawSipReader } from './raw-reader.js';
import { SippTraceReader } from './sipp-reader.js';
import { SngrepReader } from './sngrep-reader.js';
import { NUL, NulRunReporter, nulRunEnd } from './nul-runs.js';
import { TimeOrderBuffer } from './time-order.js';

/** sngrep saves are UI saves of a few dialogs; the time-order window holds this many messages. */
const SNGREP_REORDER_MESSAGES = 20_000;
const SNGREP_REORDER_BYTES = 64 * 1024 * 1024;

class BatchSink implements LogSink {
  messages: RawSipMessage[] = [];
  diagnostics: Diagnostic[] = [];
  readonly nuls: NulRunReporter;

  constructor(
    readonly input: string,
    readonly maxMessageBytes: number,
    private readonly stats: InputStats,
    /** Puts messages back in time order (sngrep); absent for logs written as traffic happened. */
    private readonly order?: TimeOrderBuffer,
  ) {
    this.nuls = new NulRunReporter(input, (d) => this.diagnostic(d));
  }

  message(msg: RawSipMessage): void {
    if (this.order) this.order.push(msg);
    else this.messages.push(msg);
    this.stats.sipMessages++;
  }

  diagnostic(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  entry(timeNs: bigint | null): void {
    const stats = this.stats;
    stats.packets++;
    if (timeNs === null) return;
    if (stats.firstTimeNs === null || timeNs < stats.firstTimeNs) stats.firstTimeNs = timeNs;
    if (stats.lastTimeNs === null || timeNs > stats.lastTimeNs) stats.lastTimeNs = timeNs;
  }

  take(bytesRead: number, final = false): CaptureBatch {
    if (this.order) {
      this.messages.push(...this.order.release(final));
      if (final) this.orderDiagnostics(this.order);
    }
    const batch = { messages: this.messages, diagnostics: this.diagnostics, bytesRead };
    this.messages = [];
    this.diagnostics = [];
    return batch;
  }

  private orderDiagnostics(order: TimeOrderBuffer): void {
    if (order.reordered > 0) {
      this.diagnostics.push({
        severity: 'info',
        code: 'text.reordered',
        message: `${order.reordered} message(s) were saved out of time order (sngrep saves dialog by dialog) and were put back in time order`,
        input: this.input,
      });
    }
    if (order.late > 0 && order.firstLate) {
      this.diagnostics.push({
        severity: 'warning',
        code: 'text.time-order-window',
        message: `${order.late} message(s) came after later ones had been handed on (more than ${SNGREP_REORDER_MESSAGES} messages out of order); they are analysed out of time order`,
        input: this.input,
        offset: order.firstLate.ref.offset,
        ...(order.firstLate.ref.line !== undefined ? { line: order.firstLate.ref.line } : {}),
      });
    }
  }
}

interface ChunkDriver {
  push(chunk: Buffer): void;
  /** Bytes at this point of the input that are not log content (a byte order mark). */
  skip(bytes: number): void;
  end(): void;
}

function driverFor(format: InputFormat, sink: BatchSink, opts: CaptureOptions): ChunkDriver {
  if (format === 'raw-sip') return new RawSipReader(sink);
  const maxFlows = opts.limits?.maxOpenFlows ?? DEFAULT_CAPTURE_LIMITS.maxOpenFlows;
  let reader: LogReader;
  if (format === 'sngrep') reader = new SngrepReader(sink);
  else if (format === 'sipp-trace') reader = new SippTraceReader(sink);
  else reader = new NgrepReader(sink, maxFlows);
  const lines = new LineReader((line) => {
    if (line.end > line.start && line.buf[line.start] === NUL) nulRunLine(line, reader, sink);
    else {
      sink.nuls.flush();
      reader.line(line);
    }
  }, sink.maxMessageBytes);
  return {
    push(chunk) {
      lines.push(chunk);
      reader.chunkEnd();
    },
    skip(bytes) {
      lines.skip(bytes);
    },
    end() {
      lines.end();
      reader.end();
    },
  };
}

/**
 * A line that starts with a NUL run (zeros where a writer crashed or a rotated log went on): the
 * run is data when it falls inside a message being collected, else a gap reported with its
 * position and length, and the text after it is read as a line of its own (often the next
 * entry's header: the writer went on at a line start after the zeros).
 */
function nulRunLine(line: LogLine, reader: LogReader, sink: BatchSink): void {
  const runEnd = nulRunEnd(line.buf, line.start, line.end);
  const runStart = line.start;
  const offset = line.offset;
  // The rest of the line, in the reused line object (readers copy what they keep).
  line.start = runEnd;
  line.offset = offset + (runEnd - runStart);
  const atEntryStart = runEnd < line.end && reader.startsEntry(line);
  if (!atEntryStart && reader.nulRunInsideMessage()) {
    line.start = runStart;
    line.offset = offset;
    reader.line(line);
    return;
  }
  reader.endBeforeNulRun(atEntryStart);
  sink.nuls.add(offset, line.lineNo, runEnd - runStart);
  if (line.end > line.start || line.hasLF) reader.line(line);
}

export function createTextLogSource(
  path: string,
  chunks: AsyncIterable<Buffer>,
  format: InputFormat,
  opts: CaptureOptions,
  bytesTotal: number,
): CaptureSource {
  const stats: InputStats = {
    path,
    format,
    bytesTotal,
    packets: 0,
    sipMessages: 0,
    encryptedFlows: 0,
    lastTimeNs: null,
    firstTimeNs: null,
  };
  const maxMessageBytes = opts.limits?.maxMessageBytes ?? DEFAULT_CAPTURE_LIMITS.maxMessageBytes;
  let started = false;
  return {
    stats,
    async *batches(): AsyncIterable<CaptureBatch> {
      if (started) return;
      started = true;
      const order = format === 'sngrep' ? new TimeOrderBuffer(SNGREP_REORDER_MESSAGES, SNGREP_REORDER_BYTES) : undefined;
      const sink = new BatchSink(path, maxMessageBytes, stats, order);
      if (format === 'pcap' || format === 'pcapng') {
        sink.diagnostic({ severity: 'error', code: 'text.not-a-text-format', message: `${format} is not a text log format`, input: path, offset: 0 });
        yield sink.take(0);
        return;
      }
      const driver = driverFor(format, sink, opts);
      let bytesRead = 0;
      // The first bytes are held until three are known: a byte order mark may be split.
      let head: Buffer | undefined = Buffer.alloc(0);
      try {
        for await (const chunk of chunks) {
          if (chunk.length === 0) continue;
          if (head !== undefined) {
            head = Buffer.concat([head, chunk]);
            bytesRead += chunk.length;
            if (head.length < BOM.length) continue;
            if (hasByteOrderMark(head)) {
              // Editors on Windows save "UTF-8 with BOM"; the mark is not part of any line.
              sink.diagnostic({ severity: 'info', code: 'text.byte-order-mark', message: 'UTF-8 byte order mark at the start of the file skipped', input: path, offset: 0, line: 1 });
              driver.skip(BOM.length);
              driver.push(head.subarray(BOM.length));
            } else {
              driver.push(head);
            }
            head = undefined;
            yield sink.take(bytesRead);
            continue;
          }
          driver.push(chunk);
          bytesRead += chunk.length;
          yield sink.take(bytesRead);
        }
      } catch (e) {
        sink.diagnostic({
          severity: 'error',
          code: 'text.read-error',
          message: `reading stopped: ${(e as Error).message}`,
          input: path,
          offset: bytesRead,
        });
      }
      if (head !== undefined && head.length > 0) driver.push(head);
      driver.end();
      sink.nuls.flush();
      if (format === 'raw-sip') stats.packets = stats.sipMessages;
      yield sink.take(bytesRead, true);
    },
  };
}
