// IM-CONF-SUB-EXPIRES: the conference SUBSCRIBE SHOULD carry Expires (RFC 6665 §3.1.1), above 0:
// Expires: 0 is a fetch or an unsubscribe and does not count as subscribing.
import { evidenceOfHeader, verdict } from './verdict.js';
import { formRuleCheck, formRuleMessages } from './conf-sub-form.js';
import type { Rule, RuleMeta } from './types.js';

const meta: RuleMeta = {
  id: 'IM-CONF-SUB-EXPIRES',
  title: 'Conference SUBSCRIBE carries Expires above 0',
  clause: 'RFC 6665 §3.1.1; RFC 4575 §3.3',
  source: 'RFC 6665',
  keyword: 'SHOULD',
  severity: 'warning',
  basis: 'V',
  defaultEnabled: true,
  parent: 'IM-ORIG-CONF-SUBSCRIBE',
  description:
    'SUBSCRIBE requests SHOULD contain an Expires header field (default one hour for the conference package). ' +
    'Expires: 0 is a fetch or unsubscribe: it is reported here and does not count as subscribing.',
  messages: {
    ...formRuleMessages,
    present: 'Expires: {expires}',
    absent: 'the SUBSCRIBE has no Expires header (RFC 6665 §3.1.1 SHOULD; the package default of 3600 s applies)',
    zero: 'Expires: 0 is a fetch or unsubscribe, not a subscription',
    malformed: 'the Expires header cannot be read: {error}',
  },
};

export const rule: Rule = {
  meta,
  check: formRuleCheck(meta, ({ subscribe: s }) => {
    const ex = s.request.expires();
    const evidence = evidenceOfHeader(s.request, 'Expires');
    if (ex.state === 'absent') return [verdict(meta, { verdict: 'fail', messageId: 'absent', evidence })];
    if (ex.state !== 'ok') return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { error: ex.diagnostic.message }, evidence })];
    if (ex.value === 0) return [verdict(meta, { verdict: 'fail', messageId: 'zero', evidence })];
    return [verdict(meta, { verdict: 'pass', messageId: 'present', data: { expires: ex.value }, evidence })];
  }),
};
