// IM-TIMER-REFRESH-BEFORE-EXPIRY: the refresher MUST refresh before the session expiration
// (RFC 4028 §7.2: "it MUST generate a refresh before the session expiration"; SPEC §6.5).
import { clientRefreshesBeforeExpiry, secToNs, type TimerAnalysis, type TimerCycle } from '../dialog/session-timer.js';
import type { ImlintConfig } from '../config/types.js';
import type { Rule, Verdict } from './types.js';
import {
  cappedSeverity,
  closeEvidence,
  cyclePreamble,
  messageEvidence,
  perCycle,
  rel,
  timerSubRuleMeta,
  oncePerCycle,
} from './timer-verdicts.js';
import { verdict } from './verdict.js';

const meta = timerSubRuleMeta({
  id: 'IM-TIMER-REFRESH-BEFORE-EXPIRY',
  title: 'Refresher refreshes before the session expires',
  clause: 'RFC 4028 §7.2, §9',
  keyword: 'MUST',
  description:
    'When the client is the refresher of a timer cycle (refresher parameter of the latest 2xx to a session ' +
    'refresh request, mapped to a party per transaction), it MUST send a re-INVITE or UPDATE before the ' +
    'expiry E = t0 + I. Passes when it does, when the peer refreshed first, or when the session ended before ' +
    'E; inconclusive when the capture ends before E + tol; fails (error) when the dialog outlived E unrefreshed.',
  messages: {
    refreshed: 'cycle {cycle}: client refresh ({method}) at {sent}, before E {expiry}',
    peerRefreshed: 'cycle {cycle}: the peer refreshed ({method}, 2xx at {close}) before E {expiry}',
    endedBeforeExpiry: 'cycle {cycle}: session ended before expiry (BYE at {end}, E {expiry})',
    captureEnds: 'cycle {cycle}: capture ends {delta} s before E {expiry} + tol, with no refresh yet',
    noRefresh: 'cycle {cycle}: no refresh by E {expiry}{unanswered}; dialog still present at {last}',
  },
});

/** Once per cycle: IM-ORIG-TIMER-HONOURED asks first, then this rule reports the same verdict. */
export const decideRefreshBeforeExpiry = oncePerCycle(function decide(analysis: TimerAnalysis, cycle: TimerCycle, config: ImlintConfig): Verdict {
  const start = cyclePreamble(meta, analysis, cycle, 'client');
  if ('done' in start) return start.done;
  const evidence = start.evidence;
  const base = { cycle: cycle.index + 1, expiry: rel(analysis, cycle.expiryNs) };
  // A refresh counts when it succeeded, or failed in the way IM-TIMER-BYE-AFTER-FAILED-REFRESH judges
  // (408, 481, no answer). After 491, 422, 5xx... the client must retry: only a 2xx moves E (SPEC §6.5).
  const before = clientRefreshesBeforeExpiry(cycle);
  const r = before.find((x) => x.status === undefined || (x.status >= 200 && x.status < 300) || x.status === 408 || x.status === 481);
  if (r) {
    evidence.push(messageEvidence(analysis, r.transaction.request, `client refresh (${r.method})`));
    return verdict(meta, { verdict: 'pass', messageId: 'refreshed', data: { ...base, method: r.method, sent: rel(analysis, r.sentNs) }, evidence });
  }
  for (const x of before) evidence.push(messageEvidence(analysis, x.final ?? x.transaction.request, `client refresh (${x.method}) answered ${x.status}, not retried successfully`));
  const close = cycle.close;
  if (close.kind === 'refresh' && close.by === 'peer' && close.atNs < cycle.expiryNs)
    return verdict(meta, {
      verdict: 'pass',
      messageId: 'peerRefreshed',
      severity: 'info',
      data: { ...base, method: close.refresh.method, close: rel(analysis, close.atNs) },
      evidence: [...evidence, ...closeEvidence(analysis, cycle)],
    });
  const end = analysis.dialogEnd;
  if (end && end.atNs !== null && end.atNs < cycle.expiryNs) {
    evidence.push(messageEvidence(analysis, end.transaction.request, `${end.by} BYE`));
    return verdict(meta, { verdict: 'pass', messageId: 'endedBeforeExpiry', data: { ...base, end: rel(analysis, end.atNs) }, evidence });
  }
  const captureEnd = analysis.captureEndNs as bigint;
  const tolNs = secToNs(config.tolSec);
  if (captureEnd < cycle.expiryNs + tolNs) {
    const delta = (Number(cycle.expiryNs - captureEnd) / 1e9).toFixed(3);
    return verdict(meta, { verdict: 'inconclusive', messageId: 'captureEnds', data: { ...base, delta }, evidence });
  }
  evidence.push(...closeEvidence(analysis, cycle));
  return verdict(meta, {
    verdict: 'fail',
    messageId: 'noRefresh',
    data: { ...base, last: stillPresent(analysis, cycle), unanswered: before.length > 0 ? ` (refresh answered ${before.map((x) => x.status).join(', ')}, no successful retry)` : '' },
    evidence,
    severity: cappedSeverity(cycle, meta.severity),
  });
});

/** Where the dialog was last seen alive after E: the late message that closed the cycle, or capture end. */
function stillPresent(analysis: TimerAnalysis, cycle: TimerCycle): string {
  const c = cycle.close;
  if (c.kind === 'capture-end') return `capture end ${rel(analysis, c.atNs)}, no BYE`;
  const msg = c.kind === 'refresh' ? c.response : c.transaction.request;
  const at = msg.ref.frame !== undefined ? `frame ${msg.ref.frame}` : msg.ref.line !== undefined ? `line ${msg.ref.line}` : 'message';
  return `${at} (${msg.startLine}) at ${rel(analysis, c.atNs)}`;
}

export const rule: Rule = {
  meta,
  check: (dialog, ctx) => perCycle(meta, dialog, ctx.config, decideRefreshBeforeExpiry),
};
