import { gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs, mergeSources, openInput } from '../../src/capture/index.js';
import { LINKTYPE_RAW, ipv4, pcapFile, sip, udp } from '../helpers/pcap-writer.js';
import { callIdOf, collect } from './collect.js';

const sngrepLog = Buffer.from(
  '2023/11/14 22:13:20.009999 192.0.2.10:5060 -> 192.0.2.20:5060\n' +
    sip('OPTIONS sip:bob@example.com SIP/2.0', { callId: 'txt', cseq: '1 OPTIONS' }).toString('latin1') +
    '\n',
  'latin1',
);

describe('openInput dispatch', () => {
  it('hands text logs (plain and gzip) to the text readers', async () => {
    for (const bytes of [sngrepLog, gzipSync(sngrepLog)]) {
      const c = await collect(bytes, undefined, 'x.txt');
      expect(c.stats.format).toBe('sngrep');
      expect(c.texts.map(callIdOf)).toEqual(['txt']);
    }
  });

  it('--input-format forces a reader', async () => {
    const c = await collect(sip('OPTIONS sip:x@example.com SIP/2.0', { callId: 'forced' }), { inputFormat: 'raw-sip' }, 'x.dat');
    expect(c.stats.format).toBe('raw-sip');
    expect(c.texts.map(callIdOf)).toEqual(['forced']);
  });
});

describe('expandInputs', () => {
  it('walks directories in sorted order, skips sidecars and hidden files, reports unreadable paths', async () => {
    const root = mkdtempSync(join(tmpdir(), 'imlint-expand-'));
    mkdirSync(join(root, 'b'));
    mkdirSync(join(root, 'a'));
    for (const f of ['b/2.pcap', 'b/1.pcap', 'a/z.pcapng', 'a/z.pcapng.expected.json', 'a/z.pcapng.tshark.tsv', 'a/.hidden', 'top.log']) {
      writeFileSync(join(root, f), 'x');
    }
    symlinkSync(root, join(root, 'a', 'loop')); // a symlink loop must not recurse forever
    const { files, diagnostics } = await expandInputs([root, join(root, 'missing.pcap')]);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(['a/z.pcapng', 'b/1.pcap', 'b/2.pcap', 'top.log']);
    expect(diagnostics.map((d) => [d.code, d.input])).toEqual([['input.unreadable', join(root, 'missing.pcap')]]);
  });
});

describe('mergeSources', () => {
  it('merges inputs by capture time (ring-buffer files interleaved)', async () => {
    const T = 1_700_000_000_000_000_000n;
    const mk = (ids: [string, bigint][]) =>
      pcapFile(
        ids.map(([id, t]) => ({ timeNs: T + t, data: ipv4(udp(sip('MESSAGE sip:b@example.com SIP/2.0', { callId: id })), { protocol: 17 }) })),
        { linkType: LINKTYPE_RAW, nanos: true },
      );
    const dir = mkdtempSync(join(tmpdir(), 'imlint-merge-'));
    const a = join(dir, 'a.pcap');
    const b = join(dir, 'b.pcap');
    writeFileSync(a, mk([['a1', 1n], ['a2', 5n], ['a3', 9n]]));
    writeFileSync(b, mk([['b1', 2n], ['b2', 3n], ['b3', 9n]]));
    const merged: string[] = [];
    for await (const batch of mergeSources([await openInput(a), await openInput(b)])) {
      for (const m of batch.messages) merged.push(callIdOf(m.data.toString('latin1')) ?? '?');
    }
    expect(merged).toEqual(['a1', 'b1', 'b2', 'a2', 'a3', 'b3']);
  });
});
