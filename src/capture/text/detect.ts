// Which text log format a file holds, from its first bytes.
import type { InputFormat } from '../types.js';
import { startsWithSipStartLine } from '../sip-framing.js';
import { NGREP_HEADER } from './ngrep-reader.js';
import { SIPP_SEPARATOR } from './sipp-reader.js';
import { SNGREP_HEADER } from './sngrep-reader.js';
import { BOM, hasByteOrderMark } from './line-reader.js';
import { nulRunEnd } from './nul-runs.js';

/** ngrep's run information printed before the first packet. */
const NGREP_PREAMBLE = /^(?:interface|input|filter|match): /;
const MAX_LINES = 64;
/** Of the bytes that are not NUL, at most this share may be neither printable ASCII nor TAB, CR, LF. */
const MAX_NON_TEXT_SHARE = 1 / 8;

/**
 * Looks at the first lines: a SIPp separator anywhere among them (SIPp may log socket errors
 * first), else the first meaningful line decides. A log may hold NUL runs (a crashed writer's
 * zero-filled tail, a copytruncate rotation): they count as line breaks, provided the rest reads
 * as text; binary data (executables, captures, random bytes) does not.
 */
export function detectTextFormat(head: Buffer): InputFormat | undefined {
  let probe = head.subarray(hasByteOrderMark(head) ? BOM.length : 0, 64 * 1024);
  if (probe.length === 0) return undefined;
  if (probe.indexOf(0) >= 0) {
    if (!readsAsTextBesideNuls(probe)) return undefined;
    probe = nulsAsLineBreaks(probe);
  }
  const lines = probe.toString('latin1', 0, probe.length).split('\n', MAX_LINES);
  if (lines.some((l) => SIPP_SEPARATOR.test(l))) return 'sipp-trace';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].replace(/\r$/, '');
    if (text.trim() === '') continue;
    if (SNGREP_HEADER.test(text)) return 'sngrep';
    if (NGREP_PREAMBLE.test(text) || NGREP_HEADER.test(text)) return 'ngrep';
    if (/^#+$/.test(text)) continue;
    const at = lineStart(probe, i);
    if (at >= 0 && startsWithSipStartLine(probe, at, probe.length)) return 'raw-sip';
    return undefined;
  }
  return undefined;
}

function readsAsTextBesideNuls(probe: Buffer): boolean {
  let other = 0;
  let nonText = 0;
  for (let i = 0; i < probe.length; i++) {
    const c = probe[i];
    if (c === 0) continue;
    other++;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c > 0x7e) nonText++;
  }
  return other > 0 && nonText <= other * MAX_NON_TEXT_SHARE;
}

/**
 * The probe with each NUL run turned into one LF: the text on either side of a run are lines of
 * their own, and a long run does not use up the lines looked at.
 */
function nulsAsLineBreaks(probe: Buffer): Buffer {
  const out = Buffer.allocUnsafe(probe.length);
  let n = 0;
  let p = 0;
  while (p < probe.length) {
    const nul = probe.indexOf(0, p);
    const stop = nul < 0 ? probe.length : nul;
    n += probe.copy(out, n, p, stop);
    if (nul < 0) break;
    out[n++] = 0x0a;
    p = nulRunEnd(probe, nul, probe.length);
  }
  return out.subarray(0, n);
}

function lineStart(buf: Buffer, index: number): number {
  let p = 0;
  for (let i = 0; i < index; i++) {
    p = buf.indexOf(0x0a, p);
    if (p < 0) return -1;
    p++;
  }
  return p;
}
