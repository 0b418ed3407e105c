// Conference URIs seen so far in the capture (isfocus Contacts, conference-info `entity=`), so a
// later INVITE to one of them is recognised as a join or rejoin (SPEC §2.5 item 4). Bounded: the
// oldest entries go first.
import { compareUris, parseUri } from '../sip/index.js';
import type { GenericParam, SipUri } from '../sip/types.js';
import { aorKey } from './client.js';
import { detachedUri, ownString } from './detached-uri.js';

const ENTITY = /\bentity\s*=\s*"([^"]*)"/;

/**
 * A known conference as its URI text (~60 B, held for up to 10,000 conferences: a parsed SipUri
 * with its parameter lists was ~600 B each), parsed again only when a URI of the same user@host
 * differs from it in text. A URI whose text does not parse back to the same fields is kept parsed.
 */
type Known = string | SipUri;

function sameConference(known: Known, uri: SipUri): boolean {
  if (typeof known !== 'string') return compareUris(known, uri).equal;
  if (known === uri.raw) return true;
  const parsed = parseUri(known);
  return parsed !== undefined && compareUris(parsed, uri).equal;
}

/** The same URI field by field (the text parses back to exactly this URI). */
function sameFields(a: SipUri, b: SipUri): boolean {
  return a.scheme === b.scheme && a.user === b.user && a.password === b.password && a.host === b.host && a.port === b.port && a.raw === b.raw && sameParams(a.params, b.params) && sameParams(a.headers, b.headers);
}

function sameParams(a: GenericParam[], b: GenericParam[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i].name && p.value === b[i].value && p.quoted === b[i].quoted);
}

export class KnownConferences {
  private readonly byKey = new Map<string, Known[]>();
  private count = 0;

  constructor(private readonly limit = 10_000) {}

  add(uri: SipUri): void {
    const key = aorKey(uri);
    const list = this.byKey.get(key);
    if (list?.some((k) => sameConference(k, uri))) return;
    const reparsed = parseUri(uri.raw);
    const known = reparsed !== undefined && sameFields(reparsed, uri) ? ownString(uri.raw) : detachedUri(uri);
    // Almost every user@host names one conference: a one-item array (push on [] reserves 17 slots).
    if (list) list.push(known);
    else this.byKey.set(key, [known]);
    if (++this.count > this.limit) {
      const oldest = this.byKey.keys().next().value as string;
      this.count -= this.byKey.get(oldest)!.length;
      this.byKey.delete(oldest);
    }
  }

  /** Records the `entity` of a conference-info document (a NOTIFY body). */
  addFromConferenceInfo(body: string): void {
    if (!body.includes('conference-info')) return;
    const m = ENTITY.exec(body);
    const uri = m ? parseUri(m[1]) : undefined;
    if (uri) this.add(uri);
  }

  has(uri: SipUri): boolean {
    return this.byKey.get(aorKey(uri))?.some((k) => sameConference(k, uri)) ?? false;
  }
}
