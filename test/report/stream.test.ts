// Streaming output (src/report/stream.ts, issue 6): dialogs formatted into per-input spool files
// as they are judged must give, byte for byte, what the in-memory formatters give for the same
// inputs, for every format, on one thread, on worker threads and merged; nothing is kept in
// memory (report.dialogs empty) and nothing is left in the temp directory.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../../src/cli/judge.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { analyze } from '../../src/report/analyze.js';
import { streamParallel, workerUrl } from '../../src/report/parallel.js';
import { emptyTally, Spool, spooledSection, spoolDirectory, SpoolSet, type StreamFormat, utf8CutPoint } from '../../src/report/stream.js';
import { streamDocument } from '../../src/report/stream-format.js';
import type { ReportDialog } from '../../src/report/types.js';
import { imlint, root } from '../cli/run.js';
import { MIXED_INPUTS } from './mixed-inputs.js';

const inputs = MIXED_INPUTS;
const formats: StreamFormat[] = ['json', 'text', 'junit', 'sarif'];
const built = workerUrl() !== undefined;

async function streamed(paths: string[], format: StreamFormat, jobs: number, merge = false): Promise<string> {
  const spool = spoolDirectory();
  try {
    const { report, sections } = await streamParallel(paths, DEFAULT_CONFIG, { merge }, jobs, { format, color: false }, spool.dir);
    // Nothing but inputs and summary is held: the dialogs are in the spool files.
    expect(report.dialogs).toHaveLength(0);
    expect(sections.reduce((n, s) => n + s.tally.dialogs, 0)).toBe(report.summary.dialogs);
    return [...streamDocument(report, sections.map(spooledSection), { format, color: false })].join('');
  } finally {
    spool.dispose();
    expect(existsSync(spool.dir)).toBe(false);
  }
}

describe('streamed reports', () => {
  for (const format of formats) {
    it(`${format}: one thread writes what the in-memory formatter writes`, async () => {
      const memory = [...render(await analyze(inputs, DEFAULT_CONFIG), format, false)].join('');
      expect(memory.length).toBeGreaterThan(1000);
      expect((await streamed(inputs, format, 1)) === memory).toBe(true);
    });

    it.skipIf(!built)(`${format}: two and three worker threads write the same bytes`, async () => {
      const memory = [...render(await analyze(inputs, DEFAULT_CONFIG), format, false)].join('');
      for (const jobs of [2, 3]) expect((await streamed(inputs, format, jobs)) === memory, `--jobs ${jobs}`).toBe(true);
    });
  }

  it('merged inputs: dialogs grouped by input as in memory', async () => {
    const merged = readdirSync(join(root, 'fixtures/sipp'))
      .filter((n) => n.startsWith('group-subscribe') && n.endsWith('.pcap'))
      .map((n) => join(root, 'fixtures/sipp', n));
    expect(merged.length).toBeGreaterThan(1);
    const memory = [...render(await analyze(merged, DEFAULT_CONFIG, { merge: true }), 'json', false)].join('');
    expect(JSON.parse(memory).dialogs.length).toBeGreaterThan(0);
    expect((await streamed(merged, 'json', 2, true)) === memory).toBe(true);
  });

  it('the in-memory report keeps dialogs in judging (close) order, the order streaming writes', async () => {
    const judged: string[] = [];
    const key = (d: ReportDialog) => `${d.input} ${d.callId} ${d.fromTag} ${d.toTag}`;
    const report = await analyze(inputs, DEFAULT_CONFIG, { onDialog: (d) => judged.push(key(d)) });
    expect(judged.length).toBeGreaterThan(10);
    // Within an input, report order is judging order; inputs in the report's input order.
    const rank = new Map(report.inputs.map((i, n) => [i.path, n]));
    const expected = judged
      .map((k, n) => ({ k, n, input: rank.get(k.split(' ')[0]) ?? 0 }))
      .sort((a, b) => a.input - b.input || a.n - b.n)
      .map((e) => e.k);
    expect(report.dialogs.map(key)).toEqual(expected);
  });

  it('a spool read back in pieces keeps characters split across a piece boundary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imlint-spool-test-'));
    try {
      // 1 MiB − 1 ASCII bytes, then multi-byte characters straddling the 1 MiB read size.
      const item = `${'a'.repeat((1 << 20) - 1)}é€😀`;
      const spool = new Spool('in.pcap', join(dir, '0.part'), { separator: '|', items: () => [item] });
      const dialog = { input: 'in.pcap' } as ReportDialog;
      spool.add(dialog);
      spool.add(dialog);
      const section = spooledSection(spool.close());
      expect(section.tally).toEqual({ ...emptyTally(), dialogs: 2, items: 2 });
      expect([...section.chunks()].join('') === `${item}|${item}`).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('spools', () => {
  const spoolOf = (dir: string, items: string[], encoding?: 'latin1') => {
    let next = 0;
    return new Spool('in.pcap', join(dir, `${Math.random()}.part`), { separator: ',', items: () => [items[next++]], encoding });
  };
  const dialog = { input: 'in.pcap' } as ReportDialog;

  it('hold each dialog\'s items in order, separated within and across dialogs, none for a dialog without items (property)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imlint-spool-test-'));
    try {
      const item = fc.string({ unit: fc.constantFrom('a', '|', 'é', '€', '😀', '\n'), maxLength: 5 });
      fc.assert(
        fc.property(fc.array(fc.array(item, { maxLength: 4 }), { maxLength: 6 }), (perDialog) => {
          let next = 0;
          const spool = new Spool('in.pcap', join(dir, 'items.part'), { separator: '|', items: () => perDialog[next++] });
          for (let i = 0; i < perDialog.length; i++) spool.add(dialog);
          const section = spooledSection(spool.close());
          const all = perDialog.flat();
          expect(section.tally).toEqual({ ...emptyTally(), dialogs: perDialog.length, items: all.length });
          expect(Buffer.concat([...section.chunks()]).toString('utf8')).toBe(all.join('|'));
        }),
        { seed: 4028, numRuns: 200 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('read back as bytes: every piece ends on a character boundary, together they are the items (property)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imlint-spool-test-'));
    try {
      // Items from a few bytes to more than a batch (1 MiB), ASCII and 2-, 3- and 4-byte characters.
      const unit = fc.constantFrom('a', 'é', '€', '😀', '\n');
      const item = fc.oneof(
        fc.string({ unit, maxLength: 40 }),
        fc.tuple(fc.integer({ min: 1, max: 3 << 19 }), unit).map(([n, u]) => u.repeat(Math.ceil(n / u.length))),
      );
      fc.assert(
        fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), (items) => {
          const spool = spoolOf(dir, items);
          for (let i = 0; i < items.length; i++) spool.add(dialog);
          const section = spool.close();
          const pieces = [...spooledSection(section).chunks()] as Buffer[];
          for (const p of pieces) expect(Buffer.from(p.toString('utf8'), 'utf8').equals(p)).toBe(true);
          expect(Buffer.concat(pieces).toString('utf8') === items.join(',')).toBe(true);
          // Reusing one buffer: the same pieces, each read before the next is asked for.
          const reused: Buffer[] = [];
          const buffers = new Set<ArrayBufferLike>();
          for (const p of spooledSection(section, true).chunks() as Iterable<Buffer>) {
            buffers.add(p.buffer);
            reused.push(Buffer.from(p));
          }
          expect(reused.map((p) => p.length)).toEqual(pieces.map((p) => p.length));
          expect(Buffer.concat(reused).equals(Buffer.concat(pieces))).toBe(true);
          expect(buffers.size).toBe(Math.min(pieces.length, 1));
        }),
        { seed: 4028, numRuns: 40 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('latin1 items are written as the bytes they spell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imlint-spool-test-'));
    try {
      const texts = ['§ 7.1.1', 'Zoë → 😀', 'x'.repeat((1 << 20) + 5)];
      const spool = spoolOf(dir, texts.map((t) => Buffer.from(t, 'utf8').toString('latin1')), 'latin1');
      for (let i = 0; i < texts.length; i++) spool.add(dialog);
      expect(Buffer.concat([...spooledSection(spool.close()).chunks()] as Buffer[]).toString('utf8') === texts.join(',')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a set of many inputs keeps few buffers: one no longer written to is on disk, and every file is whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imlint-spool-test-'));
    try {
      const set = new SpoolSet(dir, { separator: '|', items: (d) => [`${d.callId}€`] });
      const inputs = Array.from({ length: 20 }, (_, i) => `in${i}.pcap`);
      const expected = new Map(inputs.map((i) => [i, [] as string[]]));
      const add = (input: string, n: number): void => {
        set.add({ input, callId: `${input}#${n}` } as ReportDialog);
        expected.get(input)?.push(`${input}#${n}€`);
      };
      // One input after another, then all of them taking turns (as --merge does).
      for (const input of inputs) for (let n = 0; n < 3; n++) add(input, n);
      // The first input was left 19 inputs ago: its items are written, its buffer gone.
      expect(readFileSync(join(dir, '0.part'), 'utf8')).toBe(expected.get('in0.pcap')?.join('|'));
      for (let n = 3; n < 6; n++) for (const input of inputs) add(input, n);
      const sections = set.close();
      expect(sections.map((s) => s.input)).toEqual(inputs);
      for (const s of sections) expect(readFileSync(s.file, 'utf8')).toBe(expected.get(s.input)?.join('|'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cuts UTF-8 before a character whose bytes run past the end', () => {
    const bytes = Buffer.from('ab€😀', 'utf8'); // a b | E2 82 AC | F0 9F 98 80
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((end) => utf8CutPoint(bytes, end))).toEqual([0, 1, 2, 2, 2, 5, 5, 5, 5, 9]);
  });
});

describe('the command streams', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'imlint-stream-cli-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('exit code from the summary; no spool left behind', async () => {
    const env = { TMPDIR: tmp };
    // (A missing path is a usage error before anything is analysed.)
    const readable = inputs.filter((p) => existsSync(p));
    const failing = await imlint(['--format', 'junit', '--fail-on', 'warning', '--jobs', '1', ...readable], { env });
    const never = await imlint(['--format', 'junit', '--fail-on', 'never', '--jobs', '1', ...readable], { env });
    expect(failing.stdout === never.stdout).toBe(true);
    // The inputs hold failing dialogs: --fail-on warning fails, --fail-on never does not.
    expect(failing.stdout).toContain('<failure ');
    expect(failing.code).toBe(1);
    expect(never.code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
