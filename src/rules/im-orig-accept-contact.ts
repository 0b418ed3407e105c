// IM-ORIG-ACCEPT-CONTACT: every initial request SHALL carry Accept-Contact with the IM feature tag
// +g.oma.sip-im per RFC 3841 (OMA §7.1.1.1 (1); SPEC §5.1, §3.3).
import { featureTag } from '../sip/index.js';
import type { AcValue } from '../sip/types.js';
import { headerEvidence, initialRequestCheck, initialRequestMessages, strictVantageHolds, type JudgedRequest } from './orig-general.js';
import type { Rule, RuleContext, RuleMeta, Verdict } from './types.js';
import { verdict } from './verdict.js';

export const IM_FEATURE_TAG = '+g.oma.sip-im';

const meta: RuleMeta = {
  id: 'IM-ORIG-ACCEPT-CONTACT',
  title: 'Initial request carries Accept-Contact: *;+g.oma.sip-im',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (1); RFC 3841 §10',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'The IM Client SHALL include an Accept-Contact header with the IM feature tag +g.oma.sip-im in all initial SIP ' +
    'requests. All Accept-Contact / a lines are merged; some ac-value must start with "*" (RFC 3841 ABNF) and carry the ' +
    'tag as a parameter, matched by its whole name ignoring case, not negated. require and explicit are allowed and ' +
    'recorded. The tag in Reject-Contact does not count. A proxy may add the header, so a pass on a downstream copy is ' +
    'inconclusive under --strict-vantage.',
  messages: {
    ...initialRequestMessages,
    present: 'Accept-Contact carries {tag}{how}',
    'downstream-only': 'inconclusive: Accept-Contact carries {tag}, but only a downstream copy was captured and a proxy may have added it (--strict-vantage)',
    absent: 'no Accept-Contact header in the initial {method}',
    'no-star': 'Accept-Contact carries {tag} in an ac-value that does not start with "*" (malformed: RFC 3841 requires ac-value = "*" *(SEMI ac-params))',
    negated: 'Accept-Contact negates {tag} ({value})',
    'tag-missing': 'Accept-Contact lacks {tag}; parameters seen: {seen}',
    malformed: 'inconclusive: Accept-Contact unreadable ({problem})',
  },
};

function tagValue(v: AcValue): string | null | undefined {
  return v.params.find((p) => p.name.toLowerCase() === IM_FEATURE_TAG)?.value;
}

/**
 * The Accept-Contact verdicts for one initial request, reported under IM-ORIG-ACCEPT-CONTACT.
 * Exported for the conference SUBSCRIBE (IM-CONF-SUB-GENERAL), which re-labels them.
 */
export function checkAcceptContact(req: JudgedRequest, ctx: RuleContext): Verdict[] {
  const ac = req.msg.acceptContact();
  const evidence = headerEvidence(req, 'Accept-Contact', undefined, ac);
  const data = { tag: IM_FEATURE_TAG, method: req.msg.method ?? 'request' };
  if (ac.state === 'absent') return [verdict(meta, { verdict: 'fail', messageId: 'absent', data, evidence })];
  if (ac.state !== 'ok') return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { problem: ac.diagnostic.message }, evidence })];
  const asserted = ac.value.filter((v) => featureTag(v.params, IM_FEATURE_TAG) === 'present');
  const conforming = asserted.find((v) => v.star);
  if (conforming) {
    if (strictVantageHolds(req, ctx)) return [verdict(meta, { verdict: 'inconclusive', messageId: 'downstream-only', data, evidence })];
    const how = [conforming.require ? 'require' : '', conforming.explicit ? 'explicit' : ''].filter(Boolean).join(';');
    return [verdict(meta, { verdict: 'pass', messageId: 'present', data: { ...data, how: how ? ` (with ${how})` : '' }, evidence })];
  }
  if (asserted.length > 0) {
    // Leniency for clients that drop the "*": still wrong, but a warning under --lenient.
    return [verdict(meta, { verdict: 'fail', messageId: 'no-star', data, evidence, severity: ctx.config.lenient ? 'warning' : meta.severity })];
  }
  const negated = ac.value.find((v) => featureTag(v.params, IM_FEATURE_TAG) === 'negated');
  if (negated) return [verdict(meta, { verdict: 'fail', messageId: 'negated', data: { ...data, value: `${IM_FEATURE_TAG}="${tagValue(negated)}"` }, evidence })];
  const seen = ac.value.flatMap((v) => v.params.map((p) => p.name)).filter((n) => !['require', 'explicit'].includes(n.toLowerCase()));
  return [verdict(meta, { verdict: 'fail', messageId: 'tag-missing', data: { ...data, seen: seen.length > 0 ? seen.join(', ') : 'none' }, evidence })];
}

export const rule: Rule = { meta, check: initialRequestCheck(meta, checkAcceptContact) };
