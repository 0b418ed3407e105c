import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LINKTYPE_ETHERNET, ethernet, ipv4, pcapFile, sip, udp, type Frame } from '../helpers/pcap-writer.js';
import { codes, collect } from './collect.js';

const T0 = 1_700_000_000_000_137_091n; // ns: a float would lose the last digits

function sipFrame(i: number, timeNs = T0 + BigInt(i) * 1_000_000n): Frame {
  return { timeNs, data: ethernet(ipv4(udp(sip('INVITE sip:bob@example.com SIP/2.0', { callId: `c${i}@h` })), { protocol: 17 })) };
}

describe('classic pcap', () => {
  for (const nanos of [false, true]) {
    for (const bigEndian of [false, true]) {
      it(`reads ${bigEndian ? 'big' : 'little'}-endian ${nanos ? 'ns' : 'µs'} files with exact timestamps`, async () => {
        const c = await collect(pcapFile([sipFrame(1), sipFrame(2)], { nanos, bigEndian }));
        expect(c.stats.format).toBe('pcap');
        expect(c.stats.packets).toBe(2);
        expect(c.messages.map((m) => m.ref.frame)).toEqual([1, 2]);
        const expected = nanos ? T0 + 1_000_000n : ((T0 + 1_000_000n) / 1000n) * 1000n;
        expect(c.messages[0].ref.timeNs).toBe(expected);
        expect(c.messages[0].ref.offset).toBe(24);
        expect(c.messages[0].ref.src).toEqual({ ip: '192.0.2.10', port: 5060 });
        expect(c.messages[0].ref.transport).toBe('udp');
        expect(c.stats.firstTimeNs).toBe(expected);
        expect(c.stats.sipMessages).toBe(2);
        expect(c.diagnostics).toEqual([]);
      });
    }
  }

  it('trims the FCS announced in the link-type field', async () => {
    const frame = Buffer.concat([sipFrame(1).data, Buffer.from('DEADBEEF', 'hex')]);
    const c = await collect(pcapFile([{ timeNs: T0, data: frame }], { fcsBytes: 4, linkType: LINKTYPE_ETHERNET }));
    expect(c.texts[0].endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
  });

  it('reads gzip-compressed captures transparently, offsets in the decompressed stream', async () => {
    const c = await collect(gzipSync(pcapFile([sipFrame(1), sipFrame(2)])), undefined, 'x.pcap.gz');
    expect(c.stats.format).toBe('pcap');
    expect(c.messages.map((m) => m.ref.offset)).toEqual([24, 24 + 16 + sipFrame(1).data.length]);
  });

  it('a truncated last record: earlier records analysed, a diagnostic with the byte offset', async () => {
    const whole = pcapFile([sipFrame(1), sipFrame(2)]);
    const cut = whole.subarray(0, whole.length - 10);
    const c = await collect(cut);
    expect(c.messages).toHaveLength(1);
    expect(codes(c)).toEqual(['pcap.truncated-record']);
    expect(c.diagnostics[0].offset).toBe(24 + 16 + sipFrame(1).data.length);
  });

  it('a corrupt record header stops reading with a diagnostic, keeping what came before', async () => {
    const whole = pcapFile([sipFrame(1), sipFrame(2)]);
    const second = 24 + 16 + sipFrame(1).data.length;
    whole.writeUInt32LE(0x7fffffff, second + 8);
    const c = await collect(whole);
    expect(c.messages).toHaveLength(1);
    expect(codes(c)).toEqual(['pcap.corrupt-record']);
    expect(c.diagnostics[0].offset).toBe(second);
  });

  it('a truncated gzip stream: what decompressed is analysed, then a read error', async () => {
    const frames = Array.from({ length: 200 }, (_, i) => sipFrame(i));
    const gz = gzipSync(pcapFile(frames));
    const c = await collect(gz.subarray(0, Math.floor(gz.length * 0.8)), undefined, 'cut.pcap.gz');
    expect(c.messages.length).toBeGreaterThan(0);
    expect(c.messages.length).toBeLessThan(200);
    expect(codes(c)).toContain('input.read-error');
  });

  it('streams a capture larger than the read window in several batches with bounded views', async () => {
    const frames = Array.from({ length: 12_000 }, (_, i) => sipFrame(i));
    const c = await collect(pcapFile(frames));
    expect(c.messages).toHaveLength(12_000);
    expect(c.batches).toBeGreaterThan(1);
    expect(c.messages.map((m) => m.ref.frame)).toEqual(frames.map((_, i) => i + 1));
    expect(new Set(c.texts.map((t) => /Call-ID: (\S+)/.exec(t)?.[1])).size).toBe(12_000);
  });

  it('reads no further than the consumer pulls (back-pressure)', async () => {
    const { openInput } = await import('../../src/capture/index.js');
    const { writeTemp } = await import('./collect.js');
    const frames = Array.from({ length: 40_000 }, (_, i) => sipFrame(i)); // ~17 MB
    const source = await openInput(writeTemp(pcapFile(frames)));
    const it = source.batches()[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    expect(first.value.bytesRead).toBeLessThanOrEqual(4 * 1024 * 1024);
    // Stats are live: the first batch already shows packets and the time reached.
    expect(source.stats.packets).toBe(first.value.messages.length);
    expect(source.stats.lastTimeNs).toBe(((T0 + BigInt(source.stats.packets - 1) * 1_000_000n) / 1000n) * 1000n);
    await it.return?.();
  });

  it('an empty file and an unknown format are diagnostics, not exceptions', async () => {
    expect(codes(await collect(Buffer.alloc(0)))).toEqual(['input.empty']);
    const netmon = Buffer.concat([Buffer.from('GMBU', 'latin1'), Buffer.alloc(100)]);
    const c = await collect(netmon, undefined, 'x.cap');
    expect(codes(c)).toEqual(['input.unknown-format']);
    expect(c.diagnostics[0].message).toContain('Network Monitor 2');
  });

  it('a missing file is a diagnostic', async () => {
    const { collectFile } = await import('./collect.js');
    const c = await collectFile('/nonexistent/capture.pcap');
    expect(codes(c)).toEqual(['input.unreadable']);
  });
});
