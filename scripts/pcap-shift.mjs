#!/usr/bin/env node
// pcap-shift: move the timestamps of every record after a point by Δ seconds, leaving every other
// byte as it was. It lets a SIPp run that pauses one second stand for a session that waited 900 s
// or 1800 s (fixtures/sipp/README.md says which captures were shifted, where and by how much).
//
//   node scripts/pcap-shift.mjs IN OUT --by SECONDS (--after-frame N | --after-time T | --from-match TEXT)
//
// --after-frame N    shifts frames N+1, N+2, ... (frames are numbered from 1, as in tshark).
// --after-time T     shifts records stamped later than T: epoch seconds, or "+S" = S seconds after
//                    the first record.
// --from-match TEXT  shifts the first record whose bytes contain TEXT (latin1), and every record
//                    after it: "UPDATE sip:" picks the refresh without knowing its frame number,
//                    which TCP acknowledgements make vary from run to run.
// SECONDS and T are decimals; they are read digit by digit into nanoseconds, never through a float.
// Classic pcap only (the four magics: little/big endian × µs/ns), which is what tcpdump -w writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const NS_PER_S = 1_000_000_000n;
const MAGICS = new Map([
  [0xa1b2c3d4, 1000n], // µs
  [0xa1b23c4d, 1n], // ns
]);

/** "12.5" or "-0.000000001" → nanoseconds, exactly. */
export function parseSecondsNs(text) {
  const m = /^([+-]?)(\d+)(?:\.(\d{1,9}))?$/.exec(String(text).trim());
  if (!m) throw new Error(`not a decimal number of seconds: ${JSON.stringify(text)}`);
  const ns = BigInt(m[2]) * NS_PER_S + BigInt((m[3] ?? '').padEnd(9, '0'));
  return m[1] === '-' ? -ns : ns;
}

/** Byte order and tick of a classic pcap header; throws on anything else. */
export function pcapLayout(buf) {
  if (buf.subarray(0, 4).toString('hex') === '0a0d0d0a') throw new Error('pcapng is not supported: write classic pcap (tcpdump -w)');
  if (buf.length < 24) throw new Error('file too short for a pcap header (24 bytes)');
  for (const littleEndian of [true, false]) {
    const magic = littleEndian ? buf.readUInt32LE(0) : buf.readUInt32BE(0);
    const nsPerTick = MAGICS.get(magic);
    if (nsPerTick !== undefined) return { littleEndian, nsPerTick };
  }
  throw new Error(`not a pcap file (magic ${buf.subarray(0, 4).toString('hex')})`);
}

/**
 * Returns a copy of `buf` with the timestamps of the selected records moved by `deltaNs`.
 * `afterFrame` (records numbered from 1), `afterTimeNs` (epoch ns) or `fromMatch` (text in the
 * record) selects them; exactly one.
 */
export function shiftPcap(buf, { deltaNs, afterFrame, afterTimeNs, fromMatch }) {
  if ([afterFrame, afterTimeNs, fromMatch].filter((x) => x !== undefined).length !== 1) {
    throw new Error('give exactly one of afterFrame, afterTimeNs, fromMatch');
  }
  const needle = fromMatch === undefined ? undefined : Buffer.from(fromMatch, 'latin1');
  let matched = false;
  const { littleEndian, nsPerTick } = pcapLayout(buf);
  const read = (at) => BigInt(littleEndian ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const out = Buffer.from(buf);
  const write = (at, v) => (littleEndian ? out.writeUInt32LE(Number(v), at) : out.writeUInt32BE(Number(v), at));
  const tickPerS = NS_PER_S / nsPerTick;
  if (deltaNs % nsPerTick !== 0n) throw new Error(`a shift of ${deltaNs} ns is finer than this file's ${nsPerTick} ns resolution`);
  let shifted = 0;
  let frame = 0;
  for (let at = 24; at < buf.length; ) {
    if (at + 16 > buf.length) throw new Error(`truncated record header at byte ${at}`);
    const inclLen = Number(read(at + 8));
    if (at + 16 + inclLen > buf.length) throw new Error(`truncated record ${frame + 1} at byte ${at}`);
    frame++;
    const tNs = read(at) * NS_PER_S + read(at + 4) * nsPerTick;
    if (needle && !matched) matched = buf.subarray(at + 16, at + 16 + inclLen).includes(needle);
    const selected = afterFrame !== undefined ? frame > afterFrame : needle ? matched : tNs > afterTimeNs;
    if (selected) {
      const ticks = (tNs + deltaNs) / nsPerTick;
      if (ticks < 0n || ticks / tickPerS > 0xffffffffn) throw new Error(`frame ${frame}: shifted time out of range`);
      write(at, ticks / tickPerS);
      write(at + 4, ticks % tickPerS);
      shifted++;
    }
    at += 16 + inclLen;
  }
  if (needle && !matched) throw new Error(`no record contains ${JSON.stringify(fromMatch)}`);
  return { data: out, frames: frame, shifted };
}

/** Epoch ns of the first record (for "+S" relative times), or null for an empty capture. */
export function firstRecordNs(buf) {
  const { littleEndian, nsPerTick } = pcapLayout(buf);
  if (buf.length < 40) return null;
  const read = (at) => BigInt(littleEndian ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  return read(24) * NS_PER_S + read(28) * nsPerTick;
}

function main(argv) {
  const args = { positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (['--by', '--after-frame', '--after-time', '--from-match'].includes(a)) args[a] = argv[++i];
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.positional.push(a);
  }
  const [input, output] = args.positional;
  if (!input || !output || args['--by'] === undefined) {
    throw new Error('usage: pcap-shift.mjs IN OUT --by SECONDS (--after-frame N | --after-time T|+S | --from-match TEXT)');
  }
  const buf = readFileSync(input);
  const opts = { deltaNs: parseSecondsNs(args['--by']) };
  if (args['--after-frame'] !== undefined) {
    if (!/^\d+$/.test(args['--after-frame'])) throw new Error('--after-frame takes a frame number');
    opts.afterFrame = Number(args['--after-frame']);
  }
  if (args['--after-time'] !== undefined) {
    const t = args['--after-time'];
    opts.afterTimeNs = t.startsWith('+') ? (firstRecordNs(buf) ?? 0n) + parseSecondsNs(t.slice(1)) : parseSecondsNs(t);
  }
  opts.fromMatch = args['--from-match'];
  const { data, frames, shifted } = shiftPcap(buf, opts);
  writeFileSync(output, data);
  process.stderr.write(`pcap-shift: ${shifted} of ${frames} records moved by ${args['--by']} s\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`pcap-shift: ${e.message}\n`);
    process.exit(1);
  }
}
