import { describe, expect, it } from 'vitest';
import { LINKTYPE_RAW, ipv4, ipv4Fragments, ipv6Fragments, pcapFile, sip, udp } from '../helpers/pcap-writer.js';
import { callIdOf, codes, collect } from './collect.js';

const T = 1_700_000_000_000_000_000n;
const big = sip('INVITE sip:bob@example.com SIP/2.0', { callId: 'frag', body: 'v=0\r\n' + 'a=x-filler:' + 'y'.repeat(3000) + '\r\n' });

function frames(packets: Buffer[], stepNs = 1_000_000n) {
  return pcapFile(packets.map((data, i) => ({ timeNs: T + BigInt(i) * stepNs, data })), { linkType: LINKTYPE_RAW });
}

describe('IP fragment reassembly', () => {
  it('reassembles an IPv4-fragmented INVITE arriving out of order, in the frame that completes it', async () => {
    const frags = ipv4Fragments(udp(big), 1480, { protocol: 17, id: 99 });
    expect(frags).toHaveLength(3);
    const c = await collect(frames([frags[2], frags[0], frags[1]]));
    expect(c.texts).toEqual([big.toString('latin1')]);
    expect(c.messages[0].ref.frame).toBe(3);
    expect(c.diagnostics).toEqual([]);
  });

  it('reassembles IPv6 fragments', async () => {
    const frags = ipv6Fragments(udp(big), 1232, { nextHeader: 17, id: 5 });
    const c = await collect(frames([frags[1], frags[2], frags[0]]));
    expect(c.texts.map(callIdOf)).toEqual(['frag']);
  });

  it('duplicate fragments are harmless; conflicting overlaps are reported', async () => {
    const frags = ipv4Fragments(udp(big), 1480, { protocol: 17, id: 7 });
    const dup = await collect(frames([frags[0], frags[0], frags[1], frags[2]]));
    expect(dup.texts.map(callIdOf)).toEqual(['frag']);
    expect(dup.diagnostics).toEqual([]);
    const altered = Buffer.from(frags[1]);
    altered[altered.length - 1] ^= 0xff;
    const conflict = await collect(frames([frags[0], frags[1], altered, frags[2]]));
    expect(codes(conflict)).toEqual(['ip.fragment-overlap']);
    expect(conflict.diagnostics[0].frame).toBe(3);
    expect(conflict.texts).toEqual([big.toString('latin1')]); // first bytes kept
  });

  it('an incomplete datagram is reported at the end, its neighbours still read', async () => {
    const frags = ipv4Fragments(udp(big), 1480, { protocol: 17, id: 8 });
    const small = ipv4(udp(sip('BYE sip:bob@example.com SIP/2.0', { callId: 'bye' })), { protocol: 17 });
    const c = await collect(frames([frags[0], small, frags[2]]));
    expect(c.texts.map(callIdOf)).toEqual(['bye']);
    expect(codes(c)).toEqual(['ip.fragments-incomplete']);
    expect(c.diagnostics[0].frame).toBe(1);
  });

  it('fragments older than the timeout expire with a diagnostic', async () => {
    const frags = ipv4Fragments(udp(big), 1480, { protocol: 17, id: 9 });
    const c = await collect(frames([frags[0], frags[1], frags[2]], 40_000_000_000n), { limits: { fragmentTimeoutSec: 60 } });
    expect(c.messages).toEqual([]);
    expect(codes(c)).toEqual(['ip.fragments-incomplete', 'ip.fragments-incomplete']);
  });

  it('too many open datagrams evicts the oldest', async () => {
    const a = ipv4Fragments(udp(big), 1480, { protocol: 17, id: 1 });
    const b = ipv4Fragments(udp(big), 1480, { protocol: 17, id: 2 });
    const c = await collect(frames([a[0], b[0], b[1], b[2]]), { limits: { maxFragmentSets: 1 } });
    expect(c.texts.map(callIdOf)).toEqual(['frag']);
    expect(codes(c)).toEqual(['ip.fragments-incomplete']);
    expect(c.diagnostics[0].message).toContain('more than 1');
  });
});
