// IM-TIMER-BYE-ON-EXPIRY: when the peer is the refresher and no refresh arrives, the client SHOULD
// send BYE slightly before expiry, at E − min(32, I/3) (RFC 4028 §10; SPEC §6.5).
import type { ImlintConfig } from '../config/types.js';
import { secToNs, type TimerAnalysis, type TimerCycle } from '../dialog/session-timer.js';
import type { Rule, Verdict } from './types.js';
import { closeEvidence, cyclePreamble, messageEvidence, perCycle, rel, timerSubRuleMeta, oncePerCycle } from './timer-verdicts.js';
import { verdict } from './verdict.js';

const meta = timerSubRuleMeta({
  id: 'IM-TIMER-BYE-ON-EXPIRY',
  title: 'Non-refresher sends BYE when the session expires unrefreshed',
  clause: 'RFC 4028 §10',
  keyword: 'SHOULD',
  description:
    'When the peer is the refresher and no refresh arrives before E, RFC 4028 §10 says the other side ' +
    'SHOULD send a BYE "slightly before the session expiration", RECOMMENDED at E − min(32 s, I/3). ' +
    'A client BYE in [Bye_due − tol, E + tol] passes; a later BYE, or none while the capture runs past ' +
    'E + tol, fails (warning). Not applicable when the peer refreshed or the session ended first.',
  messages: {
    peerRefreshed: 'not applicable (cycle {cycle}): the peer refreshed ({method}, 2xx at {close}) before E {expiry}',
    endedBeforeExpiry: 'not applicable (cycle {cycle}): ended before expiry (BYE at {end}, E {expiry})',
    peerEndedAtExpiry: 'not applicable (cycle {cycle}): the peer sent BYE at {end}, within tol of E {expiry}',
    captureEnds: 'cycle {cycle}: capture ends at {end}, before E {expiry} + tol',
    byeInWindow: 'cycle {cycle}: peer did not refresh; client BYE at {bye}, within [{from}, {to}] (Bye_due {due})',
    byeLate: 'cycle {cycle}: peer did not refresh; BYE {late} s after expiry E {expiry} (sent by the {by} at {bye})',
    noBye: 'cycle {cycle}: peer did not refresh; client kept the session past E {expiry} (Bye_due {due}), capture runs to {end}',
  },
});

/** Once per cycle: IM-ORIG-TIMER-HONOURED asks first, then this rule reports the same verdict. */
export const decideByeOnExpiry = oncePerCycle(function decide(analysis: TimerAnalysis, cycle: TimerCycle, config: ImlintConfig): Verdict {
  const start = cyclePreamble(meta, analysis, cycle, 'peer');
  if ('done' in start) return start.done;
  const evidence = start.evidence;
  const tolNs = secToNs(config.tolSec);
  const base = {
    cycle: cycle.index + 1,
    expiry: rel(analysis, cycle.expiryNs),
    due: rel(analysis, cycle.byeDueNs),
    end: rel(analysis, analysis.captureEndNs),
  };
  const close = cycle.close;
  if (close.kind === 'refresh' && close.by === 'peer' && close.atNs < cycle.expiryNs)
    return verdict(meta, {
      verdict: 'not-applicable',
      messageId: 'peerRefreshed',
      data: { ...base, method: close.refresh.method, close: rel(analysis, close.atNs) },
      evidence: [...evidence, ...closeEvidence(analysis, cycle)],
    });
  const end = analysis.dialogEnd;
  const byeNs = end?.atNs ?? null;
  if (end && byeNs !== null) evidence.push(messageEvidence(analysis, end.transaction.request, `${end.by} BYE`));
  // A client BYE between Bye_due − tol and E is "before expiry" but is exactly what §10 asks for.
  const windowFrom = cycle.byeDueNs - tolNs;
  const windowTo = cycle.expiryNs + tolNs;
  if (end && byeNs !== null && end.by === 'client' && byeNs >= windowFrom && byeNs <= windowTo)
    return verdict(meta, {
      verdict: 'pass',
      messageId: 'byeInWindow',
      data: { ...base, bye: rel(analysis, byeNs), from: rel(analysis, windowFrom), to: rel(analysis, windowTo) },
      evidence,
    });
  if (byeNs !== null && byeNs < cycle.expiryNs)
    return verdict(meta, { verdict: 'not-applicable', messageId: 'endedBeforeExpiry', data: { ...base, end: rel(analysis, byeNs) }, evidence });
  // The client may wait until E (+tol); a peer BYE inside that margin leaves it nothing to do.
  if (end && byeNs !== null && end.by === 'peer' && byeNs <= windowTo)
    return verdict(meta, { verdict: 'not-applicable', messageId: 'peerEndedAtExpiry', data: { ...base, end: rel(analysis, byeNs) }, evidence });
  const captureEnd = analysis.captureEndNs as bigint;
  if (captureEnd < windowTo) return verdict(meta, { verdict: 'inconclusive', messageId: 'captureEnds', data: base, evidence });
  if (end && byeNs !== null && byeNs > windowTo) {
    const late = (Number(byeNs - cycle.expiryNs) / 1e9).toFixed(3);
    return verdict(meta, { verdict: 'fail', messageId: 'byeLate', data: { ...base, late, by: end.by, bye: rel(analysis, byeNs) }, evidence });
  }
  return verdict(meta, { verdict: 'fail', messageId: 'noBye', data: base, evidence });
});

export const rule: Rule = {
  meta,
  check: (dialog, ctx) => perCycle(meta, dialog, ctx.config, decideByeOnExpiry),
};
