// Splits a chunked byte stream into lines, keeping each line's byte offset and 1-based number.
// Only a line that straddles two chunks is copied; the rest are views into the chunk.

const LF = 0x0a;

/** UTF-8 byte order mark: not part of the first line when a file starts with it. */
export const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function hasByteOrderMark(head: Buffer): boolean {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

export interface LogLine {
  /** Backing buffer; the line is buf[start..end) without its LF (a CR, if any, is kept). */
  buf: Buffer;
  start: number;
  end: number;
  /** False only for a last line that the input ends without a LF. */
  hasLF: boolean;
  /** Byte offset of the line's first byte in the input. */
  offset: number;
  /** 1-based line number. */
  lineNo: number;
}

export class LineReader {
  private carry: Buffer | undefined;
  private carryOffset = 0;
  private nextOffset = 0;
  private nextLineNo = 1;
  /** Reused for every line: consumers copy what they keep. */
  private readonly line: LogLine = { buf: Buffer.alloc(0), start: 0, end: 0, hasLF: true, offset: 0, lineNo: 1 };

  constructor(
    private readonly onLine: (line: LogLine) => void,
    /** A line longer than this is cut (the rest arrives as further "lines"); bounds memory. */
    private readonly maxLineBytes: number,
  ) {}

  push(chunk: Buffer): void {
    let data = chunk;
    let base = this.nextOffset;
    if (this.carry) {
      data = Buffer.concat([this.carry, chunk]);
      base = this.carryOffset;
      this.carry = undefined;
    }
    this.nextOffset += chunk.length;
    let p = 0;
    for (;;) {
      const lf = data.indexOf(LF, p);
      if (lf < 0) break;
      this.emit(data, p, lf, true, base + p);
      p = lf + 1;
    }
    if (p < data.length) {
      if (data.length - p >= this.maxLineBytes) {
        this.emit(data, p, data.length, false, base + p);
      } else {
        // Copied: the chunk may be reused by its producer once we return.
        this.carry = Buffer.from(data.subarray(p));
        this.carryOffset = base + p;
      }
    }
  }

  /** Bytes of the input that are not handed over (only before the first push). */
  skip(bytes: number): void {
    this.nextOffset += bytes;
  }

  end(): void {
    if (this.carry && this.carry.length > 0) this.emit(this.carry, 0, this.carry.length, false, this.carryOffset);
    this.carry = undefined;
  }

  private emit(buf: Buffer, start: number, end: number, hasLF: boolean, offset: number): void {
    const line = this.line;
    line.buf = buf;
    line.start = start;
    line.end = end;
    line.hasLF = hasLF;
    line.offset = offset;
    line.lineNo = this.nextLineNo;
    if (hasLF) this.nextLineNo++;
    this.onLine(line);
  }
}

/** The line's text without a trailing CR, decoded as latin1 (for header lines of the log format). */
export function lineText(line: LogLine): string {
  let end = line.end;
  if (end > line.start && line.buf[end - 1] === 0x0d) end--;
  return line.buf.toString('latin1', line.start, end);
}
