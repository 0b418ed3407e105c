// Writes a report's chunks to stdout or a file: text batched into ~1 MiB writes, spooled bytes
// (already ~1 MiB pieces) written as they are, never decoded or copied; waiting for 'drain' when
// the stream asks for it, so a large report never sits in memory twice. A stream is done with a
// Buffer before the next chunk is asked for (the spool reader reuses its buffer).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Chunk } from '../report/stream.js';

const BATCH = 1 << 20;

/** Where chunks go: stdout, a file stream, or a test's capture (strings and whole-character bytes). */
export interface ChunkSink {
  /** `written` is called once the stream no longer needs the chunk (Node streams call it). */
  write(chunk: string | Buffer, written?: () => void): unknown;
  once?: (event: 'drain', listener: () => void) => unknown;
  /** Bytes a Node stream still holds (a file stream writes later; stdout to a file or pipe at once). */
  readonly writableLength?: number;
}

export async function writeChunks(stream: ChunkSink, chunks: Iterable<Chunk>): Promise<void> {
  let pending: string[] = [];
  let size = 0;
  const write = async (chunk: Chunk): Promise<void> => {
    let done: (() => void) | undefined;
    const written = new Promise<void>((r) => (done = r));
    const full = stream.write(chunk, done) === false;
    // Bytes still held by the stream (a file stream): wait until written, the buffer is reused.
    if (typeof chunk !== 'string' && (stream.writableLength ?? 0) > 0) await written;
    else if (full && typeof stream.once === 'function') await new Promise<void>((r) => stream.once?.('drain', r));
  };
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const text = pending.length === 1 ? pending[0] : pending.join('');
    pending = [];
    size = 0;
    await write(text);
  };
  for (const chunk of chunks) {
    if (typeof chunk !== 'string') {
      // Bytes keep their place after the text before them.
      await flush();
      await write(chunk);
      continue;
    }
    pending.push(chunk);
    size += chunk.length;
    if (size >= BATCH) await flush();
  }
  await flush();
}

/** Write to a file; rejects with the file system's error (the caller reports it, exit 2). */
export async function writeFileChunks(path: string, chunks: Iterable<Chunk>): Promise<void> {
  const file = createWriteStream(path);
  const failed = once(file, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => {});
  await Promise.race([failed, once(file, 'open')]);
  await Promise.race([failed, writeChunks(file, chunks)]);
  file.end();
  await Promise.race([failed, once(file, 'finish')]);
}
