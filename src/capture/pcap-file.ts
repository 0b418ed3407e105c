// Classic libpcap files: four magics (LE/BE × µs/ns), 24-byte header, 16-byte record headers.
import { u32be, u32le } from './bytes.js';
import { fcsBytesOf, reportTruncated, type RecordReader, type RecordSink } from './records.js';

export const PCAP_HEADER_BYTES = 24;
/**
 * A record longer than the snaplen and than 256 KiB is corruption, as in Wireshark
 * (WTAP_MAX_PACKET_SIZE_STANDARD); trusting it would make us buffer whatever length it claims.
 */
const MAX_STANDARD_RECORD = 262_144;

export interface PcapHeader {
  littleEndian: boolean;
  nanos: boolean;
  snaplen: number;
  linkType: number;
  fcsBytes: number;
}

/** Reads the global header, or undefined when `head` does not start with a pcap magic. */
export function readPcapHeader(head: Buffer): PcapHeader | undefined {
  if (head.length < PCAP_HEADER_BYTES) return undefined;
  const le = head.readUInt32LE(0);
  let littleEndian: boolean;
  let nanos: boolean;
  if (le === 0xa1b2c3d4 || le === 0xa1b23c4d) {
    littleEndian = true;
    nanos = le === 0xa1b23c4d;
  } else {
    const be = head.readUInt32BE(0);
    if (be !== 0xa1b2c3d4 && be !== 0xa1b23c4d) return undefined;
    littleEndian = false;
    nanos = be === 0xa1b23c4d;
  }
  const snaplen = littleEndian ? head.readUInt32LE(16) : head.readUInt32BE(16);
  const field = littleEndian ? head.readUInt32LE(20) : head.readUInt32BE(20);
  return { littleEndian, nanos, snaplen, linkType: field & 0xffff, fcsBytes: fcsBytesOf(field) };
}

export function isPcapMagic(head: Buffer): boolean {
  if (head.length < 4) return false;
  const m = head.readUInt32LE(0);
  return m === 0xa1b2c3d4 || m === 0xa1b23c4d || m === 0xd4c3b2a1 || m === 0x4d3cb2a1;
}

export class PcapReader implements RecordReader {
  stopped = false;
  private readonly fracToNs: number;
  private readonly maxRecord: number;

  constructor(readonly header: PcapHeader) {
    this.fracToNs = header.nanos ? 1 : 1000;
    // A snaplen field is itself untrusted: honour a large one only up to 16 MiB.
    this.maxRecord = Math.min(Math.max(header.snaplen, MAX_STANDARD_RECORD), 16 * 1024 * 1024);
  }

  needed(buf: Buffer, start: number, end: number): number {
    if (end - start < 16) return 16;
    const incl = this.header.littleEndian ? buf.readUInt32LE(start + 8) : buf.readUInt32BE(start + 8);
    return incl <= this.maxRecord ? 16 + incl : 0;
  }

  parse(buf: Buffer, start: number, end: number, base: number, sink: RecordSink): number {
    const { littleEndian: le, linkType, fcsBytes } = this.header;
    const fracToNs = this.fracToNs;
    const maxRecord = this.maxRecord;
    let p = start;
    while (end - p >= 16 && !sink.full) {
      let sec: number, frac: number, incl: number;
      if (le) {
        sec = u32le(buf, p);
        frac = u32le(buf, p + 4);
        incl = u32le(buf, p + 8);
      } else {
        sec = u32be(buf, p);
        frac = u32be(buf, p + 4);
        incl = u32be(buf, p + 8);
      }
      if (incl > maxRecord) {
        sink.diagnostic({
          severity: 'error',
          code: 'pcap.corrupt-record',
          message: `record header claims ${incl} captured bytes; the rest of the file is not read`,
          offset: base + p,
        });
        this.stopped = true;
        return p;
      }
      if (end - p - 16 < incl) break;
      const dataEnd = p + 16 + incl;
      const frameEnd = fcsBytes > 0 && incl >= fcsBytes ? dataEnd - fcsBytes : dataEnd;
      sink.record(linkType, buf, p + 16, frameEnd, sec, frac * fracToNs, base + p);
      p = dataEnd;
    }
    return p;
  }

  truncated(buf: Buffer, start: number, end: number, base: number, sink: RecordSink): void {
    reportTruncated(sink, 'pcap.truncated-record', 'record', end - start, base + start);
  }
}
