// Header field names: compact forms (RFC 3261 §7.3.3, RFC 3515, RFC 3841 §9, RFC 3892, RFC 4028 §4,
// RFC 6665 §8.4) and canonical spellings. Names compare case-insensitively, so every lookup key
// is lower case.

/** Compact letter → canonical name. */
const COMPACT: Record<string, string> = {
  i: 'Call-ID',
  f: 'From',
  t: 'To',
  m: 'Contact',
  v: 'Via',
  c: 'Content-Type',
  l: 'Content-Length',
  e: 'Content-Encoding',
  s: 'Subject',
  k: 'Supported',
  o: 'Event',
  u: 'Allow-Events',
  r: 'Refer-To',
  b: 'Referred-By',
  a: 'Accept-Contact',
  j: 'Reject-Contact',
  x: 'Session-Expires',
  d: 'Request-Disposition',
  y: 'Identity', // RFC 4474 / RFC 8224
  n: 'Identity-Info', // RFC 4474
};

/** Spellings that title-casing would get wrong, plus the headers imlint reads. */
const KNOWN = [
  'Accept', 'Accept-Contact', 'Accept-Encoding', 'Accept-Language', 'Alert-Info', 'Allow',
  'Allow-Events', 'Authentication-Info', 'Authorization', 'Call-ID', 'Call-Info', 'Contact',
  'Content-Disposition', 'Content-Encoding', 'Content-ID', 'Content-Language', 'Content-Length',
  'Content-Transfer-Encoding', 'Content-Type', 'Contribution-ID', 'Conversation-ID', 'CSeq',
  'Date', 'Error-Info', 'Event', 'Expires', 'From', 'Identity', 'Identity-Info', 'In-Reply-To',
  'Max-Forwards', 'MIME-Version', 'Min-Expires', 'Min-SE', 'Organization', 'P-Asserted-Identity',
  'P-Preferred-Identity', 'P-Access-Network-Info', 'P-Charging-Vector', 'Priority', 'Privacy',
  'Proxy-Authenticate', 'Proxy-Authorization', 'Proxy-Require', 'RAck', 'Reason', 'Record-Route',
  'Refer-To', 'Referred-By', 'Reject-Contact', 'Reply-To', 'Request-Disposition', 'Require',
  'Retry-After', 'Route', 'RSeq', 'Security-Client', 'Security-Server', 'Security-Verify', 'Server',
  'Session-Expires', 'SIP-ETag', 'SIP-If-Match', 'Subject', 'Subscription-State', 'Supported',
  'Timestamp', 'To', 'Unsupported', 'User-Agent', 'Via', 'Warning', 'WWW-Authenticate',
];

const CANONICAL = new Map<string, string>();
for (const name of KNOWN) CANONICAL.set(name.toLowerCase(), name);
for (const [letter, name] of Object.entries(COMPACT)) CANONICAL.set(letter, name);
/** Names exactly as usually written: one lookup, no lower-casing, for most headers. */
const AS_WRITTEN = new Map<string, string>();
for (const name of KNOWN) AS_WRITTEN.set(name, name);
for (const [letter, name] of Object.entries(COMPACT)) AS_WRITTEN.set(letter, name);
AS_WRITTEN.set('Call-Id', 'Call-ID');
AS_WRITTEN.set('Cseq', 'CSeq');

/** Canonical name for a header name as written (compact or long, any case). */
export function canonicalHeaderName(name: string): string {
  const exact = AS_WRITTEN.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  const known = CANONICAL.get(lower);
  if (known !== undefined) return known;
  // Unknown extension header: title-case each dash-separated word, and remember it so the next
  // message with the same name costs one Map lookup.
  const titled = lower.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
  if (CANONICAL.size < 4096) CANONICAL.set(lower, titled);
  return titled;
}

/** Lower-case canonical key used to index a message's fields. */
export function headerKey(name: string): string {
  return canonicalHeaderName(name).toLowerCase();
}

/** The compact letter of a canonical name, if it has one. */
export function compactFormOf(canonical: string): string | undefined {
  for (const [letter, name] of Object.entries(COMPACT)) if (name === canonical) return letter;
  return undefined;
}
