// Shared skeleton of the ad-hoc / extension rules (SPEC §5.4): they judge the client's copy of the
// initial INVITE of an originating IM session, when its own ad-hoc signals call for the rule.
import { type AdhocSignals, adhocSignals, originatingImSkipReason } from '../dialog/conference.js';
import type { Dialog } from '../dialog/types.js';
import type { SipMessage } from '../sip/types.js';
import type { Rule, RuleContext, RuleMeta, Verdict } from './types.js';
import { verdict } from './verdict.js';

export interface AdhocUnderTest {
  dialog: Dialog;
  /** The judged copy of the initial INVITE (the client's own when captured, SPEC §2.2). */
  invite: SipMessage;
  signals: AdhocSignals;
}

export const adhocRuleMessages = { 'not-applicable': 'not applicable: {reason}' };

/**
 * A `check` for one ad-hoc rule. `applies` returns why the rule does not apply (not-applicable),
 * or undefined to judge.
 */
export function adhocRuleCheck(
  meta: RuleMeta,
  applies: (t: AdhocUnderTest, ctx: RuleContext) => string | undefined,
  judge: (t: AdhocUnderTest, ctx: RuleContext) => Verdict[],
): Rule['check'] {
  return (dialog, ctx) => {
    const notIm = originatingImSkipReason(dialog);
    const na = (reason: string): Verdict[] => [verdict(meta, { verdict: 'not-applicable', messageId: 'not-applicable', data: { reason } })];
    if (notIm !== undefined) return na(notIm);
    const tx = dialog.initialInvite;
    const invite = tx.clientCopy ?? tx.request;
    const t: AdhocUnderTest = { dialog, invite, signals: adhocSignals(invite, ctx.config.conferenceFactory) };
    const reason = applies(t, ctx);
    return reason !== undefined ? na(reason) : judge(t, ctx);
  };
}

/** Not ad-hoc: no list in the body, no Require: recipient-list-invite, not to the factory. */
export function unlessAdhoc({ signals: s }: AdhocUnderTest): string | undefined {
  return s.listCarried || s.requireTag || s.factoryUri === true ? undefined : 'not an ad-hoc or extension INVITE';
}

/** Not carrying a resource list in the body (never the case for a 1-1 INVITE, SPEC §5.1 note). */
export function unlessListCarried({ signals: s }: AdhocUnderTest): string | undefined {
  return s.listCarried ? undefined : 'the INVITE carries no resource list';
}
