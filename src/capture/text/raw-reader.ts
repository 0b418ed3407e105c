// Raw files of one or more SIP messages, LF or CRLF, as a user pastes them: no timestamps, no
// addresses. Messages are framed by Content-Length, or run to the next start line without it.
import type { LogSink } from './log-entry.js';
import { countLF, StreamFramer, type EntryMeta } from './message-framer.js';

const RAW_META: EntryMeta = { timeNs: null, transport: 'unknown' };

export class RawSipReader {
  private readonly framer: StreamFramer;
  private offset = 0;
  private line = 1;

  constructor(sink: LogSink) {
    this.framer = new StreamFramer(sink, 'to-next-message');
  }

  push(chunk: Buffer): void {
    this.framer.push(chunk, { offset: this.offset, line: this.line }, RAW_META);
    this.offset += chunk.length;
    this.line += countLF(chunk, 0, chunk.length);
  }

  skip(bytes: number): void {
    this.offset += bytes;
  }

  end(): void {
    this.framer.end();
  }
}
