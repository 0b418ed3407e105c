// Terminal safety: every string that came from a capture passes through here before any output.
// Capture bytes are attacker-controlled; ink passes OSC, BEL, CR and TAB straight to the terminal
// (FINDINGS.md), so a User-Agent could retitle the window or overwrite earlier text. Control and
// bidi-override characters are shown visibly (`\x1b`, `\u202e`) instead of being removed, so the
// reader still sees that the capture carried them.

/**
 * C0 controls (NUL..US, incl. ESC, BEL, CR, LF, TAB), DEL, C1 controls (U+0080–U+009F: latin1
 * decoding turns bytes 0x80–0x9F into these, and U+009B is a one-character CSI), the bidi marks and
 * overrides U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, and the line/paragraph separators
 * U+2028/U+2029 that some terminals and viewers treat as line breaks.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One line of safe text. Idempotent: the output holds only printable characters, and a backslash is
 * left as it is, so sanitising twice changes nothing.
 */
export function sanitize(text: string): string {
  // Fast path: most header values are plain ASCII.
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, visible);
}

/** Raw message text as safe lines: split on CRLF or LF first, then each line sanitised. */
export function sanitizeLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map(sanitize);
}

/** True when the string holds no character `sanitize` would rewrite (used by tests and asserts). */
export function isSafe(text: string): boolean {
  return !UNSAFE.test(text);
}

/**
 * A deep copy of a JSON-shaped value with every string sanitised (object keys too: the report's
 * keys are fixed names or rule ids, but a copy costs nothing and removes the question).
 */
export function sanitizeDeep<T>(value: T, multilineKeys: ReadonlySet<string> = NO_KEYS): T {
  if (typeof value === 'string') return sanitize(value) as T;
  if (Array.isArray(value)) return value.map((v) => sanitizeDeep(v, multilineKeys)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      out[sanitize(k)] =
        typeof v === 'string' && multilineKeys.has(k) ? sanitizeLines(v).join('\n') : sanitizeDeep(v, multilineKeys);
    }
    return out as T;
  }
  return value;
}

const NO_KEYS: ReadonlySet<string> = new Set();
/** Keys whose string values are raw message text (sanitised line by line). */
export const REPORT_MULTILINE: ReadonlySet<string> = new Set(['raw']);

/**
 * A Report with every string sanitised. A ladder entry's `raw` message text keeps its line
 * structure: each line sanitised, lines joined with LF (CR is shown where it is not part of CRLF).
 */
export function sanitizeReport<T>(report: T): T {
  return sanitizeDeep(report, REPORT_MULTILINE);
}
