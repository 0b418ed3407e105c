// Message bodies: a multipart body (RFC 2046 §5.1) split by its boundary into parts with their
// own MIME headers; any other body is one part.
import type { BodyPart, ContentDisposition, HeaderField, MediaType } from './types.js';
import type { Diagnostic, SourceRef } from '../capture/types.js';
import type { MessageReadContext } from './readers.js';
import { readHeaderSection } from './framer.js';
import { parseCached } from './grammar.js';
import { sipDiagnostic } from './diagnostics.js';

export function splitBody(ctx: MessageReadContext): BodyPart[] {
  if (ctx.body.length === 0) return [];
  const ct = ctx.contentType();
  const cd = ctx.fields('Content-Disposition')[0];
  const contentType = ct.state === 'ok' ? ct.value : undefined;
  const whole: BodyPart = { headers: [], body: ctx.body };
  if (contentType !== undefined) whole.contentType = contentType;
  if (cd !== undefined) {
    const disposition = parseCached<ContentDisposition>('Content_Disposition_value', cd.value);
    if (disposition.ok) whole.contentDisposition = disposition.value;
  }
  if (contentType === undefined || contentType.type !== 'multipart') return [whole];
  const diagnostics: Diagnostic[] = [];
  const parts = splitMultipart(ctx.body, ctx.bodyOffset, contentType, ctx.ref, diagnostics);
  for (const d of diagnostics) ctx.note(d);
  return parts ?? [whole];
}

/**
 * Splits a multipart body. Returns undefined (with a diagnostic) when there is no boundary
 * parameter or the first delimiter is missing, so the caller keeps the body whole.
 */
export function splitMultipart(body: string, base: number, type: MediaType, ref: SourceRef, diagnostics: Diagnostic[]): BodyPart[] | undefined {
  const boundaryParam = type.params.find((p) => p.name.toLowerCase() === 'boundary');
  if (boundaryParam === undefined || boundaryParam.value === null || boundaryParam.value.length === 0) {
    diagnostics.push(sipDiagnostic(ref, 'warning', 'sip.body.no-boundary', `${type.type}/${type.subtype} body without a boundary parameter`, base, 'Content-Type'));
    return undefined;
  }
  const delimiter = '--' + boundaryParam.value;
  // The first delimiter may open the body; later ones follow a line end.
  let at = body.startsWith(delimiter) ? 0 : findDelimiter(body, delimiter, 0);
  if (at === -1) {
    diagnostics.push(sipDiagnostic(ref, 'warning', 'sip.body.boundary-not-found', `multipart boundary ${JSON.stringify(boundaryParam.value)} not found in the body`, base));
    return undefined;
  }
  const parts: BodyPart[] = [];
  for (;;) {
    let p = at + delimiter.length;
    if (body.startsWith('--', p)) return parts; // close-delimiter
    // Skip transport padding and the line end after the delimiter.
    while (p < body.length && (body.charCodeAt(p) === 0x20 || body.charCodeAt(p) === 0x09)) p++;
    if (body.charCodeAt(p) === 0x0d) p++;
    if (body.charCodeAt(p) === 0x0a) p++;
    const next = findDelimiter(body, delimiter, p);
    const partEnd = next === -1 ? body.length : lineStartBefore(body, next);
    if (next === -1) {
      diagnostics.push(sipDiagnostic(ref, 'warning', 'sip.body.unterminated-multipart', 'multipart body ends without its closing delimiter', base + body.length));
    }
    parts.push(readPart(body, p, partEnd, base, ref, diagnostics));
    if (next === -1) return parts;
    at = next;
  }
}

/** Index of the next delimiter that starts a line at or after `from`; -1 if none. */
function findDelimiter(body: string, delimiter: string, from: number): number {
  let i = from;
  for (;;) {
    i = body.indexOf(delimiter, i);
    if (i === -1) return -1;
    if (i === 0 || body.charCodeAt(i - 1) === 0x0a) return i;
    i += delimiter.length;
  }
}

/** The line end before a delimiter belongs to the delimiter, not to the part (RFC 2046 §5.1.1). */
function lineStartBefore(body: string, delimiterAt: number): number {
  let end = delimiterAt;
  if (end > 0 && body.charCodeAt(end - 1) === 0x0a) end--;
  if (end > 0 && body.charCodeAt(end - 1) === 0x0d) end--;
  return end;
}

function readPart(body: string, start: number, end: number, base: number, ref: SourceRef, diagnostics: Diagnostic[]): BodyPart {
  const section = readHeaderSection(body, start, end, 1, base, ref, diagnostics);
  const contentStart = section.headerEnd === -1 ? end : section.headerEnd;
  const part: BodyPart = { headers: section.headers, body: body.slice(contentStart, end) };
  const ct = fieldNamed(section.headers, 'Content-Type');
  if (ct !== undefined) {
    const r = parseCached<MediaType>('Content_Type_value', ct.value);
    if (r.ok) part.contentType = r.value;
  }
  const cd = fieldNamed(section.headers, 'Content-Disposition');
  if (cd !== undefined) {
    const r = parseCached<ContentDisposition>('Content_Disposition_value', cd.value);
    if (r.ok) part.contentDisposition = r.value;
  }
  return part;
}

function fieldNamed(headers: HeaderField[], canonical: string): HeaderField | undefined {
  return headers.find((h) => h.canonical === canonical);
}
