// sngrep `--text` saves: `YYYY/MM/DD HH:MM:SS.uuuuuu SRC:PORT -> DST:PORT`, the payload as sent,
// then "\n\n" (sngrep's save_msg_txt). The log has no transport.
import { lineText, type LogLine } from './line-reader.js';
import { badField, EntryLogReader, isBlankLine, nextLinePosition, type LogSink } from './log-entry.js';
import { parseEndpoint, parseLogTime } from './log-fields.js';
import { frameEntry, type EntryMeta, type InputPosition } from './message-framer.js';

export const SNGREP_HEADER = /^(\d{4}\/\d{2}\/\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) (\S+) -> (\S+)\s*$/;

export class SngrepReader extends EntryLogReader {
  private meta: EntryMeta = { timeNs: null, transport: 'unknown' };

  constructor(sink: LogSink) {
    super(sink, 'sngrep message entry');
  }

  line(line: LogLine): void {
    const c = line.buf[line.start];
    // `YYYY/`: a digit, and a slash in fifth position.
    if (c >= 0x30 && c <= 0x39 && line.buf[line.start + 4] === 0x2f) {
      const m = SNGREP_HEADER.exec(lineText(line));
      if (m) {
        this.finish();
        this.skipped.flush();
        this.meta = headerMeta(m, line, this.sink);
        this.entry.begin(nextLinePosition(line));
        return;
      }
    }
    if (this.entry.active) this.entry.add(line);
    else if (!isBlankLine(line)) this.skipped.add(line, lineText(line));
  }

  startsEntry(line: LogLine): boolean {
    return SNGREP_HEADER.test(lineText(line));
  }

  protected entryTime(): bigint | null {
    return this.meta.timeNs;
  }

  protected frame(payload: Buffer, at: InputPosition): void {
    frameEntry(payload, at, this.meta, this.sink, true);
  }
}

function headerMeta(m: RegExpExecArray, line: LogLine, sink: LogSink): EntryMeta {
  const timeNs = parseLogTime(m[1], m[2]);
  const src = parseEndpoint(m[3]);
  const dst = parseEndpoint(m[4]);
  if (timeNs === null) badField(sink, line, 'text.bad-timestamp', `unreadable timestamp "${m[1]} ${m[2]}"`);
  if (!src || !dst) badField(sink, line, 'text.bad-address', `unreadable address in "${m[3]} -> ${m[4]}"`);
  return { timeNs, ...(src ? { src } : {}), ...(dst ? { dst } : {}), transport: 'unknown' };
}
