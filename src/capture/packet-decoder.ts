// Decodes captured frames down to SIP: link layer → IP (tunnels, fragments) → UDP / TCP / SCTP,
// then hands payloads to the SIP framing. Runs once per record, so it allocates nothing until
// a payload turns out to be SIP.
import { ipv4Text, ipv6Text } from './addresses.js';
import { u16be, u32be, u32le, viewOf } from './bytes.js';
import { Ipv4EndpointTable } from './endpoint-table.js';
import { endpointKey, ipv6AddressHash } from './flow-table.js';
import { timeNsOf, type FrameInfo } from './frame-info.js';
import { decodeHep3, isHep3 } from './hep3.js';
import { FragmentReassembler } from './ip-fragments.js';
import type { RecordSink } from './records.js';
import { SctpReassembler } from './sctp.js';
import type { SipEmitter } from './sip-emitter.js';
import { frameSipMessage, isKeepAlive, looksLikeDamagedSip, sipMessageEnd, startsWithSipStartLine } from './sip-framing.js';
import { TcpReassembler } from './tcp-reassembly.js';
import type { CaptureLimits, Diagnostic, Endpoint, InputStats, RawSipMessage, Transport } from './types.js';

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  RAW_OPENBSD: 12,
  RAW_BSD: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = 0x8100;
const ETH_QINQ = 0x88a8;
const ETH_QINQ_OLD = 0x9100;
const ETH_PPPOE_SESSION = 0x8864;
const ETH_TEB = 0x6558; // transparent Ethernet bridging (Ethernet in GRE)
const ETH_ERSPAN2 = 0x88be;
const ETH_ERSPAN3 = 0x22eb;
const ETH_PPP = 0x880b;
const ETH_MPLS = 0x8847;
const ETH_MPLS_MULTICAST = 0x8848;

const IP_HOPOPTS = 0;
const IP_IPIP = 4;
const IP_TCP = 6;
const IP_UDP = 17;
const IP_IPV6 = 41;
const IP_ROUTING = 43;
const IP_FRAGMENT = 44;
const IP_GRE = 47;
const IP_AH = 51;
const IP_DSTOPTS = 60;
const IP_SCTP = 132;

const DEFAULT_HEP_PORT = 9060;
const VXLAN_PORT = 4789;
const BATCH_MESSAGES = 1024;
/** Tunnels within tunnels beyond this depth are taken as a malformed or hostile packet. */
const MAX_DEPTH = 8;

export class PacketDecoder implements RecordSink, SipEmitter {
  /**
   * Messages of the current batch, made at full batch size: growing an empty array to 1024 by
   * push copies it eight times. `messageCount` of them are set; takeMessages() hands them over.
   */
  private messages: RawSipMessage[] = new Array<RawSipMessage>(BATCH_MESSAGES);
  private messageCount = 0;
  /** Diagnostics of the current batch; the owner swaps this array per batch. */
  diagnostics: Diagnostic[] = [];

  private frame = 0;
  private sec = 0;
  private nsec = 0;
  private fileOffset = 0;
  private firstSec = Number.NaN;
  private firstNsec = 0;
  private lastSec = Number.NaN;
  private lastNsec = 0;
  /** Tunnel or wrapper seen on the way down this frame ("ipip", "gre", ...). */
  private encapsulation: string | undefined;

  // Network-layer addresses of the innermost IP header of the current frame.
  private v6 = false;
  private src4 = 0;
  private dst4 = 0;
  private src6 = '';
  private dst6 = '';
  /** The IPv6 addresses' 16 bytes folded to a number (for the TCP flow table). */
  private src6Hash = 0;
  private dst6Hash = 0;

  private readonly fragments: FragmentReassembler;
  private readonly tcp: TcpReassembler;
  private readonly sctp: SctpReassembler;
  private readonly unsupportedLinkTypes = new Set<number>();
  private readonly hepPort: number;

  constructor(
    private readonly input: string,
    private readonly stats: InputStats,
    private readonly limits: CaptureLimits,
    hepPort: number | undefined,
  ) {
    this.hepPort = hepPort ?? DEFAULT_HEP_PORT;
    const at = (d: Omit<Diagnostic, 'input' | 'frame' | 'offset'>, where: FrameInfo) => this.diagnosticAt(d, where);
    this.fragments = new FragmentReassembler(limits, at);
    this.tcp = new TcpReassembler(limits, this, stats);
    this.sctp = new SctpReassembler(this);
  }

  // ---- RecordSink ----

  /**
   * Small batches let messages die young once the consumer is done with them; a whole 4 MiB
   * window of messages would outlive the young generation and be copied to the old one.
   */
  get full(): boolean {
    return this.messageCount >= BATCH_MESSAGES;
  }

  /** The current batch's messages (for the owner, once per batch); the next batch starts empty. */
  takeMessages(): RawSipMessage[] {
    const taken = this.messages;
    taken.length = this.messageCount;
    this.messages = new Array<RawSipMessage>(BATCH_MESSAGES);
    this.messageCount = 0;
    return taken;
  }

  private addMessage(message: RawSipMessage): void {
    // One segment may complete more messages than a batch holds: the array then grows.
    this.messages[this.messageCount++] = message;
  }

  record(linkType: number, buf: Buffer, off: number, end: number, sec: number, nsec: number, fileOffset: number): void {
    this.frame++;
    this.stats.packets++;
    this.sec = sec;
    this.nsec = nsec;
    this.fileOffset = fileOffset;
    if (sec >= 0) {
      if (this.firstSec !== this.firstSec) {
        this.firstSec = sec;
        this.firstNsec = nsec;
      }
      this.lastSec = sec;
      this.lastNsec = nsec;
    }
    this.encapsulation = undefined;
    this.link(linkType, buf, off, end);
  }

  diagnostic(d: Omit<Diagnostic, 'input'>): void {
    this.diagnostics.push({ ...d, input: this.input });
  }

  // ---- SipEmitter ----

  emitSip(data: Buffer, at: FrameInfo, lastFrame: number | undefined, transport: Transport, src: Endpoint, dst: Endpoint, encapsulation?: string): void {
    if (data.length > this.limits.maxMessageBytes) {
      this.tooLarge(data.length, at.frame, at.offset);
      return;
    }
    this.stats.sipMessages++;
    const ref: RawSipMessage['ref'] = {
      input: this.input,
      frame: at.frame,
      offset: at.offset,
      length: data.length,
      timeNs: timeNsOf(at.sec, at.nsec),
      src,
      dst,
      transport,
    };
    if (lastFrame !== undefined && lastFrame !== at.frame) ref.lastFrame = lastFrame;
    const enc = encapsulation ?? this.encapsulation;
    if (enc !== undefined) ref.encapsulation = enc;
    this.addMessage({ ref, data });
  }

  diagnosticAt(d: Omit<Diagnostic, 'input' | 'frame' | 'offset'>, at: FrameInfo): void {
    this.diagnostics.push({ ...d, input: this.input, frame: at.frame, offset: at.offset });
  }

  /** End of input: flush reassembly state, report what never completed, fix the time stats. */
  finish(): void {
    this.tcp.finish();
    this.sctp.finish();
    this.fragments.finish();
    this.updateTimeStats();
  }

  /** Copies first/last record times into the stats (once per batch: they stay live, cheaply). */
  updateTimeStats(): void {
    if (this.firstSec === this.firstSec) {
      this.stats.firstTimeNs = timeNsOf(this.firstSec, this.firstNsec);
      this.stats.lastTimeNs = timeNsOf(this.lastSec, this.lastNsec);
    }
  }

  private tooLarge(length: number, frame: number, offset: number): void {
    this.diagnostics.push({
      severity: 'warning',
      code: 'sip.message-too-large',
      message: `a ${length}-byte SIP message exceeds the ${this.limits.maxMessageBytes}-byte limit (maxMessageBytes); skipped`,
      input: this.input,
      frame,
      offset,
    });
  }

  private here(): FrameInfo {
    return { frame: this.frame, sec: this.sec, nsec: this.nsec, offset: this.fileOffset };
  }

  private problem(severity: Diagnostic['severity'], code: string, message: string): void {
    this.diagnostics.push({ severity, code, message, input: this.input, frame: this.frame, offset: this.fileOffset });
  }

  // ---- link layer ----

  private link(linkType: number, buf: Buffer, off: number, end: number): void {
    switch (linkType) {
      case LINKTYPE.ETHERNET:
        if (end - off >= 14) this.etherType(u16be(buf, off + 12), buf, off + 14, end, 0);
        return;
      case LINKTYPE.LINUX_SLL:
        if (end - off >= 16) this.etherType(u16be(buf, off + 14), buf, off + 16, end, 0);
        return;
      case LINKTYPE.LINUX_SLL2:
        if (end - off >= 20) this.etherType(u16be(buf, off), buf, off + 20, end, 0);
        return;
      case LINKTYPE.NULL:
      case LINKTYPE.LOOP: {
        if (end - off < 4) return;
        // NULL stores the family in the capturing host's byte order, LOOP in network order.
        let family = linkType === LINKTYPE.LOOP ? u32be(buf, off) : u32le(buf, off);
        if (family > 0xffff) family = u32be(buf, off);
        if (family === 2) this.ipv4(buf, off + 4, end, 0);
        else if (family === 10 || family === 24 || family === 28 || family === 30) this.ipv6(buf, off + 4, end, 0);
        return;
      }
      case LINKTYPE.RAW:
      case LINKTYPE.RAW_OPENBSD:
      case LINKTYPE.RAW_BSD:
        this.rawIp(buf, off, end, 0);
        return;
      case LINKTYPE.IPV4:
        this.ipv4(buf, off, end, 0);
        return;
      case LINKTYPE.IPV6:
        this.ipv6(buf, off, end, 0);
        return;
      case LINKTYPE.PPP:
        if (end - off >= 4) this.ppp(u16be(buf, off + 2), buf, off + 4, end, 0);
        return;
      default:
        if (!this.unsupportedLinkTypes.has(linkType)) {
          this.unsupportedLinkTypes.add(linkType);
          this.problem('error', 'capture.unsupported-link-type', `link type ${linkType} is not supported; frames with it are not analysed`);
        }
    }
  }

  private rawIp(buf: Buffer, off: number, end: number, depth: number): void {
    if (end <= off) return;
    const version = buf[off] >> 4;
    if (version === 4) this.ipv4(buf, off, end, depth);
    else if (version === 6) this.ipv6(buf, off, end, depth);
  }

  private etherType(type: number, buf: Buffer, off: number, end: number, depth: number): void {
    // 802.1Q / 802.1ad tags, stacked (QinQ): each adds 4 bytes before the real type.
    while ((type === ETH_VLAN || type === ETH_QINQ || type === ETH_QINQ_OLD) && end - off >= 4) {
      type = u16be(buf, off + 2);
      off += 4;
    }
    switch (type) {
      case ETH_IPV4:
        this.ipv4(buf, off, end, depth);
        return;
      case ETH_IPV6:
        this.ipv6(buf, off, end, depth);
        return;
      case ETH_PPPOE_SESSION:
        if (end - off >= 8) this.ppp(u16be(buf, off + 6), buf, off + 8, end, depth);
        return;
      case ETH_MPLS:
      case ETH_MPLS_MULTICAST: {
        // Label stack entries until the bottom-of-stack bit; IP follows (its version says which).
        let p = off;
        while (end - p >= 4 && (buf[p + 2] & 0x01) === 0) p += 4;
        this.rawIp(buf, p + 4, end, depth);
        return;
      }
    }
  }

  private ppp(protocol: number, buf: Buffer, off: number, end: number, depth: number): void {
    if (protocol === 0x0021) this.ipv4(buf, off, end, depth);
    else if (protocol === 0x0057) this.ipv6(buf, off, end, depth);
  }

  // ---- network layer ----

  private ipv4(buf: Buffer, off: number, end: number, depth: number): void {
    if (end - off < 20 || buf[off] >> 4 !== 4) return;
    const ihl = (buf[off] & 0x0f) * 4;
    let totalLength = u16be(buf, off + 2);
    // 0 on the sending host with TCP segmentation offload: the frame holds the whole packet.
    if (totalLength === 0) totalLength = end - off;
    if (ihl < 20 || totalLength < ihl) {
      this.problem('warning', 'ip.malformed', `IPv4 header length ${ihl} / total length ${totalLength} is invalid`);
      return;
    }
    // The captured frame may carry Ethernet padding (trim) or be cut by the snaplen (keep what is there).
    if (off + totalLength < end) end = off + totalLength;
    const protocol = buf[off + 9];
    this.v6 = false;
    this.src4 = u32be(buf, off + 12);
    this.dst4 = u32be(buf, off + 16);
    const fragField = u16be(buf, off + 6);
    const more = (fragField & 0x2000) !== 0;
    const fragOffset = (fragField & 0x1fff) * 8;
    if (more || fragOffset > 0) {
      if (end - off < totalLength) {
        this.problem('warning', 'ip.fragment-truncated', 'IPv4 fragment cut by the capture snaplen; its datagram cannot be reassembled');
        return;
      }
      const key = `4/${this.src4}/${this.dst4}/${u16be(buf, off + 4)}/${protocol}`;
      const whole = this.fragments.add(key, fragOffset, more, buf, off + ihl, end, this.here());
      if (whole) this.transport(protocol, whole, 0, whole.length, depth);
      return;
    }
    this.transport(protocol, buf, off + ihl, end, depth);
  }

  private ipv6(buf: Buffer, off: number, end: number, depth: number): void {
    if (end - off < 40 || buf[off] >> 4 !== 6) return;
    const payloadLength = u16be(buf, off + 4);
    if (payloadLength > 0 && off + 40 + payloadLength < end) end = off + 40 + payloadLength;
    this.v6 = true;
    this.src6 = ipv6Text(buf, off + 8);
    this.dst6 = ipv6Text(buf, off + 24);
    this.src6Hash = ipv6AddressHash(buf, off + 8);
    this.dst6Hash = ipv6AddressHash(buf, off + 24);
    let next = buf[off + 6];
    let p = off + 40;
    for (;;) {
      if (next === IP_HOPOPTS || next === IP_ROUTING || next === IP_DSTOPTS) {
        if (end - p < 8) return;
        next = buf[p];
        p += (buf[p + 1] + 1) * 8;
      } else if (next === IP_AH) {
        if (end - p < 8) return;
        next = buf[p];
        p += (buf[p + 1] + 2) * 4;
      } else if (next === IP_FRAGMENT) {
        if (end - p < 8) return;
        const field = u16be(buf, p + 2);
        const key = `6/${this.src6}/${this.dst6}/${u32be(buf, p + 4)}`;
        const upper = buf[p];
        const whole = this.fragments.add(key, field & 0xfff8, (field & 1) !== 0, buf, p + 8, end, this.here());
        if (whole) this.transport(upper, whole, 0, whole.length, depth);
        return;
      } else {
        break;
      }
    }
    if (p <= end) this.transport(next, buf, p, end, depth);
  }

  private transport(protocol: number, buf: Buffer, off: number, end: number, depth: number): void {
    switch (protocol) {
      case IP_UDP:
        this.udp(buf, off, end, depth);
        return;
      case IP_TCP:
        this.tcpSegment(buf, off, end);
        return;
      case IP_SCTP:
        if (end - off >= 12) this.sctp.packet(buf, off, end, this.srcIp(), this.dstIp(), this.here(), this.encapsulation);
        return;
      case IP_IPIP:
      case IP_IPV6:
        if (depth >= MAX_DEPTH) return;
        this.encapsulation = 'ipip';
        if (protocol === IP_IPIP) this.ipv4(buf, off, end, depth + 1);
        else this.ipv6(buf, off, end, depth + 1);
        return;
      case IP_GRE:
        if (depth < MAX_DEPTH) this.gre(buf, off, end, depth + 1);
        return;
    }
  }

  /** GRE (RFC 2784/2890, PPTP's enhanced GRE), carrying IP, PPP, Ethernet or ERSPAN. */
  private gre(buf: Buffer, off: number, end: number, depth: number): void {
    if (end - off < 4) return;
    const flags = u16be(buf, off);
    const type = u16be(buf, off + 2);
    let p = off + 4;
    if (flags & 0x8000) p += 4; // checksum + reserved
    if (flags & 0x2000) p += 4; // key (PPTP: payload length + call id)
    if (flags & 0x1000) p += 4; // sequence number
    if ((flags & 0x0007) === 1 && flags & 0x0080) p += 4; // enhanced GRE acknowledgment
    if (p > end) return;
    this.encapsulation = 'gre';
    switch (type) {
      case ETH_TEB:
        if (end - p >= 14) this.etherType(u16be(buf, p + 12), buf, p + 14, end, depth);
        return;
      case ETH_ERSPAN2: {
        // ERSPAN type II: 8-byte header before the mirrored Ethernet frame (type I has none).
        const q = flags & 0x1000 ? p + 8 : p;
        this.encapsulation = 'erspan';
        if (end - q >= 14) this.etherType(u16be(buf, q + 12), buf, q + 14, end, depth);
        return;
      }
      case ETH_ERSPAN3: {
        if (end - p < 12) return;
        const q = p + 12 + (buf[p + 11] & 0x01 ? 8 : 0);
        this.encapsulation = 'erspan';
        if (end - q >= 14) this.etherType(u16be(buf, q + 12), buf, q + 14, end, depth);
        return;
      }
      case ETH_PPP: {
        // PPP in GRE (PPTP): optional address/control 0xff03, then a 1- or 2-byte protocol.
        let q = p;
        if (buf[q] === 0xff && buf[q + 1] === 0x03) q += 2;
        let protocol: number;
        if (buf[q] & 1) {
          protocol = buf[q]; // protocol field compressed to one byte (RFC 1661 §6.5)
          q += 1;
        } else {
          protocol = u16be(buf, q);
          q += 2;
        }
        this.ppp(protocol, buf, q, end, depth);
        return;
      }
      default:
        this.etherType(type, buf, p, end, depth);
    }
  }

  private srcIp(): string {
    return this.v6 ? this.src6 : ipv4Text(this.src4);
  }

  private dstIp(): string {
    return this.v6 ? this.dst6 : ipv4Text(this.dst4);
  }

  // ---- transport layer ----

  private udp(buf: Buffer, off: number, end: number, depth: number): void {
    if (end - off < 8) return;
    const udpLength = u16be(buf, off + 4);
    const cut = udpLength >= 8 && off + udpLength > end ? udpLength - 8 : 0;
    if (udpLength >= 8 && off + udpLength < end) end = off + udpLength;
    const p = off + 8;
    if (p >= end) return;
    const srcPort = u16be(buf, off);
    const dstPort = u16be(buf, off + 2);
    if (isHep3(buf, p, end)) {
      this.hep(buf, p, end);
      return;
    }
    // VXLAN (RFC 7348, cloud and overlay captures): flags byte with the I bit, then Ethernet.
    if (dstPort === VXLAN_PORT && end - p >= 22 && (buf[p] & 0x08) !== 0 && depth < MAX_DEPTH) {
      this.encapsulation = 'vxlan';
      this.etherType(u16be(buf, p + 20), buf, p + 22, end, depth + 1);
      return;
    }
    if (dstPort === this.hepPort || srcPort === this.hepPort) {
      // HEP port but no "HEP3": HEPv1/v2 are not supported; say so rather than drop silently.
      if (end - p >= 2 && (buf[p] === 1 || buf[p] === 2) && !startsWithSipStartLine(buf, p, end)) {
        this.problem('info', 'hep.unsupported-version', `HEP version ${buf[p]} on port ${this.hepPort} is not supported (only HEP3)`);
        return;
      }
    }
    if (!startsWithSipStartLine(buf, p, end)) {
      // RTP, DNS, keep-alives, ...: not SIP. Text naming SIP/2.0 is SIP with a broken start line.
      if (looksLikeDamagedSip(buf, p, end)) {
        this.problem('warning', 'sip.bad-start-line', `a ${end - p}-byte datagram names SIP/2.0 but does not start with a SIP start line; not analysed`);
      }
      return;
    }
    if (cut > 0) {
      this.problem('warning', 'capture.snaplen-cut', `SIP datagram cut by the capture's snapshot length: ${end - p} of ${cut} bytes captured`);
    }
    const plainEnd = sipMessageEnd(buf, p, end, false);
    if (plainEnd >= 0) {
      if (plainEnd < end && !isKeepAlive(buf, plainEnd, end)) this.trailingBytes(end - plainEnd);
      this.emitDatagram(buf, p, plainEnd, srcPort, dstPort);
      return;
    }
    const framed = frameSipMessage(buf, p, end, false);
    if (framed.kind !== 'message') {
      this.problem('warning', 'sip.bad-content-length', 'Content-Length is not a number; the datagram is taken whole');
      this.emitDatagram(buf, p, end, srcPort, dstPort);
      return;
    }
    if (framed.bodyTruncated) {
      this.problem('warning', 'sip.body-truncated', `Content-Length ${framed.contentLength} exceeds the ${end - p}-byte datagram (lost bytes or snaplen)`);
    } else if (framed.end < end && !isKeepAlive(buf, framed.end, end)) {
      this.trailingBytes(end - framed.end);
    }
    this.emitDatagram(buf, p, framed.end, srcPort, dstPort);
  }

  private trailingBytes(count: number): void {
    this.problem('info', 'sip.datagram-trailing-bytes', `${count} bytes after the Content-Length body are ignored (RFC 3261 §18.3)`);
  }

  /** The hot path: one datagram, one message; no intermediate objects. */
  private emitDatagram(buf: Buffer, off: number, end: number, srcPort: number, dstPort: number): void {
    if (end - off > this.limits.maxMessageBytes) {
      this.tooLarge(end - off, this.frame, this.fileOffset);
      return;
    }
    this.stats.sipMessages++;
    const src = this.v6 ? this.endpoint6(this.src6, srcPort) : this.endpoint4(this.src4, srcPort);
    const dst = this.v6 ? this.endpoint6(this.dst6, dstPort) : this.endpoint4(this.dst4, dstPort);
    const ref: RawSipMessage['ref'] = {
      input: this.input,
      frame: this.frame,
      offset: this.fileOffset,
      length: end - off,
      timeNs: timeNsOf(this.sec, this.nsec),
      src,
      dst,
      transport: 'udp',
    };
    if (this.encapsulation !== undefined) ref.encapsulation = this.encapsulation;
    this.addMessage({ ref, data: viewOf(buf, off, end) });
  }

  // Endpoints repeat endlessly in a capture: share one frozen object per address and port. A
  // cache reset only costs sharing: TCP flow lookups compare endpoints by value when identity fails.
  private readonly endpoints6 = new Map<string, Endpoint>();

  /** The IPv4 endpoints in use (generational, see endpoint-table.ts). */
  private readonly endpoints4 = new Ipv4EndpointTable();

  private endpoint4(addr: number, port: number): Endpoint {
    return this.endpoints4.intern(addr | 0, port);
  }

  private endpoint6(addr: string, port: number): Endpoint {
    const key = `${addr}|${port}`;
    let e = this.endpoints6.get(key);
    if (e === undefined) {
      if (this.endpoints6.size >= 1 << 16) this.endpoints6.clear();
      e = Object.freeze({ ip: addr, port });
      this.endpoints6.set(key, e);
    }
    return e;
  }

  private hep(buf: Buffer, off: number, end: number): void {
    const hep = decodeHep3(buf, off, end);
    if (typeof hep === 'string') {
      this.problem('warning', 'hep.malformed', hep);
      return;
    }
    if (hep.payloadOff < 0) return;
    if (hep.protocolType !== 1 && !startsWithSipStartLine(buf, hep.payloadOff, hep.payloadEnd)) return;
    if (isKeepAlive(buf, hep.payloadOff, hep.payloadEnd)) return;
    const at = hep.hasTime ? { frame: this.frame, sec: hep.sec, nsec: hep.nsec, offset: this.fileOffset } : this.here();
    this.emitSip(viewOf(buf, hep.payloadOff, hep.payloadEnd), at, undefined, hep.transport === 'unknown' ? 'udp' : hep.transport, hep.src, hep.dst, 'hep3');
  }

  private tcpSegment(buf: Buffer, off: number, end: number): void {
    if (end - off < 20) return;
    const dataOffset = (buf[off + 12] >> 4) * 4;
    if (dataOffset < 20 || off + dataOffset > end) return;
    const srcPort = u16be(buf, off);
    const dstPort = u16be(buf, off + 2);
    let src: Endpoint;
    let dst: Endpoint;
    if (this.v6) {
      src = this.endpoint6(this.src6, srcPort);
      dst = this.endpoint6(this.dst6, dstPort);
    } else {
      src = this.endpoint4(this.src4, srcPort);
      dst = this.endpoint4(this.dst4, dstPort);
    }
    const srcKey = endpointKey(this.v6 ? this.src6Hash : this.src4 | 0, srcPort);
    const dstKey = endpointKey(this.v6 ? this.dst6Hash : this.dst4 | 0, dstPort);
    // One FrameInfo filled again per segment: the reassembler copies what it keeps.
    const at = this.segmentAt;
    at.frame = this.frame;
    at.sec = this.sec;
    at.nsec = this.nsec;
    at.offset = this.fileOffset;
    this.tcp.segment(src, dst, srcKey, dstKey, u32be(buf, off + 4), buf[off + 13], buf, off + dataOffset, end, at, this.encapsulation);
  }

  private readonly segmentAt: FrameInfo = { frame: 0, sec: 0, nsec: 0, offset: 0 };
}
