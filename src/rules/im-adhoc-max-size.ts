// IM-ADHOC-MAX-SIZE: an ad-hoc INVITE invites at most MAX-ADHOC-GROUP-SIZE users (OMA Appendix I,
// provisioned; given here by --max-adhoc-group-size).
import { primaryListPart, resourceListOf } from '../dialog/conference.js';
import { adhocRuleCheck, adhocRuleMessages, unlessAdhoc } from './adhoc-form.js';
import type { Rule, RuleMeta } from './types.js';
import { evidenceOf, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ADHOC-MAX-SIZE',
  title: 'Ad-hoc group within MAX-ADHOC-GROUP-SIZE',
  clause: 'OMA-TS-SIMPLE_IM Appendix I (MAX-ADHOC-GROUP-SIZE)',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'B',
  defaultEnabled: true,
  description:
    'The number of users in the resource list of an ad-hoc INVITE must not exceed the provisioned MAX-ADHOC-GROUP-SIZE ' +
    '(Appendix I; only the parameter name was verified, the limit check is the best reading). Judged only when --max-adhoc-group-size is given; inconclusive when the list cannot be read.',
  messages: {
    ...adhocRuleMessages,
    within: '{count} invited users, within MAX-ADHOC-GROUP-SIZE {max}',
    exceeds: '{count} invited users exceed MAX-ADHOC-GROUP-SIZE {max}',
    unreadable: 'cannot count the invited users: {error}',
  },
};

export const rule: Rule = {
  meta,
  check: adhocRuleCheck(
    meta,
    (t, { config }) => unlessAdhoc(t) ?? (config.maxAdhocGroupSize === undefined ? 'no --max-adhoc-group-size configured' : undefined),
    ({ invite }, { config }) => {
      const max = config.maxAdhocGroupSize ?? 0;
      const part = primaryListPart(invite);
      const list = part ? resourceListOf(part) : { ok: false as const, error: 'no resource-list body part' };
      const evidence = [evidenceOf(invite, undefined, `MAX-ADHOC-GROUP-SIZE = ${max}`)];
      if (!list.ok) return [verdict(meta, { verdict: 'inconclusive', messageId: 'unreadable', data: { error: list.error }, evidence })];
      const count = list.value.length;
      return [verdict(meta, { verdict: count <= max ? 'pass' : 'fail', messageId: count <= max ? 'within' : 'exceeds', data: { count, max }, evidence })];
    },
  ),
};
