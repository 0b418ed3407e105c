// Real captures, damaged the ways files get damaged: cut at a record boundary or inside a record,
// a record length flipped, a huge incl_len, zero-length records, a pcapng block with a bad length.
// Each damage gives a diagnostic at (or after) the damaged record's offset, every message complete
// before the damage is still read exactly as from the undamaged file, and the CLI exits 0 or 1
// (2 is for inputs that could not be read at all).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imlint } from '../cli/run.js';
import { readCapture, ROOT, scratchFile, type CaptureRead } from './targets.js';

interface Layout {
  kind: 'pcap' | 'pcapng';
  le: boolean;
  /** Offset of each record (pcap) or block (pcapng), in file order, and the file end. */
  starts: number[];
  /** For pcapng: the block types, parallel to starts. */
  types: number[];
}

function layout(b: Buffer): Layout | undefined {
  const magic = b.readUInt32LE(0);
  if (magic === 0x0a0d0d0a) {
    const le = b.readUInt32LE(8) === 0x1a2b3c4d;
    const starts: number[] = [];
    const types: number[] = [];
    for (let p = 0; p + 12 <= b.length; ) {
      const len = le ? b.readUInt32LE(p + 4) : b.readUInt32BE(p + 4);
      starts.push(p);
      types.push(le ? b.readUInt32LE(p) : b.readUInt32BE(p));
      if (len < 12) return undefined;
      p += len;
    }
    return { kind: 'pcapng', le, starts, types };
  }
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && b.readUInt32BE(0) !== 0xa1b2c3d4 && b.readUInt32BE(0) !== 0xa1b23c4d) return undefined;
  const starts: number[] = [];
  for (let p = 24; p + 16 <= b.length; ) {
    starts.push(p);
    p += 16 + (le ? b.readUInt32LE(p + 8) : b.readUInt32BE(p + 8));
  }
  return { kind: 'pcap', le, starts, types: [] };
}

function captures(dir: string): string[] {
  try {
    return (readdirSync(dir, { recursive: true }) as string[])
      .filter((n) => /\.pcap(ng)?$/.test(n) && statSync(join(dir, n)).size <= 5_000_000)
      .map((n) => join(dir, n))
      .sort();
  } catch {
    return [];
  }
}

const files = [...captures(join(ROOT, 'fixtures/captures')), ...captures(join(ROOT, 'fixtures/sipp')), ...captures(join(ROOT, '../shared/corpus/pcap'))];

/** Frame numbers are 1-based record indexes for pcap; for pcapng only packet blocks count. */
function frameEnds(l: Layout, fileEnd: number): number[] {
  const ends: number[] = [];
  l.starts.forEach((s, i) => {
    const end = i + 1 < l.starts.length ? l.starts[i + 1] : fileEnd;
    if (l.kind === 'pcap' || [2, 3, 6].includes(l.types[i])) ends.push(end);
  });
  return ends;
}

/** The undamaged messages whose last byte lies in a record that ends at or before `cut`. */
function completeBefore(whole: CaptureRead, l: Layout, fileEnd: number, cut: number): string[] {
  const ends = frameEnds(l, fileEnd);
  return whole.messages.filter((m) => ends[(m.ref.lastFrame ?? m.ref.frame ?? 1) - 1] <= cut).map((m) => m.data.toString('latin1'));
}

function expectPrefix(got: string[], want: string[], what: string): void {
  expect(got.slice(0, want.length), what).toEqual(want);
}

function damageDiagnostic(r: CaptureRead, from: number, what: string): void {
  const d = r.diagnostics.find((x) => x.severity !== 'info' && x.offset !== undefined && x.offset >= from);
  expect(d, `${what}: a diagnostic at or after offset ${from}; got ${JSON.stringify(r.diagnostics.map((x) => [x.code, x.offset]))}`).toBeDefined();
}

function u32(b: Buffer, l: Layout, at: number, v: number): void {
  if (l.le) b.writeUInt32LE(v >>> 0, at);
  else b.writeUInt32BE(v >>> 0, at);
}

function lenAt(b: Buffer, l: Layout, at: number): number {
  return l.le ? b.readUInt32LE(at) : b.readUInt32BE(at);
}

describe.skipIf(files.length === 0)('mutated real captures', () => {
  it.each(files.map((f) => [f.slice(f.indexOf('/fixtures/') >= 0 ? f.indexOf('/fixtures/') + 1 : f.indexOf('/corpus/') + 1), f]))('%s', async (_, file) => {
    const bytes = readFileSync(file);
    const l = layout(bytes);
    expect(l, 'a pcap or pcapng file').toBeDefined();
    if (!l) return;
    const ext = l.kind;
    const whole = await readCapture(bytes, ext);
    const dataStarts = l.starts.filter((_, i) => l.kind === 'pcap' || [2, 3, 6].includes(l.types[i]));
    // Damage near the start, the middle and the end.
    const picks = [...new Set([0, dataStarts.length >> 1, dataStarts.length - 1])].filter((i) => i >= 0 && i < dataStarts.length);

    // Not vacuous: the damage in the middle or at the end comes after messages that must survive.
    if (whole.texts.length >= 2) expect(completeBefore(whole, l, bytes.length, dataStarts[picks[picks.length - 1]]).length).toBeGreaterThan(0);

    for (const k of picks) {
      const at = dataStarts[k];
      const blockIndex = l.starts.indexOf(at);
      const next = blockIndex + 1 < l.starts.length ? l.starts[blockIndex + 1] : bytes.length;

      // Cut at the record boundary: a shorter, valid file; nothing before it is lost.
      const boundary = await readCapture(bytes.subarray(0, at), ext);
      expectPrefix(boundary.texts, completeBefore(whole, l, bytes.length, at), `cut at record ${k}`);

      // Cut in the middle of the record (its header, then its data).
      for (const cut of [at + 6, Math.max(at + 1, (at + next) >> 1)]) {
        if (cut >= next) continue;
        const r = await readCapture(bytes.subarray(0, cut), ext);
        damageDiagnostic(r, at, `cut at ${cut} inside record ${k}`);
        expectPrefix(r.texts, completeBefore(whole, l, bytes.length, at), `cut inside record ${k}`);
      }

      // A length field flipped, and a huge incl_len.
      const lengthField = l.kind === 'pcap' ? at + 8 : at + 4;
      for (const [what, value] of [['flipped', lenAt(bytes, l, lengthField) ^ 0x00ff0000], ['huge', 0xfffffff0]] as const) {
        const b = Buffer.from(bytes);
        u32(b, l, lengthField, value);
        const r = await readCapture(b, ext);
        damageDiagnostic(r, at, `${what} length of record ${k}`);
        expectPrefix(r.texts, completeBefore(whole, l, bytes.length, at), `${what} length of record ${k}`);
      }
    }

    if (l.kind === 'pcap') {
      // A zero-length record inserted: valid, no message lost or changed.
      const at = dataStarts[picks[1] ?? 0];
      const empty = Buffer.alloc(16);
      bytes.copy(empty, 0, at, at + 8); // same timestamp as the record after it
      const r = await readCapture(Buffer.concat([bytes.subarray(0, at), empty, bytes.subarray(at)]), ext);
      expect(r.texts).toEqual(whole.texts);
    } else {
      // A pcapng block total length that is not a multiple of 4 (and disagrees with its trailer).
      const at = dataStarts[picks[1] ?? 0];
      const b = Buffer.from(bytes);
      u32(b, l, at + 4, lenAt(bytes, l, at + 4) + 2);
      const r = await readCapture(b, ext);
      damageDiagnostic(r, at, 'bad pcapng block length');
      expectPrefix(r.texts, completeBefore(whole, l, bytes.length, at), 'bad pcapng block length');
    }
  });

  it('the CLI reads a damaged capture with exit code 0 or 1, and the damage is in the JSON report', async () => {
    const bytes = readFileSync(files.find((f) => f.endsWith('fixtures/sipp/im-1-1-refresh.pcap')) ?? files[0]);
    const l = layout(bytes)!;
    const at = l.starts[l.starts.length >> 1];
    for (const damaged of [bytes.subarray(0, at + 7), Buffer.concat([bytes.subarray(0, at + 8), Buffer.from([0xf0, 0xff, 0xff, 0xff]), bytes.subarray(at + 12)])]) {
      const r = await imlint(['--format', 'json', scratchFile(damaged, 'pcap')]);
      expect([0, 1]).toContain(r.code);
      const report = JSON.parse(r.stdout) as { inputs: { diagnostics: { severity: string; offset?: number }[] }[] };
      expect(report.inputs[0].diagnostics.some((d) => d.severity === 'error' && d.offset !== undefined && d.offset >= at)).toBe(true);
    }
  });
});
