// mergeSources (--merge): one time-ordered stream from several inputs, so that a dialog split
// across ring-buffer files is seen as one. A k-way merge over each source's batches; messages
// are copied because a source reuses its buffers once asked for its next batch.
import type { CaptureBatch, CaptureSource, Diagnostic, RawSipMessage } from './types.js';

const OUT_BATCH = 4096;

interface Cursor {
  it: AsyncIterator<CaptureBatch>;
  batch: CaptureBatch | undefined;
  index: number;
  done: boolean;
  bytesRead: number;
}

export async function* mergeSources(sources: CaptureSource[]): AsyncIterable<CaptureBatch> {
  const cursors: Cursor[] = sources.map((s) => ({ it: s.batches()[Symbol.asyncIterator](), batch: undefined, index: 0, done: false, bytesRead: 0 }));
  let diagnostics: Diagnostic[] = [];
  let messages: RawSipMessage[] = [];
  const bytesRead = () => cursors.reduce((n, c) => n + c.bytesRead, 0);

  /** Makes sure the cursor has a message to offer (or is done), collecting diagnostics. */
  async function ready(c: Cursor): Promise<void> {
    while (!c.done && (!c.batch || c.index >= c.batch.messages.length)) {
      const next = await c.it.next();
      if (next.done) {
        c.done = true;
        c.batch = undefined;
        return;
      }
      c.batch = next.value;
      c.index = 0;
      c.bytesRead = next.value.bytesRead;
      for (const d of next.value.diagnostics) diagnostics.push(d);
    }
  }

  for (;;) {
    for (const c of cursors) await ready(c);
    let best: Cursor | undefined;
    let bestTime: bigint | null = null;
    for (const c of cursors) {
      if (c.done || !c.batch) continue;
      const t = c.batch.messages[c.index].ref.timeNs;
      // Untimed messages go first within their source's order; ties keep input order.
      if (!best || (t !== null && bestTime !== null && t < bestTime) || (t === null && bestTime !== null)) {
        best = c;
        bestTime = t;
      }
    }
    if (!best || !best.batch) break;
    const m = best.batch.messages[best.index++];
    messages.push({ ref: m.ref, data: Buffer.from(m.data) });
    if (messages.length >= OUT_BATCH) {
      yield { messages, diagnostics, bytesRead: bytesRead() };
      messages = [];
      diagnostics = [];
    }
  }
  yield { messages, diagnostics, bytesRead: bytesRead() };
}
