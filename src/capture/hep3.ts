// HEP v3 (HOMER encapsulation protocol): "HEP3", total length, then chunks of
// (vendor 16, type 16, length 16 incl. the 6-byte chunk header, value), all big-endian.
import { ipv4Text, ipv6Text } from './addresses.js';
import type { Endpoint, Transport } from './types.js';

export interface HepPacket {
  src: Endpoint;
  dst: Endpoint;
  transport: Transport;
  /** Capture time from chunks 9/10, when present. */
  sec: number;
  nsec: number;
  hasTime: boolean;
  /** HEP protocol type (chunk 11): 1 = SIP. */
  protocolType: number;
  payloadOff: number;
  payloadEnd: number;
}

export function isHep3(buf: Buffer, off: number, end: number): boolean {
  return end - off >= 6 && buf[off] === 0x48 && buf[off + 1] === 0x45 && buf[off + 2] === 0x50 && buf[off + 3] === 0x33;
}

/** Decodes a HEP3 packet; returns an error text when it is malformed. */
export function decodeHep3(buf: Buffer, off: number, end: number): HepPacket | string {
  const total = buf.readUInt16BE(off + 4);
  if (total < 6 || off + total > end) return `HEP3 length ${total} does not fit the ${end - off}-byte datagram`;
  const stop = off + total;
  const pkt: HepPacket = {
    src: { ip: '', port: 0 },
    dst: { ip: '', port: 0 },
    transport: 'unknown',
    sec: 0,
    nsec: 0,
    hasTime: false,
    protocolType: 0,
    payloadOff: -1,
    payloadEnd: -1,
  };
  let p = off + 6;
  while (p + 6 <= stop) {
    const type = buf.readUInt16BE(p + 2);
    const len = buf.readUInt16BE(p + 4);
    if (len < 6 || p + len > stop) return `HEP3 chunk type ${type} has length ${len}, past the packet end`;
    const v = p + 6;
    const vlen = len - 6;
    if (buf.readUInt16BE(p) === 0) {
      switch (type) {
        case 2:
          if (vlen >= 1) pkt.transport = buf[v] === 6 ? 'tcp' : buf[v] === 17 ? 'udp' : buf[v] === 132 ? 'sctp' : 'unknown';
          break;
        case 3:
          if (vlen >= 4) pkt.src.ip = ipv4Text(buf.readUInt32BE(v));
          break;
        case 4:
          if (vlen >= 4) pkt.dst.ip = ipv4Text(buf.readUInt32BE(v));
          break;
        case 5:
          if (vlen >= 16) pkt.src.ip = ipv6Text(buf, v);
          break;
        case 6:
          if (vlen >= 16) pkt.dst.ip = ipv6Text(buf, v);
          break;
        case 7:
          if (vlen >= 2) pkt.src.port = buf.readUInt16BE(v);
          break;
        case 8:
          if (vlen >= 2) pkt.dst.port = buf.readUInt16BE(v);
          break;
        case 9:
          if (vlen >= 4) {
            pkt.sec = buf.readUInt32BE(v);
            pkt.hasTime = true;
          }
          break;
        case 10:
          if (vlen >= 4) pkt.nsec = buf.readUInt32BE(v) * 1000;
          break;
        case 11:
          if (vlen >= 1) pkt.protocolType = buf[v];
          break;
        case 15:
          pkt.payloadOff = v;
          pkt.payloadEnd = v + vlen;
          break;
      }
    }
    p += len;
  }
  return pkt;
}
