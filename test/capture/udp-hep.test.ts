import { describe, expect, it } from 'vitest';
import { LINKTYPE_RAW, hep3, ipv4, pcapFile, sip, udp } from '../helpers/pcap-writer.js';
import { callIdOf, codes, collect } from './collect.js';

const T = 1_700_000_000_000_000_000n;
const pkt = (payload: Buffer, sport = 5060, dport = 5060) => ipv4(udp(payload, sport, dport), { protocol: 17 });
const file = (payloads: Buffer[]) => pcapFile(payloads.map((data, i) => ({ timeNs: T + BigInt(i), data })), { linkType: LINKTYPE_RAW });

describe('UDP', () => {
  it('recognises SIP on any port by its start line; other payloads and keep-alives are not SIP', async () => {
    const c = await collect(
      file([
        pkt(sip('SIP/2.0 200 OK', { callId: 'resp' }), 40000, 41000),
        pkt(Buffer.from('\r\n\r\n'), 5060, 5060),
        pkt(Buffer.from([0x80, 0x00, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 1, 0x0a, 0x0a]), 5060, 5060),
        pkt(sip('MESSAGE sip:bob@example.com SIP/2.0', { callId: 'req' }), 12345, 5080),
      ]),
    );
    expect(c.texts.map(callIdOf)).toEqual(['resp', 'req']);
    expect(c.messages.map((m) => m.ref.frame)).toEqual([1, 4]);
    expect(c.messages[1].ref.dst).toEqual({ ip: '192.0.2.20', port: 5080 });
    expect(c.diagnostics).toEqual([]);
  });

  it('keeps each source port apart when one address uses many (a NAT)', async () => {
    const ports = Array.from({ length: 40 }, (_, i) => 20000 + i * 7);
    const c = await collect(file([...ports, ...ports].map((p) => pkt(sip('OPTIONS sip:x@example.com SIP/2.0'), p, 5060))));
    expect(c.messages.map((m) => m.ref.src?.port)).toEqual([...ports, ...ports]);
    expect(c.messages.every((m) => m.ref.src?.ip === '192.0.2.10')).toBe(true);
  });

  it('a SIP datagram cut by the snaplen is kept, with a diagnostic', async () => {
    const whole = pkt(sip('MESSAGE sip:b@example.com SIP/2.0', { callId: 'cut', body: 'x'.repeat(300) }));
    const c = await collect(pcapFile([{ timeNs: T, data: whole.subarray(0, 400), origLen: whole.length }], { linkType: LINKTYPE_RAW, snaplen: 400 }));
    expect(c.texts.map(callIdOf)).toEqual(['cut']);
    expect(codes(c)).toEqual(['capture.snaplen-cut', 'sip.body-truncated']);
  });

  it('a datagram over maxMessageBytes is skipped with a diagnostic', async () => {
    const c = await collect(file([pkt(sip('MESSAGE sip:b@example.com SIP/2.0', { callId: 'big', body: 'x'.repeat(3000) })), pkt(sip('BYE sip:b@example.com SIP/2.0', { callId: 'small' }))]), {
      limits: { maxMessageBytes: 2000 },
    });
    expect(c.texts.map(callIdOf)).toEqual(['small']);
    expect(codes(c)).toEqual(['sip.message-too-large']);
    expect(c.diagnostics[0].frame).toBe(1);
  });

  it('accepts LF-only messages', async () => {
    const c = await collect(file([pkt(sip('OPTIONS sip:x@example.com SIP/2.0', { callId: 'lf', eol: '\n' }))]));
    expect(c.texts.map(callIdOf)).toEqual(['lf']);
  });

  it('cuts at Content-Length, flags a short body, reports a damaged start line', async () => {
    const withTail = Buffer.concat([sip('MESSAGE sip:b@example.com SIP/2.0', { callId: 'tail', body: 'hi' }), Buffer.from('GARBAGE')]);
    const short = sip('MESSAGE sip:b@example.com SIP/2.0', { callId: 'short', body: 'hello' }).subarray(0, -2);
    const damaged = Buffer.from('INVITE sip:b@example.com SIP/2.0\rVia: x\r\n\r\n');
    const c = await collect(file([pkt(withTail), pkt(short), pkt(damaged)]));
    expect(c.texts[0].endsWith('\r\n\r\nhi')).toBe(true);
    expect(c.texts.map(callIdOf)).toEqual(['tail', 'short']);
    expect(codes(c)).toEqual(['sip.datagram-trailing-bytes', 'sip.body-truncated', 'sip.bad-start-line']);
    expect(c.diagnostics.map((d) => d.frame)).toEqual([1, 2, 3]);
  });
});

describe('HEP3', () => {
  const inner = sip('INVITE sip:bob@example.com SIP/2.0', { callId: 'hep' });
  const h = hep3(inner, { src: '10.1.1.1', dst: '10.2.2.2', srcPort: 5062, dstPort: 5064, sec: 1_650_000_000, usec: 123_456, protocol: 6 });

  it('takes addresses, ports, transport and time from the chunks (port 9060)', async () => {
    const c = await collect(file([pkt(h, 40000, 9060)]));
    expect(c.texts).toEqual([inner.toString('latin1')]);
    const ref = c.messages[0].ref;
    expect(ref.src).toEqual({ ip: '10.1.1.1', port: 5062 });
    expect(ref.dst).toEqual({ ip: '10.2.2.2', port: 5064 });
    expect(ref.transport).toBe('tcp');
    expect(ref.encapsulation).toBe('hep3');
    expect(ref.timeNs).toBe(1_650_000_000_123_456_000n);
  });

  it('is recognised on any port by "HEP3"; IPv6 chunks too', async () => {
    const h6 = hep3(inner, { src: '2001:db8::1', dst: '2001:db8::2', srcPort: 5060, dstPort: 5060, sec: 1, usec: 0 });
    const c = await collect(file([pkt(h6, 40000, 41000)]));
    expect(c.messages[0].ref.src?.ip).toBe('2001:db8::1');
    expect(c.messages[0].ref.transport).toBe('udp');
  });

  it('a malformed HEP3 packet is a diagnostic', async () => {
    const bad = Buffer.from(h);
    bad.writeUInt16BE(60000, 4);
    const c = await collect(file([pkt(bad, 40000, 9060)]));
    expect(c.messages).toEqual([]);
    expect(codes(c)).toEqual(['hep.malformed']);
  });
});
