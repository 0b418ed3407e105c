import { describe, expect, it } from 'vitest';
import {
  ETH_IPV6,
  LINKTYPE_ETHERNET,
  LINKTYPE_IPV4,
  LINKTYPE_IPV6,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_LOOP,
  LINKTYPE_NULL,
  LINKTYPE_RAW,
  ethernet,
  ipv4,
  ipv6,
  nullLoop,
  pcapFile,
  qinq,
  sip,
  sll,
  sll2,
  udp,
  vlan,
} from '../helpers/pcap-writer.js';
import { callIdOf, codes, collect } from './collect.js';

const T = 1_700_000_000_000_000_000n;
const v4 = () => ipv4(udp(sip('MESSAGE sip:bob@example.com SIP/2.0', { callId: 'v4' })), { protocol: 17, src: '198.51.100.1', dst: '198.51.100.2' });
const v6 = () => ipv6(udp(sip('MESSAGE sip:bob@example.com SIP/2.0', { callId: 'v6' })), { nextHeader: 17, src: '2001:db8::1', dst: '2001:db8:0:0:1::2' });

async function one(linkType: number, data: Buffer) {
  return collect(pcapFile([{ timeNs: T, data }], { linkType }));
}

describe('link layers', () => {
  const cases: [string, number, () => Buffer, string][] = [
    ['Ethernet', LINKTYPE_ETHERNET, () => ethernet(v4()), 'v4'],
    ['Ethernet IPv6', LINKTYPE_ETHERNET, () => ethernet(v6(), ETH_IPV6), 'v6'],
    ['802.1Q', LINKTYPE_ETHERNET, () => vlan(v4(), 42), 'v4'],
    ['MPLS (two labels)', LINKTYPE_ETHERNET, () => ethernet(Buffer.concat([Buffer.from('00064040000651ff', 'hex'), v6()]), 0x8847), 'v6'],
    ['QinQ 802.1ad', LINKTYPE_ETHERNET, () => qinq(v4(), 100, 42), 'v4'],
    ['Linux SLL', LINKTYPE_LINUX_SLL, () => sll(v4()), 'v4'],
    ['Linux SLL2', LINKTYPE_LINUX_SLL2, () => sll2(v6(), ETH_IPV6), 'v6'],
    ['BSD NULL', LINKTYPE_NULL, () => nullLoop(v4(), 2), 'v4'],
    ['BSD NULL IPv6 (AF 30)', LINKTYPE_NULL, () => nullLoop(v6(), 30), 'v6'],
    ['OpenBSD LOOP', LINKTYPE_LOOP, () => nullLoop(v4(), 2, true), 'v4'],
    ['raw IP (101)', LINKTYPE_RAW, () => v6(), 'v6'],
    ['raw IPv4 (228)', LINKTYPE_IPV4, () => v4(), 'v4'],
    ['raw IPv6 (229)', LINKTYPE_IPV6, () => v6(), 'v6'],
    ['IPv4 in IPv4', LINKTYPE_RAW, () => ipv4(v4(), { protocol: 4, src: '203.0.113.1', dst: '203.0.113.2' }), 'v4'],
    ['IPv6 in IPv4', LINKTYPE_RAW, () => ipv4(v6(), { protocol: 41, src: '203.0.113.1', dst: '203.0.113.2' }), 'v6'],
  ];
  for (const [name, linkType, build, id] of cases) {
    it(`finds SIP under ${name}`, async () => {
      const c = await one(linkType, build());
      expect(c.texts.map(callIdOf)).toEqual([id]);
      expect(c.diagnostics).toEqual([]);
      const ref = c.messages[0].ref;
      if (id === 'v4') expect([ref.src?.ip, ref.dst?.ip]).toEqual(['198.51.100.1', '198.51.100.2']);
      else expect([ref.src?.ip, ref.dst?.ip]).toEqual(['2001:db8::1', '2001:db8::1:0:0:2']);
      expect(ref.encapsulation).toBe(name.includes(' in ') ? 'ipip' : undefined);
    });
  }

  const gre = (flags: number, protocol: number, extra: Buffer, inner: Buffer) => {
    const h = Buffer.alloc(4);
    h.writeUInt16BE(flags, 0);
    h.writeUInt16BE(protocol, 2);
    return ipv4(Buffer.concat([h, extra, inner]), { protocol: 47, src: '203.0.113.1', dst: '203.0.113.2' });
  };

  it('finds SIP in Ethernet over GRE (0x6558) and in ERSPAN type II (0x88be, with sequence number)', async () => {
    const teb = await one(LINKTYPE_ETHERNET, ethernet(gre(0, 0x6558, Buffer.alloc(0), ethernet(v4()))));
    expect(teb.texts.map(callIdOf)).toEqual(['v4']);
    expect(teb.messages[0].ref.encapsulation).toBe('gre');
    const erspan = await one(LINKTYPE_ETHERNET, ethernet(gre(0x1000, 0x88be, Buffer.alloc(4 + 8), ethernet(v4()))));
    expect(erspan.texts.map(callIdOf)).toEqual(['v4']);
    expect(erspan.messages[0].ref.encapsulation).toBe('erspan');
    expect(erspan.messages[0].ref.src?.ip).toBe('198.51.100.1');
  });

  // Enhanced GRE (PPTP, version 1): key, sequence and acknowledgment numbers, 12 bytes.
  it('finds SIP in PPP over GRE and in PPPoE sessions', async () => {
    const pppInGre = await one(LINKTYPE_ETHERNET, ethernet(gre(0x3081, 0x880b, Buffer.alloc(12), Buffer.concat([Buffer.from([0xff, 0x03, 0x00, 0x21]), v4()]))));
    expect(pppInGre.texts.map(callIdOf)).toEqual(['v4']);
    const pppoeHeader = Buffer.from([0x11, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x21]);
    pppoeHeader.writeUInt16BE(v4().length + 2, 4);
    const pppoe = await one(LINKTYPE_ETHERNET, ethernet(Buffer.concat([pppoeHeader, v4()]), 0x8864));
    expect(pppoe.texts.map(callIdOf)).toEqual(['v4']);
  });

  it('walks IPv6 extension headers (hop-by-hop, destination options) to UDP', async () => {
    const hop = Buffer.from([60, 0, 1, 4, 0, 0, 0, 0]); // next: destination options; PadN
    const dst = Buffer.from([17, 0, 1, 4, 0, 0, 0, 0]); // next: UDP
    const inner = udp(sip('MESSAGE sip:bob@example.com SIP/2.0', { callId: 'ext' }));
    const c = await one(LINKTYPE_IPV6, ipv6(Buffer.concat([hop, dst, inner]), { nextHeader: 0 }));
    expect(c.texts.map(callIdOf)).toEqual(['ext']);
  });

  it('finds SIP inside VXLAN (UDP 4789)', async () => {
    const vxlanHeader = Buffer.from('0800000000123400', 'hex');
    const c = await one(LINKTYPE_ETHERNET, ethernet(ipv4(udp(Buffer.concat([vxlanHeader, ethernet(v4())]), 50000, 4789), { protocol: 17, src: '203.0.113.1', dst: '203.0.113.2' })));
    expect(c.texts.map(callIdOf)).toEqual(['v4']);
    expect(c.messages[0].ref.encapsulation).toBe('vxlan');
    expect(c.messages[0].ref.src?.ip).toBe('198.51.100.1');
  });

  it('names an unsupported link type once', async () => {
    const c = await collect(pcapFile([{ timeNs: T, data: v4() }, { timeNs: T, data: v4() }], { linkType: 147 }));
    expect(c.messages).toEqual([]);
    expect(codes(c)).toEqual(['capture.unsupported-link-type']);
    expect(c.diagnostics[0].message).toContain('147');
    expect(c.stats.packets).toBe(2);
  });
});
