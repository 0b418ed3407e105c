// pcapng (draft-ietf-opsawg-pcapng): sections with their own byte order, interfaces with their
// own link type, timestamp resolution and offset; EPB, SPB and the obsolete PB carry frames.
import { reportTruncated, type RecordReader, type RecordSink } from './records.js';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Larger blocks are corruption (Wireshark's pcapng reader also caps blocks at 16 MiB). */
const MAX_BLOCK = 16 * 1024 * 1024;

const OPT_END = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

interface Interface {
  linkType: number;
  snaplen: number;
  /** Timestamp unit: 10^-exp (decimal) or 2^-exp (binary) seconds. */
  exp: number;
  binary: boolean;
  offsetSec: number;
}

export function isPcapngMagic(head: Buffer): boolean {
  return head.length >= 12 && head.readUInt32LE(0) === SHB;
}

export class PcapngReader implements RecordReader {
  stopped = false;
  private le = true;
  private interfaces: Interface[] = [];
  private sectionSeen = false;

  private u32(buf: Buffer, p: number): number {
    return this.le ? buf.readUInt32LE(p) : buf.readUInt32BE(p);
  }

  private u16(buf: Buffer, p: number): number {
    return this.le ? buf.readUInt16LE(p) : buf.readUInt16BE(p);
  }

  /** Block length at `p`; an SHB's byte order comes from its own magic. */
  private blockLength(buf: Buffer, p: number, end: number): number {
    if (end - p < 12) return -1;
    if (buf.readUInt32LE(p) === SHB) {
      const magicLe = buf.readUInt32LE(p + 8) === BYTE_ORDER_MAGIC;
      return magicLe ? buf.readUInt32LE(p + 4) : buf.readUInt32BE(p + 4);
    }
    return this.u32(buf, p + 4);
  }

  needed(buf: Buffer, start: number, end: number): number {
    const len = this.blockLength(buf, start, end);
    return len < 0 ? 12 : len <= MAX_BLOCK ? len : 0;
  }

  parse(buf: Buffer, start: number, end: number, base: number, sink: RecordSink): number {
    let p = start;
    while (end - p >= 12 && !sink.full) {
      const len = this.blockLength(buf, p, end);
      if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) {
        sink.diagnostic({
          severity: 'error',
          code: 'pcapng.corrupt-block',
          message: `block length ${len} is not a valid pcapng block length; the rest of the file is not read`,
          offset: base + p,
        });
        this.stopped = true;
        return p;
      }
      if (end - p < len) break;
      const type = buf.readUInt32LE(p) === SHB ? SHB : this.u32(buf, p);
      if (type === SHB) this.section(buf, p, base, sink);
      else if (!this.sectionSeen) {
        sink.diagnostic({ severity: 'error', code: 'pcapng.no-section', message: 'block before any section header block', offset: base + p });
        this.stopped = true;
        return p;
      } else if (type === EPB) this.packet(this.u32(buf, p + 8), buf, p, len, base, sink);
      else if (type === IDB) this.interfaceDescription(buf, p, len, base, sink);
      else if (type === SPB) this.simplePacket(buf, p, len, base, sink);
      else if (type === PB) this.packet(this.u16(buf, p + 8), buf, p, len, base, sink);
      // Other block types (name resolution, statistics, custom, ...) carry no frames: skipped.
      p += len;
    }
    return p;
  }

  private section(buf: Buffer, p: number, base: number, sink: RecordSink): void {
    const magic = buf.readUInt32LE(p + 8);
    this.le = magic === BYTE_ORDER_MAGIC;
    if (!this.le && buf.readUInt32BE(p + 8) !== BYTE_ORDER_MAGIC) {
      sink.diagnostic({ severity: 'error', code: 'pcapng.bad-byte-order-magic', message: 'section header has no valid byte-order magic', offset: base + p });
    }
    this.interfaces = [];
    this.sectionSeen = true;
  }

  private interfaceDescription(buf: Buffer, p: number, len: number, base: number, sink: RecordSink): void {
    const iface: Interface = { linkType: this.u16(buf, p + 8), snaplen: this.u32(buf, p + 12), exp: 6, binary: false, offsetSec: 0 };
    let o = p + 16;
    const optEnd = p + len - 4;
    while (o + 4 <= optEnd) {
      const code = this.u16(buf, o);
      const olen = this.u16(buf, o + 2);
      if (code === OPT_END) break;
      if (o + 4 + olen > optEnd) {
        sink.diagnostic({ severity: 'warning', code: 'pcapng.bad-option', message: `interface option ${code} runs past its block`, offset: base + o });
        break;
      }
      if (code === IF_TSRESOL && olen >= 1) {
        const v = buf[o + 4];
        iface.binary = (v & 0x80) !== 0;
        iface.exp = v & 0x7f;
      } else if (code === IF_TSOFFSET && olen >= 8) {
        iface.offsetSec = Number(this.le ? buf.readBigInt64LE(o + 4) : buf.readBigInt64BE(o + 4));
      }
      o += 4 + ((olen + 3) & ~3);
    }
    this.interfaces.push(iface);
  }

  private iface(id: number, p: number, base: number, sink: RecordSink): Interface | undefined {
    const iface = this.interfaces[id];
    if (!iface) {
      sink.diagnostic({ severity: 'error', code: 'pcapng.unknown-interface', message: `packet names interface ${id}, which no interface block described`, offset: base + p });
    }
    return iface;
  }

  private emit(iface: Interface, buf: Buffer, off: number, end: number, hi: number, lo: number, p: number, base: number, sink: RecordSink): void {
    let sec: number;
    let nsec: number;
    if (!iface.binary && iface.exp === 6) {
      // µs since the epoch fits a double exactly (< 2^53).
      const us = hi * 4294967296 + lo;
      sec = Math.floor(us / 1e6);
      nsec = (us - sec * 1e6) * 1000;
    } else {
      const ts = (BigInt(hi) << 32n) | BigInt(lo);
      const unitsPerSec = iface.binary ? 1n << BigInt(iface.exp) : 10n ** BigInt(iface.exp);
      const whole = ts / unitsPerSec;
      sec = Number(whole);
      nsec = Number(((ts - whole * unitsPerSec) * 1_000_000_000n) / unitsPerSec);
    }
    sink.record(iface.linkType, buf, off, end, sec + iface.offsetSec, nsec, base + p);
  }

  /** EPB and the obsolete PB share a layout after the interface id (u32 in EPB, u16 in PB). */
  private packet(ifaceId: number, buf: Buffer, p: number, len: number, base: number, sink: RecordSink): void {
    const iface = this.iface(ifaceId, p, base, sink);
    if (!iface) return;
    const caplen = this.u32(buf, p + 20);
    const dataOff = p + 28;
    if (dataOff + caplen > p + len - 4) {
      sink.diagnostic({ severity: 'error', code: 'pcapng.bad-packet-length', message: `captured length ${caplen} runs past its block`, offset: base + p });
      return;
    }
    this.emit(iface, buf, dataOff, dataOff + caplen, this.u32(buf, p + 12), this.u32(buf, p + 16), p, base, sink);
  }

  private simplePacket(buf: Buffer, p: number, len: number, base: number, sink: RecordSink): void {
    // SPB: no interface id (always the first) and no timestamp.
    const iface = this.iface(0, p, base, sink);
    if (!iface) return;
    const origLen = this.u32(buf, p + 8);
    let caplen = Math.min(origLen, len - 16);
    if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
    sink.record(iface.linkType, buf, p + 12, p + 12 + caplen, -1, 0, base + p);
  }

  truncated(buf: Buffer, start: number, end: number, base: number, sink: RecordSink): void {
    reportTruncated(sink, 'pcapng.truncated-block', 'block', end - start, base + start);
  }
}
