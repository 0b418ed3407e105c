// SIPp `-trace_msg` logs: a line of 47 `-` and `YYYY-MM-DD HH:MM:SS.uuuuuu`, then
// `UDP message sent (N bytes):` or `TCP message received [N] bytes :`, an empty line, the N
// message bytes, an empty line. No addresses; the declared length frames the entry exactly.
import type { Transport } from '../types.js';
import { lineText, type LogLine } from './line-reader.js';
import { badField, EntryLogReader, isBlankLine, nextLinePosition, type LogSink } from './log-entry.js';
import { parseLogTime } from './log-fields.js';
import { countLF, frameEntry, preview, skipGap, type EntryMeta, type InputPosition, type Located } from './message-framer.js';

export const SIPP_SEPARATOR = /^-{47} (\d{4}-\d{2}-\d{2})[ \t](\d{2}:\d{2}:\d{2}(?:\.\d+)?)/;
const SIPP_DESCRIPTION = /^(\w+) message (sent|received) (?:\((\d+) bytes\)|\[(\d+)\] bytes) ?:\s*$/;

const TRANSPORTS: Record<string, Transport> = { udp: 'udp', tcp: 'tcp', tls: 'tls', sctp: 'sctp', ws: 'ws', wss: 'wss' };

type State = 'outside' | 'description' | 'blank' | 'payload';

export class SippTraceReader extends EntryLogReader {
  private state: State = 'outside';
  private meta: EntryMeta = { timeNs: null, transport: 'unknown' };
  private declared: number | undefined;

  constructor(sink: LogSink) {
    super(sink, 'SIPp message entry');
  }

  line(line: LogLine): void {
    // 47 dashes: test the first and the last before the regex.
    if (line.buf[line.start] === 0x2d && line.buf[line.start + 46] === 0x2d) {
      const m = SIPP_SEPARATOR.exec(lineText(line));
      if (m) {
        this.finish();
        this.skipped.flush();
        const timeNs = parseLogTime(m[1], m[2]);
        if (timeNs === null) badField(this.sink, line, 'text.bad-timestamp', `unreadable timestamp "${m[1]} ${m[2]}"`);
        this.meta = { timeNs, transport: 'unknown' };
        this.declared = undefined;
        this.state = 'description';
        return;
      }
    }
    switch (this.state) {
      case 'description': {
        const m = SIPP_DESCRIPTION.exec(lineText(line));
        if (m) {
          this.meta.transport = TRANSPORTS[m[1].toLowerCase()] ?? 'unknown';
          this.declared = Number(m[3] ?? m[4]);
          this.state = 'blank';
          return;
        }
        badField(this.sink, line, 'text.sipp-description', `expected "<transport> message sent|received ... bytes", found "${lineText(line).slice(0, 60)}"`);
        this.entry.begin({ offset: line.offset, line: line.lineNo });
        this.entry.add(line);
        this.state = 'payload';
        return;
      }
      case 'blank':
        if (isBlankLine(line)) {
          this.entry.begin(nextLinePosition(line));
        } else {
          this.entry.begin({ offset: line.offset, line: line.lineNo });
          this.entry.add(line);
        }
        this.state = 'payload';
        return;
      case 'payload':
        this.entry.add(line);
        return;
      case 'outside':
        if (!isBlankLine(line)) this.skipped.add(line, lineText(line));
        return;
    }
  }

  startsEntry(line: LogLine): boolean {
    return SIPP_SEPARATOR.test(lineText(line));
  }

  /** The declared length frames the message: a NUL run before its last byte is its data. */
  override nulRunInsideMessage(): boolean {
    if (this.state !== 'payload') return false;
    return this.declared !== undefined ? this.entry.size < this.declared : super.nulRunInsideMessage();
  }

  protected override finish(): void {
    const state = this.state;
    this.state = 'outside';
    // A separator and description without a payload is still an entry.
    if (!this.entry.active && (state === 'description' || state === 'blank')) this.sink.entry(this.meta.timeNs);
    super.finish();
  }

  protected entryTime(): bigint | null {
    return this.meta.timeNs;
  }

  protected frame(payload: Buffer, at: InputPosition): void {
    const declared = this.declared;
    if (declared === undefined || declared > payload.length) {
      if (declared !== undefined) {
        this.sink.diagnostic({
          severity: 'warning',
          code: 'text.declared-length-mismatch',
          message: `SIPp declared ${declared} bytes but the entry holds ${payload.length}`,
          input: this.sink.input,
          offset: at.offset,
          line: at.line,
        });
      }
      frameEntry(payload, at, this.meta, this.sink, true);
      return;
    }
    frameEntry(payload.subarray(0, declared), at, this.meta, this.sink, false);
    // After the declared bytes: blank lines, NUL runs (each reported), then anything else.
    const locate = (i: number): Located => ({ offset: at.offset + i, line: at.line + countLF(payload, 0, i) });
    const q = skipGap(payload, declared, payload.length, locate, this.sink.nuls);
    if (q < payload.length) {
      this.sink.diagnostic({
        severity: 'info',
        code: 'text.skipped-lines',
        message: `${payload.length - q} bytes after the declared ${declared} message bytes skipped (first: "${preview(payload, q, payload.length)}")`,
        input: this.sink.input,
        offset: at.offset + q,
        line: at.line + countLF(payload, 0, q),
      });
    }
  }
}
