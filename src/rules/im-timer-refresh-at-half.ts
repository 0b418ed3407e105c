// IM-TIMER-REFRESH-AT-HALF: the refresher SHOULD refresh once half the interval has elapsed
// (RFC 4028 §7.2, §9; SPEC §6.5). A SHOULD about *when*: it never changes the umbrella.
import { clientRefreshBeforeExpiry, type TimerAnalysis, type TimerCycle } from '../dialog/session-timer.js';
import type { Rule, Verdict } from './types.js';
import { cappedSeverity, cyclePreamble, messageEvidence, perCycle, rel, timerSubRuleMeta } from './timer-verdicts.js';
import { verdict } from './verdict.js';

const meta = timerSubRuleMeta({
  id: 'IM-TIMER-REFRESH-AT-HALF',
  title: 'Refresh sent at about half the session interval',
  clause: 'RFC 4028 §7.2, §9',
  keyword: 'SHOULD',
  description:
    'When the client is the refresher, RFC 4028 §7.2 RECOMMENDS sending the refresh "once half the session ' +
    'interval has elapsed". Judged per timer cycle: a refresh by t0 + I/2 + tolHalf passes; a later one, or ' +
    'none while the capture runs past that mark, fails at warning. Reported separately so a SHOULD lapse never ' +
    'hides the MUST verdict of IM-TIMER-REFRESH-BEFORE-EXPIRY.',
  messages: {
    onTime: 'cycle {cycle}: refresh ({method}) at {sent}, by the half mark {half} + {tol}',
    late: 'cycle {cycle}: refresh ({method}) at {sent}, {late} s after the half mark {half} (+{tol} tolerance)',
    missing: 'cycle {cycle}: no refresh by the half mark {half} (+{tol} tolerance); observed until {stop}',
    undecided: 'cycle {cycle}: the capture stops at {stop}, before the half mark {half} + {tol}',
  },
});

export function decideRefreshAtHalf(analysis: TimerAnalysis, cycle: TimerCycle): Verdict {
  const start = cyclePreamble(meta, analysis, cycle, 'client');
  if ('done' in start) return start.done;
  const evidence = start.evidence;
  const base = { cycle: cycle.index + 1, half: rel(analysis, cycle.halfMarkNs), tol: `${Number(cycle.tolHalfNs) / 1e9} s` };
  const dueNs = cycle.halfMarkNs + cycle.tolHalfNs;
  const r = clientRefreshBeforeExpiry(cycle);
  if (r) {
    const sent = r.sentNs as bigint;
    evidence.push(messageEvidence(analysis, r.transaction.request, `client refresh (${r.method})`));
    const data = { ...base, method: r.method, sent: rel(analysis, sent) };
    if (sent <= dueNs) return verdict(meta, { verdict: 'pass', messageId: 'onTime', data, evidence });
    const late = (Number(sent - cycle.halfMarkNs) / 1e9).toFixed(3);
    return verdict(meta, { verdict: 'fail', messageId: 'late', data: { ...data, late }, evidence, severity: cappedSeverity(cycle, meta.severity) });
  }
  const data = { ...base, stop: rel(analysis, cycle.stopNs) };
  // A refresh sent after E is still "later" than the half mark.
  const lateOne = cycle.refreshes.find((x) => x.by === 'client');
  if (lateOne) evidence.push(messageEvidence(analysis, lateOne.transaction.request, `client refresh (${lateOne.method}) after E`));
  if (lateOne || cycle.stopNs > dueNs)
    return verdict(meta, { verdict: 'fail', messageId: 'missing', data, evidence, severity: cappedSeverity(cycle, meta.severity) });
  return verdict(meta, { verdict: 'inconclusive', messageId: 'undecided', data, evidence });
}

export const rule: Rule = {
  meta,
  check: (dialog, ctx) => perCycle(meta, dialog, ctx.config, decideRefreshAtHalf),
};
