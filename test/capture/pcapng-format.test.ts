import { describe, expect, it } from 'vitest';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW, ethernet, ipv4, pcapngFile, sip, sll2, udp } from '../helpers/pcap-writer.js';
import { callIdOf, codes, collect } from './collect.js';

const T = 1_700_000_000_123_456_789n;
const msg = (id: string) => ipv4(udp(sip('OPTIONS sip:bob@example.com SIP/2.0', { callId: id, cseq: '1 OPTIONS' })), { protocol: 17 });

describe('pcapng', () => {
  it('two interfaces with different link types and resolutions in one section', async () => {
    const file = pcapngFile([
      {
        interfaces: [{ linkType: LINKTYPE_ETHERNET }, { linkType: LINKTYPE_LINUX_SLL2, tsresol: 9 }],
        unknownBlocks: 2,
        frames: [
          { timeNs: T, data: ethernet(msg('eth')), iface: 0 },
          { timeNs: T + 1n, data: sll2(msg('sll2')), iface: 1 },
        ],
      },
    ]);
    const c = await collect(file, undefined, 'two.pcapng');
    expect(c.stats.format).toBe('pcapng');
    expect(c.texts.map(callIdOf)).toEqual(['eth', 'sll2']);
    expect(c.messages[0].ref.timeNs).toBe((T / 1000n) * 1000n); // µs interface
    expect(c.messages[1].ref.timeNs).toBe(T + 1n); // ns interface
    expect(c.messages.map((m) => m.ref.frame)).toEqual([1, 2]);
    expect(c.diagnostics).toEqual([]);
  });

  it('sections with their own byte order; interfaces restart per section', async () => {
    const file = pcapngFile([
      { interfaces: [{ linkType: LINKTYPE_ETHERNET }], frames: [{ timeNs: T, data: ethernet(msg('le')) }] },
      { bigEndian: true, interfaces: [{ linkType: LINKTYPE_RAW, tsresol: 9 }], frames: [{ timeNs: T, data: msg('be') }] },
    ]);
    const c = await collect(file);
    expect(c.texts.map(callIdOf)).toEqual(['le', 'be']);
    expect(c.messages[1].ref.timeNs).toBe(T);
    expect(c.messages[1].ref.frame).toBe(2);
  });

  it('power-of-two if_tsresol and if_tsoffset', async () => {
    const base = 1_700_000_000n * 1_000_000_000n;
    const file = pcapngFile([
      {
        interfaces: [{ linkType: LINKTYPE_RAW, tsresol: 0x80 | 20, tsoffset: 1_600_000_000 }],
        frames: [{ timeNs: base + 500_000_000n, data: msg('p2') }],
      },
    ]);
    const c = await collect(file);
    // 2^-20 s units: 0.5 s is exact.
    expect(c.messages[0].ref.timeNs).toBe(base + 500_000_000n);
  });

  it('simple packet blocks (no timestamp) and obsolete packet blocks', async () => {
    const file = pcapngFile([
      {
        interfaces: [{ linkType: LINKTYPE_RAW, snaplen: 65535 }],
        frames: [
          { timeNs: T, data: msg('spb'), block: 'spb' },
          { timeNs: T, data: msg('pb'), block: 'pb' },
        ],
      },
    ]);
    const c = await collect(file);
    expect(c.texts.map(callIdOf)).toEqual(['spb', 'pb']);
    expect(c.messages[0].ref.timeNs).toBeNull();
    expect(c.messages[1].ref.timeNs).toBe((T / 1000n) * 1000n);
  });

  it('a packet naming an undescribed interface, and a truncated block, are diagnostics', async () => {
    const good = pcapngFile([{ interfaces: [{ linkType: LINKTYPE_RAW }], frames: [{ timeNs: T, data: msg('a') }, { timeNs: T, data: msg('b'), iface: 0 }] }]);
    const bad = Buffer.from(good);
    // Point the second EPB at interface 3: find it from the end (block length is its last word).
    const lastLen = bad.readUInt32LE(bad.length - 4);
    bad.writeUInt32LE(3, bad.length - lastLen + 8);
    const c = await collect(bad);
    expect(c.texts.map(callIdOf)).toEqual(['a']);
    expect(codes(c)).toEqual(['pcapng.unknown-interface']);
    const cut = await collect(good.subarray(0, good.length - 7));
    expect(cut.texts.map(callIdOf)).toEqual(['a']);
    expect(codes(cut)).toEqual(['pcapng.truncated-block']);
    expect(cut.diagnostics[0].offset).toBe(good.length - lastLen);
  });
});
