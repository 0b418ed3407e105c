// Text bound for a file, encoded straight into a batch buffer and handed on in ~1 MiB pieces: one
// copy from string to file, and few system calls. The spools of the report formats and of the UI
// write through it.

export const WRITE_BATCH = 1 << 20;
/** A batch buffer starts here and doubles up to WRITE_BATCH (thousands of small spools stay small). */
const FIRST_BUFFER = 1 << 16;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;

export class ByteBatch {
  private buffer: Buffer | undefined;
  private used = 0;

  constructor(
    /** Receives each batch (and each text larger than a batch) as bytes, in order. */
    private readonly sink: (bytes: Uint8Array) => void,
    private readonly encoding: 'utf8' | 'latin1' = 'utf8',
  ) {}

  /** Bytes appended but not yet handed to the sink. */
  get pending(): number {
    return this.used;
  }

  /** Appends `text`; returns its length in bytes. */
  append(text: string): number {
    const most = this.encoding === 'latin1' ? text.length : text.length * MAX_BYTES_PER_UNIT;
    let buffer = this.buffer;
    if (buffer === undefined || this.used + most > buffer.length) {
      if (this.used + most > WRITE_BATCH) this.flush();
      if (most > WRITE_BATCH) {
        // Larger than a batch (a dialog with a huge ladder): handed on by itself.
        const bytes = Buffer.from(text, this.encoding);
        this.sink(bytes);
        return bytes.length;
      }
      buffer = this.room(this.used + most);
    }
    const n = buffer.write(text, this.used, this.encoding);
    this.used += n;
    return n;
  }

  /** Hands what is buffered to the sink. */
  flush(): void {
    if (this.used === 0 || this.buffer === undefined) return;
    this.sink(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  /** Flushes and lets the buffer go (a later append takes a new one). */
  release(): void {
    this.flush();
    this.buffer = undefined;
  }

  /** The buffer, grown (doubling, at most WRITE_BATCH) to hold `bytes`. */
  private room(bytes: number): Buffer {
    let size = this.buffer?.length ?? FIRST_BUFFER;
    while (size < bytes) size *= 2;
    if (this.buffer === undefined || size > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(size, WRITE_BATCH));
      if (this.buffer !== undefined) this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    return this.buffer;
  }
}
