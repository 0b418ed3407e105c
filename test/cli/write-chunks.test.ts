// writeChunks (src/cli/write-chunks.ts): text batched, spooled bytes passed through as they are, in
// document order, waiting for 'drain' when the stream asks; writeFileChunks writes the same bytes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ChunkSink, writeChunks, writeFileChunks } from '../../src/cli/write-chunks.js';

/** A sink that says "full" on every other write and drains on the next tick. */
function sink(): ChunkSink & { written: (string | Buffer)[]; waits: number } {
  const written: (string | Buffer)[] = [];
  let drain: (() => void) | undefined;
  const s = {
    written,
    waits: 0,
    write(chunk: string | Buffer): boolean {
      written.push(chunk);
      return written.length % 2 === 0;
    },
    once(_event: 'drain', listener: () => void): void {
      s.waits++;
      drain = listener;
      setImmediate(() => drain?.());
    },
  };
  return s;
}

const bytesOf = (parts: (string | Buffer)[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

describe('writeChunks', () => {
  it('keeps the order of text and bytes, passes bytes through uncopied, and waits for drain', async () => {
    const spooled = Buffer.from('"é€😀",', 'utf8');
    const chunks = ['{\n', '  "dialogs": [', spooled, spooled, '\n  ]', '\n}\n'];
    const out = sink();
    await writeChunks(out, chunks);
    expect(bytesOf(out.written).equals(bytesOf(chunks))).toBe(true);
    // Text before the bytes is one write; each Buffer is written as the same object.
    expect(out.written).toEqual(['{\n  "dialogs": [', spooled, spooled, '\n  ]\n}\n']);
    expect(out.written[1]).toBe(spooled);
    expect(out.waits).toBe(2);
  });

  it('batches text into writes of about 1 MiB', async () => {
    const piece = 'x'.repeat(1000);
    const out = sink();
    await writeChunks(out, Array.from({ length: 3000 }, () => piece));
    expect(out.written.length).toBe(3);
    expect((out.written as string[]).every((w) => w.length <= (1 << 20) + piece.length)).toBe(true);
    expect(out.written.join('')).toBe(piece.repeat(3000));
  });

  it('lets a stream that still holds bytes write them before the next chunk is asked for', async () => {
    // A file stream: keeps the Buffer until its write completes (on a later tick).
    const pending: (() => void)[] = [];
    const written: string[] = [];
    const held = {
      get writableLength(): number {
        return pending.length;
      },
      write(chunk: string | Buffer, done?: () => void): boolean {
        const text = chunk.toString();
        pending.push(() => {
          written.push(text);
          done?.();
        });
        setImmediate(() => pending.shift()?.());
        return true;
      },
    };
    const shared = Buffer.from('aaaa');
    function* chunks(): Generator<string | Buffer> {
      yield 'start,';
      for (const c of ['a', 'b', 'c']) {
        // The reader reuses its buffer: only safe when the last piece was written.
        expect(pending.length).toBe(0);
        shared.fill(c);
        yield shared;
      }
    }
    await writeChunks(held, chunks());
    await new Promise((r) => setImmediate(r));
    expect(written.join('')).toBe('start,aaaabbbbcccc');
  });

  it('writes the same bytes to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imlint-write-'));
    try {
      const chunks = ['a', Buffer.from('é\n', 'utf8'), 'b€'];
      await writeFileChunks(join(dir, 'out.json'), chunks);
      expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('aé\nb€');
      await expect(writeFileChunks(join(dir, 'missing', 'out.json'), ['x'])).rejects.toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
