// Where input bytes come from: a plain file read into the caller's buffer (no copies), or a
// gzip stream. Read errors end the feed and are kept for a diagnostic, never thrown.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream';

export interface ByteFeed {
  /** Reads up to `len` bytes into `buf` at `off`; 0 at the end of the input (or after an error). */
  read(buf: Buffer, off: number, len: number): Promise<number>;
  /** Bytes of the file on disk consumed so far (compressed bytes for gzip). */
  fileBytesRead(): number;
  /** The error that ended the feed early, if any. */
  readonly error: Error | undefined;
  close(): Promise<void>;
}

export class FileFeed implements ByteFeed {
  error: Error | undefined;
  private position = 0;
  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<FileFeed> {
    return new FileFeed(await open(path, 'r'));
  }

  async read(buf: Buffer, off: number, len: number): Promise<number> {
    if (this.error) return 0;
    try {
      const { bytesRead } = await this.handle.read(buf, off, len, this.position);
      this.position += bytesRead;
      return bytesRead;
    } catch (e) {
      this.error = e as Error;
      return 0;
    }
  }

  fileBytesRead(): number {
    return this.position;
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

/** Decompresses a gzip file (several members allowed) as a stream pulled by `read`. */
export class GzipFeed implements ByteFeed {
  error: Error | undefined;
  private readonly file;
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer | undefined;
  private pendingOff = 0;

  constructor(path: string) {
    this.file = createReadStream(path, { highWaterMark: 1 << 20 });
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    pipeline(this.file, gunzip, (err) => {
      if (err && !this.error) this.error = err;
    });
    this.chunks = gunzip[Symbol.asyncIterator]();
  }

  async read(buf: Buffer, off: number, len: number): Promise<number> {
    let copied = 0;
    while (copied < len) {
      if (!this.pending || this.pendingOff >= this.pending.length) {
        if (copied > 0) break;
        let next: IteratorResult<Buffer>;
        try {
          next = await this.chunks.next();
        } catch (e) {
          if (!this.error) this.error = e as Error;
          return 0;
        }
        if (next.done) return 0;
        this.pending = next.value;
        this.pendingOff = 0;
      }
      const n = this.pending.copy(buf, off + copied, this.pendingOff, Math.min(this.pending.length, this.pendingOff + len - copied));
      this.pendingOff += n;
      copied += n;
    }
    return copied;
  }

  fileBytesRead(): number {
    return this.file.bytesRead;
  }

  async close(): Promise<void> {
    this.file.destroy();
  }
}

/**
 * A sliding window over the input: `buf[start..end)` holds unread bytes whose input offset is
 * `base + index`. Records are parsed in place; `fill` moves the unread tail to the front first,
 * so views handed out before a `fill` are only valid until it.
 */
export class ReadWindow {
  buf: Buffer;
  start = 0;
  end = 0;
  /** Input offset of buf[0]. */
  base = 0;
  eof = false;
  /**
   * Most bytes one fill reads (the buffer stays as large as it is, for text detection's first
   * look past a run of NULs). Packet readers read less at a time, see PacketCaptureSource.
   */
  readSize: number;

  constructor(
    readonly feed: ByteFeed,
    size = 4 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(size);
    this.readSize = size;
  }

  /** Reads more bytes; makes room for at least `need` unread bytes. Returns bytes added. */
  async fill(need = 0): Promise<number> {
    if (this.eof) return 0;
    if (this.start > 0) {
      this.buf.copyWithin(0, this.start, this.end);
      this.base += this.start;
      this.end -= this.start;
      this.start = 0;
    }
    if (need > this.buf.length || this.end === this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.end);
      this.buf = bigger;
    }
    let added = 0;
    const limit = Math.min(this.buf.length, Math.max(this.end + this.readSize, need));
    // Fill as much as allowed: small reads (gzip chunks) would make small batches.
    while (this.end < limit) {
      const n = await this.feed.read(this.buf, this.end, limit - this.end);
      if (n === 0) {
        this.eof = true;
        break;
      }
      this.end += n;
      added += n;
      if (this.feed instanceof FileFeed) break;
    }
    return added;
  }

  get available(): number {
    return this.end - this.start;
  }
}
