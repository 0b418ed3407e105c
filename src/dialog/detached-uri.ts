// A copy of a SipUri that keeps none of its message alive. The URI's strings are slices of the
// message text (V8 sliced strings hold their parent): a URI kept after its dialog is judged (a
// known conference, up to 10,000 of them) would otherwise keep a whole message each.
import type { GenericParam, SipUri } from '../sip/types.js';

/** A flat copy of `s`, sharing no storage with the string it was sliced from. */
export function ownString(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

function ownParams(params: GenericParam[]): GenericParam[] {
  return params.map((p) => ({ name: ownString(p.name), value: p.value === null ? null : ownString(p.value), quoted: p.quoted }));
}

export function detachedUri(uri: SipUri): SipUri {
  const copy: SipUri = { scheme: ownString(uri.scheme), host: ownString(uri.host), params: ownParams(uri.params), headers: ownParams(uri.headers), raw: ownString(uri.raw) };
  if (uri.user !== undefined) copy.user = ownString(uri.user);
  if (uri.password !== undefined) copy.password = ownString(uri.password);
  if (uri.port !== undefined) copy.port = uri.port;
  return copy;
}
