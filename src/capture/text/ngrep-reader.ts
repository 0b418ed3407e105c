// ngrep `-W byline` output: `U|T [YYYY/MM/DD HH:MM:SS.uuuuuu ]SRC:PORT -> DST:PORT[ [FLAGS]][ #N]`,
// then the payload with every non-printable byte shown as `.` (so a CR before LF reads `.`),
// then "\n"; the next header starts with "\n" (ngrep prints `#` marks for unmatched packets
// in between unless -q). TCP payloads are segments: they are framed per flow by Content-Length.
import type { Endpoint } from '../types.js';
import { lineText, type LogLine } from './line-reader.js';
import { badField, EntryLogReader, isBlankLine, nextLinePosition, type LogSink } from './log-entry.js';
import { parseEndpoint, parseLogTime } from './log-fields.js';
import { frameEntry, StreamFramer, type EntryMeta, type InputPosition } from './message-framer.js';

export const NGREP_HEADER =
  /^([A-Z?]) (?:(\d{4}\/\d{2}\/\d{2}) (\d{2}:\d{2}:\d{2}\.\d+) |\+\d+\.\d+ )?(\S+:\d+) -> (\S+:\d+)(?: \[[^\]]*\])?(?: #\d+)?\s*$/;
/** ngrep's own lines: run information before the first packet, `#` marks, `exit`. */
const NGREP_NOISE = /^(?:(?:interface|input|filter|match|output): |#+(?:exit)?\s*$|exit\s*$)/;

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;
const HASH = 0x23;

interface NgrepEntry extends EntryMeta {
  protocol: string;
}

export class NgrepReader extends EntryLogReader {
  private meta: NgrepEntry = { protocol: 'U', timeNs: null, transport: 'udp' };
  /** TCP flows "src>dst", least recently used first. */
  private readonly flows = new Map<string, StreamFramer>();

  /** Packets printed without -W byline (one line each): counted for one diagnostic. */
  private readonly singleLine: { count: number; at?: InputPosition } = { count: 0 };
  /** Whether the entry being collected ends at a header line (not at the end of the input). */
  private atHeader = false;

  constructor(
    sink: LogSink,
    private readonly maxFlows: number,
  ) {
    super(sink, 'ngrep packet entry');
  }

  line(line: LogLine): void {
    const c = line.buf[line.start];
    // `U ` / `T ` ...: SIP header lines have no space in second position.
    if (c >= 0x41 && c <= 0x5a && line.buf[line.start + 1] === 0x20) {
      const m = NGREP_HEADER.exec(lineText(line));
      if (m) {
        this.atHeader = true;
        this.finish();
        this.skipped.flush();
        this.meta = headerMeta(m, line, this.sink);
        this.entry.begin(nextLinePosition(line));
        return;
      }
    }
    if (this.entry.active) {
      this.entry.add(line);
      return;
    }
    if (isBlankLine(line)) return;
    const text = lineText(line);
    if (!NGREP_NOISE.test(text)) this.skipped.add(line, text);
  }

  startsEntry(line: LogLine): boolean {
    return NGREP_HEADER.test(lineText(line));
  }

  /** ngrep prints every byte it cannot show as `.`: a NUL in its output is never packet data. */
  override nulRunInsideMessage(): boolean {
    return false;
  }

  override endBeforeNulRun(atEntryStart: boolean): void {
    // Before a header the entry ends as at a header; before anything else, as at the end.
    this.atHeader = atEntryStart;
    super.endBeforeNulRun(atEntryStart);
  }

  override end(): void {
    this.atHeader = false;
    super.end();
    const { count, at } = this.singleLine;
    if (count > 0 && at) {
      this.sink.diagnostic({
        severity: 'error',
        code: 'text.ngrep-not-byline',
        message: `${count} ngrep packet(s) hold SIP on a single line: run ngrep with -W byline so that line ends survive`,
        input: this.sink.input,
        offset: at.offset,
        line: at.line,
      });
    }
    for (const framer of this.flows.values()) framer.end();
    this.flows.clear();
  }

  protected entryTime(): bigint | null {
    return this.meta.timeNs;
  }

  protected frame(rendered: Buffer, at: InputPosition): void {
    const payload = unrender(rendered, this.atHeader);
    const meta = this.meta;
    if (isSingleLineSip(payload)) {
      // Without -W byline ngrep prints a packet on one line, CR and LF both as ".": not readable.
      if (this.singleLine.count++ === 0) this.singleLine.at = at;
      return;
    }
    if (meta.protocol === 'U') {
      frameEntry(payload, at, meta, this.sink, false);
    } else if (meta.protocol === 'T') {
      const flow = this.flow(meta.src, meta.dst);
      if (payload[0] === LF) flow.markTrailingDotAsCR();
      flow.push(payload, at, meta);
    } else if (payload.length > 0) {
      this.sink.diagnostic({
        severity: 'info',
        code: 'text.ngrep-protocol',
        message: `ngrep packet of protocol "${meta.protocol}" (neither UDP nor TCP) skipped`,
        input: this.sink.input,
        offset: at.offset,
        line: at.line,
      });
    }
  }

  private flow(src: Endpoint | undefined, dst: Endpoint | undefined): StreamFramer {
    const key = `${src?.ip}:${src?.port}>${dst?.ip}:${dst?.port}`;
    let framer = this.flows.get(key);
    if (framer) {
      this.flows.delete(key);
    } else {
      framer = new StreamFramer(this.sink, 'empty');
      if (this.flows.size >= this.maxFlows) {
        const [oldestKey, oldest] = this.flows.entries().next().value as [string, StreamFramer];
        this.flows.delete(oldestKey);
        this.sink.diagnostic({
          severity: 'warning',
          code: 'text.flow-evicted',
          message: `more than ${this.maxFlows} TCP flows open; flow ${oldestKey} framed early`,
          input: this.sink.input,
        });
        oldest.end();
      }
    }
    this.flows.set(key, framer);
    return framer;
  }
}

function headerMeta(m: RegExpExecArray, line: LogLine, sink: LogSink): NgrepEntry {
  const protocol = m[1];
  const timeNs = m[2] !== undefined ? parseLogTime(m[2], m[3]) : null;
  if (m[2] !== undefined && timeNs === null) badField(sink, line, 'text.bad-timestamp', `unreadable timestamp "${m[2]} ${m[3]}"`);
  const src = parseEndpoint(m[4]);
  const dst = parseEndpoint(m[5]);
  if (!src || !dst) badField(sink, line, 'text.bad-address', `unreadable address in "${m[4]} -> ${m[5]}"`);
  return {
    protocol,
    timeNs,
    ...(src ? { src } : {}),
    ...(dst ? { dst } : {}),
    transport: protocol === 'T' ? 'tcp' : protocol === 'U' ? 'udp' : 'unknown',
  };
}

/**
 * The payload bytes from an entry's rendered lines, in place (the buffer is an owned copy). Drops
 * what ngrep added — the line before the next header (empty, or `#` marks) or a final `#exit`
 * line, then the LF after the payload — and turns the `.` before each LF back into CR. The
 * length is unchanged for the bytes kept, so offsets into the log stay exact.
 */
export function unrender(text: Buffer, atHeader: boolean): Buffer {
  let end = text.length;
  if (end > 0 && text[end - 1] === LF) {
    const lastStart = text.lastIndexOf(LF, end - 2) + 1;
    if (atHeader ? isMarkLine(text, lastStart, end - 1) : isMarkLine(text, lastStart, end - 1) && end - 1 > lastStart) {
      end = lastStart;
    }
  }
  if (end > 0 && text[end - 1] === LF) end--;
  let lf = text.indexOf(LF);
  while (lf >= 0 && lf < end) {
    if (lf > 0 && text[lf - 1] === DOT) text[lf - 1] = CR;
    lf = text.indexOf(LF, lf + 1);
  }
  return text.subarray(0, end);
}

const DOUBLE_DOT = Buffer.from('..', 'latin1');

/** A start line followed by more on the same line ("SIP/2.0..Via:"): ngrep's default rendering. */
function isSingleLineSip(payload: Buffer): boolean {
  const lf = payload.indexOf(LF);
  const head = lf < 0 ? payload : payload.subarray(0, lf);
  if (head.length < 40 || head.indexOf(DOUBLE_DOT) < 0) return false;
  const text = head.toString('latin1', 0, Math.min(head.length, 512)).trimStart();
  return text.includes(' SIP/2.0..') || (text.startsWith('SIP/2.0 ') && text.includes('..'));
}

/** Empty, or `#` marks optionally followed by `exit`. */
function isMarkLine(buf: Buffer, start: number, end: number): boolean {
  let i = start;
  while (i < end && buf[i] === HASH) i++;
  if (i < end) return buf.toString('latin1', i, end) === 'exit' && i > start;
  return true;
}
