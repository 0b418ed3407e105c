// Determinism: the same inputs give byte-identical JSON across runs and across --jobs values
// (inputs analysed in parallel must still be reported in the same order, with the same content).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imlint } from '../cli/run.js';
import { ROOT } from './targets.js';

const under = (dir: string, ext: RegExp) => readdirSync(join(ROOT, dir)).filter((n) => ext.test(n)).sort().map((n) => join(ROOT, dir, n));
const inputs = [
  ...under('fixtures/sipp', /\.pcap$/),
  ...under('fixtures/captures/pkts', /\.pcap$/),
  ...under('fixtures/text-logs', /\.txt$/),
  join(ROOT, 'fixtures/hostile/hostile.pcap'),
];

describe('determinism', () => {
  it('byte-identical JSON across runs and --jobs 1, 2, 4', async () => {
    const outputs: string[] = [];
    for (const jobs of ['1', '1', '2', '4', '4']) {
      const r = await imlint(['--format', 'json', '--fail-on', 'never', '--jobs', jobs, ...inputs]);
      expect(r.code, r.stderr).toBe(0);
      outputs.push(r.stdout);
    }
    const report = JSON.parse(outputs[0]) as { inputs: unknown[]; dialogs: unknown[] };
    expect(report.inputs).toHaveLength(inputs.length);
    expect(report.dialogs.length).toBeGreaterThan(10);
    for (const o of outputs.slice(1)) expect(o === outputs[0]).toBe(true);
  });

  it('byte-identical JSON for merged inputs (--merge) across runs', async () => {
    const merged = inputs.filter((p) => p.includes('/fixtures/sipp/group-subscribe'));
    const a = await imlint(['--format', 'json', '--fail-on', 'never', '--merge', ...merged]);
    const b = await imlint(['--format', 'json', '--fail-on', 'never', '--merge', ...merged.reverse()]);
    const c = await imlint(['--format', 'json', '--fail-on', 'never', '--merge', ...merged.reverse()]);
    expect(a.code, a.stderr).toBe(0);
    expect(c.stdout === a.stdout).toBe(true);
    // Argument order may name inputs differently, but the dialogs judged are the same.
    expect(JSON.parse(b.stdout).dialogs.length).toBe(JSON.parse(a.stdout).dialogs.length);
  });
});
