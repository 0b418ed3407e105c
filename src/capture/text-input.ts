// Hands text logs (SIPp traces, ngrep, sngrep, raw SIP) to the text readers in ./text/, feeding
// them the already-sniffed head and then the rest of the (possibly gunzipped) input.
import type { ReadWindow } from './byte-feed.js';
import { createTextLogSource, detectTextFormat } from './text/index.js';
import type { CaptureOptions, CaptureSource, InputFormat, InputStats } from './types.js';

const CHUNK_BYTES = 1 << 20;

/** The window's bytes, then the rest of the feed, as fresh buffers the reader may keep. */
async function* textChunks(window: ReadWindow): AsyncIterable<Buffer> {
  try {
    if (window.end > window.start) yield Buffer.from(window.buf.subarray(window.start, window.end));
    if (window.eof) return;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = await window.feed.read(chunk, 0, CHUNK_BYTES);
      if (n === 0) return;
      yield n === CHUNK_BYTES ? chunk : chunk.subarray(0, n);
    }
  } finally {
    await window.feed.close();
  }
}

/** A text source for `format` (forced) or the detected text format; undefined when none fits. */
export function openTextInput(path: string, window: ReadWindow, head: Buffer, forced: InputFormat | undefined, opts: CaptureOptions, stats: InputStats): CaptureSource | undefined {
  const format = forced ?? detectTextFormat(head);
  if (!format || format === 'pcap' || format === 'pcapng') return undefined;
  return createTextLogSource(path, textChunks(window), format, opts, stats.bytesTotal);
}
