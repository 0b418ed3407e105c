import { describe, expect, it } from 'vitest';
import { LINKTYPE_RAW, TCP_ACK, ipv4, pcapFile, sctpData, sip, tcp, wsFrame } from '../helpers/pcap-writer.js';
import { callIdOf, codes, collect } from './collect.js';

const T = 1_700_000_000_000_000_000n;
const file = (packets: Buffer[]) => pcapFile(packets.map((data, i) => ({ timeNs: T + BigInt(i), data })), { linkType: LINKTYPE_RAW });
const REQ = sip('REGISTER sip:example.com SIP/2.0', { callId: 'ws1', cseq: '1 REGISTER', headers: ['Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks'] });
const RESP = sip('SIP/2.0 200 OK', { callId: 'ws1', cseq: '1 REGISTER' });
const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

const upgrade = Buffer.from(
  'GET / HTTP/1.1\r\nHost: proxy.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: sip\r\nSec-WebSocket-Version: 13\r\n\r\n',
);
const switching = Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: sip\r\n\r\n');

/** Client (40000) → server (8080) and back, each direction with its own sequence space. */
function conversation(clientBytes: Buffer[], serverBytes: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let cs = 1000;
  let ss = 9000;
  const n = Math.max(clientBytes.length, serverBytes.length);
  for (let i = 0; i < n; i++) {
    if (clientBytes[i]) {
      out.push(ipv4(tcp(clientBytes[i], cs, TCP_ACK, 40000, 8080), { protocol: 6, src: '192.0.2.10', dst: '192.0.2.20' }));
      cs += clientBytes[i].length;
    }
    if (serverBytes[i]) {
      out.push(ipv4(tcp(serverBytes[i], ss, TCP_ACK, 8080, 40000), { protocol: 6, src: '192.0.2.20', dst: '192.0.2.10' }));
      ss += serverBytes[i].length;
    }
  }
  return out;
}

describe('SIP over WebSocket (RFC 7118)', () => {
  it('after a seen upgrade: masked client frames, unmasked server frames', async () => {
    const c = await collect(file(conversation([upgrade, wsFrame(REQ, { mask: MASK })], [switching, wsFrame(RESP)])));
    expect(c.texts).toEqual([REQ.toString('latin1'), RESP.toString('latin1')]);
    expect(c.messages.map((m) => [m.ref.transport, m.ref.encapsulation])).toEqual([
      ['ws', 'ws'],
      ['ws', 'ws'],
    ]);
    expect(c.diagnostics).toEqual([]);
  });

  it('without the upgrade in the capture, frames are recognised by their SIP payload', async () => {
    const c = await collect(file(conversation([wsFrame(REQ, { mask: MASK })], [wsFrame(RESP)])));
    expect(c.texts.map(callIdOf)).toEqual(['ws1', 'ws1']);
  });

  it('a message fragmented into continuation frames, with a ping between, split across segments', async () => {
    const parts = [REQ.subarray(0, 50), REQ.subarray(50, 200), REQ.subarray(200)];
    const frames = Buffer.concat([
      wsFrame(parts[0], { opcode: 1, fin: false, mask: MASK }),
      wsFrame(Buffer.from('ping'), { opcode: 9, mask: MASK }),
      wsFrame(parts[1], { opcode: 0, fin: false, mask: MASK }),
      wsFrame(parts[2], { opcode: 0, fin: true, mask: MASK }),
    ]);
    const c = await collect(file(conversation([upgrade, frames.subarray(0, 70), frames.subarray(70)], [switching])));
    expect(c.texts).toEqual([REQ.toString('latin1')]);
    expect(c.messages[0].ref.frame).toBe(3);
    expect(c.messages[0].ref.lastFrame).toBe(4);
  });
});

describe('SIP over SCTP (RFC 4168)', () => {
  it('reads whole DATA chunks and joins fragmented ones (B … E)', async () => {
    const whole = sctpData(REQ, 1);
    const first = sctpData(RESP.subarray(0, 40), 2, 2);
    const last = sctpData(RESP.subarray(40), 3, 1);
    const c = await collect(file([ipv4(whole, { protocol: 132 }), ipv4(first, { protocol: 132 }), ipv4(last, { protocol: 132 })]));
    expect(c.texts).toEqual([REQ.toString('latin1'), RESP.toString('latin1')]);
    expect(c.messages.map((m) => [m.ref.transport, m.ref.frame, m.ref.lastFrame])).toEqual([
      ['sctp', 1, undefined],
      ['sctp', 2, 3],
    ]);
  });

  it('a fragment without its beginning is a diagnostic', async () => {
    const c = await collect(file([ipv4(sctpData(RESP.subarray(40), 3, 1), { protocol: 132 })]));
    expect(c.messages).toEqual([]);
    expect(codes(c)).toEqual(['sctp.orphan-fragment']);
  });
});
