// URIs: parsing through the grammar, and comparison by RFC 3261 §19.1.4 (SPEC §3.4).
import type { GenericParam, SipUri } from './types.js';
import { parseWith } from './grammar.js';

/** Parses a SIP, SIPS, tel or other absolute URI (optionally inside <...>). */
export function parseUri(text: string): SipUri | undefined {
  let t = text.trim();
  if (t.startsWith('<') && t.endsWith('>')) t = t.slice(1, -1);
  const r = parseWith<SipUri>('URI_start', t);
  return r.ok ? r.value : undefined;
}

/** Parameters that must appear in both URIs when they appear in either (RFC 3261 §19.1.4). */
const MUST_MATCH_PARAMS = ['transport', 'user', 'ttl', 'method', 'maddr'];
// RFC 3966 §3: visual separators carry no meaning in a telephone number.
const VISUAL_SEPARATORS = /[-.()]/g;
const ESCAPE = /%([0-9A-Fa-f]{2})/g;

export function unescapeUriPart(s: string): string {
  return s.indexOf('%') === -1 ? s : s.replace(ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function compareUris(a: SipUri, b: SipUri): { equal: boolean; reason?: string } {
  if (a.scheme !== b.scheme) return { equal: false, reason: `scheme ${a.scheme} ≠ ${b.scheme}` };
  if (a.scheme === 'tel') {
    const na = a.host.replace(VISUAL_SEPARATORS, '').toLowerCase();
    const nb = b.host.replace(VISUAL_SEPARATORS, '').toLowerCase();
    if (na !== nb) return { equal: false, reason: `number ${a.host} ≠ ${b.host}` };
    return compareParams(a.params, b.params, [], true);
  }
  if (a.scheme !== 'sip' && a.scheme !== 'sips') {
    return a.raw.slice(a.raw.indexOf(':')) === b.raw.slice(b.raw.indexOf(':'))
      ? { equal: true }
      : { equal: false, reason: `${a.raw} ≠ ${b.raw}` };
  }
  if (unescapeUriPart(a.user ?? '') !== unescapeUriPart(b.user ?? '')) {
    return { equal: false, reason: `user ${a.user ?? '(none)'} ≠ ${b.user ?? '(none)'}` };
  }
  if (unescapeUriPart(a.password ?? '') !== unescapeUriPart(b.password ?? '')) return { equal: false, reason: 'password differs' };
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return { equal: false, reason: `host ${a.host} ≠ ${b.host}` };
  if (a.port !== b.port) return { equal: false, reason: `port ${a.port ?? '(none)'} ≠ ${b.port ?? '(none)'}` };
  const params = compareParams(a.params, b.params, MUST_MATCH_PARAMS, false);
  if (!params.equal) return params;
  return compareHeaders(a.headers, b.headers);
}

function compareParams(pa: GenericParam[], pb: GenericParam[], mustMatch: string[], allMustMatch: boolean): { equal: boolean; reason?: string } {
  const ma = paramMap(pa);
  const mb = paramMap(pb);
  for (const [name, va] of ma) {
    const vb = mb.get(name);
    if (vb === undefined) {
      if (allMustMatch || mustMatch.includes(name)) return { equal: false, reason: `parameter ${name} only in one URI` };
      continue;
    }
    if (va !== vb) return { equal: false, reason: `parameter ${name}: ${va} ≠ ${vb}` };
  }
  for (const name of mb.keys()) {
    if (!ma.has(name) && (allMustMatch || mustMatch.includes(name))) return { equal: false, reason: `parameter ${name} only in one URI` };
  }
  return { equal: true };
}

function paramMap(params: GenericParam[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of params) m.set(p.name.toLowerCase(), p.value === null ? '' : unescapeUriPart(p.value).toLowerCase());
  return m;
}

function compareHeaders(ha: GenericParam[], hb: GenericParam[]): { equal: boolean; reason?: string } {
  const key = (h: GenericParam): string => `${h.name.toLowerCase()}=${unescapeUriPart(h.value ?? '')}`;
  const sa = ha.map(key).sort();
  const sb = hb.map(key).sort();
  if (sa.length !== sb.length || sa.some((h, i) => h !== sb[i])) return { equal: false, reason: 'URI headers differ' };
  return { equal: true };
}
