// Shared gate of the provisional terminating-side rules (SPEC §5.7, [B]): the device under test
// received an IM session INVITE and answered it with a 2xx.
import type { Dialog } from '../dialog/types.js';
import type { SipMessage } from '../sip/types.js';
import type { Rule, RuleContext, RuleMeta, Verdict } from './types.js';
import { notApplicable } from './verdict.js';

export interface TerminatingUnderTest {
  dialog: Dialog;
  /** The peer's initial INVITE (the copy closest to the client). */
  invite: SipMessage;
  /** The client's 2xx to it. */
  ok: SipMessage;
}

export const terminatingRuleMessages = { 'not-applicable': 'not applicable: {reason}' };

export function terminatingRuleCheck(meta: RuleMeta, judge: (t: TerminatingUnderTest, ctx: RuleContext) => Verdict[]): Rule['check'] {
  return (dialog, ctx) => {
    const na = (reason: string): Verdict[] => [notApplicable(meta, 'not-applicable', reason)];
    if (dialog.originator !== 'peer') return na('originating-side dialog (7.1.1)');
    if (dialog.kind === 'not-im') return na('not an IM session');
    if (dialog.outOfScope !== undefined) return na(`outside 7.1.2: ${dialog.outOfScope}`);
    if (!dialog.confirmed) return na('the client did not accept the INVITE with a 2xx');
    const tx = dialog.initialInvite;
    return judge({ dialog, invite: tx.clientCopy ?? tx.request, ok: dialog.confirmed }, ctx);
  };
}
