// Which text log format a file holds, from its first bytes.
import type { InputFormat } from '../types.js';
import { startsWithSipStartLine } from '../sip-framing.js';
import { NGREP_HEADER } from './ngrep-reader.js';
import { SIPP_SEPARATOR } from './sipp-reader.js';
import { SNGREP_HEADER } from './sngrep-reader.js';
import { BOM, hasByteOrderMark } from './line-reader.js';

/** ngrep's run information printed before the first packet. */
const NGREP_PREAMBLE = /^(?:interface|input|filter|match): /;
const MAX_LINES = 64;

/**
 * Looks at the first lines: a SIPp separator anywhere among them (SIPp may log socket errors
 * first), else the first meaningful line decides. Binary data (NUL bytes) is never text.
 */
export function detectTextFormat(head: Buffer): InputFormat | undefined {
  const probe = head.subarray(hasByteOrderMark(head) ? BOM.length : 0, 64 * 1024);
  if (probe.length === 0 || probe.indexOf(0) >= 0) return undefined;
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

function lineStart(buf: Buffer, index: number): number {
  let p = 0;
  for (let i = 0; i < index; i++) {
    p = buf.indexOf(0x0a, p);
    if (p < 0) return -1;
    p++;
  }
  return p;
}
