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
import { LineReader } from './line-reader.js';
import type { LogReader, LogSink } from './log-entry.js';
import { NgrepReader } from './ngrep-reader.js';
import { RawSipReader } from './raw-reader.js';
import { SippTraceReader } from './sipp-reader.js';
import { SngrepReader } from './sngrep-reader.js';

class BatchSink implements LogSink {
  messages: RawSipMessage[] = [];
  diagnostics: Diagnostic[] = [];

  constructor(
    readonly input: string,
    readonly maxMessageBytes: number,
    private readonly stats: InputStats,
  ) {}

  message(msg: RawSipMessage): void {
    this.messages.push(msg);
    this.stats.sipMessages++;
  }

  diagnostic(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  entry(timeNs: bigint | null): void {
    const stats = this.stats;
    stats.packets++;
    if (timeNs === null) return;
    if (stats.firstTimeNs === null) stats.firstTimeNs = timeNs;
    stats.lastTimeNs = timeNs;
  }

  take(bytesRead: number): CaptureBatch {
    const batch = { messages: this.messages, diagnostics: this.diagnostics, bytesRead };
    this.messages = [];
    this.diagnostics = [];
    return batch;
  }
}

interface ChunkDriver {
  push(chunk: Buffer): void;
  end(): void;
}

function driverFor(format: InputFormat, sink: BatchSink, opts: CaptureOptions): ChunkDriver {
  if (format === 'raw-sip') return new RawSipReader(sink);
  const maxFlows = opts.limits?.maxOpenFlows ?? DEFAULT_CAPTURE_LIMITS.maxOpenFlows;
  let reader: LogReader;
  if (format === 'sngrep') reader = new SngrepReader(sink);
  else if (format === 'sipp-trace') reader = new SippTraceReader(sink);
  else reader = new NgrepReader(sink, maxFlows);
  const lines = new LineReader((line) => reader.line(line), sink.maxMessageBytes);
  return {
    push(chunk) {
      lines.push(chunk);
      reader.chunkEnd();
    },
    end() {
      lines.end();
      reader.end();
    },
  };
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
      const sink = new BatchSink(path, maxMessageBytes, stats);
      if (format === 'pcap' || format === 'pcapng') {
        sink.diagnostic({ severity: 'error', code: 'text.not-a-text-format', message: `${format} is not a text log format`, input: path, offset: 0 });
        yield sink.take(0);
        return;
      }
      const driver = driverFor(format, sink, opts);
      let bytesRead = 0;
      try {
        for await (const chunk of chunks) {
          if (chunk.length === 0) continue;
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
      driver.end();
      if (format === 'raw-sip') stats.packets = stats.sipMessages;
      yield sink.take(bytesRead);
    },
  };
}
