// IM-TERM-CONTACT-FEATURE-TAG (provisional, [B]): the terminating client's 2xx Contact carries the
// +g.oma.sip-im feature tag as a header parameter (rcsjta puts its tags in its 200 OK).
import { featureTag } from '../sip/index.js';
import { terminatingRuleCheck, terminatingRuleMessages } from './term-form.js';
import type { Rule, RuleMeta } from './types.js';
import { evidenceOfHeader, verdict } from './verdict.js';

const IM_TAG = '+g.oma.sip-im';

const meta: RuleMeta = {
  id: 'IM-TERM-CONTACT-FEATURE-TAG',
  title: 'Terminating 2xx Contact carries +g.oma.sip-im',
  clause: 'OMA-TS-SIMPLE_IM §7.1.2 [B]; RFC 3840 §5',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'B',
  defaultEnabled: false,
  description:
    'Provisional (§7.1.2 not found): when the client accepts an IM session, the Contact of its 2xx holds one SIP URI whose ' +
    'header parameters include +g.oma.sip-im. A tag inside <…> is a URI parameter and does not count. Off unless --terminating.',
  messages: {
    ...terminatingRuleMessages,
    tagged: 'the 2xx Contact carries +g.oma.sip-im',
    absent: 'the 2xx Contact lacks +g.oma.sip-im',
    negated: 'the 2xx Contact negates +g.oma.sip-im',
    'in-uri': 'feature tag placed inside the URI; RFC 3840 §5 defines feature parameters as Contact header field parameters',
    'not-one': 'the 2xx must carry exactly one Contact URI (it has {count})',
    malformed: 'the 2xx Contact cannot be read: {error}',
  },
};

export const rule: Rule = {
  meta,
  check: terminatingRuleCheck(meta, ({ ok }) => {
    const evidence = evidenceOfHeader(ok, 'Contact');
    const c = ok.contact();
    if (c.state === 'malformed' || c.state === 'conflict') {
      return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { error: c.diagnostic.message }, evidence })];
    }
    const values = c.state === 'ok' ? c.value : [];
    const v = values[0];
    if (values.length !== 1 || v.star) return [verdict(meta, { verdict: 'fail', messageId: 'not-one', data: { count: values.length }, evidence })];
    const state = featureTag(v.params, IM_TAG);
    if (state === 'present') return [verdict(meta, { verdict: 'pass', messageId: 'tagged', evidence })];
    if (state === 'negated') return [verdict(meta, { verdict: 'fail', messageId: 'negated', evidence })];
    const inUri = featureTag(v.uri.params, IM_TAG) === 'present';
    return [verdict(meta, { verdict: 'fail', messageId: inUri ? 'in-uri' : 'absent', evidence })];
  }),
};
