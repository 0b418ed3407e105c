// The one door to the generated peggy parser: parse a header value with a start rule, turn a
// syntax error into a position inside that value, and cache results for values that repeat
// across messages (Supported, Allow, Accept-Contact, User-Agent...).
import { parse, SyntaxError as PeggySyntaxError, type StartRuleNames } from './generated/sip-parser.js';
import type { Parsed } from './header-value.js';

export type StartRule = StartRuleNames;

/** Parses `text` with one start rule. Never throws. */
export function parseWith<T>(rule: StartRule, text: string): Parsed<T> {
  try {
    return { ok: true, value: parse(text, { startRule: rule }) as T };
  } catch (e) {
    if (e instanceof PeggySyntaxError) return { ok: false, index: e.location.start.offset, message: e.message };
    return { ok: false, index: 0, message: `parser failure: ${(e as Error).message}` };
  }
}

const CACHE_LIMIT = 2048;
/** rule → value → result; two levels so a lookup hashes the value string only. */
const cache = new Map<StartRule, Map<string, Parsed<unknown>>>();
let cached = 0;

/**
 * parseWith behind a bounded cache keyed by (rule, value). Results are frozen because they are
 * shared between messages. Only for values that repeat: never Via, From/To, Call-ID, CSeq.
 */
export function parseCached<T>(rule: StartRule, text: string): Parsed<T> {
  let byValue = cache.get(rule);
  if (byValue === undefined) cache.set(rule, (byValue = new Map()));
  const hit = byValue.get(text);
  if (hit !== undefined) return hit as Parsed<T>;
  const result = deepFreeze(parseWith<T>(rule, text));
  // Bounded: when full, start again (values that repeat come back within a few messages).
  if (cached >= CACHE_LIMIT) {
    cache.clear();
    cached = 0;
    cache.set(rule, (byValue = new Map()));
  }
  byValue.set(text, result);
  cached++;
  return result;
}

/** A value parser for one start rule, cached or not. */
export function ruleParser<T>(rule: StartRule, cached: boolean): (text: string) => Parsed<T> {
  return cached ? (text) => parseCached<T>(rule, text) : (text) => parseWith<T>(rule, text);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
