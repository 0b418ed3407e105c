import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module script without type declarations
import { parseSecondsNs, shiftPcap } from '../../scripts/pcap-shift.mjs';

interface RecordSpec {
  sec: number;
  frac: number; // µs or ns, depending on the file
  payload: Buffer;
}

/** A classic pcap (link type 101, raw IP) written field by field, in either byte order. */
function makePcap(records: RecordSpec[], opts: { bigEndian?: boolean; nano?: boolean } = {}): Buffer {
  const le = !opts.bigEndian;
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(v);
    else b.writeUInt32BE(v);
    return b;
  };
  const u16 = (v: number) => {
    const b = Buffer.alloc(2);
    if (le) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  };
  const parts = [u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4), u16(2), u16(4), u32(0), u32(0), u32(65535), u32(101)];
  for (const r of records) parts.push(u32(r.sec), u32(r.frac), u32(r.payload.length), u32(r.payload.length), r.payload);
  return Buffer.concat(parts);
}

/** Reads back (sec, frac, payload) of every record, independently of the tool. */
function readRecords(buf: Buffer, bigEndian = false): RecordSpec[] {
  const rd = (at: number) => (bigEndian ? buf.readUInt32BE(at) : buf.readUInt32LE(at));
  const out: RecordSpec[] = [];
  for (let at = 24; at < buf.length; ) {
    const len = rd(at + 8);
    out.push({ sec: rd(at), frac: rd(at + 4), payload: buf.subarray(at + 16, at + 16 + len) });
    at += 16 + len;
  }
  return out;
}

const sip = (text: string) => Buffer.from(text, 'latin1');
const threeRecords: RecordSpec[] = [
  { sec: 1_700_000_000, frac: 100, payload: sip('INVITE sip:bob@im.example.net SIP/2.0\r\n\r\n') },
  { sec: 1_700_000_000, frac: 999_999, payload: sip('SIP/2.0 200 OK\r\n\r\n') },
  { sec: 1_700_000_001, frac: 600_000, payload: sip('UPDATE sip:bob@127.0.0.1 SIP/2.0\r\n\r\n') },
];

describe('parseSecondsNs', () => {
  it('reads decimals exactly, without a float', () => {
    expect(parseSecondsNs('898')).toBe(898_000_000_000n);
    expect(parseSecondsNs('0.000000001')).toBe(1n);
    expect(parseSecondsNs('1767.5')).toBe(1_767_500_000_000n);
    expect(parseSecondsNs('-2.25')).toBe(-2_250_000_000n);
    expect(() => parseSecondsNs('1e3')).toThrow(/decimal/);
    expect(() => parseSecondsNs('0.0000000001')).toThrow(/decimal/);
  });
});

describe('shiftPcap', () => {
  it('moves only the records after frame N, carrying microseconds into seconds', () => {
    const input = makePcap(threeRecords);
    const { data, frames, shifted } = shiftPcap(input, { afterFrame: 1, deltaNs: parseSecondsNs('898.5') });
    expect([frames, shifted]).toEqual([3, 2]);
    const recs = readRecords(data);
    expect(recs.map((r) => [r.sec, r.frac])).toEqual([
      [1_700_000_000, 100],
      [1_700_000_899, 499_999], // .999999 + .5 = 1.499999
      [1_700_000_900, 100_000],
    ]);
    expect(recs.map((r) => r.payload.toString('latin1'))).toEqual(threeRecords.map((r) => r.payload.toString('latin1')));
    // Nothing but the 8 timestamp bytes of records 2 and 3 changed.
    const changed = [...input.keys()].filter((i) => input[i] !== data[i]);
    const rec2 = 24 + 16 + threeRecords[0].payload.length;
    const rec3 = rec2 + 16 + threeRecords[1].payload.length;
    expect(changed.every((i) => (i >= rec2 && i < rec2 + 8) || (i >= rec3 && i < rec3 + 8))).toBe(true);
    expect(readRecords(input)[1].sec).toBe(1_700_000_000); // the input buffer is left alone
  });

  it('selects by time, and handles big-endian nanosecond files', () => {
    const recs = threeRecords.map((r) => ({ ...r, frac: r.frac * 1000 }));
    const input = makePcap(recs, { bigEndian: true, nano: true });
    const after = 1_700_000_000n * 1_000_000_000n + 999_999_000n; // record 2 is not later than this
    const { data, shifted } = shiftPcap(input, { afterTimeNs: after, deltaNs: parseSecondsNs('0.4') });
    expect(shifted).toBe(1);
    expect(readRecords(data, true).map((r) => [r.sec, r.frac])).toEqual([
      [1_700_000_000, 100_000],
      [1_700_000_000, 999_999_000],
      [1_700_000_002, 0],
    ]);
  });

  it('selects from the first record holding a text, so a refresh is found without its frame number', () => {
    const input = makePcap([...threeRecords, { sec: 1_700_000_002, frac: 0, payload: sip('SIP/2.0 200 OK\r\nCSeq: 2 UPDATE\r\n\r\n') }]);
    const { data, shifted } = shiftPcap(input, { fromMatch: 'UPDATE sip:', deltaNs: parseSecondsNs('898') });
    expect(shifted).toBe(2);
    expect(readRecords(data).map((r) => r.sec)).toEqual([1_700_000_000, 1_700_000_000, 1_700_000_899, 1_700_000_900]);
    expect(() => shiftPcap(input, { fromMatch: 'SUBSCRIBE sip:', deltaNs: 1000n })).toThrow(/no record contains "SUBSCRIBE sip:"/);
  });

  it('shifting by Δ then by −Δ gives back the same bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ sec: fc.integer({ min: 10_000, max: 2_000_000_000 }), frac: fc.integer({ min: 0, max: 999_999 }) }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 8 }),
        fc.bigInt({ min: 0n, max: 5_000_000_000n }),
        (stamps, afterFrame, deltaUs) => {
          // µs files hold whole microseconds: Δ is a whole number of µs.
          const deltaNs = deltaUs * 1000n;
          const input = makePcap(stamps.map((s, i) => ({ ...s, payload: sip(`p${i}`) })));
          const there = shiftPcap(input, { afterFrame, deltaNs }).data;
          const back = shiftPcap(there, { afterFrame, deltaNs: -deltaNs }).data;
          return back.equals(input) && (afterFrame >= stamps.length || deltaNs === 0n || !there.equals(input));
        },
      ),
    );
  });

  it('refuses what it cannot rewrite faithfully', () => {
    const input = makePcap(threeRecords);
    expect(() => shiftPcap(input.subarray(0, input.length - 3), { afterFrame: 0, deltaNs: 1000n })).toThrow(/truncated record 3/);
    expect(() => shiftPcap(Buffer.from('0a0d0d0a000000001a2b3c4d00000000', 'hex'), { afterFrame: 0, deltaNs: 1000n })).toThrow(/pcapng/);
    expect(() => shiftPcap(input, { deltaNs: 1n })).toThrow(/exactly one/);
    expect(() => shiftPcap(input, { afterFrame: 0, deltaNs: 1500n })).toThrow(/finer than this file's 1000 ns resolution/);
    expect(() => shiftPcap(input, { afterFrame: 0, deltaNs: -1_700_000_001n * 1_000_000_000n })).toThrow(/out of range/);
  });
});

describe('pcap-shift command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcap-shift-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the shifted file and reports what it moved', () => {
    const inPath = join(dir, 'in.pcap');
    const outPath = join(dir, 'out.pcap');
    writeFileSync(inPath, makePcap(threeRecords));
    const r = spawnSync(process.execPath, ['scripts/pcap-shift.mjs', inPath, outPath, '--by', '60', '--after-time', '+1'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('1 of 3 records moved by 60 s');
    expect(readRecords(readFileSync(outPath)).map((x) => x.sec)).toEqual([1_700_000_000, 1_700_000_000, 1_700_000_061]);
  });

  it('exits 1 with a message on bad input', () => {
    const r = spawnSync(process.execPath, ['scripts/pcap-shift.mjs', join(dir, 'missing.pcap'), join(dir, 'x'), '--by', '1', '--after-frame', '1'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^pcap-shift: /);
  });
});
