// Damaged input never throws: random byte flips and cuts in captures of every shape end as
// diagnostics, and the reader keeps going (property test, fast-check).
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  LINKTYPE_ETHERNET,
  TCP_ACK,
  ethernet,
  hep3,
  ipv4,
  ipv4Fragments,
  ipv6,
  pcapFile,
  pcapngFile,
  sctpData,
  sip,
  tcp,
  udp,
  wsFrame,
  ETH_IPV6,
} from '../helpers/pcap-writer.js';
import { collect } from './collect.js';

const T = 1_700_000_000_000_000_000n;
const msg = (id: string) => sip('INVITE sip:bob@example.com SIP/2.0', { callId: id, body: 'v=0\r\n'.repeat(30) });
const stream = Buffer.concat([msg('t1'), msg('t2')]);
const packets = [
  ethernet(ipv4(udp(msg('u1')), { protocol: 17 })),
  ...ipv4Fragments(udp(Buffer.concat([msg('f1'), Buffer.alloc(2000, 0x41)])), 1480, { protocol: 17, id: 3 }).map((p) => ethernet(p)),
  ethernet(ipv4(tcp(stream.subarray(0, 300), 1, TCP_ACK), { protocol: 6 })),
  ethernet(ipv4(tcp(stream.subarray(300), 301, TCP_ACK), { protocol: 6 })),
  ethernet(ipv4(tcp(wsFrame(msg('w1'), { mask: Buffer.from([1, 2, 3, 4]) }), 1, TCP_ACK, 40000, 8080), { protocol: 6 })),
  ethernet(ipv6(udp(hep3(msg('h1'), { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 5060, sec: 1, usec: 2 }), 9060, 9060), { nextHeader: 17 }), ETH_IPV6),
  ethernet(ipv4(sctpData(msg('s1'), 1), { protocol: 132 })),
];
const frames = packets.map((data, i) => ({ timeNs: T + BigInt(i) * 1000n, data }));
const pcap = pcapFile(frames, { linkType: LINKTYPE_ETHERNET });
const pcapng = pcapngFile([{ interfaces: [{ linkType: LINKTYPE_ETHERNET, tsresol: 9 }], frames }]);

describe('damaged captures', () => {
  it('the undamaged captures give every message', async () => {
    for (const file of [pcap, pcapng]) {
      const c = await collect(file);
      expect(c.messages).toHaveLength(7);
    }
  });

  for (const [name, file] of [
    ['pcap', pcap],
    ['pcapng', pcapng],
    ['gzip pcap', gzipSync(pcap)],
  ] as const) {
    it(`random flips and cuts in ${name} end as diagnostics, never exceptions`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(file.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
          fc.option(fc.nat(file.length), { nil: undefined }),
          async (flips, cut) => {
            const bytes = Buffer.from(file);
            for (const [at, value] of flips) bytes[at] = value;
            const damaged = cut === undefined ? bytes : bytes.subarray(0, cut);
            const c = await collect(damaged);
            expect(c.stats.sipMessages).toBe(c.messages.length);
            for (const d of c.diagnostics) expect(typeof d.code).toBe('string');
            if (flips.length === 0 && cut === undefined) expect(c.messages).toHaveLength(7);
          },
        ),
        { numRuns: 150 },
      );
    });
  }
});
