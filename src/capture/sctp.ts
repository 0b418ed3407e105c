// SCTP (RFC 9260) DATA chunks carrying SIP (RFC 4168): each user message is one SIP message,
// possibly split over several DATA chunks (B/E flags) that we join per stream.
import type { FrameInfo } from './frame-info.js';
import type { SipEmitter } from './sip-emitter.js';
import { frameSipMessage, isKeepAlive, startsWithSipStartLine } from './sip-framing.js';
import type { Endpoint } from './types.js';

const DATA = 0;
const FLAG_END = 0x01;
const FLAG_BEGIN = 0x02;

interface PartialMessage {
  parts: Buffer[];
  bytes: number;
  at: FrameInfo;
}

export class SctpReassembler {
  private readonly partial = new Map<string, PartialMessage>();

  constructor(private readonly out: SipEmitter) {}

  packet(buf: Buffer, off: number, end: number, srcIp: string, dstIp: string, at: FrameInfo, encapsulation: string | undefined): void {
    const src: Endpoint = { ip: srcIp, port: buf.readUInt16BE(off) };
    const dst: Endpoint = { ip: dstIp, port: buf.readUInt16BE(off + 2) };
    let p = off + 12;
    while (end - p >= 4) {
      const type = buf[p];
      const flags = buf[p + 1];
      const len = buf.readUInt16BE(p + 2);
      if (len < 4 || p + len > end) {
        if (len < 4) return;
        this.out.diagnosticAt({ severity: 'warning', code: 'sctp.truncated-chunk', message: `SCTP chunk of ${len} bytes is cut by the capture` }, at);
        return;
      }
      if (type === DATA && len > 16) this.data(buf, p + 16, p + len, flags, buf.readUInt16BE(p + 8), src, dst, at, encapsulation);
      p += (len + 3) & ~3;
    }
  }

  private data(buf: Buffer, off: number, end: number, flags: number, stream: number, src: Endpoint, dst: Endpoint, at: FrameInfo, encapsulation: string | undefined): void {
    const whole = (flags & (FLAG_BEGIN | FLAG_END)) === (FLAG_BEGIN | FLAG_END);
    if (whole) {
      this.message(buf, off, end, src, dst, at, at.frame, encapsulation);
      return;
    }
    const key = `${src.ip}|${src.port}|${dst.ip}|${dst.port}|${stream}`;
    let partial = this.partial.get(key);
    if (flags & FLAG_BEGIN) {
      if (partial) this.lost(partial, 'a new message began before it ended');
      partial = { parts: [], bytes: 0, at };
      this.partial.set(key, partial);
    } else if (!partial) {
      this.out.diagnosticAt({ severity: 'warning', code: 'sctp.orphan-fragment', message: 'SCTP DATA fragment whose first fragment was not captured; skipped' }, at);
      return;
    }
    partial.parts.push(Buffer.from(buf.subarray(off, end)));
    partial.bytes += end - off;
    if (flags & FLAG_END) {
      this.partial.delete(key);
      const joined = Buffer.concat(partial.parts);
      this.message(joined, 0, joined.length, src, dst, partial.at, at.frame, encapsulation);
    }
  }

  private message(buf: Buffer, off: number, end: number, src: Endpoint, dst: Endpoint, at: FrameInfo, lastFrame: number, encapsulation: string | undefined): void {
    if (isKeepAlive(buf, off, end) || !startsWithSipStartLine(buf, off, end)) return;
    const framed = frameSipMessage(buf, off, end, false);
    const msgEnd = framed.kind === 'message' ? framed.end : end;
    this.out.emitSip(buf.subarray(off, msgEnd), at, lastFrame, 'sctp', src, dst, encapsulation);
  }

  private lost(partial: PartialMessage, why: string): void {
    this.out.diagnosticAt({ severity: 'warning', code: 'sctp.incomplete-message', message: `SCTP message of ${partial.bytes} bytes never completed: ${why}` }, partial.at);
  }

  finish(): void {
    for (const partial of this.partial.values()) this.lost(partial, 'the capture ended');
    this.partial.clear();
  }
}
