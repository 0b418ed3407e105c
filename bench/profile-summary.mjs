#!/usr/bin/env node
// Sums self time per function (and per file) from a V8 .cpuprofile (node --cpu-prof), so the hot
// spots of a 1 GB run can be read without DevTools.
//   node bench/profile-summary.mjs PROFILE.cpuprofile [TOP]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.mjs PROFILE.cpuprofile [TOP]');
  process.exit(2);
}
const top = Number(topArg ?? 40);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const samples = new Map();
for (const id of prof.samples) samples.set(id, (samples.get(id) ?? 0) + 1);
const dt = (prof.endTime - prof.startTime) / 1000 / Math.max(prof.samples.length, 1); // ms per sample
const selfByFn = new Map();
const selfByFile = new Map();
for (const [id, n] of samples) {
  const cf = byId.get(id).callFrame;
  const where = cf.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/');
  const fn = `${cf.functionName || '(anonymous)'} ${where}:${cf.lineNumber + 1}`;
  selfByFn.set(fn, (selfByFn.get(fn) ?? 0) + n);
  selfByFile.set(where || '(native)', (selfByFile.get(where || '(native)') ?? 0) + n);
}
const total = prof.samples.length;
const print = (title, m) => {
  console.log(`\n${title} (${((total * dt) / 1000).toFixed(2)} s sampled)`);
  for (const [k, n] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${((n * dt) / 1000).toFixed(2).padStart(7)} s  ${k}`);
  }
};
print('self time by function', selfByFn);
print('self time by file', selfByFile);
