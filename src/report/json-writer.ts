// JSON text written by hand, laid out exactly like `JSON.stringify(value, null, 2)` at a given
// indent, with the report's sanitising applied while writing (issue 6). JSON.stringify with a
// replacer called back into JS for every key and value, and nesting a value at its indent meant
// stringifying it inside one-element arrays and cutting the brackets off again: most of the
// output's cost on large captures. Here a string that needs neither escaping nor sanitising (almost
// every one) is quoted as it is after one regex test; the rest go through `sanitize` and
// `JSON.stringify`, so escaping (controls, quotes, backslashes, lone surrogates) is V8's own.
import { REPORT_MULTILINE, sanitize, sanitizeDeep, sanitizeLines } from './sanitize.js';

/** Characters JSON.stringify escapes: C0 controls, quote, backslash, (lone) surrogates. */
const JSON_ESCAPED = /[\u0000-\u001f"\\\ud800-\udfff]/;
/** JSON_ESCAPED plus what `sanitize` rewrites (its UNSAFE class). */
const REPORT_ESCAPED = /[\u0000-\u001f"\\\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]/;
/** What `sanitize` rewrites, for keys (a key needing only JSON escaping is quoted by JSON.stringify). */
const UNSAFE_KEY = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** "\n" and the indent, by indent width. */
const newlines: string[] = [];
function newline(indent: number): string {
  return newlines[indent] ?? (newlines[indent] = `\n${' '.repeat(indent)}`);
}

/**
 * `"key": ` for keys `sanitize` leaves alone (only those: being cached means safe); the report has a few dozen fixed names, so the map
 * stays small (a capture cannot add keys). Bounded anyway for arbitrary values.
 */
const keyTexts = new Map<string, string>();
const KEY_TEXTS_MAX = 4096;

function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = `${JSON.stringify(key)}: `;
    if (UNSAFE_KEY.test(key)) return text;
    if (keyTexts.size >= KEY_TEXTS_MAX) keyTexts.clear();
    keyTexts.set(key, text);
  }
  return text;
}

/** A string as JSON, sanitised first when `sanitizing`; `multiline` keeps raw text's line breaks. */
function quote(text: string, sanitizing: boolean, multiline: boolean): string {
  if (!sanitizing) return JSON_ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
  if (multiline) return JSON.stringify(sanitizeLines(text).join('\n'));
  return REPORT_ESCAPED.test(text) ? JSON.stringify(sanitize(text)) : `"${text}"`;
}

/** Any value; undefined where JSON.stringify leaves the member out (undefined, functions, symbols). */
function valueText(value: unknown, key: string, indent: number, sanitizing: boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value, sanitizing, sanitizing && REPORT_MULTILINE.has(key));
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? arrayText(value, indent, sanitizing) : objectText(value as Record<string, unknown>, indent, sanitizing);
    default:
      // undefined, function, symbol → undefined; bigint throws as JSON.stringify does.
      return JSON.stringify(value);
  }
}

function arrayText(items: readonly unknown[], indent: number, sanitizing: boolean): string {
  if (items.length === 0) return '[]';
  const inner = newline(indent + 2);
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    out += (i === 0 ? inner : `,${inner}`) + (valueText(items[i], '', indent + 2, sanitizing) ?? 'null');
  }
  return out + newline(indent) + ']';
}

function objectText(object: Record<string, unknown>, indent: number, sanitizing: boolean): string {
  const inner = newline(indent + 2);
  let out = '';
  for (const key of Object.keys(object)) {
    // A key `sanitize` would rewrite (never one of the report's names): write a sanitised copy,
    // which is what sanitizeReport gives, its strings already safe.
    if (sanitizing && !keyTexts.has(key) && UNSAFE_KEY.test(key)) {
      return objectText(sanitizeDeep(object, REPORT_MULTILINE), indent, false);
    }
    const text = valueText(object[key], key, indent + 2, sanitizing);
    if (text === undefined) continue;
    out += (out === '' ? `{${inner}` : `,${inner}`) + keyText(key) + text;
  }
  return out === '' ? '{}' : out + newline(indent) + '}';
}

/**
 * `JSON.stringify(sanitizeReport(value), null, 2)` as it appears `indent` spaces deep: every line
 * after the first indented by `indent` more (the first line's indent is the caller's).
 */
export function reportJson(value: unknown, indent: number): string | undefined {
  return valueText(value, '', indent, true);
}

/** `JSON.stringify(value, null, 2)` indented the same way, no sanitising. */
export function plainJson(value: unknown, indent: number): string | undefined {
  return valueText(value, '', indent, false);
}
