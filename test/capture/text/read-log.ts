// Test helper: read a text log through createTextLogSource in chunks of a chosen size.
import { readFileSync } from 'node:fs';
import type { Diagnostic, InputFormat, InputStats, RawSipMessage } from '../../../src/capture/types.js';
import { createTextLogSource, detectTextFormat } from '../../../src/capture/text/index.js';

export interface ReadResult {
  format: InputFormat | undefined;
  messages: RawSipMessage[];
  diagnostics: Diagnostic[];
  stats: InputStats;
}

async function* chunked(data: Buffer, size: number): AsyncIterable<Buffer> {
  for (let p = 0; p < data.length; p += size) {
    // A fresh buffer each time, then scribbled over after use: catches views kept too long.
    const chunk = Buffer.from(data.subarray(p, p + size));
    yield chunk;
    chunk.fill(0x7e);
  }
}

export async function readLogBytes(
  data: Buffer,
  opts: { chunkSize?: number; format?: InputFormat; path?: string; maxMessageBytes?: number } = {},
): Promise<ReadResult> {
  const format = opts.format ?? detectTextFormat(data.subarray(0, 65536));
  const path = opts.path ?? 'log.txt';
  const source = createTextLogSource(
    path,
    chunked(data, opts.chunkSize ?? 65536),
    format ?? 'raw-sip',
    opts.maxMessageBytes ? { limits: { maxMessageBytes: opts.maxMessageBytes } } : {},
    data.length,
  );
  const messages: RawSipMessage[] = [];
  const diagnostics: Diagnostic[] = [];
  for await (const batch of source.batches()) {
    // Copy: the reader may hand out views into its chunk.
    for (const m of batch.messages) messages.push({ ref: m.ref, data: Buffer.from(m.data) });
    diagnostics.push(...batch.diagnostics);
  }
  return { format, messages, diagnostics, stats: source.stats };
}

export function readLog(path: string, opts: { chunkSize?: number; format?: InputFormat } = {}): Promise<ReadResult> {
  return readLogBytes(readFileSync(path), { ...opts, path });
}

/** Call-ID and CSeq of a framed message, by a plain scan (no dependency on the SIP stage). */
export function identity(data: Buffer): { callId: string; cseq: string; startLine: string } {
  const text = data.toString('latin1');
  const head = text.split(/\r?\n\r?\n/, 1)[0];
  const lines = head.split(/\r?\n/);
  const find = (names: string[]) => {
    for (const l of lines) {
      const m = /^([^:\s]+)\s*:\s*(.*)$/.exec(l);
      if (m && names.includes(m[1].toLowerCase())) return m[2].trim();
    }
    return '';
  };
  return { callId: find(['call-id', 'i']), cseq: find(['cseq']).replace(/\s+/g, ' '), startLine: lines[0] };
}

/** Rows of a corpus `.tshark.tsv`: frame, time (ns), Call-ID, CSeq. */
export function tsharkRows(path: string): { frame: number; timeNs: bigint; callId: string; cseq: string }[] {
  return readFileSync(path, 'latin1')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [frame, time, , , callId, cseq] = l.split('\t');
      const [s, f] = time.split('.');
      return { frame: Number(frame), timeNs: BigInt(s) * 1_000_000_000n + BigInt(f.padEnd(9, '0')), callId, cseq };
    });
}
