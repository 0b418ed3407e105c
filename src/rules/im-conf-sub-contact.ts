// IM-CONF-SUB-CONTACT: a SUBSCRIBE can establish a dialog, so its Contact MUST hold exactly one SIP
// or SIPS URI (RFC 3261 §8.1.1.8).
import { evidenceOfHeader, verdict } from './verdict.js';
import { formRuleCheck, formRuleMessages } from './conf-sub-form.js';
import type { Rule, RuleMeta } from './types.js';

const meta: RuleMeta = {
  id: 'IM-CONF-SUB-CONTACT',
  title: 'Conference SUBSCRIBE has exactly one Contact URI',
  clause: 'RFC 3261 §8.1.1.8',
  source: 'RFC 3261',
  keyword: 'MUST',
  severity: 'error',
  basis: 'S',
  defaultEnabled: true,
  parent: 'IM-ORIG-CONF-SUBSCRIBE',
  description:
    'Contact MUST be present and contain exactly one SIP or SIPS URI in any request that can establish a dialog; ' +
    'a SUBSCRIBE does. Absent, "*", several values or another scheme fail.',
  messages: {
    ...formRuleMessages,
    one: 'Contact: {uri}',
    absent: 'the SUBSCRIBE has no Contact header',
    star: 'Contact: * is only allowed in REGISTER',
    several: 'the SUBSCRIBE has {count} Contact values; exactly one is required',
    scheme: 'Contact URI {uri} is not a SIP or SIPS URI',
    malformed: 'the Contact header cannot be read: {error}',
  },
};

export const rule: Rule = {
  meta,
  check: formRuleCheck(meta, ({ subscribe: s }) => {
    const c = s.request.contact();
    const evidence = evidenceOfHeader(s.request, 'Contact');
    if (c.state === 'absent') return [verdict(meta, { verdict: 'fail', messageId: 'absent', evidence })];
    if (c.state !== 'ok') return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { error: c.diagnostic.message }, evidence })];
    if (c.value.length !== 1) return [verdict(meta, { verdict: 'fail', messageId: 'several', data: { count: c.value.length }, evidence })];
    const v = c.value[0];
    if (v.star) return [verdict(meta, { verdict: 'fail', messageId: 'star', evidence })];
    const uri = v.uri.raw;
    if (v.uri.scheme !== 'sip' && v.uri.scheme !== 'sips') return [verdict(meta, { verdict: 'fail', messageId: 'scheme', data: { uri }, evidence })];
    return [verdict(meta, { verdict: 'pass', messageId: 'one', data: { uri }, evidence })];
  }),
};
