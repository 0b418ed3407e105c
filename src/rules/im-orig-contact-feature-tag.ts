// IM-ORIG-CONTACT-FEATURE-TAG: the initial INVITE SHALL carry +g.oma.sip-im as a Contact header
// parameter, in a Contact of exactly one SIP or SIPS URI (OMA §7.1.1.1 (4); RFC 3840 §5;
// RFC 3261 §8.1.1.8; SPEC §5.1, §3.3).
import { featureTag } from '../sip/index.js';
import { IM_FEATURE_TAG } from './im-orig-accept-contact.js';
import { headerEvidence, initialRequestCheck, initialRequestMessages, type JudgedRequest } from './orig-general.js';
import type { Rule, RuleMeta, Verdict } from './types.js';
import { verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ORIG-CONTACT-FEATURE-TAG',
  title: 'Initial INVITE Contact carries the +g.oma.sip-im feature tag',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (4); RFC 3840 §5; RFC 3261 §8.1.1.8',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'The IM Client SHALL include the IM feature tag +g.oma.sip-im in the Contact header. Contact (compact m) must hold ' +
    'exactly one SIP or SIPS URI (RFC 3261 §8.1.1.8). The tag must be a Contact header-field parameter, matched by its ' +
    'whole name ignoring case and not negated: with <...>, only parameters after the ">" count; a tag inside the ' +
    'brackets is a URI parameter (RFC 3840 §5). Some SBCs rewrite Contact, so the client copy is preferred.',
  messages: {
    ...initialRequestMessages,
    present: 'Contact carries {tag} as a header parameter',
    absent: 'no Contact header in the initial INVITE (RFC 3261 §8.1.1.8: MUST be present)',
    star: 'Contact is "*", not a SIP or SIPS URI (RFC 3261 §8.1.1.8)',
    several: 'Contact holds {count} values; RFC 3261 §8.1.1.8 requires exactly one SIP or SIPS URI',
    'not-sip': 'Contact URI scheme is {scheme}, not sip or sips (RFC 3261 §8.1.1.8)',
    'in-uri': 'feature tag placed inside the URI; RFC 3840 §5 defines feature parameters as Contact header field parameters',
    negated: 'Contact negates {tag}',
    'tag-missing': 'Contact lacks {tag}; parameters seen: {seen}',
    malformed: 'inconclusive: Contact unreadable ({problem})',
  },
};

function judge(req: JudgedRequest): Verdict[] {
  const contact = req.msg.contact();
  const evidence = headerEvidence(req, 'Contact', undefined, contact);
  const data = { tag: IM_FEATURE_TAG };
  if (contact.state === 'absent') return [verdict(meta, { verdict: 'fail', messageId: 'absent', evidence })];
  if (contact.state !== 'ok') return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { problem: contact.diagnostic.message }, evidence })];
  const values = contact.value;
  if (values.some((v) => v.star)) return [verdict(meta, { verdict: 'fail', messageId: 'star', evidence })];
  const out: Verdict[] = [];
  if (values.length !== 1) out.push(verdict(meta, { verdict: 'fail', messageId: 'several', data: { count: values.length }, evidence }));
  const addresses = values.flatMap((v) => (v.star ? [] : [v]));
  const scheme = addresses.find((v) => v.uri.scheme !== 'sip' && v.uri.scheme !== 'sips')?.uri.scheme;
  if (scheme !== undefined) out.push(verdict(meta, { verdict: 'fail', messageId: 'not-sip', data: { scheme }, evidence }));
  const states = addresses.map((v) => featureTag(v.params, IM_FEATURE_TAG));
  if (states.includes('present')) {
    if (out.length === 0) out.push(verdict(meta, { verdict: 'pass', messageId: 'present', data, evidence }));
    return out;
  }
  if (states.includes('negated')) out.push(verdict(meta, { verdict: 'fail', messageId: 'negated', data, evidence }));
  else if (addresses.some((v) => featureTag(v.uri.params, IM_FEATURE_TAG) !== 'absent')) out.push(verdict(meta, { verdict: 'fail', messageId: 'in-uri', data, evidence }));
  else {
    const seen = addresses.flatMap((v) => v.params.map((p) => p.name));
    out.push(verdict(meta, { verdict: 'fail', messageId: 'tag-missing', data: { ...data, seen: seen.length > 0 ? seen.join(', ') : 'none' }, evidence }));
  }
  return out;
}

export const rule: Rule = { meta, check: initialRequestCheck(meta, judge) };
