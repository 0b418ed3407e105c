// One input whose analysis breaks part-way (an I/O error mid-file, an exception escaping judging,
// a --jobs worker that dies): the dialogs judged before are kept, the input carries a diagnostic
// saying where reading stopped, the other inputs are untouched, and --jobs 2 writes the bytes and
// exit code --jobs 1 does, in every format. The failure is injected with IMLINT_TEST_FAULT
// (src/report/fault.ts), which no option reaches; the worker is dist/report/worker.js.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { analyze } from '../../src/report/analyze.js';
import { analyzeParallel, workerUrl } from '../../src/report/parallel.js';
import type { Report } from '../../src/report/types.js';
import { root } from '../cli/run.js';
import { reportErrors, sarifErrors } from './schema-check.js';

const main = join(root, 'dist/cli/main.js');
const built = workerUrl() !== undefined && existsSync(main);
const dir = mkdtempSync(join(tmpdir(), 'imlint-fault-'));
// ~2300 SIP messages (three reader batches of 1024) and ~100 dialogs beside it.
const a = join(dir, 'a.pcap');
const b = join(dir, 'b.pcap');

beforeAll(() => {
  for (const [file, mb] of [[a, '1.2'], [b, '0.2']]) {
    const g = spawnSync('node', [join(root, 'bench/generate.mjs'), file, mb]);
    expect(g.status, g.stderr.toString()).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], fault: string) {
  const r = spawnSync('node', [main, '--fail-on', 'never', ...args, a, b], { cwd: root, maxBuffer: 1 << 28, env: { ...process.env, IMLINT_TEST_FAULT: fault } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

async function withFault<T>(fault: string, body: () => Promise<T>): Promise<T> {
  process.env.IMLINT_TEST_FAULT = fault;
  try {
    return await body();
  } finally {
    delete process.env.IMLINT_TEST_FAULT;
  }
}

const dialogsOf = (r: Report, path: string) => r.dialogs.filter((d) => d.input === path).length;

describe.skipIf(!built)(built ? 'an input that fails part-way' : 'an input that fails part-way (skipped: run npm run build)', () => {
  let whole: Report;
  beforeAll(async () => {
    whole = await analyze([a, b], DEFAULT_CONFIG, {});
  });

  it('a read error mid-file: the dialogs read so far are judged, the input says where reading stopped', async () => {
    const r = await withFault('read:a.pcap:1024', () => analyze([a, b], DEFAULT_CONFIG, {}));
    const [ia, ib] = r.inputs;
    const stop = ia.diagnostics.filter((d) => d.code === 'input.read-failed');
    expect(stop).toHaveLength(1);
    // One batch of 1024 messages was read before the next failed.
    expect(stop[0].message).toMatch(/^reading of .*a\.pcap stopped after 1024 SIP messages \(the last at frame 1024, \d+ bytes of the input consumed\): EIO.*; 0 dialogs closed by then, the \d+ still open judged as at the end of a capture$/);
    expect(stop[0].frame).toBe(1024);
    expect(stop[0].offset).toBeGreaterThan(0);
    expect(ia.format).toBe('pcap');
    expect(dialogsOf(r, a)).toBeGreaterThan(0);
    expect(dialogsOf(r, a)).toBeLessThan(dialogsOf(whole, a));
    // The other input is untouched, and the summary counts exactly what is listed.
    expect(ib).toEqual(whole.inputs[1]);
    expect(dialogsOf(r, b)).toBe(dialogsOf(whole, b));
    expect(r.summary.dialogs).toBe(r.dialogs.length);
  });

  it('an exception escaping judging: the dialogs judged before it are kept and counted', async () => {
    const r = await withFault('judge:a.pcap:7', () => analyze([a, b], DEFAULT_CONFIG, {}));
    const stop = r.inputs[0].diagnostics.filter((d) => d.code === 'input.analysis-failed');
    expect(stop).toHaveLength(1);
    expect(stop[0].message).toContain('injected failure after 7 dialogs; 7 dialogs judged, the rest not');
    expect(dialogsOf(r, a)).toBe(7);
    expect(r.dialogs.slice(0, 7)).toEqual(whole.dialogs.slice(0, 7));
    expect(r.summary.dialogs).toBe(r.dialogs.length);
    expect(dialogsOf(r, b)).toBe(dialogsOf(whole, b));
  });

  for (const fault of ['read:a.pcap:1024', 'judge:a.pcap:7']) {
    for (const format of ['json', 'text', 'junit', 'sarif']) {
      // Every format for the reader failure; judging's failure takes the same path, json is enough.
      if (fault.startsWith('judge') && format !== 'json') continue;
      it(`${fault}, --format ${format}: --jobs 2 writes what --jobs 1 writes`, () => {
        const one = run(['--format', format, '--jobs', '1'], fault);
        const two = run(['--format', format, '--jobs', '2'], fault);
        expect(one.code, one.stderr).toBe(0);
        expect(two.code, two.stderr).toBe(0);
        expect(one.stdout.toString('latin1')).toContain(fault.startsWith('read') ? 'input.read-failed' : 'input.analysis-failed');
        expect(two.stdout.equals(one.stdout)).toBe(true);
        // The failure's diagnostic (frame, offset) fits the report contract and SARIF.
        if (format === 'json') expect(reportErrors(JSON.parse(one.stdout.toString('utf8')))).toEqual([]);
        if (format === 'sarif') expect(sarifErrors(JSON.parse(one.stdout.toString('utf8')))).toEqual([]);
      });
    }
  }

  for (const fault of ['exit:a.pcap:3', 'crash:a.pcap:1024']) {
    it(`a worker that dies (${fault.split(':')[0]}): its input is listed as failed, the other input is whole`, () => {
      const two = run(['--format', 'json', '--jobs', '2'], fault);
      // The input could not be analysed: exit 2, said on stderr and in the report.
      expect(two.code).toBe(2);
      expect(two.stderr).toContain('a.pcap: analysis failed (worker died, see the report)');
      const r = JSON.parse(two.stdout.toString('utf8')) as Report;
      expect(r.inputs[0].diagnostics.map((d) => d.code)).toEqual(['report.worker-failed']);
      expect(r.inputs[0].diagnostics[0].message).toContain(fault.startsWith('exit') ? 'worker exited with code 70' : 'injected crash after 1024 SIP messages');
      expect(r.inputs[1]).toEqual(whole.inputs[1]);
      expect(r.summary.dialogs).toBe(r.dialogs.length);
      expect(r.dialogs.length).toBe(dialogsOf(whole, b));
    });
  }

  it('a worker that dies after handing dialogs to the caller: they are counted as its input\'s', async () => {
    const seen: string[] = [];
    const r = await withFault('exit:a.pcap:5', () => analyzeParallel([a, b], DEFAULT_CONFIG, { keepDialogs: false, onDialog: (d) => seen.push(d.input) }, 2));
    expect(seen.filter((p) => p === a)).toHaveLength(5);
    expect(r.summary.dialogs).toBe(seen.length);
    expect(r.inputs[0].diagnostics[0].message).toContain('the 5 dialogs it had judged are listed');
  });
});
