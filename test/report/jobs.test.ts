// --jobs N (src/report/parallel.ts): inputs analysed on worker threads give the same report, byte
// for byte, as --jobs 1: same input order (directories walked, unreadable paths after the files),
// same dialogs, same summary. The worker is the compiled dist/report/worker.js (npm test builds).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { analyze } from '../../src/report/analyze.js';
import { formatJson } from '../../src/report/json.js';
import { analyzeParallel, workerUrl } from '../../src/report/parallel.js';
import { root } from '../cli/run.js';
import { MIXED_INPUTS } from './mixed-inputs.js';

const main = join(root, 'dist/cli/main.js');
const built = workerUrl() !== undefined && existsSync(main);
const inputs = MIXED_INPUTS;

describe.skipIf(!built)(built ? '--jobs' : '--jobs (skipped: dist/report/worker.js missing, run npm run build)', () => {
  it('analyzeParallel on 1, 2 and 3 workers gives the report analyze() gives', async () => {
    const one = formatJson(await analyze(inputs, DEFAULT_CONFIG, {}));
    const report = JSON.parse(one) as { inputs: { path: string }[]; dialogs: unknown[]; summary: { inputs: number } };
    // The case is worth running: many inputs, dialogs, and the unreadable path listed last.
    expect(report.inputs.length).toBeGreaterThan(10);
    expect(report.dialogs.length).toBeGreaterThan(10);
    expect(report.inputs.at(-1)?.path).toContain('no-such-capture.pcap');
    for (const jobs of [1, 2, 3]) {
      const progress: number[] = [];
      const text = formatJson(await analyzeParallel(inputs, DEFAULT_CONFIG, { onProgress: (p) => progress.push(p.bytesRead) }, jobs));
      expect(text === one, `--jobs ${jobs} differs`).toBe(true);
    }
  });

  it('dialogs and diagnostics still reach the callers while workers run', async () => {
    const seen = { dialogs: 0, diagnostics: 0 };
    const r = await analyzeParallel(inputs, DEFAULT_CONFIG, { onDialog: () => seen.dialogs++, onDiagnostic: () => seen.diagnostics++ }, 2);
    expect(seen.dialogs).toBe(r.summary.dialogs);
    expect(seen.diagnostics).toBeGreaterThan(0);
  });

  it('the command line: --jobs 2 writes the same bytes as --jobs 1', () => {
    const run = (jobs: string) => spawnSync('node', [main, '--format', 'json', '--fail-on', 'never', '--jobs', jobs, ...inputs.slice(1, 3), inputs[4]], { cwd: root, maxBuffer: 1 << 28 });
    const a = run('1');
    const b = run('2');
    expect(a.status, a.stderr.toString()).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout.equals(a.stdout)).toBe(true);
  });
});
