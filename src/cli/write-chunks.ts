// Writes a report's chunks to stdout or a file: batched into ~1 MiB writes, waiting for 'drain'
// when the stream asks for it, so a large report never sits in memory twice.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { OutStream } from './io.js';

const BATCH = 1 << 20;

interface Drainable {
  once?: (event: 'drain', listener: () => void) => unknown;
}

export async function writeChunks(stream: OutStream & Drainable, chunks: Iterable<string>): Promise<void> {
  let pending: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const ok = stream.write(pending.join(''));
    pending = [];
    size = 0;
    if (ok === false && typeof stream.once === 'function') await new Promise<void>((r) => stream.once?.('drain', r));
  };
  for (const chunk of chunks) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= BATCH) await flush();
  }
  await flush();
}

/** Write to a file; rejects with the file system's error (the caller reports it, exit 2). */
export async function writeFileChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const file = createWriteStream(path);
  const failed = once(file, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => {});
  await Promise.race([failed, once(file, 'open')]);
  await Promise.race([failed, writeChunks(file, chunks)]);
  file.end();
  await Promise.race([failed, once(file, 'finish')]);
}
