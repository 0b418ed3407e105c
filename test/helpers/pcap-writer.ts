// Builds synthetic captures for tests: link layers, IPv4/IPv6 (with fragments), UDP, TCP, SCTP,
// WebSocket frames, HEP3, and pcap (µs/ns, LE/BE, FCS bits) or pcapng files (several sections and
// interfaces, EPB/SPB/PB, unknown blocks). Plain functions over Buffers; no checksums (readers
// must not depend on them).

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

export const ETH_IPV4 = 0x0800;
export const ETH_IPV6 = 0x86dd;

// ---------------------------------------------------------------- SIP text

export interface SipOptions {
  callId?: string;
  cseq?: string;
  body?: string;
  /** Extra header lines, without CRLF. */
  headers?: string[];
  /** Leave Content-Length out. */
  noContentLength?: boolean;
  /** Line ending; CRLF unless a test wants LF-only. */
  eol?: string;
}

/** A SIP message: start line, Via/From/To/Call-ID/CSeq, extra headers, Content-Length, body. */
export function sip(startLine: string, o: SipOptions = {}): Buffer {
  const eol = o.eol ?? '\r\n';
  const body = o.body ?? '';
  const lines = [
    startLine,
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1',
    'From: <sip:alice@example.com>;tag=a1',
    'To: <sip:bob@example.com>',
    `Call-ID: ${o.callId ?? 'c1@192.0.2.10'}`,
    `CSeq: ${o.cseq ?? '1 INVITE'}`,
    ...(o.headers ?? []),
  ];
  if (!o.noContentLength) lines.push(`Content-Length: ${Buffer.byteLength(body, 'latin1')}`);
  return Buffer.from(lines.join(eol) + eol + eol + body, 'latin1');
}

// ---------------------------------------------------------------- link layers

export function ethernet(payload: Buffer, etherType = ETH_IPV4, tags: { tpid: number; vid: number }[] = []): Buffer {
  const head = Buffer.alloc(12 + tags.length * 4 + 2);
  Buffer.from('020000000002', 'hex').copy(head, 0);
  Buffer.from('020000000001', 'hex').copy(head, 6);
  let p = 12;
  for (const t of tags) {
    head.writeUInt16BE(t.tpid, p);
    head.writeUInt16BE(t.vid & 0x0fff, p + 2);
    p += 4;
  }
  head.writeUInt16BE(etherType, p);
  return Buffer.concat([head, payload]);
}

/** 802.1Q single tag. */
export function vlan(payload: Buffer, vid: number, etherType = ETH_IPV4): Buffer {
  return ethernet(payload, etherType, [{ tpid: 0x8100, vid }]);
}

/** 802.1ad QinQ: outer service tag, inner customer tag. */
export function qinq(payload: Buffer, outer: number, inner: number, etherType = ETH_IPV4): Buffer {
  return ethernet(payload, etherType, [
    { tpid: 0x88a8, vid: outer },
    { tpid: 0x8100, vid: inner },
  ]);
}

export function sll(payload: Buffer, etherType = ETH_IPV4): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt16BE(0, 0); // packet type: to us
  h.writeUInt16BE(1, 2); // ARPHRD_ETHER
  h.writeUInt16BE(6, 4);
  h.writeUInt16BE(etherType, 14);
  return Buffer.concat([h, payload]);
}

export function sll2(payload: Buffer, etherType = ETH_IPV4): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(etherType, 0);
  h.writeUInt32BE(1, 4); // interface index
  h.writeUInt16BE(1, 8); // ARPHRD_ETHER
  h[11] = 6;
  return Buffer.concat([h, payload]);
}

/** BSD NULL (host byte order, here little-endian) or LOOP (network order) with an AF value. */
export function nullLoop(payload: Buffer, family: number, networkOrder = false): Buffer {
  const h = Buffer.alloc(4);
  if (networkOrder) h.writeUInt32BE(family, 0);
  else h.writeUInt32LE(family, 0);
  return Buffer.concat([h, payload]);
}

// ---------------------------------------------------------------- IP

function v4(addr: string): Buffer {
  return Buffer.from(addr.split('.').map(Number));
}

function v6(addr: string): Buffer {
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
  return b;
}

export interface Ipv4Options {
  src?: string;
  dst?: string;
  protocol: number;
  id?: number;
  /** Fragment offset in bytes (multiple of 8). */
  fragOffset?: number;
  moreFragments?: boolean;
  /** Override the total-length field (to build damaged packets). */
  totalLength?: number;
}

export function ipv4(payload: Buffer, o: Ipv4Options): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(o.totalLength ?? 20 + payload.length, 2);
  h.writeUInt16BE(o.id ?? 1, 4);
  h.writeUInt16BE(((o.moreFragments ? 1 : 0) << 13) | ((o.fragOffset ?? 0) >> 3), 6);
  h[8] = 64;
  h[9] = o.protocol;
  v4(o.src ?? '192.0.2.10').copy(h, 12);
  v4(o.dst ?? '192.0.2.20').copy(h, 16);
  return Buffer.concat([h, payload]);
}

/** Splits an IPv4 payload into fragments of `size` bytes (multiple of 8), in order. */
export function ipv4Fragments(payload: Buffer, size: number, o: Ipv4Options): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const piece = payload.subarray(off, Math.min(payload.length, off + size));
    out.push(ipv4(piece, { ...o, fragOffset: off, moreFragments: off + size < payload.length }));
  }
  return out;
}

export interface Ipv6Options {
  src?: string;
  dst?: string;
  nextHeader: number;
}

export function ipv6(payload: Buffer, o: Ipv6Options): Buffer {
  const h = Buffer.alloc(40);
  h.writeUInt32BE(0x60000000, 0);
  h.writeUInt16BE(payload.length, 4);
  h[6] = o.nextHeader;
  h[7] = 64;
  v6(o.src ?? '2001:db8::10').copy(h, 8);
  v6(o.dst ?? '2001:db8::20').copy(h, 24);
  return Buffer.concat([h, payload]);
}

/** IPv6 fragments (fragment extension header, RFC 8200 §4.5) of `size` bytes, in order. */
export function ipv6Fragments(payload: Buffer, size: number, o: Ipv6Options & { id?: number }): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const piece = payload.subarray(off, Math.min(payload.length, off + size));
    const fh = Buffer.alloc(8);
    fh[0] = o.nextHeader;
    fh.writeUInt16BE(off | (off + size < payload.length ? 1 : 0), 2);
    fh.writeUInt32BE(o.id ?? 7, 4);
    out.push(ipv6(Buffer.concat([fh, piece]), { ...o, nextHeader: 44 }));
  }
  return out;
}

// ---------------------------------------------------------------- transports

export function udp(payload: Buffer, srcPort = 5060, dstPort = 5060): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(srcPort, 0);
  h.writeUInt16BE(dstPort, 2);
  h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]);
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export function tcp(payload: Buffer, seq: number, flags = TCP_ACK | TCP_PSH, srcPort = 5060, dstPort = 5060): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(srcPort, 0);
  h.writeUInt16BE(dstPort, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h[12] = 5 << 4;
  h[13] = flags;
  h.writeUInt16BE(65535, 14);
  return Buffer.concat([h, payload]);
}

/** SCTP packet with one DATA chunk (flags: B = 2, E = 1). */
export function sctpData(payload: Buffer, tsn: number, flags = 3, stream = 0, srcPort = 5060, dstPort = 5060): Buffer {
  const common = Buffer.alloc(12);
  common.writeUInt16BE(srcPort, 0);
  common.writeUInt16BE(dstPort, 2);
  const chunk = Buffer.alloc(16 + ((payload.length + 3) & ~3));
  chunk[0] = 0;
  chunk[1] = flags;
  chunk.writeUInt16BE(16 + payload.length, 2);
  chunk.writeUInt32BE(tsn, 4);
  chunk.writeUInt16BE(stream, 8);
  chunk.writeUInt32BE(0, 12);
  payload.copy(chunk, 16);
  return Buffer.concat([common, chunk]);
}

/** A WebSocket frame; `mask` (4 bytes) masks the payload like a client does. */
export function wsFrame(payload: Buffer, o: { opcode?: number; fin?: boolean; mask?: Buffer } = {}): Buffer {
  const len = payload.length;
  const ext = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const h = Buffer.alloc(2 + ext + (o.mask ? 4 : 0));
  h[0] = ((o.fin ?? true) ? 0x80 : 0) | (o.opcode ?? 1);
  h[1] = (o.mask ? 0x80 : 0) | (ext === 0 ? len : ext === 2 ? 126 : 127);
  if (ext === 2) h.writeUInt16BE(len, 2);
  if (ext === 8) h.writeBigUInt64BE(BigInt(len), 2);
  const body = Buffer.from(payload);
  if (o.mask) {
    o.mask.copy(h, 2 + ext);
    for (let i = 0; i < body.length; i++) body[i] ^= o.mask[i & 3];
  }
  return Buffer.concat([h, body]);
}

export interface Hep3Options {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  sec: number;
  usec: number;
  /** IP protocol of the original packet (17 UDP, 6 TCP). */
  protocol?: number;
}

export function hep3(payload: Buffer, o: Hep3Options): Buffer {
  const chunks: Buffer[] = [];
  const chunk = (type: number, value: Buffer) => {
    const h = Buffer.alloc(6);
    h.writeUInt16BE(0, 0);
    h.writeUInt16BE(type, 2);
    h.writeUInt16BE(6 + value.length, 4);
    chunks.push(h, value);
  };
  const u8 = (n: number) => Buffer.from([n]);
  const u16 = (n: number) => {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(n);
    return b;
  };
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const isV6 = o.src.includes(':');
  chunk(1, u8(isV6 ? 10 : 2));
  chunk(2, u8(o.protocol ?? 17));
  chunk(isV6 ? 5 : 3, isV6 ? v6(o.src) : v4(o.src));
  chunk(isV6 ? 6 : 4, isV6 ? v6(o.dst) : v4(o.dst));
  chunk(7, u16(o.srcPort));
  chunk(8, u16(o.dstPort));
  chunk(9, u32(o.sec));
  chunk(10, u32(o.usec));
  chunk(11, u8(1));
  chunk(12, u32(2001));
  chunk(15, payload);
  const body = Buffer.concat(chunks);
  const h = Buffer.from('HEP3\0\0', 'latin1');
  h.writeUInt16BE(6 + body.length, 4);
  return Buffer.concat([h, body]);
}

// ---------------------------------------------------------------- files

export interface Frame {
  timeNs: bigint;
  data: Buffer;
  /** pcapng interface id (default 0). */
  iface?: number;
  /** pcapng block type to write this frame with (default EPB). */
  block?: 'epb' | 'spb' | 'pb';
  /** Original length on the wire, when the capture cut the frame. */
  origLen?: number;
}

export interface PcapOptions {
  linkType?: number;
  nanos?: boolean;
  bigEndian?: boolean;
  snaplen?: number;
  /** FCS length in bytes announced in the link-type field (frames must already end in it). */
  fcsBytes?: number;
}

export function pcapFile(frames: Frame[], o: PcapOptions = {}): Buffer {
  const be = o.bigEndian ?? false;
  const u32 = (b: Buffer, v: number, p: number) => (be ? b.writeUInt32BE(v >>> 0, p) : b.writeUInt32LE(v >>> 0, p));
  const u16 = (b: Buffer, v: number, p: number) => (be ? b.writeUInt16BE(v, p) : b.writeUInt16LE(v, p));
  const gh = Buffer.alloc(24);
  u32(gh, o.nanos ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  u16(gh, 2, 4);
  u16(gh, 4, 6);
  u32(gh, o.snaplen ?? 262144, 16);
  let field = o.linkType ?? LINKTYPE_ETHERNET;
  if (o.fcsBytes) field |= 0x04000000 | ((o.fcsBytes / 2) << 28);
  u32(gh, field, 20);
  const parts = [gh];
  for (const f of frames) {
    const rh = Buffer.alloc(16);
    const sec = f.timeNs / 1_000_000_000n;
    const ns = f.timeNs % 1_000_000_000n;
    u32(rh, Number(sec), 0);
    u32(rh, Number(o.nanos ? ns : ns / 1000n), 4);
    u32(rh, f.data.length, 8);
    u32(rh, f.origLen ?? f.data.length, 12);
    parts.push(rh, f.data);
  }
  return Buffer.concat(parts);
}

export interface PcapngInterface {
  linkType: number;
  snaplen?: number;
  /** if_tsresol byte: 6 = µs (default), 9 = ns, 0x80|n = 2^-n. */
  tsresol?: number;
  /** if_tsoffset, seconds. */
  tsoffset?: number;
}

export interface PcapngSection {
  bigEndian?: boolean;
  interfaces: PcapngInterface[];
  frames: Frame[];
  /** Blocks of unknown type to insert before the frames (readers must skip them). */
  unknownBlocks?: number;
}

function pad4(b: Buffer): Buffer {
  const n = (4 - (b.length % 4)) % 4;
  return n ? Buffer.concat([b, Buffer.alloc(n)]) : b;
}

export function pcapngFile(sections: PcapngSection[]): Buffer {
  const parts: Buffer[] = [];
  for (const s of sections) {
    const be = s.bigEndian ?? false;
    const u32 = (v: number) => {
      const b = Buffer.alloc(4);
      if (be) b.writeUInt32BE(v >>> 0);
      else b.writeUInt32LE(v >>> 0);
      return b;
    };
    const u16 = (v: number) => {
      const b = Buffer.alloc(2);
      if (be) b.writeUInt16BE(v);
      else b.writeUInt16LE(v);
      return b;
    };
    const block = (type: number, body: Buffer) => {
      const b = pad4(body);
      const len = 12 + b.length;
      parts.push(u32(type), u32(len), b, u32(len));
    };
    const shb = Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]);
    block(0x0a0d0d0a, shb);
    for (const i of s.interfaces) {
      const opts: Buffer[] = [];
      if (i.tsresol !== undefined) opts.push(u16(9), u16(1), pad4(Buffer.from([i.tsresol])));
      if (i.tsoffset !== undefined) {
        const v = Buffer.alloc(8);
        if (be) v.writeBigInt64BE(BigInt(i.tsoffset));
        else v.writeBigInt64LE(BigInt(i.tsoffset));
        opts.push(u16(14), u16(8), v);
      }
      if (opts.length) opts.push(u16(0), u16(0));
      block(1, Buffer.concat([u16(i.linkType), u16(0), u32(i.snaplen ?? 0), ...opts]));
    }
    for (let k = 0; k < (s.unknownBlocks ?? 0); k++) block(0x0bad0000 + k, Buffer.from('unknown block body'));
    for (const f of s.frames) {
      const iface = s.interfaces[f.iface ?? 0];
      const res = iface.tsresol ?? 6;
      const units = (): bigint => {
        const t = f.timeNs - BigInt(iface.tsoffset ?? 0) * 1_000_000_000n;
        if (res & 0x80) return (t * (1n << BigInt(res & 0x7f))) / 1_000_000_000n;
        const e = BigInt(res);
        return e <= 9n ? t / 10n ** (9n - e) : t * 10n ** (e - 9n);
      };
      const ts = units();
      const hi = Number(ts >> 32n);
      const lo = Number(ts & 0xffffffffn);
      if (f.block === 'spb') {
        block(3, Buffer.concat([u32(f.origLen ?? f.data.length), f.data]));
      } else if (f.block === 'pb') {
        block(2, Buffer.concat([u16(f.iface ?? 0), u16(0), u32(hi), u32(lo), u32(f.data.length), u32(f.origLen ?? f.data.length), f.data]));
      } else {
        block(6, Buffer.concat([u32(f.iface ?? 0), u32(hi), u32(lo), u32(f.data.length), u32(f.origLen ?? f.data.length), f.data]));
      }
    }
  }
  return Buffer.concat(parts);
}
