// IM-TIMER-BYE-AFTER-FAILED-REFRESH: when the client's refresh times out or gets 408/481 it should
// end the dialog with a BYE (RFC 4028 §10, deferring to RFC 3261 §12.2.1.2; SPEC §6.5).
import type { ImlintConfig } from '../config/types.js';
import { clientRefreshesBeforeExpiry, secToNs, type RefreshRequest, type TimerAnalysis, type TimerCycle } from '../dialog/session-timer.js';
import type { Rule, Verdict } from './types.js';
import { cyclePreamble, messageEvidence, perCycle, rel, timerSubRuleMeta, oncePerCycle } from './timer-verdicts.js';
import { verdict } from './verdict.js';

const meta = timerSubRuleMeta({
  id: 'IM-TIMER-BYE-AFTER-FAILED-REFRESH',
  title: 'BYE after a refresh that failed with 408, 481 or a timeout',
  clause: 'RFC 4028 §10; RFC 3261 §12.2.1.2',
  keyword: 'SHOULD',
  description:
    'RFC 4028 §10: if the refresh "transaction times out or generates a 408 or 481 response, then the UAC ' +
    'sends a BYE". Applies to cycles where the client is the refresher and its refresh got 408, 481 or no ' +
    'final response. Passes when a client BYE follows; fails (warning) when the capture runs past the ' +
    'refresh time + 64·T1 without one; other non-2xx answers are left to IM-TIMER-REFRESH-BEFORE-EXPIRY.',
  messages: {
    noFailedRefresh: 'not applicable (cycle {cycle}): no client refresh failed with 408, 481 or a timeout',
    byeSent: 'cycle {cycle}: refresh at {sent} {outcome}; client BYE at {bye}',
    peerEnded: 'not applicable (cycle {cycle}): refresh at {sent} {outcome}; the peer sent BYE at {bye} first',
    noBye: 'cycle {cycle}: refresh at {sent} {outcome}; no client BYE by {deadline} (refresh + 64·T1), capture runs to {end}',
    undecided: 'cycle {cycle}: refresh at {sent} {outcome}; capture ends at {end}, before {deadline} (refresh + 64·T1)',
  },
});

function failed(r: RefreshRequest): boolean {
  return r.status === undefined || r.status === 408 || r.status === 481;
}

function outcomeOf(r: RefreshRequest): string {
  return r.status === undefined ? 'got no final response' : `got ${r.status}`;
}

/** Once per cycle: IM-ORIG-TIMER-HONOURED asks first, then this rule reports the same verdict. */
export const decideByeAfterFailedRefresh = oncePerCycle(function decide(analysis: TimerAnalysis, cycle: TimerCycle, config: ImlintConfig): Verdict {
  const start = cyclePreamble(meta, analysis, cycle, 'client');
  if ('done' in start) return start.done;
  const evidence = start.evidence;
  const base = { cycle: cycle.index + 1 };
  const r = clientRefreshesBeforeExpiry(cycle).find(failed);
  if (!r) return verdict(meta, { verdict: 'not-applicable', messageId: 'noFailedRefresh', data: base, evidence });
  const sent = r.sentNs as bigint;
  evidence.push(messageEvidence(analysis, r.transaction.request, `client refresh (${r.method})`));
  if (r.final) evidence.push(messageEvidence(analysis, r.final, `answer ${r.status}`));
  const deadline = sent + secToNs(64 * config.t1Sec);
  const data = {
    ...base,
    sent: rel(analysis, sent),
    outcome: outcomeOf(r),
    deadline: rel(analysis, deadline),
    end: rel(analysis, analysis.captureEndNs),
  };
  const end = analysis.dialogEnd;
  if (end && end.atNs !== null && end.atNs >= sent) {
    evidence.push(messageEvidence(analysis, end.transaction.request, `${end.by} BYE`));
    const byeData = { ...data, bye: rel(analysis, end.atNs) };
    if (end.by === 'client') return verdict(meta, { verdict: 'pass', messageId: 'byeSent', data: byeData, evidence });
    return verdict(meta, { verdict: 'not-applicable', messageId: 'peerEnded', data: byeData, evidence });
  }
  if ((analysis.captureEndNs as bigint) > deadline)
    return verdict(meta, { verdict: 'fail', messageId: 'noBye', data, evidence });
  return verdict(meta, { verdict: 'inconclusive', messageId: 'undecided', data, evidence });
});

export const rule: Rule = {
  meta,
  check: (dialog, ctx) => perCycle(meta, dialog, ctx.config, decideByeAfterFailedRefresh),
};
