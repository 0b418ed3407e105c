#!/usr/bin/env node
// `npm run fuzz`: the fuzz targets of test/robustness/targets.ts (the property tests' own
// arbitraries and checks) for a given time with random seeds. Any failing input is shrunk and
// saved in fixtures/fuzz/ with a note of the property it broke; the normal suite replays it.
//   npm run fuzz                         # 60 s over every target
//   npm run fuzz -- --seconds 600        # longer
//   npm run fuzz -- --target tcp-reassembly --seconds 120
// Figures (inputs tried per target, seconds) are printed and written to bench/out/fuzz.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const seconds = Number(opt('seconds', '60'));
if (!Number.isFinite(seconds) || seconds <= 0) {
  console.error('--seconds expects a number > 0');
  process.exit(2);
}
mkdirSync('bench/out', { recursive: true });
const summary = 'bench/out/fuzz.json';
const r = spawnSync('npx', ['vitest', 'run', '--config', 'test/robustness/fuzz.config.mjs', '--reporter=dot'], {
  stdio: 'inherit',
  env: { ...process.env, IMLINT_FUZZ_SECONDS: String(seconds), IMLINT_FUZZ_TARGET: opt('target', ''), IMLINT_FUZZ_SUMMARY: summary },
});
try {
  const rows = JSON.parse(readFileSync(summary, 'utf8'));
  console.log('\ntarget            inputs   seconds  result');
  for (const row of rows) console.log(`${row.target.padEnd(16)} ${String(row.runs).padStart(8)} ${row.seconds.toFixed(1).padStart(9)}  ${row.failure ? `FAILED ${row.failure}` : 'ok'}`);
} catch {
  console.error('the fuzz run wrote no summary');
}
process.exit(r.status ?? 1);
