// Test helper: write a capture to a temp file, open it with openInput, gather everything.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../src/capture/index.js';
import type { CaptureOptions, Diagnostic, InputStats, RawSipMessage } from '../../src/capture/types.js';

export interface Collected {
  messages: RawSipMessage[];
  diagnostics: Diagnostic[];
  stats: InputStats;
  /** Message texts (latin1). */
  texts: string[];
  batches: number;
}

const dir = mkdtempSync(join(tmpdir(), 'imlint-capture-'));
let counter = 0;

export function writeTemp(bytes: Buffer, name = 'capture.pcap'): string {
  const path = join(dir, `${++counter}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

export async function collectFile(path: string, opts?: CaptureOptions): Promise<Collected> {
  const source = await openInput(path, opts);
  const messages: RawSipMessage[] = [];
  const diagnostics: Diagnostic[] = [];
  let batches = 0;
  for await (const batch of source.batches()) {
    batches++;
    // Views may point into a reused buffer: copy, as a consumer keeping them must.
    for (const m of batch.messages) messages.push({ ref: m.ref, data: Buffer.from(m.data) });
    diagnostics.push(...batch.diagnostics);
  }
  return { messages, diagnostics, stats: source.stats, texts: messages.map((m) => m.data.toString('latin1')), batches };
}

export async function collect(bytes: Buffer, opts?: CaptureOptions, name?: string): Promise<Collected> {
  return collectFile(writeTemp(bytes, name), opts);
}

export function codes(c: Collected): string[] {
  return c.diagnostics.map((d) => d.code);
}

/** Call-ID of a message text (small regex: the SIP stage does this for real). */
export function callIdOf(text: string): string | undefined {
  return /^(?:call-id|i)[ \t]*:[ \t]*(.*?)[ \t]*\r?$/im.exec(text)?.[1];
}
