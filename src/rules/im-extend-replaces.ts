// IM-EXTEND-REPLACES: when a 1-1 session is extended to an ad-hoc one, the originally invited user's
// resource-list entry SHALL carry a Replaces header with the original session identity (OMA V1.0
// fragment; RFC 3891). An entry naming the peer of one of the client's open 1-1 sessions (the
// tracker's `openSessionsAtStart`) makes the INVITE an extension of that session; an entry with
// Replaces but no such session is checked for form only.
import { type ReplacesTarget, primaryListPart, resourceListOf, replacesOf } from '../dialog/conference.js';
import type { Dialog, OpenOneToOneSession } from '../dialog/types.js';
import { compareUris, parseUri } from '../sip/index.js';
import { adhocRuleCheck, adhocRuleMessages, unlessAdhoc } from './adhoc-form.js';
import type { SipMessage, SipUri } from '../sip/types.js';
import type { Evidence, Rule, RuleMeta } from './types.js';
import { evidenceOf, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-EXTEND-REPLACES',
  title: 'Extension INVITE replaces the original 1-1 session',
  clause: 'OMA-TS-SIMPLE_IM V1.0, extending a 1-1 session to an ad-hoc session; RFC 3891',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'When extending a 1-1 session to an ad-hoc session, the entry of the originally invited user in the resource list SHALL ' +
    'carry the URI header ?Replaces=<call-id>%3Bto-tag%3D…%3Bfrom-tag%3D… naming the 1-1 dialog (RFC 3891), so that the ' +
    'focus can replace that session. An entry naming the peer (SPEC §3.4) of a 1-1 session the client had open when it sent ' +
    'the INVITE must name that dialog: Call-ID, to-tag = the peer\'s tag, from-tag = the client\'s tag (RFC 3891 §3: the ' +
    'recipient compares to-tag with its local tag). Other entries that carry Replaces need a Call-ID, a to-tag and a from-tag.',
  messages: {
    ...adhocRuleMessages,
    replaces: 'entry {uri} replaces dialog {callId} (to-tag {toTag}, from-tag {fromTag})',
    'replaces-session': 'entry {uri} replaces the open 1-1 session {callId} (to-tag {toTag} is the peer\'s tag, from-tag {fromTag} the client\'s)',
    'no-replaces': 'extension of {callId} without Replaces: entry {uri} is the peer of that open 1-1 session, so the focus cannot replace it (RFC 3891)',
    'other-dialog': 'entry {uri} carries Replaces naming {named}, not the open 1-1 session with that peer: {expected}{hint}',
    incomplete: 'entry {uri} carries Replaces={value} without {missing}: it cannot name the original dialog (RFC 3891 §6.1)',
    'bad-uri': 'resource-list entry {uri} is not a readable URI',
  },
};

export const rule: Rule = {
  meta,
  check: adhocRuleCheck(
    meta,
    (t) => unlessAdhoc(t) ?? (judgedEntries(t.invite, t.dialog).length === 0 ? 'no resource-list entry carries Replaces or names the peer of an open 1-1 session (not an extension)' : undefined),
    ({ invite, dialog }) => {
      const out = [];
      for (const { uri, parsed, sessions } of judgedEntries(invite, dialog)) {
        const evidence: Evidence[] = [evidenceOf(invite, `<entry uri="${uri}"/>`, 'resource-list entry')];
        const replaces = parsed ? replacesOf(parsed) : undefined;
        if (sessions.length > 0 && !replaces) {
          out.push(verdict(meta, { verdict: 'fail', messageId: 'no-replaces', data: { uri, callId: sessions.map((s) => s.callId).join(' or ') }, evidence }));
          continue;
        }
        if (!replaces) {
          out.push(verdict(meta, { verdict: 'fail', messageId: 'bad-uri', data: { uri }, evidence }));
          continue;
        }
        const missing = missingParts(replaces);
        const data = { uri, callId: replaces.callId, toTag: replaces.toTag ?? '', fromTag: replaces.fromTag ?? '' };
        if (missing.length > 0) {
          out.push(verdict(meta, { verdict: 'fail', messageId: 'incomplete', data: { uri, value: replaces.raw, missing: missing.join(', ') }, evidence }));
        } else if (sessions.length === 0) {
          out.push(verdict(meta, { verdict: 'pass', messageId: 'replaces', data, evidence }));
        } else if (sessions.some((s) => names(replaces, s))) {
          out.push(verdict(meta, { verdict: 'pass', messageId: 'replaces-session', data, evidence }));
        } else {
          const named = `${data.callId} (to-tag ${data.toTag}, from-tag ${data.fromTag})`;
          const expected = sessions.map((s) => `${s.callId} (to-tag ${s.remoteTag}, from-tag ${s.localTag})`).join(' or ');
          const swapped = sessions.some((s) => names({ ...replaces, toTag: replaces.fromTag, fromTag: replaces.toTag }, s));
          const hint = swapped ? "; to-tag and from-tag are swapped (RFC 3891 §3: the to-tag is the peer's own tag, the peer being the one that receives Replaces)" : '';
          out.push(verdict(meta, { verdict: 'fail', messageId: 'other-dialog', data: { uri, named, expected, hint }, evidence }));
        }
      }
      return out;
    },
  ),
};

interface JudgedEntry {
  uri: string;
  /** Undefined when the URI text is unreadable. */
  parsed?: SipUri;
  /** Open 1-1 sessions whose peer this entry names: non-empty makes the INVITE an extension. */
  sessions: OpenOneToOneSession[];
}

/** List entries that carry Replaces or name the peer of one of the client's open 1-1 sessions. */
function judgedEntries(invite: SipMessage, dialog: Dialog): JudgedEntry[] {
  const part = primaryListPart(invite);
  if (!part) return [];
  const list = resourceListOf(part);
  if (!list.ok) return [];
  const open = dialog.openSessionsAtStart ?? [];
  const out: JudgedEntry[] = [];
  for (const { uri } of list.value) {
    const parsed = parseUri(uri);
    const sessions = parsed ? open.filter((s) => s.peerUri !== undefined && compareUris(aor(parsed), aor(s.peerUri)).equal) : [];
    if (sessions.length > 0 || /[?&]replaces=/i.test(uri)) out.push({ uri, parsed, sessions });
  }
  return out;
}

/** The URI without its headers: `?Replaces=` is what is judged, the peer is compared on the rest (SPEC §3.4). */
function aor(uri: SipUri): SipUri {
  return uri.headers.length === 0 ? uri : { ...uri, headers: [] };
}

/** RFC 3891 §3: the peer receives Replaces, so to-tag is the peer's tag and from-tag the client's. */
function names(r: ReplacesTarget, s: OpenOneToOneSession): boolean {
  return r.callId === s.callId && r.toTag === s.remoteTag && r.fromTag === s.localTag;
}

function missingParts(r: ReplacesTarget): string[] {
  const missing: string[] = [];
  if (r.callId === '') missing.push('a Call-ID');
  if (!r.toTag) missing.push('to-tag');
  if (!r.fromTag) missing.push('from-tag');
  return missing;
}
