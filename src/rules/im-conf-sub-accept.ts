// IM-CONF-SUB-ACCEPT: an Accept header on the conference SUBSCRIBE, when present, MUST include
// application/conference-info+xml (RFC 4575 §3.4); absent means that type by default.
import { CONFERENCE_INFO_TYPE } from '../dialog/conference.js';
import { evidenceOfHeader, verdict } from './verdict.js';
import { formRuleCheck, formRuleMessages } from './conf-sub-form.js';
import type { Rule, RuleMeta } from './types.js';

const meta: RuleMeta = {
  id: 'IM-CONF-SUB-ACCEPT',
  title: 'Conference SUBSCRIBE accepts application/conference-info+xml',
  clause: 'RFC 4575 §3.4',
  source: 'RFC 4575',
  keyword: 'MUST',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  parent: 'IM-ORIG-CONF-SUBSCRIBE',
  description:
    'If the Accept header field is present on the conference SUBSCRIBE it MUST include application/conference-info+xml; ' +
    'without Accept the type is implied. Wildcards such as */* do not name the type and are reported.',
  messages: {
    ...formRuleMessages,
    absent: 'no Accept header: application/conference-info+xml is the default (RFC 4575 §3.4)',
    includes: 'Accept lists application/conference-info+xml',
    lacks: 'Accept lists {types} but not application/conference-info+xml',
    malformed: 'the Accept header cannot be read: {error}',
  },
};

export const rule: Rule = {
  meta,
  check: formRuleCheck(meta, ({ subscribe: s }) => {
    const accept = s.request.accept();
    const evidence = evidenceOfHeader(s.request, 'Accept');
    if (accept.state === 'absent') return [verdict(meta, { verdict: 'pass', messageId: 'absent', evidence })];
    if (accept.state !== 'ok') {
      return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { error: accept.diagnostic.message }, evidence })];
    }
    const types = accept.value.map((t) => `${t.type}/${t.subtype}`);
    if (types.includes(CONFERENCE_INFO_TYPE)) return [verdict(meta, { verdict: 'pass', messageId: 'includes', evidence })];
    return [verdict(meta, { verdict: 'fail', messageId: 'lacks', data: { types: types.join(', ') || '(nothing)' }, evidence })];
  }),
};
