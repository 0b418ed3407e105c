// The hand framer: start line, header lines (with folding), Content-Length body. It never calls
// the grammar; typed accessors do that on demand. Decodes latin1 so offsets are byte offsets.
import type { Diagnostic, SourceRef } from '../capture/types.js';
import type { HeaderField } from './types.js';
import { canonicalHeaderName } from './header-names.js';
import { clip, sipDiagnostic } from './diagnostics.js';
import { isWsp } from './list.js';

/** Where the pieces of a folded value came from: value index → message offset, in pairs. */
export type FoldMap = number[];

/** The fold maps of a section without folded values: every index reads undefined. */
const NO_FOLDS: readonly (FoldMap | undefined)[] = [];

export interface FramedMessage {
  text: string;
  startLine: string;
  /** Offset of the start line inside the message (after any leading empty lines). */
  startLineOffset: number;
  headers: HeaderField[];
  /** Parallel to headers: set only for folded values (shorter, or empty, when none are). */
  foldMaps: readonly (FoldMap | undefined)[];
  body: string;
  bodyOffset: number;
  /** True when at least one line ended in a bare LF. */
  lfLineEndings: boolean;
  diagnostics: Diagnostic[];
}

const HEADER_NAME = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const DIGITS = /^[0-9]+$/;
const LINE_ENDS_ONLY = /^[\r\n]*$/;
const STREAM_TRANSPORTS = new Set(['tcp', 'tls', 'sctp']);

/** Header fields kept per message unless ParseOptions.maxHeaders says otherwise (issue 7 limit). */
export const DEFAULT_MAX_HEADERS = 1000;

export function frameMessage(text: string, ref: SourceRef, maxHeaders = DEFAULT_MAX_HEADERS): FramedMessage {
  const diagnostics: Diagnostic[] = [];
  const len = text.length;
  let pos = 0;
  let lineNo = 1;
  let lfLineEndings = false;

  // RFC 3261 §7.5: empty lines before the start line (keep-alive CRLFs) are ignored.
  while (pos < len && (text.charCodeAt(pos) === 0x0d || text.charCodeAt(pos) === 0x0a)) {
    if (text.charCodeAt(pos) === 0x0a) lineNo++;
    pos++;
  }
  if (pos > 0) diagnostics.push(sipDiagnostic(ref, 'info', 'sip.framing.leading-empty-lines', `${pos} byte(s) of empty lines before the start line ignored`, 0));

  const startLineOffset = pos;
  let eol = text.indexOf('\n', pos);
  let startLineEnd: number;
  if (eol === -1) {
    startLineEnd = len;
    eol = len;
  } else if (eol > pos && text.charCodeAt(eol - 1) === 0x0d) startLineEnd = eol - 1;
  else {
    startLineEnd = eol;
    lfLineEndings = true;
  }
  const startLine = text.slice(pos, startLineEnd);
  pos = eol + 1;
  lineNo++;

  const section = readHeaderSection(text, pos, len, lineNo, 0, ref, diagnostics, maxHeaders);
  const { headers, foldMaps } = section;
  if (section.lfLineEndings) lfLineEndings = true;
  const headerEnd = section.headerEnd;

  if (lfLineEndings) {
    diagnostics.push(sipDiagnostic(ref, 'warning', 'sip.framing.lf-line-endings', 'lines end in LF instead of CRLF (accepted)', startLineOffset));
  }

  let bodyOffset: number;
  if (headerEnd === -1) {
    bodyOffset = len;
    diagnostics.push(sipDiagnostic(ref, 'warning', 'sip.framing.headers-unterminated', 'the header section does not end with an empty line', len));
  } else bodyOffset = headerEnd;

  const body = frameBody(text, bodyOffset, headers, ref, diagnostics);
  return { text, startLine, startLineOffset, headers, foldMaps, body, bodyOffset, lfLineEndings, diagnostics };
}

export interface HeaderSection {
  headers: HeaderField[];
  foldMaps: readonly (FoldMap | undefined)[];
  /** Index just after the empty line that ends the section; -1 when there is none. */
  headerEnd: number;
  lfLineEndings: boolean;
}

/**
 * Reads header lines of `text` from `pos` up to `end` (exclusive) or the first empty line.
 * Offsets recorded in fields and diagnostics are `base` + index in `text`, so MIME part headers
 * of a multipart body report message offsets too.
 */
export function readHeaderSection(text: string, pos: number, end: number, firstLine: number, base: number, ref: SourceRef, diagnostics: Diagnostic[], maxHeaders = Infinity): HeaderSection {
  const headers: HeaderField[] = [];
  // Allocated at the first folded header: most messages have none and share NO_FOLDS.
  let foldMaps: (FoldMap | undefined)[] | undefined;
  let lfLineEndings = false;
  let lineNo = firstLine;
  // The header being collected, in locals rather than an object per header (hot path): its name,
  // offset, line, and the (start, end) pieces of raw value text across folded lines.
  let curName: string | undefined;
  let curOffset = 0;
  let curLine = 0;
  let curStart = 0;
  let curEnd = 0;
  // Only a folded header needs more pieces than its first line's.
  let curFolds: number[] | undefined;
  let headerEnd = -1;
  // Fields past maxHeaders are counted, not kept: a hostile message cannot make every later
  // stage (index, accessors, strict checks) pay for an unbounded header list.
  let dropped = 0;
  let firstDropped = 0;

  const finish = (): void => {
    if (curName === undefined) return;
    const name = curName;
    curName = undefined;
    if (headers.length >= maxHeaders) {
      if (dropped++ === 0) firstDropped = curOffset;
      return;
    }
    let value: string;
    let valueOffset: number;
    let foldMap: FoldMap | undefined;
    if (curFolds === undefined) {
      let start = curStart;
      let stop = curEnd;
      while (start < stop && isWsp(text.charCodeAt(start))) start++;
      while (stop > start && isWsp(text.charCodeAt(stop - 1))) stop--;
      value = text.slice(start, stop);
      valueOffset = start;
    } else {
      ({ value, valueOffset, foldMap } = joinPieces(text, [curStart, curEnd, ...curFolds]));
      curFolds = undefined;
    }
    const canonical = canonicalHeaderName(name);
    headers.push({
      // Written as the canonical spelling (the usual case): keep the one shared string, not a
      // copy per message (names under 13 characters are copied out of the message text).
      name: name === canonical ? canonical : name,
      canonical,
      value,
      offset: base + curOffset,
      valueOffset: base + valueOffset,
      line: curLine,
    });
    if (foldMap !== undefined) {
      for (let k = 1; k < foldMap.length; k += 2) foldMap[k] += base;
      foldMaps ??= new Array<FoldMap | undefined>(headers.length - 1).fill(undefined);
      foldMaps.push(foldMap);
    } else if (foldMaps !== undefined) foldMaps.push(undefined);
  };

  while (pos < end) {
    const lineStart = pos;
    let nl = text.indexOf('\n', pos);
    let lineEnd: number;
    if (nl === -1 || nl >= end) {
      nl = end;
      lineEnd = end;
      if (text.charCodeAt(end - 1) === 0x0d) lineEnd--;
    } else if (nl > lineStart && text.charCodeAt(nl - 1) === 0x0d) lineEnd = nl - 1;
    else {
      lineEnd = nl;
      lfLineEndings = true;
    }
    pos = nl + 1;
    if (lineEnd === lineStart) {
      headerEnd = Math.min(pos, end);
      break;
    }
    const first = text.charCodeAt(lineStart);
    if (isWsp(first)) {
      // Folded continuation (RFC 3261 §7.3.1): joins the previous header with one space.
      if (curName === undefined) {
        diagnostics.push(sipDiagnostic(ref, 'error', 'sip.header.orphan-continuation', 'continuation line with no header before it', base + lineStart));
      } else (curFolds ??= []).push(lineStart, lineEnd);
    } else {
      finish();
      const colon = text.indexOf(':', lineStart);
      if (colon === -1 || colon >= lineEnd) {
        diagnostics.push(sipDiagnostic(ref, 'error', 'sip.header.no-colon', `header line without ':' ignored: ${clip(text.slice(lineStart, lineEnd))}`, base + lineStart));
      } else {
        let nameEnd = colon;
        while (nameEnd > lineStart && isWsp(text.charCodeAt(nameEnd - 1))) nameEnd--;
        const name = text.slice(lineStart, nameEnd);
        if (!HEADER_NAME.test(name)) {
          diagnostics.push(sipDiagnostic(ref, 'error', 'sip.header.bad-name', `header name is not a token: ${clip(name)}`, base + lineStart, name));
        }
        curName = name;
        curOffset = lineStart;
        curLine = lineNo;
        curStart = colon + 1;
        curEnd = lineEnd;
      }
    }
    lineNo++;
  }
  finish();
  if (dropped > 0) {
    diagnostics.push(sipDiagnostic(ref, 'warning', 'sip.header.too-many', `${dropped} header field(s) after the first ${maxHeaders} ignored (limit --max-headers)`, base + firstDropped));
  }
  return { headers, foldMaps: foldMaps ?? NO_FOLDS, headerEnd, lfLineEndings };
}

/** Joins a folded header's raw value pieces: each trimmed, folds become one space. */
function joinPieces(text: string, pieces: number[]): { value: string; valueOffset: number; foldMap?: FoldMap } {
  let value = '';
  let valueOffset = -1;
  const foldMap: FoldMap = [];
  for (let p = 0; p < pieces.length; p += 2) {
    let s = pieces[p];
    let e = pieces[p + 1];
    while (s < e && isWsp(text.charCodeAt(s))) s++;
    while (e > s && isWsp(text.charCodeAt(e - 1))) e--;
    if (s === e) continue;
    if (value.length > 0) value += ' ';
    foldMap.push(value.length, s);
    if (valueOffset === -1) valueOffset = s;
    value += text.slice(s, e);
  }
  // Only whitespace on every line: an empty value with nothing to map.
  if (valueOffset === -1) return { value, valueOffset: pieces[pieces.length - 1] };
  return { value, valueOffset, foldMap };
}

/** The body: exactly Content-Length bytes when that is present and valid, else the rest. */
function frameBody(text: string, bodyOffset: number, headers: HeaderField[], ref: SourceRef, diagnostics: Diagnostic[]): string {
  const available = text.length - bodyOffset;
  let lengthField: HeaderField | undefined;
  for (const h of headers) {
    if (h.canonical !== 'Content-Length') continue;
    if (lengthField === undefined) lengthField = h;
    else if (h.value !== lengthField.value) {
      diagnostics.push(sipDiagnostic(ref, 'error', 'sip.content-length.conflict', `Content-Length repeated with a different value (${clip(h.value)} after ${clip(lengthField.value)}); the first is used`, h.offset, 'Content-Length'));
    } else {
      diagnostics.push(sipDiagnostic(ref, 'warning', 'sip.content-length.repeated', 'Content-Length repeated', h.offset, 'Content-Length'));
    }
  }
  if (lengthField === undefined) {
    if (STREAM_TRANSPORTS.has(ref.transport)) {
      diagnostics.push(sipDiagnostic(ref, 'warning', 'sip.content-length.missing', 'no Content-Length on a stream transport (RFC 3261 §20.14)', bodyOffset));
    }
    return text.slice(bodyOffset);
  }
  const declared = lengthField.value;
  if (!DIGITS.test(declared)) {
    diagnostics.push(sipDiagnostic(ref, 'error', 'sip.content-length.malformed', `Content-Length is not a number of octets: ${clip(declared)}`, lengthField.valueOffset, 'Content-Length'));
    return text.slice(bodyOffset);
  }
  const length = Number(declared);
  if (length > available) {
    diagnostics.push(sipDiagnostic(ref, 'error', 'sip.content-length.exceeds-body', `Content-Length ${declared} exceeds the ${available} byte(s) of body present`, lengthField.valueOffset, 'Content-Length'));
    return text.slice(bodyOffset);
  }
  if (length < available) {
    const rest = text.slice(bodyOffset + length);
    if (LINE_ENDS_ONLY.test(rest)) {
      diagnostics.push(sipDiagnostic(ref, 'info', 'sip.framing.trailing-empty-lines', `${rest.length} byte(s) of line ends after the body ignored`, bodyOffset + length));
    } else {
      diagnostics.push(sipDiagnostic(ref, 'warning', 'sip.framing.trailing-bytes', `${rest.length} byte(s) after the Content-Length body ignored`, bodyOffset + length));
    }
  }
  return length === available ? text.slice(bodyOffset) : text.slice(bodyOffset, bodyOffset + length);
}
