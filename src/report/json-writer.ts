// JSON text written by hand, laid out exactly like `JSON.stringify(value, null, 2)` at a given
// indent, with the report's sanitising applied while writing (issue 6). JSON.stringify with a
// replacer called back into JS for every key and value, and nesting a value at its indent meant
// stringifying it inside one-element arrays and cutting the brackets off again: most of the
// output's cost on large captures. Here a string that needs neither escaping nor sanitising (almost
// every one) is quoted as it is after one regex test; the rest go through `sanitize` and
// `JSON.stringify`, so escaping (controls, quotes, backslashes, lone surrogates) is V8's own.
// For plain data (what reports are): `toJSON` is not called, and an object that is not plain is
// written as a copy of its own enumerable keys, as `sanitizeReport` copies it.
import { REPORT_MULTILINE, sanitize, sanitizeDeep, sanitizeLines } from './sanitize.js';

/**
 * How strings are written. `Bytes`: sanitised like `Report`, and the text is UTF-8 bytes as latin1
 * characters ("binary" strings): a spool encodes it with `latin1Write`, which copies characters to
 * bytes without flattening or UTF-8 encoding the many-piece string (the slowest step otherwise).
 */
const enum Mode {
  Plain,
  Report,
  Bytes,
}

/** Characters JSON.stringify escapes: C0 controls, quote, backslash, (lone) surrogates. */
const JSON_ESCAPED = /[\u0000-\u001f"\\\ud800-\udfff]/;
/** JSON_ESCAPED plus what `sanitize` rewrites (its UNSAFE class). */
const REPORT_ESCAPED = /[\u0000-\u001f"\\\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]/;
/** Anything but printable ASCII that JSON leaves alone (Bytes mode: non-ASCII needs encoding too). */
const NOT_PLAIN_ASCII = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
const NON_ASCII = /[^\x00-\x7f]/;
/** What `sanitize` rewrites, for keys (a key needing only JSON escaping is quoted by JSON.stringify). */
const UNSAFE_KEY = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** "\n" and the indent; ",\n" and the indent; "{\n" and the indent, by indent width. */
const newlines: string[] = [];
const commaNewlines: string[] = [];
const braceNewlines: string[] = [];
function newline(indent: number): string {
  return newlines[indent] ?? (newlines[indent] = `\n${' '.repeat(indent)}`);
}
function commaNewline(indent: number): string {
  return commaNewlines[indent] ?? (commaNewlines[indent] = `,${newline(indent)}`);
}
function braceNewline(indent: number): string {
  return braceNewlines[indent] ?? (braceNewlines[indent] = `{${newline(indent)}`);
}

/** Bounded string caches: cleared when full (the report has a few dozen keys and clauses). */
const CACHE_MAX = 4096;
function remember(cache: Map<string, string>, key: string, text: string): string {
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, text);
  return text;
}

/** UTF-8 bytes of `text` as latin1 characters, for Bytes mode. */
function asBytes(text: string): string {
  return NON_ASCII.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

/**
 * `"key": ` for keys `sanitize` leaves alone (only those: being cached means safe), per mode that
 * writes it differently (Bytes encodes a non-ASCII key).
 */
const keyTexts = new Map<string, string>();
const keyBytes = new Map<string, string>();

/** `"key": `; undefined for a key `sanitize` would rewrite when sanitising. */
function keyText(key: string, mode: Mode): string | undefined {
  const cache = mode === Mode.Bytes ? keyBytes : keyTexts;
  const text = cache.get(key);
  if (text !== undefined) return text;
  const written = `${JSON.stringify(key)}: `;
  if (!UNSAFE_KEY.test(key)) return remember(cache, key, mode === Mode.Bytes ? asBytes(written) : written);
  return mode === Mode.Plain ? written : undefined;
}

/**
 * Bytes mode's quoted strings that were not plain ASCII: mostly the same few (clauses with "§"),
 * so each is sanitised, escaped and encoded once.
 */
const quotedBytes = new Map<string, string>();

/** A string as JSON, sanitised first unless Plain; `multiline` keeps raw text's line breaks. */
function quote(text: string, mode: Mode, multiline: boolean): string {
  switch (mode) {
    case Mode.Plain:
      return JSON_ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
    case Mode.Report:
      if (multiline) return JSON.stringify(sanitizeLines(text).join('\n'));
      return REPORT_ESCAPED.test(text) ? JSON.stringify(sanitize(text)) : `"${text}"`;
    case Mode.Bytes: {
      if (multiline) return asBytes(JSON.stringify(sanitizeLines(text).join('\n')));
      if (!NOT_PLAIN_ASCII.test(text)) return `"${text}"`;
      return quotedBytes.get(text) ?? remember(quotedBytes, text, asBytes(JSON.stringify(sanitize(text))));
    }
  }
}

/** Any value; undefined where JSON.stringify leaves the member out (undefined, functions, symbols). */
function valueText(value: unknown, key: string, indent: number, mode: Mode): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value, mode, mode !== Mode.Plain && REPORT_MULTILINE.has(key));
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? arrayText(value, indent, mode) : objectText(value as Record<string, unknown>, indent, mode);
    default:
      // undefined, function, symbol → undefined; bigint throws as JSON.stringify does.
      return JSON.stringify(value);
  }
}

function arrayText(items: readonly unknown[], indent: number, mode: Mode): string {
  if (items.length === 0) return '[]';
  const inner = indent + 2;
  let out = `[${newline(inner)}${valueText(items[0], '', inner, mode) ?? 'null'}`;
  const separator = commaNewline(inner);
  for (let i = 1; i < items.length; i++) out += separator + (valueText(items[i], '', inner, mode) ?? 'null');
  return out + newline(indent) + ']';
}

function objectText(object: Record<string, unknown>, indent: number, mode: Mode): string {
  // for..in visits own enumerable keys in JSON.stringify's order, and inherited ones: so only over
  // plain objects (anything else as a plain copy of its own keys).
  const own = Object.getPrototypeOf(object) === Object.prototype ? object : { ...object };
  const inner = indent + 2;
  const separator = commaNewline(inner);
  let out = '';
  for (const key in own) {
    // A key `sanitize` would rewrite (never one of the report's names): write a sanitised copy,
    // which is what sanitizeReport gives, its strings already safe.
    const name = keyText(key, mode);
    if (name === undefined) return sanitizedCopyText(own, indent, mode);
    const text = valueText(own[key], key, inner, mode);
    if (text !== undefined) out += (out === '' ? braceNewline(inner) : separator) + name + text;
  }
  return out === '' ? '{}' : out + newline(indent) + '}';
}

/** An object with an unsafe key as sanitizeReport copies it; its strings need no more sanitising. */
function sanitizedCopyText(object: Record<string, unknown>, indent: number, mode: Mode): string {
  const text = objectText(sanitizeDeep(object, REPORT_MULTILINE), indent, Mode.Plain);
  return mode === Mode.Bytes ? asBytes(text) : text;
}

/**
 * `JSON.stringify(sanitizeReport(value), null, 2)` as it appears `indent` spaces deep: every line
 * after the first indented by `indent` more (the first line's indent is the caller's).
 */
export function reportJson(value: unknown, indent: number): string | undefined {
  return valueText(value, '', indent, Mode.Report);
}

/**
 * `reportJson` as UTF-8 bytes in a latin1 string: `Buffer.from(text, 'latin1')` (or `latin1Write`)
 * gives the bytes of `Buffer.from(reportJson(value, indent), 'utf8')`.
 */
export function reportJsonBytes(value: unknown, indent: number): string | undefined {
  return valueText(value, '', indent, Mode.Bytes);
}

/**
 * What `reportJson` (`bytes`: `reportJsonBytes`) writes between the quotes of a string member
 * (not `raw`): for writers that put the quotes into text they worked out once.
 */
export function reportStringBody(text: string, bytes: boolean): string {
  return quote(text, bytes ? Mode.Bytes : Mode.Report, false).slice(1, -1);
}

/** `JSON.stringify(value, null, 2)` indented the same way, no sanitising. */
export function plainJson(value: unknown, indent: number): string | undefined {
  return valueText(value, '', indent, Mode.Plain);
}
