// IM-ADHOC-REQUIRE: an INVITE carrying a recipient list MUST require recipient-list-invite
// (RFC 5366 §3).
import { adhocRuleCheck, adhocRuleMessages, unlessListCarried } from './adhoc-form.js';
import type { Rule, RuleMeta } from './types.js';
import { evidenceOfHeader, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ADHOC-REQUIRE',
  title: 'Recipient-list INVITE carries Require: recipient-list-invite',
  clause: 'RFC 5366 §3',
  source: 'RFC 5366',
  keyword: 'MUST',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'A UAC that sends an INVITE with a recipient list MUST include the recipient-list-invite option tag in a Require header ' +
    'field, so that a server that cannot expand the list rejects it instead of ignoring the list.',
  messages: {
    ...adhocRuleMessages,
    required: 'Require lists recipient-list-invite',
    missing: 'the INVITE carries a recipient list but Require does not list recipient-list-invite',
  },
};

export const rule: Rule = {
  meta,
  check: adhocRuleCheck(meta, unlessListCarried, ({ invite, signals }) => {
    const evidence = evidenceOfHeader(invite, 'Require');
    if (signals.requireTag) return [verdict(meta, { verdict: 'pass', messageId: 'required', evidence })];
    return [verdict(meta, { verdict: 'fail', messageId: 'missing', evidence })];
  }),
};
