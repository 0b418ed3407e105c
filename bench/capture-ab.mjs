#!/usr/bin/env node
// A/B of the capture reader: every message (bytes and ref), every diagnostic and the final stats
// that openInput yields, for an old compiled tree and a new one, over every capture and log in
// fixtures/ and ../shared/corpus/ and the 100 MB bench capture. Prints the inputs that differ
// (with the first differing record) and exits 1 if any does.
//   node bench/capture-ab.mjs OLD_DIST [NEW_DIST=dist] [--no-bench] [files...]
// Batch boundaries are not compared (batch sizes are the reader's to choose), the order of
// messages and of diagnostics is, each stream on its own.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);

const json = (v) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));

// Child mode: one tree, a list of files; one line per file: path, digests, first records.
if (args[0] === '--child') {
  const { openInput } = await import(pathToFileURL(resolve(args[1], 'capture/index.js')).href);
  for (const file of args.slice(2)) {
    const msgHash = createHash('sha256');
    const diagHash = createHash('sha256');
    let messages = 0;
    let diagnostics = 0;
    let lastBytesRead = 0;
    let notBuffers = 0;
    const firsts = { msg: [], diag: [] };
    const source = await openInput(file);
    for await (const batch of source.batches()) {
      for (const m of batch.messages) {
        if (!Buffer.isBuffer(m.data)) notBuffers++;
        const line = `${json(m.ref)} ${m.data.toString('base64')}\n`;
        msgHash.update(line);
        if (messages < 3) firsts.msg.push(line);
        messages++;
      }
      for (const d of batch.diagnostics) {
        const line = `${json(d)}\n`;
        diagHash.update(line);
        if (diagnostics < 3) firsts.diag.push(line);
        diagnostics++;
      }
      lastBytesRead = batch.bytesRead;
    }
    console.log(json({ file, messages, diagnostics, msg: msgHash.digest('hex'), diag: diagHash.digest('hex'), stats: source.stats, lastBytesRead, notBuffers, firsts }));
  }
  process.exit(0);
}

const [oldDist, newDist = 'dist'] = args.filter((a) => !a.startsWith('--'));
const explicit = args.filter((a) => !a.startsWith('--')).slice(2);
const SKIP = /\.(json|tsv|md|ts|txt\.expected)$|SHA256SUMS$/;
function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (!SKIP.test(name)) out.push(p);
  }
  return out;
}
let files = explicit;
if (files.length === 0) {
  files = [...walk('fixtures', []), ...walk('../shared/corpus', [])];
  if (!args.includes('--no-bench')) files.push('bench/out/capture-100mb.pcap');
}

function run(dist) {
  const r = spawnSync('node', ['bench/capture-ab.mjs', '--child', dist, ...files], { maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${dist}: exit ${r.status}: ${r.stderr}`);
  return r.stdout.toString().trim().split('\n').map((l) => JSON.parse(l));
}
const a = run(oldDist);
const b = run(newDist);
let differ = 0;
let messages = 0;
for (let i = 0; i < files.length; i++) {
  messages += a[i].messages;
  if (json(a[i]) !== json(b[i]) || b[i].notBuffers > 0) {
    differ++;
    console.log(`DIFF ${files[i]}\n  old ${json(a[i])}\n  new ${json(b[i])}`);
  }
}
console.log(`${files.length} inputs, ${messages} messages: ${differ === 0 ? 'identical' : `${differ} differ`}`);
process.exit(differ === 0 ? 0 : 1);
