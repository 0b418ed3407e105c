// TCP reassembly per flow direction, then SIP framing of the byte stream (RFC 3261 §18.3), or
// WebSocket deframing (RFC 7118). Out-of-order segments wait for the hole to fill; duplicates
// and overlaps are trimmed; a hole that never fills is skipped with a diagnostic and the stream
// resynchronises at the next SIP start line. TLS flows are counted, not analysed.
import { viewOf } from './bytes.js';
import { keptFrameInfo, type FrameInfo } from './frame-info.js';
import type { SipEmitter } from './sip-emitter.js';
import { FlowTable, flowHash } from './flow-table.js';
import { findSipStart, frameSipMessage, isKeepAlive, sipMessageEnd, startsWithSipStartLine } from './sip-framing.js';
import { TouchOrder } from './touch-order.js';
import type { CaptureLimits, Endpoint, InputStats } from './types.js';
import { readWsFrame, wsPayload, WS_CONTINUATION } from './websocket.js';

const SYN = 0x02;
const FIN = 0x01;
const RST = 0x04;

/** Start lines longer than this are not waited for. */
const MAX_LINE_WAIT = 16 * 1024;
/** Out-of-order data held before the hole in front of it is declared lost. */
const MAX_OOO_SEGMENTS = 256;
/** Capture seconds a hole may stay open (a retransmission normally fills it much sooner). */
const HOLE_TIMEOUT_SEC = 30;
/** Bytes of a flow scanned without any SIP start line before it is taken as another protocol. */
const SCAN_GIVE_UP = 64 * 1024;
/** A flow is moved to the recent end of the eviction order at most once per this many segments. */
const TOUCH_EVERY = 1024;
/**
 * A direction at a message boundary with nothing buffered and no segment for this long (capture
 * time) is let go: a client that sent its BYE and left would otherwise hold its flow state to the
 * end of a day-long capture. Longer than TCP keeps retransmitting (Linux gives up after ~924 s),
 * so no old segment can come back and be read twice; a later segment starts a new direction that
 * reads from the next start line, as the old one would have. Checked every IDLE_CHECK_EVERY segments.
 */
const IDLE_RELEASE_SEC = 1800;
const IDLE_CHECK_EVERY = 256;

type Mode =
  /** Looking for a SIP start line (flow start, after a hole, after garbage). */
  | 'scan'
  /** At a SIP message boundary. */
  | 'sip'
  /** WebSocket frames after an upgrade (seen or inferred). */
  | 'ws'
  /** An HTTP upgrade request or response header is being read. */
  | 'http-upgrade'
  /** TLS records: counted, not analysed. */
  | 'tls'
  /** A flow that never carried SIP in its first SCAN_GIVE_UP bytes (HTTP, media, ...). */
  | 'not-sip';

interface OutOfOrder {
  seq: number;
  data: Buffer;
  at: FrameInfo;
}

interface Direction {
  src: Endpoint;
  dst: Endpoint;
  nextSeq: number;
  mode: Mode;
  /** True until the first payload byte has been classified. */
  fresh: boolean;
  /** Buffered contiguous bytes not yet framed (owned copy), and where each segment began. */
  pending: Buffer;
  pendingLen: number;
  markPos: number[];
  markAt: FrameInfo[];
  ooo: OutOfOrder[];
  /** WebSocket message being assembled from continuation frames. */
  wsParts: Buffer[];
  wsAt: FrameInfo | undefined;
  encapsulation: string | undefined;
  encryptedCounted: boolean;
  /** Reassembler clock value when the flow was last moved to the recent end of the map. */
  touched: number;
  /** True once a SIP message was framed in this direction (a later resync never gives up). */
  sipSeen: boolean;
  /** Bytes scanned for a start line while no SIP was ever seen. */
  scanned: number;
  /** Bytes still to discard of a message too large to keep (its length was known). */
  skip: number;
  /** False once the direction is forgotten (closed or evicted). */
  open: boolean;
  /** Keys of src and dst (endpointKey), and flowHash of the two: where the flow table files it. */
  srcKey: number;
  dstKey: number;
  hash: number;
  nextInBucket: Direction | undefined;
  /** Capture second of the last segment (-1: the capture has no times). */
  lastSec: number;
}

const EMPTY = Buffer.alloc(0);
// Shared empty lists: most directions never hold data or out-of-order segments, and 100k open
// flows would otherwise carry 400k empty arrays. A list is made on first use.
const NO_POSITIONS: number[] = [];
const NO_FRAMES: FrameInfo[] = [];
const NO_SEGMENTS: OutOfOrder[] = [];
const NO_PARTS: Buffer[] = [];

/** Directions kept for reuse at most (see TcpReassembler.spare). */
const MAX_SPARE_DIRECTIONS = 1024;

/**
 * A direction object with every field set (one shape for all), opened by openDirection. Made with
 * its real endpoints: a placeholder object of another shape would make V8 widen the field's type
 * and throw away the code compiled for it.
 */
function newDirection(src: Endpoint, dst: Endpoint): Direction {
  // Fields in the order a segment reads them: the flow lookup's, then the per-segment state, so
  // that a segment touches the first two or three cache lines of the object, not all four.
  return {
    src,
    dst,
    hash: 0,
    nextInBucket: undefined,
    touched: 0,
    lastSec: -1,
    nextSeq: 0,
    mode: 'scan',
    fresh: true,
    pendingLen: 0,
    skip: 0,
    encapsulation: undefined,
    open: false,
    ooo: NO_SEGMENTS,
    pending: EMPTY,
    markPos: NO_POSITIONS,
    markAt: NO_FRAMES,
    wsParts: NO_PARTS,
    wsAt: undefined,
    sipSeen: false,
    scanned: 0,
    encryptedCounted: false,
    srcKey: 0,
    dstKey: 0,
  };
}

/** Sets a new or reused direction to the state of a flow's first segment. */
function openDirection(dir: Direction, src: Endpoint, dst: Endpoint, srcKey: number, dstKey: number, hash: number, nextSeq: number, encapsulation: string | undefined, clock: number, sec: number): void {
  dir.src = src;
  dir.dst = dst;
  dir.nextSeq = nextSeq;
  dir.mode = 'scan';
  dir.fresh = true;
  dir.pending = EMPTY;
  dir.pendingLen = 0;
  dir.markPos = NO_POSITIONS;
  dir.markAt = NO_FRAMES;
  dir.ooo = NO_SEGMENTS;
  dir.wsParts = NO_PARTS;
  dir.wsAt = undefined;
  dir.encapsulation = encapsulation;
  dir.encryptedCounted = false;
  dir.skip = 0;
  dir.sipSeen = false;
  dir.scanned = 0;
  dir.touched = clock;
  dir.open = true;
  dir.lastSec = sec;
  dir.srcKey = srcKey;
  dir.dstKey = dstKey;
  dir.hash = hash;
  dir.nextInBucket = undefined;
}

function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

function startsWithAscii(buf: Buffer, off: number, end: number, text: string): boolean {
  if (end - off < text.length) return false;
  for (let i = 0; i < text.length; i++) if (buf[off + i] !== text.charCodeAt(i)) return false;
  return true;
}

export class TcpReassembler {
  /**
   * Open directions by source and destination endpoint. Endpoints are interned by the decoder
   * (one object per address and port in use), so identity nearly always decides; see flow-table.ts.
   */
  private readonly flows = new FlowTable<Direction>();
  /** Every open direction, least recently used first (refreshed every TOUCH_EVERY segments). */
  private readonly order = new TouchOrder<Direction>();
  /** Segments seen; orders flows for eviction. */
  private clock = 0;
  /**
   * Directions let go (closed, idle, evicted), reused for new flows: a capture with a short TCP
   * connection per dialog makes tens of thousands, each living long enough to be promoted to the
   * old generation and die there.
   */
  private readonly spare: Direction[] = [];

  constructor(
    private readonly limits: CaptureLimits,
    private readonly out: SipEmitter,
    private readonly stats: InputStats,
  ) {}

  private lookup(src: Endpoint, dst: Endpoint, srcKey: number, dstKey: number): Direction | undefined {
    return this.flows.get(src, dst, flowHash(srcKey, dstKey));
  }

  private forget(dir: Direction): void {
    this.flows.remove(dir);
    if (!dir.open) return;
    this.order.removed();
    dir.open = false;
    // Nothing holds a forgotten direction but stale entries of the touch order, which stay stale
    // (a reused direction is stamped anew): let go of its buffers and keep it for the next flow.
    if (this.spare.length < MAX_SPARE_DIRECTIONS) {
      dir.pending = EMPTY;
      dir.markPos = NO_POSITIONS;
      dir.markAt = NO_FRAMES;
      dir.ooo = NO_SEGMENTS;
      dir.wsParts = NO_PARTS;
      dir.wsAt = undefined;
      this.spare.push(dir);
    }
  }

  /**
   * `src` and `dst` are best interned (identity is the fast comparison; equal values also match);
   * `srcKey` and `dstKey` are their endpointKey()s. `at` is read during the call only (the decoder
   * fills one object per record): whatever is kept beyond it is a copy (keptFrameInfo).
   */
  segment(src: Endpoint, dst: Endpoint, srcKey: number, dstKey: number, seq: number, flags: number, buf: Buffer, off: number, end: number, at: FrameInfo, encapsulation: string | undefined): void {
    const hash = flowHash(srcKey, dstKey);
    let dir = this.flows.get(src, dst, hash);
    if (dir && flags & SYN && seqDiff(seq + 1, dir.nextSeq) !== 0) {
      // Port reuse: a new connection replaces the old one.
      this.close(dir, at, 'the connection was re-opened (new SYN)');
      dir = undefined;
    }
    if (!dir) {
      if (this.order.size >= this.limits.maxOpenFlows) {
        this.releaseIdle(at);
        if (this.order.size >= this.limits.maxOpenFlows) this.evictOldest(at);
      }
      dir = this.spare.pop() ?? newDirection(src, dst);
      openDirection(dir, src, dst, srcKey, dstKey, hash, flags & SYN ? (seq + 1) >>> 0 : seq, encapsulation, this.clock, at.sec);
      this.flows.add(dir);
      this.order.add(dir);
      if (off === end && !(flags & (FIN | RST))) return;
    } else if (this.clock - dir.touched > TOUCH_EVERY) {
      // Keep the map in (roughly) least-recently-used order for eviction; re-inserting on every
      // segment would cost more than the whole framing.
      this.order.touch(dir, this.clock);
    }
    this.clock++;
    dir.lastSec = at.sec;
    if ((this.clock & (IDLE_CHECK_EVERY - 1)) === 0) this.releaseIdle(at);
    if (flags & SYN) seq = (seq + 1) >>> 0;
    if (end > off) this.data(dir, seq, buf, off, end, at);
    if (flags & (FIN | RST)) {
      this.close(dir, at, flags & RST ? 'the connection was reset' : 'the connection was closed');
    }
  }

  private data(dir: Direction, seq: number, buf: Buffer, off: number, end: number, at: FrameInfo): void {
    const d = seqDiff(seq, dir.nextSeq);
    if (d > 0) {
      this.holdOutOfOrder(dir, seq, buf, off, end, at);
      return;
    }
    if (d < 0) {
      // Retransmission or overlap: keep only bytes beyond what the stream already has.
      if (-d >= end - off) return;
      off -= d;
    }
    dir.nextSeq = (dir.nextSeq + (end - off)) >>> 0;
    this.append(dir, buf, off, end, at);
    this.drainOutOfOrder(dir);
  }

  private holdOutOfOrder(dir: Direction, seq: number, buf: Buffer, off: number, end: number, at: FrameInfo): void {
    let i = dir.ooo.length;
    while (i > 0 && seqDiff(dir.ooo[i - 1].seq, seq) > 0) i--;
    if (i > 0 && dir.ooo[i - 1].seq === seq && dir.ooo[i - 1].data.length >= end - off) return; // duplicate
    if (dir.ooo === NO_SEGMENTS) dir.ooo = [];
    dir.ooo.splice(i, 0, { seq, data: Buffer.from(buf.subarray(off, end)), at: keptFrameInfo(at) });
    const oldest = dir.ooo.reduce((s, o) => (o.at.sec >= 0 && o.at.sec < s ? o.at.sec : s), Infinity);
    const held = dir.ooo.reduce((n, o) => n + o.data.length, 0);
    if (dir.ooo.length > MAX_OOO_SEGMENTS || held > this.limits.maxFlowBuffer || (at.sec >= 0 && at.sec - oldest > HOLE_TIMEOUT_SEC)) {
      this.skipHole(dir, `${held} bytes waited behind it`);
    }
  }

  /** The hole before the first held segment will not fill: skip it and resynchronise. */
  private skipHole(dir: Direction, why: string): void {
    const first = dir.ooo[0];
    const missing = seqDiff(first.seq, dir.nextSeq);
    this.out.diagnosticAt(
      {
        severity: 'warning',
        code: 'tcp.gap',
        message: `${missing} bytes of the TCP stream ${dir.src.ip}:${dir.src.port} → ${dir.dst.ip}:${dir.dst.port} were never captured before this frame (${why}); resynchronising at the next SIP start line`,
      },
      first.at,
    );
    this.dropPending(dir, first.at, 'its continuation was lost in a TCP gap');
    if (dir.mode === 'sip' || dir.mode === 'ws') dir.mode = 'scan';
    dir.nextSeq = first.seq;
    this.drainOutOfOrder(dir);
  }

  private drainOutOfOrder(dir: Direction): void {
    while (dir.ooo.length > 0) {
      const next = dir.ooo[0];
      const d = seqDiff(next.seq, dir.nextSeq);
      if (d > 0) return;
      dir.ooo.shift();
      if (-d >= next.data.length) continue;
      const start = -d;
      dir.nextSeq = (dir.nextSeq + (next.data.length - start)) >>> 0;
      this.append(dir, next.data, start, next.data.length, next.at);
    }
  }

  /** New contiguous bytes: frame straight from the segment when nothing is pending. */
  private append(dir: Direction, buf: Buffer, off: number, end: number, at: FrameInfo): void {
    if (dir.mode === 'tls' || dir.mode === 'not-sip') return;
    if (dir.pendingLen === 0) {
      this.segmentAt = at;
      const used = this.consume(dir, buf, off, end, false);
      if (used < end) this.keep(dir, buf, used, end, at);
      return;
    }
    if (dir.pendingLen + (end - off) > this.limits.maxFlowBuffer) {
      this.out.diagnosticAt(
        {
          severity: 'warning',
          code: 'tcp.flow-buffer-exceeded',
          message: `more than ${this.limits.maxFlowBuffer} bytes of ${dir.src.ip}:${dir.src.port} → ${dir.dst.ip}:${dir.dst.port} waited for a complete message; they are dropped and the stream resynchronises`,
        },
        dir.markAt[0],
      );
      this.clearPending(dir);
      dir.mode = 'scan';
      this.segmentAt = at;
      const used = this.consume(dir, buf, off, end, false);
      if (used < end) this.keep(dir, buf, used, end, at);
      return;
    }
    this.keep(dir, buf, off, end, at);
    const used = this.consume(dir, dir.pending, 0, dir.pendingLen, true);
    if (used > 0) this.shiftPending(dir, used);
  }

  private keep(dir: Direction, buf: Buffer, off: number, end: number, at: FrameInfo): void {
    const len = end - off;
    if (dir.pendingLen + len > dir.pending.length) {
      const bigger = Buffer.allocUnsafe(Math.max(4096, (dir.pendingLen + len) * 2));
      dir.pending.copy(bigger, 0, 0, dir.pendingLen);
      dir.pending = bigger;
    }
    buf.copy(dir.pending, dir.pendingLen, off, end);
    if (dir.markPos === NO_POSITIONS) {
      dir.markPos = [];
      dir.markAt = [];
    }
    dir.markPos.push(dir.pendingLen);
    dir.markAt.push(keptFrameInfo(at));
    dir.pendingLen += len;
  }

  private shiftPending(dir: Direction, used: number): void {
    dir.pending.copyWithin(0, used, dir.pendingLen);
    dir.pendingLen -= used;
    // Keep the mark of the segment holding the new first byte, rebased to 0.
    let k = 0;
    while (k + 1 < dir.markPos.length && dir.markPos[k + 1] <= used) k++;
    dir.markPos = dir.markPos.slice(k).map((p, i) => (i === 0 ? 0 : p - used));
    dir.markAt = dir.markAt.slice(k);
    if (dir.pendingLen === 0) this.clearPending(dir);
  }

  private clearPending(dir: Direction): void {
    dir.pendingLen = 0;
    dir.markPos = NO_POSITIONS;
    dir.markAt = NO_FRAMES;
    if (dir.pending.length > 65536) dir.pending = EMPTY;
  }

  private dropPending(dir: Direction, at: FrameInfo, why: string): void {
    if (dir.pendingLen > 0 && !isKeepAlive(dir.pending, 0, dir.pendingLen) && dir.mode !== 'scan') {
      this.out.diagnosticAt(
        { severity: 'warning', code: 'tcp.incomplete-message', message: `${dir.pendingLen} bytes of an unfinished message from ${dir.src.ip}:${dir.src.port} are dropped: ${why}` },
        dir.markAt[0] ?? at,
      );
    }
    this.clearPending(dir);
    dir.wsParts = NO_PARTS;
    dir.wsAt = undefined;
  }

  /** The segment being framed in place (fast path: nothing was pending). */
  private segmentAt: FrameInfo | undefined;

  /** Which segment byte `pos` came from: the one in-place segment, or a pending-buffer mark. */
  private frameAt(dir: Direction, pos: number, pending: boolean): FrameInfo {
    if (!pending) return this.segmentAt as FrameInfo;
    let k = dir.markPos.length - 1;
    while (k > 0 && dir.markPos[k] > pos) k--;
    return dir.markAt[k];
  }

  /**
   * Frames what it can from `buf[start..end)`: the segment itself, or (`copy`) the direction's
   * pending buffer, whose marks say which segment each byte came from. Returns the offset of the
   * first byte not consumed. Messages cut from the pending buffer are copied (it is reused);
   * from a segment they are views into the read window.
   */
  private consume(dir: Direction, buf: Buffer, start: number, end: number, copy: boolean): number {
    let p = start;
    if (dir.fresh) {
      if (end - p < 6) return p;
      dir.fresh = false;
      this.classify(dir, buf, p, end, this.frameAt(dir, p, copy));
      if (dir.mode === 'tls') return end;
    }
    while (p < end) {
      if (dir.skip > 0) {
        const n = Math.min(dir.skip, end - p);
        dir.skip -= n;
        p += n;
        continue;
      }
      switch (dir.mode) {
        case 'tls':
        case 'not-sip':
          return end;
        case 'scan': {
          const found = findSipStart(buf, p, end);
          if (found < 0) {
            if (!dir.sipSeen) {
              dir.scanned += end - p;
              if (dir.scanned > SCAN_GIVE_UP) {
                dir.mode = 'not-sip';
                return end;
              }
            }
            // Keep a possibly cut start line; the rest cannot hold a message start. (Search a
            // view: lastIndexOf on the whole window would walk back over earlier records.)
            const lastLf = buf.subarray(p, end).lastIndexOf(0x0a);
            const keepFrom = lastLf >= 0 ? p + lastLf + 1 : p;
            return end - keepFrom > MAX_LINE_WAIT ? end : keepFrom;
          }
          if (found > p && !isKeepAlive(buf, p, found)) {
            this.out.diagnosticAt(
              { severity: 'info', code: 'tcp.resync', message: `${found - p} bytes before the first SIP start line of ${dir.src.ip}:${dir.src.port} → ${dir.dst.ip}:${dir.dst.port} are not SIP and were skipped` },
              this.frameAt(dir, p, copy),
            );
          }
          p = found;
          dir.mode = 'sip';
          dir.sipSeen = true;
          break;
        }
        case 'sip': {
          while (p < end && (buf[p] === 0x0d || buf[p] === 0x0a)) p++; // CRLF keep-alives
          if (p >= end) return p;
          if (!startsWithSipStartLine(buf, p, end)) {
            const lf = buf.indexOf(0x0a, p);
            if ((lf < 0 || lf >= end) && end - p < MAX_LINE_WAIT) return p;
            dir.mode = 'scan';
            break;
          }
          let msgEnd = sipMessageEnd(buf, p, end, true);
          if (msgEnd < 0) {
            const framed = frameSipMessage(buf, p, end, true);
            if (framed.kind === 'need-more') {
              const known = framed.total;
              if ((known ?? end - p) > this.limits.maxMessageBytes) {
                this.out.diagnosticAt(
                  {
                    severity: 'warning',
                    code: 'sip.message-too-large',
                    message: `a message from ${dir.src.ip}:${dir.src.port} is ${known !== undefined ? `${known} bytes` : `over ${end - p} bytes before its headers end`}, over the ${this.limits.maxMessageBytes}-byte limit; skipped`,
                  },
                  this.frameAt(dir, p, copy),
                );
                if (known !== undefined) {
                  dir.skip = known;
                } else {
                  dir.mode = 'scan';
                  p += 1;
                }
                break;
              }
              return p;
            }
            if (framed.kind === 'bad-content-length') {
              this.out.diagnosticAt({ severity: 'warning', code: 'sip.bad-content-length', message: 'Content-Length is not a number; the message is taken to end after its headers' }, this.frameAt(dir, p, copy));
              msgEnd = framed.headerEnd;
            } else {
              msgEnd = framed.end;
              if (framed.contentLength === null) {
                this.out.diagnosticAt({ severity: 'warning', code: 'sip.missing-content-length', message: 'a SIP message over TCP has no Content-Length (RFC 3261 §18.3 requires it); taken as 0' }, this.frameAt(dir, p, copy));
              }
            }
          }
          const first = this.frameAt(dir, p, copy);
          const last = this.frameAt(dir, msgEnd - 1, copy);
          const data = copy ? Buffer.from(buf.subarray(p, msgEnd)) : viewOf(buf, p, msgEnd);
          this.out.emitSip(data, first, last.frame, 'tcp', dir.src, dir.dst, dir.encapsulation);
          p = msgEnd;
          break;
        }
        case 'http-upgrade': {
          const headerEnd = buf.subarray(p, end).indexOf('\r\n\r\n', 0, 'latin1');
          if (headerEnd < 0) return end - p > MAX_LINE_WAIT ? end : p;
          p += headerEnd + 4;
          dir.mode = 'ws';
          break;
        }
        case 'ws': {
          const frame = readWsFrame(buf, p, end);
          if (frame === 'more') return p;
          if (frame === 'invalid') {
            this.out.diagnosticAt({ severity: 'warning', code: 'ws.bad-frame', message: `invalid WebSocket frame header from ${dir.src.ip}:${dir.src.port}; resynchronising` }, this.frameAt(dir, p, copy));
            dir.mode = 'scan';
            break;
          }
          if (frame.payloadOff + frame.payloadLen > end) {
            if (frame.payloadLen > this.limits.maxMessageBytes) {
              this.out.diagnosticAt({ severity: 'warning', code: 'sip.message-too-large', message: `a WebSocket frame of ${frame.payloadLen} bytes exceeds the message limit; skipped` }, this.frameAt(dir, p, copy));
              dir.mode = 'scan';
              p += 2;
              break;
            }
            return p;
          }
          const frameAt = this.frameAt(dir, p, copy);
          const lastFrame = this.frameAt(dir, frame.payloadOff + frame.payloadLen - 1, copy).frame;
          if (frame.opcode < 8) this.wsData(dir, frame.opcode, frame.fin, wsPayload(buf, frame), frameAt, lastFrame);
          p = frame.payloadOff + frame.payloadLen;
          break;
        }
      }
    }
    return p;
  }

  /** Decides from the first bytes of a direction what it carries. */
  private classify(dir: Direction, buf: Buffer, p: number, end: number, at: FrameInfo): void {
    const b0 = buf[p];
    if ((b0 === 0x16 || b0 === 0x17 || b0 === 0x15 || b0 === 0x14) && buf[p + 1] === 0x03 && buf[p + 2] <= 0x04) {
      dir.mode = 'tls';
      const reverse = this.lookup(dir.dst, dir.src, dir.dstKey, dir.srcKey);
      if (reverse) {
        if (reverse.fresh || reverse.mode === 'scan') {
          reverse.mode = 'tls';
          reverse.fresh = false;
          this.clearPending(reverse);
        }
        if (reverse.encryptedCounted) dir.encryptedCounted = true;
      }
      if (!dir.encryptedCounted) {
        dir.encryptedCounted = true;
        // Counted in the stats only: the report turns the count into its one diagnostic.
        this.stats.encryptedFlows++;
      }
      return;
    }
    if (startsWithAscii(buf, p, end, 'GET ') || startsWithAscii(buf, p, end, 'HTTP/1.1 101')) {
      const headerEnd = buf.subarray(p, end).indexOf('\r\n\r\n', 0, 'latin1');
      const head = buf.toString('latin1', p, headerEnd >= 0 ? p + headerEnd : Math.min(end, p + 4096)).toLowerCase();
      if (head.includes('upgrade: websocket') || head.startsWith('http/1.1 101')) {
        // Request (GET ... Upgrade: websocket) or answer (101): WebSocket frames follow the header.
        dir.mode = 'http-upgrade';
        dir.encapsulation = 'ws';
        return;
      }
    }
    // A WebSocket frame whose payload is SIP: the upgrade happened before the capture started.
    if (!startsWithSipStartLine(buf, p, end)) {
      const frame = readWsFrame(buf, p, end);
      if (typeof frame === 'object' && (frame.opcode === 1 || frame.opcode === 2) && frame.payloadOff + Math.min(frame.payloadLen, 64) <= end) {
        const head = wsPayload(buf, { ...frame, payloadLen: Math.min(frame.payloadLen, 1024, end - frame.payloadOff) });
        if (startsWithSipStartLine(head, 0, head.length)) {
          dir.mode = 'ws';
          dir.encapsulation = 'ws';
          return;
        }
      }
    }
    dir.mode = 'scan';
  }

  private wsData(dir: Direction, opcode: number, fin: boolean, payload: Buffer, at: FrameInfo, lastFrame: number): void {
    if (opcode !== WS_CONTINUATION) {
      dir.wsParts = [];
      dir.wsAt = keptFrameInfo(at);
    } else if (!dir.wsAt) {
      this.out.diagnosticAt({ severity: 'warning', code: 'ws.orphan-continuation', message: 'WebSocket continuation frame without a first frame; skipped' }, at);
      return;
    }
    dir.wsParts.push(payload);
    if (!fin) return;
    const message = dir.wsParts.length === 1 ? dir.wsParts[0] : Buffer.concat(dir.wsParts);
    const first = dir.wsAt ?? at;
    dir.wsParts = NO_PARTS;
    dir.wsAt = undefined;
    if (isKeepAlive(message, 0, message.length)) return;
    if (!startsWithSipStartLine(message, 0, message.length)) {
      this.out.diagnosticAt({ severity: 'info', code: 'ws.not-sip', message: `a WebSocket message of ${message.length} bytes from ${dir.src.ip}:${dir.src.port} is not SIP; skipped` }, first);
      return;
    }
    const framed = frameSipMessage(message, 0, message.length, false);
    const end = framed.kind === 'message' ? framed.end : message.length;
    this.out.emitSip(message.subarray(0, end), first, lastFrame, 'ws', dir.src, dir.dst, 'ws');
  }

  private close(dir: Direction, at: FrameInfo, why: string): void {
    if (dir.ooo.length > 0) this.skipHole(dir, why);
    this.dropPending(dir, at, why);
    this.forget(dir);
  }

  /** Lets go of the least recently used directions that are idle and hold nothing (see IDLE_RELEASE_SEC). */
  private releaseIdle(at: FrameInfo): void {
    if (at.sec < 0) return;
    this.order.scan(64, (dir) => {
      if (dir.lastSec < 0 || at.sec - dir.lastSec < IDLE_RELEASE_SEC) return false;
      // Only plain SIP at a message boundary: a WebSocket, TLS or resynchronising direction would
      // not be the same when it came back (inferred framing, the encrypted count, the scan budget).
      // Others are passed over in place, so eviction still finds the least recently used first.
      if (dir.mode === 'sip' && dir.pendingLen === 0 && dir.ooo.length === 0 && dir.skip === 0 && dir.wsParts.length === 0) this.forget(dir);
      return true;
    });
  }

  /** Directions tracked now (for tests and the memory bench). */
  get openFlows(): number {
    return this.order.size;
  }

  private evictOldest(at: FrameInfo): void {
    const oldest = this.order.oldest() as Direction;
    this.out.diagnosticAt(
      { severity: 'warning', code: 'tcp.flow-evicted', message: `more than ${this.limits.maxOpenFlows} TCP flows open: the least recently used (${oldest.src.ip}:${oldest.src.port} → ${oldest.dst.ip}:${oldest.dst.port}) is no longer tracked` },
      at,
    );
    this.close(oldest, at, 'its flow was evicted');
  }

  /** End of capture: fill what holes we can by skipping them, report unfinished messages. */
  finish(): void {
    for (const dir of this.order.values()) {
      const at = dir.markAt[0] ?? dir.ooo[0]?.at;
      if (dir.ooo.length > 0) this.skipHole(dir, 'the capture ended');
      if (at) this.dropPending(dir, at, 'the capture ended');
    }
    this.flows.clear();
    this.order.clear();
  }
}
