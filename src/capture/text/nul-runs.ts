// Runs of NUL bytes in a text log: a crashed writer's zero-filled tail, a `copytruncate` log
// rotation (the writer goes on at its old offset, the file starts with zeros) or preallocation.
// Outside a message such a run is damage, reported once per run with where and how long it is.
import type { Diagnostic } from '../types.js';
import { startsWithSipStartLine } from '../sip-framing.js';

export const NUL = 0;

/** Index just after the NUL run starting at `p` (p itself when buf[p] is not NUL). */
export function nulRunEnd(buf: Buffer, p: number, end: number): number {
  while (p < end && buf[p] === NUL) p++;
  return p;
}

/** First NUL in buf[from..to), or -1. Bounded: never scans past `to`. */
export function indexOfNul(buf: Buffer, from: number, to: number): number {
  if (to <= from) return -1;
  const at = buf.subarray(from, to).indexOf(NUL);
  return at < 0 ? -1 : from + at;
}

/**
 * A SIP start line right after a NUL run in buf[from..to) (the writer went on mid-line after the
 * zeros), or -1. Start lines at line starts are found by findSipStartLine; this covers the rest.
 */
export function startAfterNulRun(buf: Buffer, from: number, to: number, end: number): number {
  let p = indexOfNul(buf, from, to);
  while (p >= 0) {
    const q = nulRunEnd(buf, p, end);
    if (q < end && startsWithSipStartLine(buf, q, end)) return q;
    p = indexOfNul(buf, q, to);
  }
  return -1;
}

interface Run {
  offset: number;
  line: number;
  bytes: number;
}

/**
 * Collects NUL runs and reports each once: pieces that touch (a run split across chunks or cut
 * lines) are one run. `flush` reports the pending run; call it when other content follows.
 */
export class NulRunReporter {
  private run: Run | undefined;

  constructor(
    private readonly input: string,
    private readonly report: (d: Diagnostic) => void,
  ) {}

  add(offset: number, line: number, bytes: number): void {
    if (bytes <= 0) return;
    const run = this.run;
    if (run && run.offset + run.bytes === offset) {
      run.bytes += bytes;
      return;
    }
    this.flush();
    this.run = { offset, line, bytes };
  }

  flush(): void {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    this.report({
      severity: 'warning',
      code: 'text.nul-bytes',
      message: `${run.bytes} NUL byte${run.bytes === 1 ? '' : 's'} outside any SIP message skipped (a zero-filled gap: crash, preallocation or copytruncate log rotation)`,
      input: this.input,
      offset: run.offset,
      line: run.line,
    });
  }
}
