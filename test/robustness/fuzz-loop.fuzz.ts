// The long fuzz run behind `npm run fuzz`: every target (or IMLINT_FUZZ_TARGET) for its share of
// IMLINT_FUZZ_SECONDS with a fresh random seed. A failing input, shrunk, is saved in
// fixtures/fuzz/ with a note of the property it broke; fuzz-regressions.test.ts replays it.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, targets } from './targets.js';

const seconds = Number(process.env.IMLINT_FUZZ_SECONDS ?? 60);
const only = process.env.IMLINT_FUZZ_TARGET;
const summaryPath = process.env.IMLINT_FUZZ_SUMMARY;

it('fuzz', async () => {
  const chosen = targets.filter((t) => only === undefined || only === '' || t.name === only);
  expect(chosen.length, `no target named ${only}; targets: ${targets.map((t) => t.name).join(', ')}`).toBeGreaterThan(0);
  const share = (seconds * 1000) / chosen.length;
  const results: { target: string; runs: number; seconds: number; seed: number; failure?: string }[] = [];
  for (const target of chosen) {
    const seed = (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
    const started = performance.now();
    const r = await fc.check(fc.asyncProperty(target.arbitrary, (input) => target.check(input)), {
      seed,
      numRuns: Number.MAX_SAFE_INTEGER,
      interruptAfterTimeLimit: share,
      markInterruptAsFailure: false,
    });
    const entry: (typeof results)[number] = { target: target.name, runs: r.numRuns, seconds: Math.round(performance.now() - started) / 1000, seed };
    if (r.failed && r.counterexample !== null) {
      const bytes = target.encode(r.counterexample[0]);
      const name = `${target.name}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
      const dir = join(ROOT, 'fixtures/fuzz');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.bin`), bytes);
      const error = r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance);
      writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ target: target.name, property: target.property, error: error.split('\n')[0], seed, path: r.counterexamplePath, input: `${name}.bin` }, null, 2)}\n`);
      entry.failure = `${name}.bin: ${error.split('\n')[0]}`;
    }
    results.push(entry);
    process.stdout.write(`fuzz ${target.name}: ${entry.runs} inputs in ${entry.seconds} s (seed ${seed})${entry.failure ? ` FAILED → fixtures/fuzz/${entry.failure}` : ''}\n`);
  }
  if (summaryPath) writeFileSync(summaryPath, JSON.stringify(results, null, 2));
  expect(results.filter((r) => r.failure).map((r) => `${r.target}: ${r.failure}`)).toEqual([]);
});
