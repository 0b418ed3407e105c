// A regular-expression fast path for the common shapes of name-addr / addr-spec values (From,
// To, Contact, Route, Refer-To, Referred-By): `"Alice" <sip:alice@example.com:5060;lr>;tag=x`.
// It answers only when the value is plainly in the grammar's language and gives exactly the
// grammar's result (test/sip/name-addr-fast.test.ts checks both agree); anything unusual
// (escapes, IPv6, passwords, URI headers, quoted-pairs, other schemes) returns undefined and the
// grammar decides. Strict mode always uses the grammar.
import type { ContactValue, GenericParam, NameAddr, SipUri } from './types.js';
import { appended } from './appended.js';

const TOKEN = "[A-Za-z0-9\\-.!%*_+`'~]+";
const QDTEXT = '[ \\t\\x21\\x23-\\x5B\\x5D-\\x7E\\x80-\\xFF]*';
const HOSTNAME = '[A-Za-z0-9][A-Za-z0-9-]*(?:\\.[A-Za-z0-9][A-Za-z0-9-]*)*\\.?';
const USER = "[A-Za-z0-9\\-_.!~*'()&=+$,]+";
const PARAMCHARS = "[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$]+";
const HEADER_PARAMS = `((?:[ \\t]*;[ \\t]*${TOKEN}(?:[ \\t]*=[ \\t]*(?:${TOKEN}|"${QDTEXT}"))?)*)`;

/** display-name, then <sip:user@host:port;uri-params>, then header parameters. */
const BRACKETED = new RegExp(
  `^(?:"(${QDTEXT})"[ \\t]*|(${TOKEN}(?:[ \\t]+${TOKEN})*)[ \\t]*)?<(sips?):(?:(${USER})@)?(${HOSTNAME})(?::([0-9]{1,5}))?((?:;${PARAMCHARS}(?:=${PARAMCHARS})?)*)>[ \\t]*${HEADER_PARAMS}$`,
  'i',
);
/** Bare addr-spec: every ;param after the host is a header parameter (RFC 3261 §20.10). */
const BARE = new RegExp(`^(sips?):(?:(${USER})@)?(${HOSTNAME})(?::([0-9]{1,5}))?${HEADER_PARAMS}$`, 'i');
const PARAM = new RegExp(`;[ \\t]*(${TOKEN})(?:[ \\t]*=[ \\t]*(?:(${TOKEN})|"(${QDTEXT})"))?`, 'g');
const URI_PARAM = new RegExp(`;(${PARAMCHARS})(?:=(${PARAMCHARS}))?`, 'g');
const LEADING_DIGITS = /^[0-9]+/;
const MAX_DELTA = 4294967295;

type Kind = 'from' | 'contact' | 'route';

/** The grammar's NameAddr for `text`, or undefined when the fast path does not apply. */
export function fastNameAddr(text: string, kind: Kind): NameAddr | undefined {
  let m = BRACKETED.exec(text);
  if (m !== null) {
    // The URI text ends at the '>' before the header parameters (only blanks between them).
    const uriEnd = text.lastIndexOf('>', text.length - m[8].length);
    const uri = sipUri(m[3], m[4], m[5], m[6], m[7], text, uriEnd);
    const params = uri === undefined ? undefined : headerParams(m[8], kind === 'contact');
    if (uri === undefined || params === undefined) return undefined;
    const displayName = m[1] ?? m[2];
    return nameAddr(uri, true, params, text, displayName);
  }
  if (kind === 'route') return undefined; // Route and Record-Route take name-addr only
  m = BARE.exec(text);
  if (m === null) return undefined;
  const uri = sipUri(m[1], m[2], m[3], m[4], '', text, text.length - m[5].length);
  const params = uri === undefined ? undefined : headerParams(m[5], kind === 'contact');
  if (uri === undefined || params === undefined) return undefined;
  return nameAddr(uri, false, params, text, undefined);
}

export function fastContact(text: string): ContactValue | undefined {
  // The grammar reads a leading "*" as the star form and nothing may follow it.
  if (text.charCodeAt(0) === 0x2a) return undefined;
  const na = fastNameAddr(text, 'contact');
  return na === undefined ? undefined : { star: false, ...na };
}

/**
 * A URI without parameters or headers shares one frozen empty list for both (a held URI, such as
 * a dialog's peer or conference URI, kept two empty arrays of 32 B each).
 */
const NO_PARAMS = Object.freeze([]) as unknown as GenericParam[];

/** The scheme in lower case; the usual ones as one shared string each. */
function schemeName(scheme: string): string {
  const lower = scheme.toLowerCase();
  return lower === 'sip' ? 'sip' : lower === 'sips' ? 'sips' : lower === 'tel' ? 'tel' : lower;
}

/** `uriEnd`: where the URI's text ends in `text`, the value it was matched in. */
function sipUri(scheme: string, user: string | undefined, host: string, port: string | undefined, params: string, text: string, uriEnd: number): SipUri | undefined {
  // No whitespace can occur inside the URI, so its text is as long as its pieces; a slice of the
  // value shares its characters, where joining the pieces would build (and keep) a new string.
  const length = scheme.length + 1 + (user === undefined ? 0 : user.length + 1) + host.length + (port === undefined ? 0 : port.length + 1) + params.length;
  const raw = text.slice(uriEnd - length, uriEnd);
  const uri: SipUri = { scheme: schemeName(scheme), host, params: NO_PARAMS, headers: NO_PARAMS, raw };
  if (user !== undefined) uri.user = user;
  if (port !== undefined) {
    const n = Number(port);
    if (n > 65535) return undefined; // the grammar reports it
    uri.port = n;
  }
  if (params.length > 0) {
    let list: GenericParam[] | undefined;
    URI_PARAM.lastIndex = 0;
    for (let p = URI_PARAM.exec(params); p !== null; p = URI_PARAM.exec(params)) {
      list = appended(list, { name: p[1], value: p[2] ?? null, quoted: false });
    }
    if (list !== undefined) uri.params = list;
  }
  return uri;
}

/** Header parameters; for Contact the grammar normalises a numeric `expires` (c-p-expires). */
function headerParams(text: string, contact: boolean): GenericParam[] | undefined {
  let params: GenericParam[] | undefined;
  if (text.length === 0) return [];
  PARAM.lastIndex = 0;
  for (let p = PARAM.exec(text); p !== null; p = PARAM.exec(text)) {
    const quoted = p[3] !== undefined;
    let value = quoted ? p[3] : (p[2] ?? null);
    if (contact && !quoted && value !== null && p[1].toLowerCase() === 'expires') {
      // c-p-expires reads the leading digits first and rejects an overflow before anything else.
      const digits = LEADING_DIGITS.exec(value);
      if (digits !== null && Number(digits[0]) > MAX_DELTA) return undefined; // the grammar reports it
      if (digits !== null && digits[0].length === value.length) value = String(Number(value));
    }
    params = appended(params, { name: p[1], value, quoted });
  }
  return params ?? [];
}

function nameAddr(uri: SipUri, bracketed: boolean, params: GenericParam[], raw: string, displayName: string | undefined): NameAddr {
  const value: NameAddr = { uri, bracketed, params, raw };
  if (displayName !== undefined) value.displayName = displayName.trim();
  for (const p of params) {
    if (p.name.toLowerCase() === 'tag') {
      if (p.value !== null) value.tag = p.value;
      break;
    }
  }
  return value;
}
