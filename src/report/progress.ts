// Progress for long runs on stderr: bytes read of total, rate, dialogs so far. Only on a terminal
// (the caller passes a non-TTY stream → nothing is ever written), redrawn at most 10 times a second.
export interface ProgressUpdate {
  bytesRead: number;
  bytesTotal: number;
  dialogs: number;
}

export interface ProgressSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  update(p: ProgressUpdate): void;
  /** Erase the progress line. */
  done(): void;
}

/** For runs that report nothing (a non-terminal stderr, re-analysis of one case). */
export const NO_PROGRESS: Progress = { update() {}, done() {} };

export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

export function progressLine(p: ProgressUpdate, elapsedSec: number): string {
  const pct = p.bytesTotal > 0 ? ` (${Math.min(100, Math.floor((p.bytesRead / p.bytesTotal) * 100))}%)` : '';
  const rate = elapsedSec > 0 ? `, ${humanBytes(p.bytesRead / elapsedSec)}/s` : '';
  return `imlint: ${humanBytes(p.bytesRead)} of ${humanBytes(p.bytesTotal)}${pct}${rate}, ${p.dialogs} dialogs`;
}

export function createProgress(stream: ProgressSink, now: () => number = () => performance.now()): Progress {
  if (stream.isTTY !== true) return NO_PROGRESS;
  const start = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(p) {
      const t = now();
      if (t - last < 100) return;
      last = t;
      shown = true;
      // CR + erase-line are ours, written to our own terminal; no capture text is in this line.
      stream.write(`\r\x1b[2K${progressLine(p, (t - start) / 1000)}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
