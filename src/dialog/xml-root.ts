// The root element of a plain XML document, read in one forward pass. Conference-info NOTIFY bodies
// are small and plain; fast-xml-parser spends ~30 µs validating and building a tree for each, and
// the rules want three root attributes. This answers only when the document is in a conservative
// subset that fast-xml-parser's validator accepts and whose root attributes its parser reads
// unchanged (no entities, comments, CDATA, DOCTYPE, prefixed attributes, padded values); anything
// else returns undefined and the library decides (test/dialog/xml-root.test.ts checks they agree).

export interface XmlRoot {
  /** Local name of the root element (namespace prefix dropped, as removeNSPrefix does). */
  name: string;
  /** Root attributes by name; xmlns and xmlns:* declarations left out. */
  attributes: Map<string, string>;
}

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const AMP = 0x26;
const EQ = 0x3d;
const QUOT = 0x22;
const APOS = 0x27;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

/** End of an ASCII name (optionally one `prefix:`) starting at i, or -1. */
function nameEnd(text: string, i: number): number {
  if (!isNameStart(text.charCodeAt(i))) return -1;
  i++;
  let colon = false;
  for (;;) {
    const c = text.charCodeAt(i);
    if (isNameChar(c)) i++;
    else if (c === COLON && !colon && isNameStart(text.charCodeAt(i + 1))) {
      colon = true;
      i += 2;
    } else return i;
  }
}

// fast-xml-parser throws on, or renames, elements with these names (prototype pollution guards).
const GUARDED_NAMES = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

function skipSpace(text: string, i: number): number {
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

interface Tag {
  name: string;
  attributes: Map<string, string>;
  selfClosing: boolean;
  end: number;
}

/** A start tag at i (after '<'): name, attributes `name="value"` each after blanks, then '>' or '/>'. */
function startTag(text: string, i: number): Tag | undefined {
  const ne = nameEnd(text, i);
  if (ne < 0) return undefined;
  const name = text.slice(i, ne);
  if (GUARDED_NAMES.has(name.slice(name.indexOf(':') + 1))) return undefined;
  const attributes = new Map<string, string>();
  i = ne;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === GT) return { name, attributes, selfClosing: false, end: i + 1 };
    if (c === SLASH) return text.charCodeAt(i + 1) === GT ? { name, attributes, selfClosing: true, end: i + 2 } : undefined;
    if (!isSpace(c)) return undefined;
    i = skipSpace(text, i);
    const d = text.charCodeAt(i);
    if (d === GT || d === SLASH) continue;
    const ae = nameEnd(text, i);
    if (ae < 0 || text.charCodeAt(ae) !== EQ) return undefined;
    const attr = text.slice(i, ae);
    const quote = text.charCodeAt(ae + 1);
    if (quote !== QUOT && quote !== APOS) return undefined;
    const vs = ae + 2;
    let ve = vs;
    for (;;) {
      const v = text.charCodeAt(ve);
      if (v === quote) break;
      // Entities, markup or a missing close quote: the library's reading applies.
      if (v !== v || v === LT || v === GT || v === AMP) return undefined;
      ve++;
    }
    const value = text.slice(vs, ve);
    // The parser trims values; padded ones go the slow way rather than guess its notion of blank.
    if (value.length > 0 && (isSpace(value.charCodeAt(0)) || isSpace(value.charCodeAt(value.length - 1)))) return undefined;
    if (attributes.has(attr)) return undefined; // the validator reports repeats
    attributes.set(attr, value);
    i = ve + 1;
  }
}

/** Text up to the next '<' (any character but '&'), or -1. */
function textEnd(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === LT) return i;
    if (c !== c || c === AMP) return -1;
    i++;
  }
}

/**
 * The root element of `text` when the whole document is in the plain subset (optional XML
 * declaration, one element tree of start/end/empty tags and entity-free text, blanks around);
 * undefined otherwise, also for documents that are fine but need the full parser.
 */
export function plainXmlRoot(text: string): XmlRoot | undefined {
  let i = 0;
  if (text.startsWith('<?xml ')) {
    const close = text.indexOf('?>', 6);
    if (close < 0 || text.lastIndexOf('<', close) !== 0) return undefined;
    i = close + 2;
  }
  i = skipSpace(text, i);
  if (text.charCodeAt(i) !== LT) return undefined;
  const root = startTag(text, i + 1);
  if (root === undefined) return undefined;
  const open: string[] = [];
  if (!root.selfClosing) open.push(root.name);
  i = root.end;
  while (open.length > 0) {
    i = textEnd(text, i);
    if (i < 0) return undefined;
    if (text.charCodeAt(i + 1) === SLASH) {
      const ne = nameEnd(text, i + 2);
      if (ne < 0 || text.charCodeAt(ne) !== GT || text.slice(i + 2, ne) !== open[open.length - 1]) return undefined;
      open.pop();
      i = ne + 1;
      continue;
    }
    const tag = startTag(text, i + 1);
    if (tag === undefined) return undefined;
    if (!tag.selfClosing) open.push(tag.name);
    i = tag.end;
  }
  if (skipSpace(text, i) !== text.length) return undefined;
  return rootOf(root);
}

function rootOf(tag: Tag): XmlRoot | undefined {
  const attributes = new Map<string, string>();
  for (const [name, value] of tag.attributes) {
    const colon = name.indexOf(':');
    if (name === 'xmlns' || (colon >= 0 && name.slice(0, colon) === 'xmlns')) continue;
    // A prefixed attribute may collide with an unprefixed one once the prefix goes.
    if (colon >= 0) return undefined;
    attributes.set(name, value);
  }
  const colon = tag.name.indexOf(':');
  if (colon >= 0 && tag.name.slice(0, colon) === 'xmlns') return undefined;
  return { name: colon >= 0 ? tag.name.slice(colon + 1) : tag.name, attributes };
}
