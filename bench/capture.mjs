#!/usr/bin/env node
// Capture reader + framing throughput (issue 3): openInput over a generated ≥ 500 MB pcap, every
// SIP message framed, nothing else; `cat` on the same file in the same run, alternating
// (A B A B). Each side runs as a child under GNU time for CPU seconds and peak RSS.
//   node bench/capture.mjs [--quick] [--size MB] [--rounds N] [--dist DIR] [--profile] [--timeline]
// --dist DIR: the compiled tree to measure (default dist/; e.g. a build of an older commit, for
// before/after). --profile: one more child run under --cpu-prof, summarised by profile-summary.mjs.
// --timeline: one more child run that prints the CPU milliseconds each 64 MiB of the capture took:
// how much of a run is warm-up (JIT compilation, a young heap) rather than steady reading.
// Targets: ≥ 1 GB/s of capture to SIP payloads on one core, peak RSS ≤ 200 MB.
// A change to the reader must leave its output identical: `node bench/capture-ab.mjs OLD_DIST dist`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};

// Child mode: read the capture, count what the reader produced (touching every payload), print JSON.
if (args[0] === '--child') {
  const { openInput } = await import(pathToFileURL(resolve(args[2] ?? 'dist', 'capture/index.js')).href);
  const t0 = process.hrtime.bigint();
  const source = await openInput(args[1]);
  let messages = 0;
  let payloadBytes = 0;
  let diagnostics = 0;
  const timeline = args.includes('--timeline') ? [] : undefined;
  let sliceStart = process.cpuUsage();
  let sliceBytes = 0;
  for await (const batch of source.batches()) {
    messages += batch.messages.length;
    for (const m of batch.messages) payloadBytes += m.data.length;
    diagnostics += batch.diagnostics.length;
    if (timeline && batch.bytesRead - sliceBytes >= 64 << 20) {
      const used = process.cpuUsage(sliceStart);
      timeline.push(Math.round((used.user + used.system) / 1000));
      sliceStart = process.cpuUsage();
      sliceBytes = batch.bytesRead;
    }
  }
  if (timeline) console.error(`CPU ms per 64 MiB, in file order: ${timeline.join(' ')}`);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage();
  const readerCpu = (cpu.user + cpu.system) / 1e6;
  console.log(JSON.stringify({ messages, payloadBytes, diagnostics, packets: source.stats.packets, wall, cpu: readerCpu }));
  process.exit(0);
}

const quick = args.includes('--quick');
const sizeMb = Number(opt('size', quick ? '100' : '512'));
const rounds = Number(opt('rounds', quick ? '1' : '3'));
const dist = opt('dist', 'dist');
const outDir = 'bench/out';
mkdirSync(outDir, { recursive: true });
if (!existsSync(join(dist, 'capture/index.js'))) {
  console.error(`${dist}/capture/index.js is missing: run \`npm run build\` first`);
  process.exit(2);
}
const file = join(outDir, `capture-${sizeMb}mb.pcap`);
if (!existsSync(file)) execFileSync('node', ['bench/generate.mjs', file, String(sizeMb)], { stdio: ['ignore', 'ignore', 'inherit'] });
const mb = statSync(file).size / 1e6;

// GNU time writes "cpu-user cpu-sys maxrss-KB" to a file we read back.
function timed(argv) {
  const report = join(outDir, `time-${process.pid}.txt`);
  const r = spawnSync('/usr/bin/time', ['-o', report, '-f', '%U %S %M %e', ...argv], { maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [user, sys, rssKb, wall] = readFileSync(report, 'utf8').trim().split(/\s+/).map(Number);
  rmSync(report);
  return { cpu: user + sys, rssMb: rssKb / 1024, wall, stdout: r.stdout.toString() };
}

const runs = { reader: [], cat: [] };
let counts;
for (let i = 0; i < rounds; i++) {
  const reader = timed(['node', 'bench/capture.mjs', '--child', file, dist]);
  counts = JSON.parse(reader.stdout);
  runs.reader.push(reader);
  runs.cat.push(timed(['sh', '-c', `cat "${file}" > /dev/null`]));
}
const best = (list, key) => Math.min(...list.map((r) => r[key]));
const row = (name, list) => {
  const cpu = best(list, 'cpu');
  const wall = best(list, 'wall');
  const rss = Math.max(...list.map((r) => r.rssMb));
  return `| ${name} | ${cpu.toFixed(2)} | ${wall.toFixed(2)} | ${(mb / Math.max(cpu, 0.01)).toFixed(0)} | ${(mb / Math.max(wall, 0.01)).toFixed(0)} | ${rss.toFixed(0)} |`;
};
console.log(`reader: ${dist}/capture; capture: ${file}, ${mb.toFixed(0)} MB, ${counts.packets} packets, ${counts.messages} SIP messages (${(counts.payloadBytes / 1e6).toFixed(0)} MB of SIP), ${counts.diagnostics} diagnostics; best of ${rounds}`);
console.log('| run | CPU s | wall s | MB/CPU-s | MB/s wall | peak RSS MB |');
console.log('|---|---|---|---|---|---|');
console.log(row('openInput → framed SIP', runs.reader));
console.log(row('cat > /dev/null', runs.cat));
// "On one core": judged per CPU-second, which a loaded machine disturbs far less than wall time.
const readerRate = mb / best(runs.reader, 'cpu');
const rss = Math.max(...runs.reader.map((r) => r.rssMb));
console.log(`target ≥ 1000 MB per CPU-second: ${readerRate >= 1000 ? 'met' : 'NOT met'} (${readerRate.toFixed(0)}, node start-up included); peak RSS ≤ 200 MB: ${rss <= 200 ? 'met' : 'NOT met'} (${rss.toFixed(0)} MB)`);

if (args.includes('--timeline')) {
  execFileSync('node', ['bench/capture.mjs', '--child', file, dist, '--timeline'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

if (args.includes('--profile')) {
  const profDir = join(outDir, `capture-prof-${process.pid}`);
  execFileSync('node', ['--cpu-prof', '--cpu-prof-dir', profDir, 'bench/capture.mjs', '--child', file, dist], { stdio: ['ignore', 'ignore', 'inherit'] });
  const [profile] = readdirSync(profDir);
  console.log(execFileSync('node', ['bench/profile-summary.mjs', join(profDir, profile), '20']).toString());
  rmSync(profDir, { recursive: true });
}
