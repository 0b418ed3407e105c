#!/usr/bin/env node
// `npm run bench`: field-capture-scale benchmark (issue 6), plus the parse and capture
// micro-benchmarks when present. Runs imlint, tshark (when installed) and `cat` alternately
// (A B A B) on the same generated captures, measuring CPU seconds and peak RSS of each child
// through python3's getrusage(RUSAGE_CHILDREN), and prints a table + writes bench/out/results.json.
//   npm run bench                       # 1 GB + RTP-heavy 256 MB, 2 rounds
//   npm run bench -- --sizes 250,500,1000 --rounds 2   # the sweep
//   npm run bench -- --quick            # 100 MB smoke run
//   npm run bench -- --sizes 25,100 --rtp-size 0 --no-tshark   # imlint only, no RTP capture
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

// A generated capture and what the generator wrote into it (packets = SIP messages for the IM
// capture, dialogs started), kept beside it as NAME.meta.json for the messages/s and dialogs/s columns.
function capture(sizeMb, rtp) {
  const f = join(outDir, `im-${sizeMb}mb${rtp ? '-rtp' : ''}.pcap`);
  const metaFile = `${f}.meta.json`;
  if (!existsSync(f) || !existsSync(metaFile)) {
    const r = execFileSync('node', ['bench/generate.mjs', f, String(sizeMb), ...(rtp ? ['--rtp'] : [])]).toString();
    process.stderr.write(`generated ${r}`);
    writeFileSync(metaFile, r);
  }
  return { file: f, meta: JSON.parse(readFileSync(metaFile, 'utf8')) };
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
  { name: 'imlint', argv: ['dist/cli/main.js', '--format', 'json', '--fail-on', 'never', file] },
  { name: 'imlint --strict', argv: ['dist/cli/main.js', '--format', 'json', '--fail-on', 'never', '--strict', file] },
  ...(withTshark
    ? [
        { name: 'tshark fields', argv: ['tshark', '-r', file, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID'] },
        { name: 'tshark sip,stat', argv: ['tshark', '-r', file, '-q', '-z', 'sip,stat'] },
      ]
    : []),
  { name: 'cat', argv: ['cat', file] },
];

const results = [];
function runSet({ file, meta }, label, only) {
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
    const perSec = (n) => (n === undefined ? null : n / Math.max(cpu, 1e-3));
    results.push({
      capture: label,
      file,
      mb,
      tool: name,
      cpuSec: cpu,
      wallSec: wall,
      mbPerCpuSec: mb / Math.max(cpu, 1e-3),
      // The RTP-heavy capture's packets are mostly RTP: only the IM capture's count is SIP messages.
      messagesPerCpuSec: meta.rtpHeavy ? null : perSec(meta.packets),
      dialogsPerCpuSec: perSec(meta.dialogsStarted),
      rssMb,
    });
  }
}

for (const s of sizes) runSet(capture(s, false), `${s} MB IM`);
if (rtpSize > 0) runSet(capture(rtpSize, true), `${rtpSize} MB RTP-heavy`, ['imlint', 'cat']);

const fmt = (n, d = 1) => n.toFixed(d);
const rows = results.map((r) => {
  const base = results.find((x) => x.capture === r.capture && x.tool === 'imlint');
  const rate = (n) => (n === null ? '' : fmt(n / 1000, 1) + 'k');
  return `| ${r.capture} | ${r.tool} | ${fmt(r.cpuSec, 2)} | ${fmt(r.wallSec, 2)} | ${fmt(r.mbPerCpuSec)} | ${rate(r.messagesPerCpuSec)} | ${rate(r.dialogsPerCpuSec)} | ${fmt(r.rssMb, 0)} | ${r.tool === 'imlint' || !base ? '' : fmt(r.cpuSec / base.cpuSec, 2) + '×'} |`;
});
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
const table = [
  `Machine: ${machine}. Best of ${rounds} alternating rounds; CPU seconds (user+sys) from getrusage.`,
  '',
  '| capture | tool | CPU s | wall s | MB/CPU-s | msgs/CPU-s | dialogs/CPU-s | peak RSS MB | tool CPU ÷ imlint CPU |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(table);
const targets = checkTargets(results);
console.log(['', '| target (issue 6) | measured | |', '|---|---|---|', ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED'} |`)].join('\n'));
writeFileSync(join(outDir, 'results.json'), JSON.stringify({ machine, rounds, results, targets }, null, 2));

/** The targets as ratios from this run; null when a tool or capture was not run. */
function checkTargets(rs) {
  const get = (capture, tool) => rs.find((r) => r.capture === capture && r.tool === tool);
  const im = sizes.map((s) => `${s} MB IM`);
  const largest = im[im.length - 1];
  const out = [];
  const ratio = (target, tool, base, min) => {
    const t = get(largest, tool);
    const b = get(largest, base);
    const x = t && b ? t.cpuSec / b.cpuSec : null;
    out.push({ target: `${target} (${largest})`, measured: x === null ? '–' : `${fmt(x, 2)}×`, met: x === null ? null : x >= min });
  };
  ratio('default ≥ 8× faster than tshark fields', 'tshark fields', 'imlint', 8);
  ratio('default ≥ 3× faster than tshark sip,stat', 'tshark sip,stat', 'imlint', 3);
  ratio('--strict ≥ 2× faster than tshark fields', 'tshark fields', 'imlint --strict', 2);
  const rtp = rs.find((r) => r.capture.endsWith('RTP-heavy') && r.tool === 'imlint');
  out.push({ target: 'RTP-heavy ≥ 500 MB/s', measured: rtp ? `${fmt(rtp.mbPerCpuSec)} MB/s` : '–', met: rtp ? rtp.mbPerCpuSec >= 500 : null });
  const big = get(largest, 'imlint');
  out.push({ target: `peak RSS ≤ 300 MB (${largest})`, measured: big ? `${fmt(big.rssMb, 0)} MB` : '–', met: big ? big.rssMb <= 300 : null });
  if (im.length > 1) {
    // Linear time: k× the size in ≤ 1.1·k× the time; flat memory: within 10 % (+ 20 MB noise) of the smallest.
    const small = get(im[0], 'imlint');
    const k = big.mb / small.mb;
    const tk = big.cpuSec / small.cpuSec;
    out.push({ target: `time linear: ${fmt(k, 2)}× size ≤ ${fmt(1.1 * k, 2)}× time`, measured: `${fmt(tk, 2)}× time`, met: tk <= 1.1 * k });
    out.push({ target: 'peak RSS flat in file size', measured: `${fmt(small.rssMb, 0)} → ${fmt(big.rssMb, 0)} MB`, met: big.rssMb <= small.rssMb * 1.1 + 20 });
  }
  return out;
}

for (const extra of ['bench/parse.mjs', 'bench/capture.mjs']) {
  if (existsSync(extra) && !args.includes('--no-micro')) {
    console.log(`\n## ${extra}`);
    spawnSync('node', [extra, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
  }
}
