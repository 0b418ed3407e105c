// Is this INVITE an OMA IM session (SPEC §2.4), and is it a group session (SPEC §2.5)? Decided
// without the headers the IM-ORIG rules test, except where SPEC says to fall back on them.
import { featureTag } from '../sip/index.js';
import type { GenericParam, SipMessage, SipUri } from '../sip/types.js';
import { contactIsFocus } from './client.js';

const IM_TAG = '+g.oma.sip-im';
const LARGE_MESSAGE_TAG = '+g.oma.sip-im.large-message';
const ICSI_TAG = '+g.3gpp.icsi-ref';

export interface ImClassification {
  im: boolean;
  /** The deciding signal, e.g. "sdp:msrp", "no-sdp:accept-contact", "sdp:no-msrp". */
  signal: string;
  outOfScope?: string;
  notes: string[];
}

/** An `m=message ... TCP/MSRP` or `TCP/TLS/MSRP` line with an `a=path:msrp...` (SPEC §2.4). */
function offersMsrp(msg: SipMessage): boolean | undefined {
  const sdp = msg.sdp();
  if (!sdp) return undefined;
  for (const m of sdp.media) {
    if (m.media.toLowerCase() !== 'message') continue;
    const proto = m.proto.toUpperCase();
    if (proto !== 'TCP/MSRP' && proto !== 'TCP/TLS/MSRP') continue;
    if (m.attributes.some((a) => a.name.toLowerCase() === 'path' && a.value.toLowerCase().startsWith('msrp'))) return true;
  }
  return false;
}

/** Feature parameters of every Accept-Contact ac-value and every Contact header value. */
function featureParamSets(msg: SipMessage): { header: 'accept-contact' | 'contact'; params: GenericParam[] }[] {
  const out: { header: 'accept-contact' | 'contact'; params: GenericParam[] }[] = [];
  const ac = msg.acceptContact();
  if (ac.state === 'ok') for (const v of ac.value) out.push({ header: 'accept-contact', params: v.params });
  const contact = msg.contact();
  if (contact.state === 'ok') for (const v of contact.value) if (!v.star) out.push({ header: 'contact', params: v.params });
  return out;
}

function namesCpmIcsi(params: GenericParam[]): boolean {
  return params.some(
    (p) => p.name.toLowerCase() === ICSI_TAG && p.value !== null && p.value.toLowerCase().replace(/%3a/g, ':').includes('icsi.oma.cpm.session'),
  );
}

export function classifyIm(invite: SipMessage): ImClassification {
  const notes: string[] = [];
  const sets = featureParamSets(invite);
  const msrp = offersMsrp(invite);
  let im: boolean;
  let signal: string;
  if (msrp === true) {
    im = true;
    signal = 'sdp:msrp';
  } else if (msrp === false) {
    im = false;
    signal = 'sdp:no-msrp';
  } else {
    // No SDP at all: SPEC §2.4 falls back on the feature tag, and says so.
    const hit = sets.find((s) => featureTag(s.params, IM_TAG) === 'present');
    im = hit !== undefined;
    signal = hit ? `no-sdp:${hit.header}:${IM_TAG}` : 'no-sdp';
    if (hit) notes.push(`classified as IM by ${IM_TAG} in ${hit.header} (no SDP offer in the INVITE)`);
  }
  let outOfScope: string | undefined;
  if (im) {
    if (sets.some((s) => featureTag(s.params, LARGE_MESSAGE_TAG) === 'present')) outOfScope = 'large-message';
    else if (sets.some((s) => namesCpmIcsi(s.params)) && !sets.some((s) => featureTag(s.params, IM_TAG) === 'present')) {
      outOfScope = 'oma-cpm';
      notes.push('feature tags name only the OMA CPM ICSI: an OMA CPM session, not SIMPLE IM 7.1.1');
    }
  }
  return { im, signal, outOfScope, notes };
}

export interface GroupConfig {
  conferenceFactory?: SipUri;
  groupUri?: SipUri;
  /** Is this URI a conference URI seen earlier in the capture (join / rejoin)? */
  isKnownConference(uri: SipUri): boolean;
}

export interface GroupSignal {
  /** e.g. "2xx-contact:isfocus", "adhoc:conference-factory", "predefined:group-uri". */
  signal: string;
  note?: string;
}

/** Ad-hoc, pre-defined and join signals (SPEC §2.5 items 2–4), known from the INVITE alone. */
export function requestGroupSignal(invite: SipMessage, cfg: GroupConfig, sameUri: (a: SipUri, b: SipUri) => boolean): GroupSignal | undefined {
  const ruri = invite.requestUriParsed();
  const target = ruri.state === 'ok' ? ruri.value : undefined;
  if (target && cfg.conferenceFactory && sameUri(target, cfg.conferenceFactory)) return { signal: 'adhoc:conference-factory' };
  if (invite.bodyParts().some((p) => p.contentDisposition?.dispositionType === 'recipient-list')) return { signal: 'adhoc:recipient-list-body' };
  const req = invite.require();
  if (req.state === 'ok' && req.value.some((t) => t.toLowerCase() === 'recipient-list-invite')) return { signal: 'adhoc:require-recipient-list-invite' };
  if (target && cfg.groupUri && sameUri(target, cfg.groupUri)) return { signal: 'predefined:group-uri' };
  if (target && cfg.isKnownConference(target)) return { signal: 'join:known-conference-uri' };
  return undefined;
}

/** `isfocus` (or `+sip.isfocus`, noted) as a header parameter of the 2xx Contact (SPEC §2.5 item 1). */
export function responseFocusSignal(ok: SipMessage): GroupSignal | undefined {
  const c = ok.contact();
  if (c.state !== 'ok') return undefined;
  for (const v of c.value) {
    if (v.star) continue;
    if (featureTag(v.params, 'isfocus') === 'present') return { signal: '2xx-contact:isfocus' };
    if (featureTag(v.params, '+sip.isfocus') === 'present') {
      return { signal: '2xx-contact:+sip.isfocus', note: 'focus used "+sip.isfocus"; RFC 3840 §5 makes isfocus a base tag, written bare' };
    }
  }
  return undefined;
}

/** The Contact URI of a message (the remote target; for a focus, the conference URI). */
export function contactUri(msg: SipMessage): SipUri | undefined {
  const c = msg.contact();
  if (c.state !== 'ok') return undefined;
  const first = c.value.find((v) => !v.star);
  return first && !first.star ? first.uri : undefined;
}

/** Terminating side (SPEC §5.7): the INVITE comes from a focus. */
export function requestFocusSignal(invite: SipMessage): GroupSignal | undefined {
  return contactIsFocus(invite) ? { signal: 'invite-contact:isfocus' } : undefined;
}
