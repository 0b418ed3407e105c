// Shared skeleton of the §5.6 form rules (IM-CONF-SUB-*): they judge the SUBSCRIBE that §7 looks at
// (the qualifying one, else the client's first conference SUBSCRIBE) and nothing when there is none;
// the missing subscription itself is IM-ORIG-CONF-SUBSCRIBE's finding.
import { type ConferenceSubscribe, conferenceUriOf, groupSessionSkipReason, judgedSubscribe } from '../dialog/conference.js';
import type { Dialog } from '../dialog/types.js';
import type { SipUri } from '../sip/types.js';
import type { Rule, RuleContext, RuleMeta, Verdict } from './types.js';
import { notApplicable } from './verdict.js';

export interface SubscribeUnderTest {
  subscribe: ConferenceSubscribe;
  dialog: Dialog;
  /** The conference URI C (§7.1), when the 2xx had one. */
  conferenceUri?: SipUri;
}

/** Messages every form rule carries for its not-applicable verdicts. */
export const formRuleMessages = {
  'not-applicable': 'not applicable: {reason}',
  'no-subscribe': 'no conference SUBSCRIBE from the client to judge (IM-ORIG-CONF-SUBSCRIBE reports the missing subscription)',
};

/** A `check` that gates on a confirmed originating group session with a conference SUBSCRIBE. */
export function formRuleCheck(meta: RuleMeta, judge: (t: SubscribeUnderTest, ctx: RuleContext) => Verdict[]): Rule['check'] {
  return (dialog, ctx) => {
    const reason = groupSessionSkipReason(dialog);
    if (reason !== undefined) return [notApplicable(meta, 'not-applicable', reason)];
    const subscribe = judgedSubscribe(dialog);
    if (!subscribe) return [notApplicable(meta, 'no-subscribe')];
    return judge({ subscribe, dialog, conferenceUri: conferenceUriOf(dialog) }, ctx);
  };
}
