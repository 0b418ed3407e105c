// Splitting header values the way RFC 3261 §7.3.1 reads them: commas and semicolons separate only
// outside quoted strings (with backslash escapes) and outside <...>.

/** One element of a comma-separated list value, with its offset inside the value. */
export interface ListItem {
  text: string;
  /** Index of `text`'s first character inside the value. */
  start: number;
}

/**
 * Index of the next comma (or, with `semicolon`, semicolon) at or after `from` that stands
 * outside quoted strings and <...>; value.length when there is none.
 */
export function nextSeparator(value: string, from: number, semicolon: boolean): number {
  let inQuote = false;
  let inAngle = false;
  for (let i = from; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (inQuote) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inQuote = false;
    } else if (ch === 0x22) inQuote = true;
    else if (ch === 0x3c /* < */) inAngle = true;
    else if (ch === 0x3e /* > */) inAngle = false;
    else if (!inAngle && (ch === 0x2c /* , */ || (semicolon && ch === 0x3b /* ; */))) return i;
  }
  return value.length;
}

/**
 * Splits a list header value on commas outside quotes and <...>. Items are trimmed; empty items
 * (`a,,b`) are kept as empty strings so a validator can report them.
 */
export function splitList(value: string): ListItem[] {
  const items: ListItem[] = [];
  let start = 0;
  for (;;) {
    const comma = nextSeparator(value, start, false);
    items.push(trimmedItem(value, start, comma));
    if (comma === value.length) return items;
    start = comma + 1;
  }
}

function trimmedItem(value: string, from: number, to: number): ListItem {
  while (from < to && isWsp(value.charCodeAt(from))) from++;
  while (to > from && isWsp(value.charCodeAt(to - 1))) to--;
  return { text: value.slice(from, to), start: from };
}

export function isWsp(ch: number): boolean {
  return ch === 0x20 || ch === 0x09;
}

/**
 * Value of the header parameter `name` (lower case) of a name-addr / addr-spec value, found by a
 * cheap scan: parameters start at the first `;` outside quotes and <...> (for a bare addr-spec,
 * RFC 3261 §20 puts every `;param` after the URI into the header). Returns null for a bare
 * parameter and undefined when absent.
 */
export function headerParam(value: string, name: string): string | null | undefined {
  const at = nextSeparator(value, 0, true);
  return at < value.length && value.charCodeAt(at) === 0x3b ? paramIn(value, at, name) : undefined;
}

/** Scans `;name[=value]` parameters starting at the `;` at index `at`. */
export function paramIn(value: string, at: number, name: string): string | null | undefined {
  let i = at;
  while (i < value.length && value.charCodeAt(i) === 0x3b) {
    i++;
    while (i < value.length && isWsp(value.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < value.length && !isParamStop(value.charCodeAt(i))) i++;
    const pname = value.slice(nameStart, i);
    while (i < value.length && isWsp(value.charCodeAt(i))) i++;
    let pvalue: string | null = null;
    if (value.charCodeAt(i) === 0x3d /* = */) {
      i++;
      while (i < value.length && isWsp(value.charCodeAt(i))) i++;
      if (value.charCodeAt(i) === 0x22) {
        const valueStart = ++i;
        while (i < value.length && value.charCodeAt(i) !== 0x22) i += value.charCodeAt(i) === 0x5c ? 2 : 1;
        pvalue = value.slice(valueStart, Math.min(i, value.length));
        i++;
      } else {
        const valueStart = i;
        while (i < value.length && !isParamStop(value.charCodeAt(i))) i++;
        pvalue = value.slice(valueStart, i);
      }
      while (i < value.length && isWsp(value.charCodeAt(i))) i++;
    }
    if (pname.length === name.length && pname.toLowerCase() === name) return pvalue;
    if (value.charCodeAt(i) !== 0x3b) return undefined;
  }
  return undefined;
}

function isParamStop(ch: number): boolean {
  return ch === 0x3b || ch === 0x3d || ch === 0x2c || ch === 0x20 || ch === 0x09 || ch === 0x3f;
}
