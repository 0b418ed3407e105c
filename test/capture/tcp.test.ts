import { describe, expect, it } from 'vitest';
import { LINKTYPE_IPV6, LINKTYPE_RAW, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, ipv4, ipv6, pcapFile, sip, tcp } from '../helpers/pcap-writer.js';
import { callIdOf, codes, collect } from './collect.js';

const T = 1_700_000_000_000_000_000n;
const ISN = 0xfffff000; // wraps past 2^32 within the test: sequence arithmetic must be modular
const A = sip('INVITE sip:bob@example.com SIP/2.0', { callId: 'a', body: 'v=0\r\n'.repeat(40) });
const B = sip('SIP/2.0 180 Ringing', { callId: 'b' });
const C = sip('BYE sip:bob@example.com SIP/2.0', { callId: 'c', cseq: '2 BYE' });
const stream = Buffer.concat([A, B, C]);

/** One TCP segment of `stream` from byte `from` to `to`, client → server. */
function seg(from: number, to: number, flags = TCP_ACK | TCP_PSH) {
  return ipv4(tcp(stream.subarray(from, to), ISN + 1 + from, flags, 40000, 5060), { protocol: 6 });
}
const syn = () => ipv4(tcp(Buffer.alloc(0), ISN, TCP_SYN, 40000, 5060), { protocol: 6 });
const fin = () => ipv4(tcp(Buffer.alloc(0), ISN + 1 + stream.length, TCP_FIN | TCP_ACK, 40000, 5060), { protocol: 6 });
const file = (packets: Buffer[]) => pcapFile(packets.map((data, i) => ({ timeNs: T + BigInt(i) * 1000n, data })), { linkType: LINKTYPE_RAW });

describe('TCP reassembly and SIP framing', () => {
  it('several messages stacked in one segment', async () => {
    const c = await collect(file([syn(), seg(0, stream.length), fin()]));
    expect(c.texts).toEqual([A, B, C].map((m) => m.toString('latin1')));
    expect(c.messages.map((m) => [m.ref.frame, m.ref.lastFrame])).toEqual([
      [2, undefined],
      [2, undefined],
      [2, undefined],
    ]);
    expect(c.messages[0].ref.transport).toBe('tcp');
    expect(c.diagnostics).toEqual([]);
  });

  it('one message across many segments: frame of the first byte, lastFrame of the last', async () => {
    const cuts = [0, 7, 50, 120, A.length + 3, stream.length];
    const segs = cuts.slice(1).map((to, i) => seg(cuts[i], to));
    const c = await collect(file([syn(), ...segs]));
    expect(c.texts.map(callIdOf)).toEqual(['a', 'b', 'c']);
    expect(c.texts[0]).toBe(A.toString('latin1'));
    expect(c.messages[0].ref.frame).toBe(2);
    expect(c.messages[0].ref.lastFrame).toBe(5); // A ends inside the segment [120, |A|+3)
    expect(c.messages[1].ref.frame).toBe(5);
    expect(c.messages[1].ref.lastFrame).toBe(6);
    expect(c.messages[0].ref.offset).toBeGreaterThan(0);
  });

  it('out-of-order segments wait for the hole', async () => {
    const mid = A.length + 10;
    const c = await collect(file([syn(), seg(mid, stream.length), seg(0, mid)]));
    expect(c.texts.map(callIdOf)).toEqual(['a', 'b', 'c']);
    expect(c.messages[1].ref.frame).toBe(3); // B starts in the late-arriving segment
    expect(c.diagnostics).toEqual([]);
  });

  it('retransmissions and partial overlaps are trimmed, not doubled', async () => {
    const c = await collect(file([syn(), seg(0, 100), seg(0, 100), seg(50, A.length + 20), seg(A.length, stream.length)]));
    expect(c.texts.map(callIdOf)).toEqual(['a', 'b', 'c']);
    expect(c.texts[0]).toBe(A.toString('latin1'));
    expect(c.diagnostics).toEqual([]);
  });

  it('a lost segment: the gap is reported and the stream resynchronises at the next start line', async () => {
    const lostFrom = 30;
    const lostTo = 60; // inside A
    const c = await collect(file([syn(), seg(0, lostFrom), seg(lostTo, stream.length)]));
    expect(c.texts.map(callIdOf)).toEqual(['b', 'c']);
    expect(codes(c)).toEqual(['tcp.gap', 'tcp.resync']);
    expect(c.diagnostics[0].message).toContain(`${lostTo - lostFrom} bytes`);
    expect(c.diagnostics[0].frame).toBe(3);
  });

  it('resynchronises at a message that starts right after a body without CRLF', async () => {
    const a = sip('MESSAGE sip:bob@example.com SIP/2.0', { callId: 'a2', body: 'no line end' });
    const bytes = Buffer.concat([a, B, C]);
    const part = (from: number, to: number) => ipv4(tcp(bytes.subarray(from, to), 1 + from, TCP_ACK, 40000, 5060), { protocol: 6 });
    const c = await collect(file([part(0, 20), part(40, bytes.length)]));
    expect(c.texts.map(callIdOf)).toEqual(['b', 'c']);
    expect(codes(c)).toEqual(['tcp.gap', 'tcp.resync']);
  });

  it('a flow seen from the middle (no SYN) syncs at the first start line', async () => {
    const c = await collect(file([seg(10, stream.length)]));
    expect(c.texts.map(callIdOf)).toEqual(['b', 'c']);
    expect(codes(c)).toEqual(['tcp.resync']);
  });

  it('a flow with no SIP start line in its first 64 KiB is taken as another protocol and left alone', async () => {
    const http = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n' + 'z\n'.repeat(40_000));
    const late = Buffer.concat([http, B]); // SIP after 80 KB of something else: not looked for
    const segs = [];
    for (let off = 0; off < late.length; off += 1400) segs.push(ipv4(tcp(late.subarray(off, off + 1400), 1 + off, TCP_ACK, 80, 40000), { protocol: 6 }));
    const c = await collect(file(segs));
    expect(c.messages).toEqual([]);
    expect(c.diagnostics).toEqual([]);
  });

  it('a message cut by the end of the capture is reported', async () => {
    const c = await collect(file([syn(), seg(0, A.length + B.length + 10)]));
    expect(c.texts.map(callIdOf)).toEqual(['a', 'b']);
    expect(codes(c)).toEqual(['tcp.incomplete-message']);
  });

  it('Content-Length frames the body (RFC 3261 §18.3); a missing one is taken as 0 with a diagnostic', async () => {
    const noLength = sip('OPTIONS sip:x@example.com SIP/2.0', { callId: 'nl', noContentLength: true });
    const payload = Buffer.concat([noLength, B]);
    const c = await collect(file([ipv4(tcp(payload, 1, TCP_ACK, 40000, 5060), { protocol: 6 })]));
    expect(c.texts.map(callIdOf)).toEqual(['nl', 'b']);
    expect(codes(c)).toEqual(['sip.missing-content-length']);
  });

  it('an IPv4 total length of 0 (segmentation offload on the capturing host) means the whole frame', async () => {
    const c = await collect(file([ipv4(tcp(Buffer.concat([B, C]), 1, TCP_ACK, 40000, 5060), { protocol: 6, totalLength: 0 })]));
    expect(c.texts.map(callIdOf)).toEqual(['b', 'c']);
    expect(c.diagnostics).toEqual([]);
  });

  it('CRLF keep-alives between messages are skipped', async () => {
    const payload = Buffer.concat([Buffer.from('\r\n\r\n'), B, Buffer.from('\r\n\r\n'), C]);
    const c = await collect(file([ipv4(tcp(payload, 1, TCP_ACK, 40000, 5060), { protocol: 6 })]));
    expect(c.texts.map(callIdOf)).toEqual(['b', 'c']);
    expect(c.diagnostics).toEqual([]);
  });

  it('TLS flows are counted as encrypted (one per connection), not analysed', async () => {
    const hello = Buffer.from('160301002a010000260303' + '00'.repeat(38), 'hex');
    const c = await collect(
      file([
        ipv4(tcp(hello, 1, TCP_ACK, 40000, 5061), { protocol: 6 }),
        ipv4(tcp(hello, 1, TCP_ACK, 5061, 40000), { protocol: 6, src: '192.0.2.20', dst: '192.0.2.10' }),
        ipv4(tcp(hello, 1, TCP_ACK, 40001, 5061), { protocol: 6 }),
      ]),
    );
    expect(c.messages).toEqual([]);
    expect(c.stats.encryptedFlows).toBe(2);
    expect(c.diagnostics).toEqual([]); // the report states the count once (stats.encryptedFlows)
  });

  it('too many open flows evicts the least recently used with a diagnostic', async () => {
    const part = (port: number) => ipv4(tcp(A.subarray(0, 40), 1, TCP_ACK, port, 5060), { protocol: 6 });
    const c = await collect(file([part(40001), part(40002)]), { limits: { maxOpenFlows: 1 } });
    expect(codes(c)).toEqual(['tcp.flow-evicted', 'tcp.incomplete-message', 'tcp.incomplete-message']);
  });

  it('a closed direction leaves nothing behind for the next flow (the reassembler reuses direction objects)', async () => {
    const hello = Buffer.from('160301002a010000260303' + '00'.repeat(38), 'hex');
    const flow = (port: number, seq: number, data: Buffer, flags = TCP_ACK | TCP_PSH) => ipv4(tcp(data, seq, flags, port, 5060), { protocol: 6 });
    const c = await collect(
      file([
        flow(40001, 1, hello), // TLS: counted, not read
        flow(40001, 1 + hello.length, Buffer.alloc(0), TCP_FIN | TCP_ACK),
        flow(40002, 1, A), // a new flow after the closed one: plain SIP, read
        flow(40003, 1, B.subarray(0, 40)), // half a message, then closed
        flow(40003, 41, Buffer.alloc(0), TCP_FIN | TCP_ACK),
        flow(40004, 1, C.subarray(0, 50)), // split across segments: nothing of 40003's half joins it
        flow(40004, 51, C.subarray(50)),
      ]),
    );
    expect(c.texts).toEqual([A, C].map((m) => m.toString('latin1')));
    expect(c.messages.map((m) => [m.ref.src.port, m.ref.frame, m.ref.lastFrame])).toEqual([
      [40002, 3, undefined],
      [40004, 6, 7],
    ]);
    expect(c.stats.encryptedFlows).toBe(1);
    expect(codes(c)).toEqual(['tcp.incomplete-message']);
    expect(c.diagnostics[0].frame).toBe(4);
  });

  it('IPv6 flows: interleaved split messages of several clients, both directions, stay apart', async () => {
    const clients = ['2001:db8::a', '2001:db8::b', '2001:db8:1::a'];
    const server = '2001:db8::5';
    const seg6 = (src: string, dst: string, sport: number, dport: number, data: Buffer, seq: number) =>
      ipv6(tcp(data, seq, TCP_ACK | TCP_PSH, sport, dport), { nextHeader: 6, src, dst });
    const message = (i: number, up: boolean) => sip(up ? 'MESSAGE sip:s@example.com SIP/2.0' : 'SIP/2.0 200 OK', { callId: `${up ? 'up' : 'down'}${i}` });
    const packets: Buffer[] = [];
    for (const half of [0, 1]) {
      clients.forEach((client, i) => {
        for (const up of [true, false]) {
          const m = message(i, up);
          const cut = m.length >> 1;
          const part = half === 0 ? m.subarray(0, cut) : m.subarray(cut);
          const seq = 1000 + (half === 0 ? 0 : cut);
          packets.push(up ? seg6(client, server, 5060, 5060, part, seq) : seg6(server, client, 5060, 5060, part, seq));
        }
      });
    }
    const c = await collect(pcapFile(packets.map((data, i) => ({ timeNs: T + BigInt(i), data })), { linkType: LINKTYPE_IPV6 }));
    expect(c.diagnostics).toEqual([]);
    expect(c.texts.map(callIdOf)).toEqual(['up0', 'down0', 'up1', 'down1', 'up2', 'down2']);
    expect(c.messages.map((m) => `${m.ref.src.ip}>${m.ref.dst.ip}`)).toEqual(clients.flatMap((client) => [`${client}>${server}`, `${server}>${client}`]));
  });

  it('a message larger than maxMessageBytes is skipped with a diagnostic, the next one is read', async () => {
    const huge = sip('MESSAGE sip:x@example.com SIP/2.0', { callId: 'huge', body: 'x'.repeat(5000) });
    const payload = Buffer.concat([huge, B]);
    const segs = [];
    for (let off = 0; off < payload.length; off += 1000) segs.push(ipv4(tcp(payload.subarray(off, off + 1000), 1 + off, TCP_ACK, 40000, 5060), { protocol: 6 }));
    const c = await collect(file(segs), { limits: { maxMessageBytes: 2000 } });
    expect(c.texts.map(callIdOf)).toEqual(['b']);
    expect(codes(c)).toContain('sip.message-too-large');
  });
});

describe('idle TCP directions are let go (memory bounded by open flows over long captures)', () => {
  const SEC = 1_000_000_000n;
  const at = (sec: number) => T + BigInt(sec) * SEC;
  const flowSeg = (port: number, seq: number, data: Buffer) => ipv4(tcp(data, seq, TCP_ACK | TCP_PSH, port, 5060), { protocol: 6 });
  const timed = (packets: [number, Buffer][]) => pcapFile(packets.map(([sec, data]) => ({ timeNs: at(sec), data })), { linkType: LINKTYPE_RAW });

  it('a direction idle 30 min at a message boundary is released without a diagnostic and reads on', async () => {
    // Two flows may be tracked. X goes quiet after a whole message; Y holds half a message.
    // Z arrives after 30 min: X is let go (not evicted), Y stays and completes, X comes back.
    const c = await collect(
      timed([
        [0, flowSeg(40001, 1, A)],
        [1, flowSeg(40002, 1, B.subarray(0, 40))],
        [1801, flowSeg(40003, 1, C)],
        [1802, flowSeg(40002, 41, B.subarray(40))],
      ]),
      { limits: { maxOpenFlows: 2 } },
    );
    expect(c.texts.map(callIdOf)).toEqual(['a', 'c', 'b']);
    expect(c.diagnostics).toEqual([]);
  });

  it('a released direction that sends again starts over at its next message', async () => {
    const c = await collect(
      timed([
        [0, flowSeg(40001, 1, A)],
        [1, flowSeg(40002, 1, B)],
        [1900, flowSeg(40003, 1, C)], // X and Y idle: both released
        [1901, flowSeg(40001, 1 + A.length, B)], // X again, seq where it left off
        [1902, flowSeg(40001, 1 + A.length, B)], // and its retransmission: trimmed, not doubled
      ]),
      { limits: { maxOpenFlows: 2 } },
    );
    expect(c.texts.map(callIdOf)).toEqual(['a', 'b', 'c', 'b']);
    expect(c.diagnostics).toEqual([]);
  });

  it('a direction holding part of a message is never released: at the limit it is evicted, as before', async () => {
    const c = await collect(
      timed([
        [0, flowSeg(40001, 1, A.subarray(0, 40))],
        [1, flowSeg(40002, 1, B.subarray(0, 40))],
        [1900, flowSeg(40003, 1, C)],
      ]),
      { limits: { maxOpenFlows: 2 } },
    );
    expect(c.texts.map(callIdOf)).toEqual(['c']);
    expect(codes(c)).toEqual(['tcp.flow-evicted', 'tcp.incomplete-message', 'tcp.incomplete-message']);
  });

  it('within 30 min nothing is released: the least recently used is evicted with a diagnostic', async () => {
    const c = await collect(
      timed([
        [0, flowSeg(40001, 1, A)],
        [1, flowSeg(40002, 1, B)],
        [1700, flowSeg(40003, 1, C)],
      ]),
      { limits: { maxOpenFlows: 2 } },
    );
    expect(c.texts.map(callIdOf)).toEqual(['a', 'b', 'c']);
    expect(codes(c)).toEqual(['tcp.flow-evicted']);
  });
});
