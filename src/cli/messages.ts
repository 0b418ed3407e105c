// `imlint messages <inputs...>`: one line per SIP message (frame or log line, time relative to the
// first record as tshark shows it, src → dst, transport, method or status, Call-ID, CSeq), or NDJSON
// with `--format json`. Capture diagnostics are listed in place; nothing is dropped.
import { resolve } from 'node:path';
import type { CaptureLimits, Diagnostic, InputFormat, SourceRef } from '../capture/types.js';
import { sanitize } from '../report/sanitize.js';
import type { SipMessage } from '../sip/types.js';
import { EXIT, type CliIO } from './io.js';
import type { Pipeline } from './pipeline.js';
import { writeChunks } from './write-chunks.js';

export interface MessagesOptions {
  format: 'text' | 'json';
  strict?: boolean;
  inputFormat?: InputFormat;
  limits?: Partial<CaptureLimits>;
}

function endpoint(e: SourceRef['src']): string {
  if (!e) return '-';
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

/** Seconds since the first record, 6 decimals (tshark's default relative time column). */
export function relativeTime(t: bigint | null, origin: bigint | null): string {
  if (t === null || origin === null) return '-';
  const us = (t - origin) / 1000n;
  const sign = us < 0n ? '-' : '';
  const abs = us < 0n ? -us : us;
  return `${sign}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, '0')}`;
}

/** Absolute time as the report writes it: seconds with 9 decimals. */
export function epochTime(t: bigint | null): string | null {
  if (t === null) return null;
  const sign = t < 0n ? '-' : '';
  const abs = t < 0n ? -t : t;
  return `${sign}${abs / 1_000_000_000n}.${(abs % 1_000_000_000n).toString().padStart(9, '0')}`;
}

function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  const o: Record<string, unknown> = { severity: d.severity, code: sanitize(d.code), message: sanitize(d.message) };
  if (d.header !== undefined) o.header = sanitize(d.header);
  if (d.input !== undefined) o.input = sanitize(d.input);
  if (d.frame !== undefined) o.frame = d.frame;
  if (d.line !== undefined) o.line = d.line;
  if (d.offset !== undefined) o.offset = d.offset;
  return o;
}

function diagnosticText(d: Diagnostic): string {
  const at = [d.frame !== undefined ? `frame ${d.frame}` : d.line !== undefined ? `line ${d.line}` : '', d.offset !== undefined ? `offset ${d.offset}` : '']
    .filter((s) => s !== '')
    .join(', ');
  return `  ${d.severity} ${sanitize(d.code)}: ${sanitize(d.message)}${d.header ? ` [${sanitize(d.header)}]` : ''}${at ? ` (${at})` : ''}`;
}

function what(m: SipMessage): string {
  return m.isRequest ? (m.method ?? '?') : `${m.status ?? '?'}${m.reason ? ` ${m.reason}` : ''}`;
}

export function messageLine(m: SipMessage, origin: bigint | null): string {
  const r = m.ref;
  const at = r.frame !== undefined ? String(r.frame) : r.line !== undefined ? `L${r.line}` : '-';
  const cseq = m.cseq ? `${m.cseq.seq} ${m.cseq.method}` : '-';
  return [
    at.padStart(6),
    relativeTime(r.timeNs, origin).padStart(12),
    `${endpoint(r.src)} → ${endpoint(r.dst)}`,
    r.transport.toUpperCase(),
    sanitize(what(m)),
    sanitize(m.callId ?? '-'),
    sanitize(cseq),
  ].join('  ');
}

export function messageJson(m: SipMessage, input: string): Record<string, unknown> {
  const r = m.ref;
  const o: Record<string, unknown> = { type: 'message', input: sanitize(input) };
  if (r.frame !== undefined) o.frame = r.frame;
  if (r.line !== undefined) o.line = r.line;
  o.time = epochTime(r.timeNs);
  o.src = r.src ? endpoint(r.src) : null;
  o.dst = r.dst ? endpoint(r.dst) : null;
  o.transport = r.transport;
  if (m.isRequest) o.method = sanitize(m.method ?? '');
  else o.status = m.status ?? null;
  o.callId = m.callId !== undefined ? sanitize(m.callId) : null;
  o.cseq = m.cseq ? sanitize(`${m.cseq.seq} ${m.cseq.method}`) : null;
  o.diagnostics = m.diagnostics.map(diagnosticJson);
  return o;
}

export async function runMessages(inputs: string[], o: MessagesOptions, io: CliIO, pipeline: Pipeline): Promise<number> {
  const json = o.format === 'json';
  // Lines of one capture batch are written together, waiting for the pipe to drain.
  let lines: string[] = [];
  const out = (line: string): void => void lines.push(line);
  const flush = async (): Promise<void> => {
    if (lines.length > 0) await writeChunks(io.stdout, [lines.join('\n') + '\n']);
    lines = [];
  };
  const { files, diagnostics: walk } = await pipeline.expandInputs(inputs);
  let errors = 0;
  let unreadable = false;
  const named = new Set(inputs.map((p) => resolve(io.cwd, p)));
  const emitDiagnostic = (d: Diagnostic): void => {
    if (d.severity === 'error') errors++;
    if (json) out(JSON.stringify({ type: 'diagnostic', ...diagnosticJson(d) }));
    else out(diagnosticText(d));
  };
  for (const d of walk) emitDiagnostic(d);
  await flush();
  if (files.length === 0) unreadable = true;
  for (const file of files) {
    if (!json && files.length > 1) out(`== ${sanitize(file)}`);
    const source = await pipeline.openInput(file, { inputFormat: o.inputFormat, limits: o.limits });
    let origin: bigint | null = null;
    for await (const batch of source.batches()) {
      for (const raw of batch.messages) {
        const m = pipeline.parseMessage(raw, { strict: o.strict === true, maxHeaders: o.limits?.maxHeaders });
        origin ??= source.stats.firstTimeNs ?? raw.ref.timeNs;
        if (json) out(JSON.stringify(messageJson(m, file)));
        else {
          out(messageLine(m, origin));
          for (const d of m.diagnostics) emitDiagnostic(d);
        }
        if (json) for (const d of m.diagnostics) if (d.severity === 'error') errors++;
      }
      for (const d of batch.diagnostics) emitDiagnostic({ input: file, ...d });
      await flush();
    }
    // Only a file named on the command line makes the run a usage error (not one met in a directory).
    if (source.stats.format === 'unknown' && source.stats.packets === 0 && named.has(resolve(io.cwd, file))) unreadable = true;
  }
  if (unreadable) return EXIT.usage;
  return o.strict === true && errors > 0 ? EXIT.failures : EXIT.ok;
}
