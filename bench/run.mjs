#!/usr/bin/env node
// `npm run bench`: field-capture-scale benchmark (issue 6), plus the parse and capture
// micro-benchmarks when present. Runs imlint, tshark (when installed) and `cat` alternately
// (A B A B) on the same generated captures, measuring CPU seconds and peak RSS of each child
// through python3's getrusage(RUSAGE_CHILDREN), and prints a table + writes bench/out/results.json.
//   npm run bench                       # 1 GB + RTP-heavy 256 MB, 2 rounds
//   npm run bench -- --sizes 250,500,1000 --rounds 2   # the sweep
//   npm run bench -- --quick            # 100 MB smoke run
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const quick = args.includes('--quick');
const sizes = (opt('sizes', quick ? '100' : '1000')).split(',').map(Number);
const rtpSize = Number(opt('rtp-size', quick ? '100' : '256'));
const rounds = Number(opt('rounds', quick ? '1' : '2'));
const withTshark = !args.includes('--no-tshark') && spawnSync('tshark', ['-v']).status === 0;
const outDir = 'bench/out';
mkdirSync(outDir, { recursive: true });

function capture(sizeMb, rtp) {
  const f = join(outDir, `im-${sizeMb}mb${rtp ? '-rtp' : ''}.pcap`);
  if (!existsSync(f)) {
    const r = execFileSync('node', ['bench/generate.mjs', f, String(sizeMb), ...(rtp ? ['--rtp'] : [])]);
    process.stderr.write(`generated ${r}`);
  }
  return f;
}

// Runs argv with stdout to /dev/null; returns wall, cpu (user+sys) seconds and peak RSS (MB).
const PY = `
import resource, subprocess, sys, time, json
t = time.time()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
w = time.time() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": w, "cpu": r.ru_utime + r.ru_stime, "rssMb": r.ru_maxrss / 1024, "status": p.returncode, "stderr": p.stderr.decode("latin1")[-400:]}))
`;
function measure(argv) {
  const out = execFileSync('python3', ['-c', PY, ...argv], { maxBuffer: 1 << 26 }).toString();
  return JSON.parse(out);
}

const tools = (file) => [
  { name: 'imlint', argv: ['node', 'dist/cli/main.js', '--format', 'json', '--fail-on', 'never', file] },
  { name: 'imlint --strict', argv: ['node', 'dist/cli/main.js', '--format', 'json', '--fail-on', 'never', '--strict', file] },
  ...(withTshark
    ? [
        { name: 'tshark fields', argv: ['tshark', '-r', file, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID'] },
        { name: 'tshark sip,stat', argv: ['tshark', '-r', file, '-q', '-z', 'sip,stat'] },
      ]
    : []),
  { name: 'cat', argv: ['cat', file] },
];

const results = [];
function runSet(file, label, only) {
  const mb = statSync(file).size / 1e6;
  const set = tools(file).filter((t) => !only || only.includes(t.name));
  const acc = new Map(set.map((t) => [t.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const t of set) {
      const m = measure(t.argv);
      if (m.status !== 0 && !(t.name.startsWith('imlint') && m.status === 1)) {
        process.stderr.write(`${t.name} exited ${m.status}: ${m.stderr}\n`);
      }
      acc.get(t.name).push(m);
      process.stderr.write(`  ${label} ${t.name}: ${m.cpu.toFixed(2)} cpu-s, ${m.wall.toFixed(2)} s, ${m.rssMb.toFixed(0)} MB\n`);
    }
  }
  for (const [name, ms] of acc) {
    const cpu = Math.min(...ms.map((m) => m.cpu));
    const wall = Math.min(...ms.map((m) => m.wall));
    const rssMb = Math.max(...ms.map((m) => m.rssMb));
    results.push({ capture: label, file, mb, tool: name, cpuSec: cpu, wallSec: wall, mbPerCpuSec: mb / Math.max(cpu, 1e-3), rssMb });
  }
}

for (const s of sizes) runSet(capture(s, false), `${s} MB IM`);
runSet(capture(rtpSize, true), `${rtpSize} MB RTP-heavy`, ['imlint', 'cat']);

const fmt = (n, d = 1) => n.toFixed(d);
const rows = results.map((r) => {
  const base = results.find((x) => x.capture === r.capture && x.tool === 'imlint');
  return `| ${r.capture} | ${r.tool} | ${fmt(r.cpuSec, 2)} | ${fmt(r.wallSec, 2)} | ${fmt(r.mbPerCpuSec)} | ${fmt(r.rssMb, 0)} | ${r.tool === 'imlint' || !base ? '' : fmt(r.cpuSec / base.cpuSec, 2) + '×'} |`;
});
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
const table = [
  `Machine: ${machine}. Best of ${rounds} alternating rounds; CPU seconds (user+sys) from getrusage.`,
  '',
  '| capture | tool | CPU s | wall s | MB/CPU-s | peak RSS MB | tool CPU ÷ imlint CPU |',
  '|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(table);
writeFileSync(join(outDir, 'results.json'), JSON.stringify({ machine, rounds, results }, null, 2));

for (const extra of ['bench/parse.mjs', 'bench/capture.mjs']) {
  if (existsSync(extra) && !args.includes('--no-micro')) {
    console.log(`\n## ${extra}`);
    spawnSync('node', [extra, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
  }
}
