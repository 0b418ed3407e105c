// IM-EXTEND-REPLACES: when a 1-1 session is extended to an ad-hoc one, the originally invited user's
// resource-list entry SHALL carry a Replaces header with the original session identity (OMA V1.0
// fragment; RFC 3891). Recognised here by the Replaces URI header in the list: the rule sees one
// dialog, so an extension whose entry lacks Replaces entirely cannot be told from a fresh ad-hoc.
import { type ReplacesTarget, primaryListPart, resourceListOf, replacesOf } from '../dialog/conference.js';
import { parseUri } from '../sip/index.js';
import { adhocRuleCheck, adhocRuleMessages, unlessAdhoc } from './adhoc-form.js';
import type { SipMessage } from '../sip/types.js';
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
    'focus can replace that session. Judged on list entries that carry Replaces: each needs a Call-ID, a to-tag and a from-tag.',
  messages: {
    ...adhocRuleMessages,
    replaces: 'entry {uri} replaces dialog {callId} (to-tag {toTag}, from-tag {fromTag})',
    incomplete: 'entry {uri} carries Replaces={value} without {missing}: it cannot name the original dialog (RFC 3891 §6.1)',
    'bad-uri': 'resource-list entry {uri} is not a readable URI',
  },
};

export const rule: Rule = {
  meta,
  check: adhocRuleCheck(
    meta,
    (t) => unlessAdhoc(t) ?? (replacingEntries(t.invite).length === 0 ? 'no resource-list entry carries Replaces (not an extension)' : undefined),
    ({ invite }) => {
      const out = [];
      for (const { uri, replaces } of replacingEntries(invite)) {
        const evidence: Evidence[] = [evidenceOf(invite, `<entry uri="${uri}"/>`, 'resource-list entry')];
        if (!replaces) {
          out.push(verdict(meta, { verdict: 'fail', messageId: 'bad-uri', data: { uri }, evidence }));
          continue;
        }
        const missing = missingParts(replaces);
        if (missing.length > 0) {
          out.push(verdict(meta, { verdict: 'fail', messageId: 'incomplete', data: { uri, value: replaces.raw, missing: missing.join(', ') }, evidence }));
        } else {
          const data = { uri, callId: replaces.callId, toTag: replaces.toTag ?? '', fromTag: replaces.fromTag ?? '' };
          out.push(verdict(meta, { verdict: 'pass', messageId: 'replaces', data, evidence }));
        }
      }
      return out;
    },
  ),
};

/** List entries whose URI text names a Replaces header; `replaces` undefined when the URI is unreadable. */
function replacingEntries(invite: SipMessage): { uri: string; replaces?: ReplacesTarget }[] {
  const part = primaryListPart(invite);
  if (!part) return [];
  const list = resourceListOf(part);
  if (!list.ok) return [];
  const out: { uri: string; replaces?: ReplacesTarget }[] = [];
  for (const { uri } of list.value) {
    if (!/[?&]replaces=/i.test(uri)) continue;
    const parsed = parseUri(uri);
    out.push({ uri, replaces: parsed ? replacesOf(parsed) : undefined });
  }
  return out;
}

function missingParts(r: ReplacesTarget): string[] {
  const missing: string[] = [];
  if (r.callId === '') missing.push('a Call-ID');
  if (!r.toTag) missing.push('to-tag');
  if (!r.fromTag) missing.push('from-tag');
  return missing;
}
