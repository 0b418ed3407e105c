// Shared skeleton of the ad-hoc / extension rules (SPEC §5.4): they judge the initial INVITE of an
// originating IM session when its own ad-hoc signals call for the rule. Like the §7.1.1.1 rules
// (the OMA fragment points back to "General"), every attempt of the INVITE is judged on the copy
// closest to the client, the final attempt first (SPEC §2.1, §2.2, §8).
import { type AdhocSignals, adhocSignals } from '../dialog/conference.js';
import { memoized } from '../dialog/memo.js';
import type { Dialog } from '../dialog/types.js';
import type { SipMessage } from '../sip/types.js';
import { type JudgedRequest, initialRequestCheck, initialRequestMessages, initialRequestSkip, judgedAttempts } from './orig-general.js';
import type { Rule, RuleContext, RuleMeta, Verdict } from './types.js';
import { notApplicable } from './verdict.js';

export interface AdhocUnderTest {
  dialog: Dialog;
  /** The judged copy of the INVITE attempt (the client's own when captured, SPEC §2.2). */
  invite: SipMessage;
  signals: AdhocSignals;
}

export const adhocRuleMessages = initialRequestMessages;

type Applies = (t: AdhocUnderTest, ctx: RuleContext) => string | undefined;
type Judge = (t: AdhocUnderTest, ctx: RuleContext) => Verdict[];

/** Per judged INVITE copy: every ad-hoc rule asks for the same signals. */
const signalsOf = memoized((invite: SipMessage, conferenceFactory: string | undefined, _: undefined) => adhocSignals(invite, conferenceFactory));

function judgeOne(meta: RuleMeta, req: JudgedRequest, ctx: RuleContext, applies: Applies, judge: Judge): Verdict[] {
  const invite = req.msg;
  const t: AdhocUnderTest = { dialog: req.dialog!, invite, signals: signalsOf(invite, ctx.config.conferenceFactory, undefined) };
  const reason = applies(t, ctx);
  if (reason !== undefined) return [notApplicable(meta, 'not-applicable', reason)];
  const out = judge(t, ctx);
  // Evidence on the judged INVITE says which copy and attempt it is (vantage, "attempt 1 of 2").
  for (const v of out) {
    for (const e of v.evidence) {
      if (e.input === invite.ref.input && e.line === invite.ref.line && e.frame === invite.ref.frame && e.timeNs === invite.ref.timeNs) {
        e.note = e.note ? `${req.note}; ${e.note}` : req.note;
      }
    }
  }
  return out;
}

/**
 * A `check` for one ad-hoc rule. `applies` returns why the rule does not apply (not-applicable),
 * or undefined to judge. `everyAttempt: false` judges the final attempt only (dialog-level rules).
 */
export function adhocRuleCheck(meta: RuleMeta, applies: Applies, judge: Judge, everyAttempt = true): Rule['check'] {
  if (everyAttempt) return initialRequestCheck(meta, (req, ctx) => judgeOne(meta, req, ctx, applies, judge));
  return (dialog, ctx) => {
    const skip = initialRequestSkip(meta, dialog);
    return skip ? [skip] : judgeOne(meta, judgedAttempts(dialog)[0], ctx, applies, judge);
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
