// Where a piece of payload was captured: enough to build a SourceRef or a Diagnostic later.

export interface FrameInfo {
  frame: number;
  /** Whole seconds since the epoch; -1 when the record has no timestamp (pcapng SPB). */
  sec: number;
  nsec: number;
  /** Input offset of the record. */
  offset: number;
}

/** A copy to keep: callers on the per-packet path may pass one FrameInfo they fill again for every record. */
export function keptFrameInfo(at: FrameInfo): FrameInfo {
  return { frame: at.frame, sec: at.sec, nsec: at.nsec, offset: at.offset };
}

let cachedSec = Number.NaN;
let cachedSecNs = 0n;

/** Exact nanoseconds since the epoch; one BigInt multiplication per distinct second. */
export function timeNsOf(sec: number, nsec: number): bigint | null {
  if (sec < 0) return null;
  if (sec !== cachedSec) {
    cachedSec = sec;
    cachedSecNs = BigInt(sec) * 1_000_000_000n;
  }
  return cachedSecNs + BigInt(nsec);
}
