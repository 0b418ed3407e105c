// IPv4 and IPv6 fragment reassembly (RFC 791, RFC 8200 §4.5): fragments in any order, duplicates
// dropped, conflicting overlaps reported (RFC 5722), incomplete sets expire after a capture-time
// timeout or when too many are open, each with a diagnostic.
import type { FrameInfo } from './frame-info.js';
import type { CaptureLimits, Diagnostic } from './types.js';

interface Piece {
  start: number;
  data: Buffer;
}

interface FragmentSet {
  pieces: Piece[];
  /** Payload length, known once the last fragment (MF = 0) arrives. */
  total: number;
  first: FrameInfo;
  conflict: boolean;
}

export type DiagnosticAt = (d: Omit<Diagnostic, 'input' | 'frame' | 'offset'>, at: FrameInfo) => void;

export class FragmentReassembler {
  private readonly sets = new Map<string, FragmentSet>();

  constructor(
    private readonly limits: CaptureLimits,
    private readonly report: DiagnosticAt,
  ) {}

  get open(): number {
    return this.sets.size;
  }

  /**
   * Adds the fragment `buf[off..end)` at byte `start` of datagram `key`. Returns the whole
   * payload once every byte from 0 to the last fragment's end is present.
   */
  add(key: string, start: number, more: boolean, buf: Buffer, off: number, end: number, at: FrameInfo): Buffer | undefined {
    this.expire(at);
    let set = this.sets.get(key);
    if (!set) {
      if (this.sets.size >= this.limits.maxFragmentSets) this.evictOldest(at);
      set = { pieces: [], total: -1, first: at, conflict: false };
      this.sets.set(key, set);
    }
    const len = end - off;
    if (!more) {
      if (set.total >= 0 && set.total !== start + len) {
        this.report({ severity: 'warning', code: 'ip.fragment-conflict', message: `two last fragments disagree on the datagram length (${set.total} and ${start + len})` }, at);
        set.conflict = true;
      }
      set.total = start + len;
    }
    if (!this.insert(set, start, buf.subarray(off, end), at)) set.conflict = true;
    if (set.total < 0) return undefined;
    let covered = 0;
    for (const piece of set.pieces) {
      if (piece.start > covered) return undefined;
      covered = Math.max(covered, piece.start + piece.data.length);
    }
    if (covered < set.total) return undefined;
    this.sets.delete(key);
    const whole = Buffer.alloc(set.total);
    // Earlier pieces win on overlap: write later ones first.
    for (let i = set.pieces.length - 1; i >= 0; i--) {
      const piece = set.pieces[i];
      piece.data.copy(whole, piece.start, 0, Math.min(piece.data.length, set.total - piece.start));
    }
    return whole;
  }

  /** Inserts a copy sorted by start; returns false when it overlaps existing bytes differently. */
  private insert(set: FragmentSet, start: number, data: Buffer, at: FrameInfo): boolean {
    const end = start + data.length;
    let ok = true;
    let index = set.pieces.length;
    for (let i = 0; i < set.pieces.length; i++) {
      const other = set.pieces[i];
      const oEnd = other.start + other.data.length;
      if (other.start < end && start < oEnd) {
        const lo = Math.max(start, other.start);
        const hi = Math.min(end, oEnd);
        if (data.compare(other.data, lo - other.start, hi - other.start, lo - start, hi - start) !== 0) {
          this.report({ severity: 'warning', code: 'ip.fragment-overlap', message: `fragment bytes ${lo}..${hi} overlap an earlier fragment with different content; the earlier bytes are kept` }, at);
          ok = false;
        } else if (lo === start && hi === end) {
          return true; // exact duplicate
        }
      }
      if (index === set.pieces.length && other.start > start) index = i;
    }
    set.pieces.splice(index, 0, { start, data: Buffer.from(data) });
    return ok;
  }

  private expire(now: FrameInfo): void {
    if (now.sec < 0) return;
    for (const [key, set] of this.sets) {
      if (set.first.sec < 0 || now.sec - set.first.sec <= this.limits.fragmentTimeoutSec) break;
      this.sets.delete(key);
      this.reportIncomplete(set, `not complete after ${this.limits.fragmentTimeoutSec} s of capture time`);
    }
  }

  private evictOldest(now: FrameInfo): void {
    const [key, set] = this.sets.entries().next().value as [string, FragmentSet];
    this.sets.delete(key);
    this.reportIncomplete(set, `dropped: more than ${this.limits.maxFragmentSets} datagrams were being reassembled (at frame ${now.frame})`);
  }

  private reportIncomplete(set: FragmentSet, why: string): void {
    const have = set.pieces.reduce((n, p) => n + p.data.length, 0);
    this.report(
      {
        severity: 'warning',
        code: 'ip.fragments-incomplete',
        message: `IP datagram from fragments (${set.pieces.length} fragments, ${have} bytes${set.total >= 0 ? ` of ${set.total}` : ', last fragment missing'}) ${why}`,
      },
      set.first,
    );
  }

  /** End of capture: every set still open is incomplete. */
  finish(): void {
    for (const set of this.sets.values()) this.reportIncomplete(set, 'never completed before the capture ended');
    this.sets.clear();
  }
}
