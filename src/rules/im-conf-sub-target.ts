// IM-CONF-SUB-TARGET: the conference SUBSCRIBE goes to the conference URI, the IM Session Identity
// (SPEC §5.6; [B]: OMA §7.1.1.11 not found, read from TS 24.379 §10.1.3.2 and RFC 4579 §5.1).
import { evidenceOf, verdict } from './verdict.js';
import { formRuleCheck, formRuleMessages } from './conf-sub-form.js';
import { targetReason } from './im-orig-conf-subscribe.js';
import type { Rule, RuleMeta } from './types.js';

const meta: RuleMeta = {
  id: 'IM-CONF-SUB-TARGET',
  title: 'Conference SUBSCRIBE addressed to the conference URI',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.11 [B]; TS 24.379 §10.1.3.2; RFC 4579 §5.1',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'B',
  defaultEnabled: true,
  parent: 'IM-ORIG-CONF-SUBSCRIBE',
  description:
    'The Request-URI of the conference SUBSCRIBE (or, under strict routing, the last Route) equals the conference URI, ' +
    'the Contact URI of the 2xx to the group-session INVITE, compared per RFC 3261 §19.1.4. Sending it to the conference ' +
    'factory or the group URI is the usual mistake. Best reading: the OMA §7.1.1.11 text was not found.',
  messages: {
    ...formRuleMessages,
    matches: 'SUBSCRIBE target {target} equals the conference URI {c}',
    'wrong-target': 'SUBSCRIBE sent to {target}, not to the conference URI {c} ({reason})',
    unreadable: 'cannot compare the SUBSCRIBE target {target} with the conference URI: {reason}',
  },
};

export const rule: Rule = {
  meta,
  check: formRuleCheck(meta, ({ subscribe: s, dialog, conferenceUri }, ctx) => {
    const evidence = [evidenceOf(s.request, undefined, `target taken from the ${s.targetFrom}`)];
    if (dialog.confirmed) {
      const contact = dialog.confirmed.fields('Contact')[0];
      evidence.push(evidenceOf(dialog.confirmed, contact ?? 'Contact: absent', 'conference URI C'));
    }
    const data = { target: s.targetRaw, c: conferenceUri?.raw ?? '(none)', reason: s.targetMatches ? '' : targetReason(s, dialog, ctx.config) };
    if (s.targetMatches) return [verdict(meta, { verdict: 'pass', messageId: 'matches', data, evidence })];
    if (!s.target || !conferenceUri) return [verdict(meta, { verdict: 'inconclusive', messageId: 'unreadable', data, evidence })];
    return [verdict(meta, { verdict: 'fail', messageId: 'wrong-target', data, evidence })];
  }),
};
