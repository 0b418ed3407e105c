// Conference URIs seen so far in the capture (isfocus Contacts, conference-info `entity=`), so a
// later INVITE to one of them is recognised as a join or rejoin (SPEC §2.5 item 4). Bounded: the
// oldest entries go first.
import { compareUris, parseUri } from '../sip/index.js';
import type { SipUri } from '../sip/types.js';
import { aorKey } from './client.js';
import { detachedUri } from './detached-uri.js';

const ENTITY = /\bentity\s*=\s*"([^"]*)"/;

export class KnownConferences {
  private readonly byKey = new Map<string, SipUri[]>();
  private count = 0;

  constructor(private readonly limit = 10_000) {}

  add(uri: SipUri): void {
    const key = aorKey(uri);
    let list = this.byKey.get(key);
    if (list?.some((u) => compareUris(u, uri).equal)) return;
    if (!list) {
      list = [];
      this.byKey.set(key, list);
    }
    list.push(detachedUri(uri));
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
    return this.byKey.get(aorKey(uri))?.some((u) => compareUris(u, uri).equal) ?? false;
  }
}
