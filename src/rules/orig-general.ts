// Shared skeleton of the §7.1.1.1 initial-request rules (SPEC §5.1): every attempt of the initial
// INVITE is judged (retries after 401/407/422/3xx, SPEC §2.1) on the copy closest to the client
// (SPEC §2.2); the attempt that got the final response is the primary evidence and comes first.
import { originatingImSkipReason } from '../dialog/conference.js';
import { memoized } from '../dialog/memo.js';
import { judgedCopy, vantageLabel } from '../dialog/vantage.js';
import type { Dialog, Transaction, Vantage } from '../dialog/types.js';
import type { HeaderValue, SipMessage } from '../sip/types.js';
import type { Evidence, Rule, RuleContext, RuleMeta, Verdict } from './types.js';
import { evidenceOf, notApplicable, verdict } from './verdict.js';

/** One initial request under judgement. */
export interface JudgedRequest {
  /** The copy judged: the client's own when captured. */
  msg: SipMessage;
  vantage: Vantage;
  /** Said in evidence notes: vantage, and which attempt this is when there were several. */
  note: string;
  /** The dialog the request opened, and the attempt's transaction (absent for a bare request). */
  dialog?: Dialog;
  tx?: Transaction;
}

/** Message templates every initial-request rule has. */
export const initialRequestMessages = {
  'not-applicable': 'not applicable: {reason}',
  'later-fork': 'not applicable: the initial INVITE is judged on the first dialog it created (this is fork {fork})',
};

/** Vantage of a copy from its Via count: one Via is the client's own copy (SPEC §2.2). */
export function vantageOfCopy(msg: SipMessage): Vantage {
  return msg.viaCount <= 1 ? { kind: 'client' } : { kind: 'downstream', hops: msg.viaCount - 1 };
}

function attemptNote(dialog: Dialog, tx: Transaction, index: number, vantage: Vantage): string {
  const parts = [`vantage=${vantageLabel(vantage)}`];
  if (dialog.initialAttempts.length > 1) {
    const answer = tx.final ? `answered ${tx.final.status}` : 'unanswered';
    parts.push(`attempt ${index + 1} of ${dialog.initialAttempts.length} (CSeq ${tx.request.cseq?.seq ?? '?'}, ${answer})`);
  }
  return parts.join('; ');
}

/** Per closed dialog: about twenty initial-request rules ask for the same attempts. */
const attemptsOf = memoized((dialog: Dialog, _a: undefined, _b: undefined) => orderAttempts(dialog));

/** The attempts to judge, the primary (final) one first, then the earlier ones in order. */
export function judgedAttempts(dialog: Dialog): JudgedRequest[] {
  return attemptsOf(dialog, undefined, undefined);
}

function orderAttempts(dialog: Dialog): JudgedRequest[] {
  const attempts = dialog.initialAttempts.length > 0 ? dialog.initialAttempts : [dialog.initialInvite];
  const primary = attempts.includes(dialog.initialInvite) ? dialog.initialInvite : attempts[attempts.length - 1];
  const ordered = [primary, ...attempts.filter((tx) => tx !== primary)];
  return ordered.map((tx) => {
    const msg = judgedCopy(tx);
    const vantage = tx === dialog.initialInvite ? dialog.vantage : vantageOfCopy(msg);
    return { msg, vantage, note: attemptNote(dialog, tx, attempts.indexOf(tx), vantage), dialog, tx };
  });
}

/** Why the originating initial-request rules do not judge this dialog, or undefined. */
export function initialRequestSkip(meta: RuleMeta, dialog: Dialog): Verdict | undefined {
  const reason = originatingImSkipReason(dialog);
  if (reason !== undefined) return notApplicable(meta, 'not-applicable', reason);
  if ((dialog.forkIndex ?? 0) > 0) return verdict(meta, { verdict: 'not-applicable', messageId: 'later-fork', data: { fork: dialog.forkIndex ?? 0 } });
  return undefined;
}

/**
 * A `check` judging every attempt with `judge`. The primary attempt's verdicts come first; an
 * earlier attempt adds its evidence to a primary verdict with the same outcome and message, and
 * its own verdict otherwise (a pass there adds nothing: the primary decides what passed).
 */
export function initialRequestCheck(meta: RuleMeta, judge: (req: JudgedRequest, ctx: RuleContext) => Verdict[]): Rule['check'] {
  return (dialog, ctx) => {
    const skip = initialRequestSkip(meta, dialog);
    if (skip) return [skip];
    // Indexes, not `[primary, ...earlier]`: some fifteen rules per dialog come through here.
    const attempts = judgedAttempts(dialog);
    const out = judge(attempts[0], ctx);
    for (let a = 1; a < attempts.length; a++) {
      for (const v of judge(attempts[a], ctx)) {
        const same = out.find((o) => o.rule === v.rule && o.verdict === v.verdict && o.messageId === v.messageId && o.severity === v.severity);
        if (same) {
          if (v.evidence.length > 0) same.evidence.push(...v.evidence);
        }
        else if (v.verdict !== 'pass' && v.verdict !== 'not-applicable') out.push(v);
      }
    }
    return out;
  };
}

/**
 * Evidence for a header of the judged request (every line, or "absent"), with the attempt note.
 * `read` is the header's value when the rule read it already: its fields are every line of it.
 */
export function headerEvidence(req: JudgedRequest, name: string, extra?: string, read?: HeaderValue<unknown>): Evidence[] {
  const note = extra ? `${req.note}; ${extra}` : req.note;
  const fields = read === undefined ? req.msg.fields(name) : read.state === 'absent' ? [] : read.fields;
  if (fields.length === 0) return [evidenceOf(req.msg, undefined, `${note}; ${name}: absent`)];
  return fields.map((f) => evidenceOf(req.msg, f, note));
}

export function startLineEvidence(req: JudgedRequest, extra?: string): Evidence {
  return evidenceOf(req.msg, undefined, extra ? `${req.note}; ${extra}` : req.note);
}

/** Under --strict-vantage a pass on a downstream copy becomes inconclusive (SPEC §2.2). */
export function strictVantageHolds(req: JudgedRequest, ctx: RuleContext): boolean {
  return ctx.config.strictVantage && req.vantage.kind === 'downstream';
}
