// IM-ORIG-TIMER-HONOURED: the client started the session timer with the Session-Expires value
// received in the 200 OK and kept its expiry duties (OMA §7.1.1.1, 200 OK (1); RFC 4028; SPEC §6.5).
// The umbrella is decided from the expiry obligations only; IM-TIMER-REFRESH-AT-HALF never changes it.
import type { Severity } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import { closedBeforeExpiry, nsToSec, secToNs, type TimerAnalysis, type TimerCycle } from '../dialog/session-timer.js';
import type { Dialog } from '../dialog/types.js';
import { decideByeAfterFailedRefresh } from './im-timer-bye-after-failed-refresh.js';
import { decideByeOnExpiry } from './im-timer-bye-on-expiry.js';
import { decideRefreshBeforeExpiry } from './im-timer-refresh-before-expiry.js';
import type { Evidence, Rule, RuleMeta, Verdict } from './types.js';
import { analysisOf, closeEvidence, cycleEvidence, rel, statusVerdict, TIMER_STATUS_MESSAGES } from './timer-verdicts.js';
import { evidenceOf, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ORIG-TIMER-HONOURED',
  title: 'Session timer started with the value received and honoured',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1, 200 OK (1); RFC 4028 §§7.2, 9, 10',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'On the 200 OK to its initial INVITE the IM client SHALL "start the session timer with the Session-Expires ' +
    'value received" (RFC 4028). Every 2xx to an INVITE or UPDATE in the dialog starts a timer cycle (interval, ' +
    'refresher mapped to a party per transaction, t0, expiry E). Over all cycles the verdict follows the ' +
    'expiry obligations: IM-TIMER-REFRESH-BEFORE-EXPIRY (MUST), IM-TIMER-BYE-AFTER-FAILED-REFRESH and ' +
    'IM-TIMER-BYE-ON-EXPIRY (SHOULD). A cycle ended by a BYE or a refresh before E counts as honoured. ' +
    'Not applicable without Session-Expires in the 2xx (profile 3gpp: judged on the client\'s own value). ' +
    'With --terminating, terminating-side dialogs are judged too, roles swapped (SPEC §5.7 IM-TERM-TIMER).',
  messages: {
    ...TIMER_STATUS_MESSAGES,
    honoured: 'session timer honoured over {cycles} cycle(s)',
    honouredOpen: 'session timer honoured over {cycles} cycle(s); last cycle open at capture end',
    failed: '{rule}: {detail}',
    inconclusive: '{rule}: {detail}',
    notApplicable: 'no cycle reached a timer obligation ({cycles} cycle(s))',
    forkReleased: 'not applicable: forked 2xx released at once by the client BYE {after} s after it (SPEC §6.6)',
  },
};

interface CycleResult {
  cycle: TimerCycle;
  verdict: 'pass' | 'fail' | 'inconclusive' | 'not-applicable';
  severity: Severity;
  decisive?: Verdict;
}

/** One cycle's result for the umbrella: the expiry sub-rules, worst first. */
function cycleResult(analysis: TimerAnalysis, cycle: TimerCycle, config: ImlintConfig): CycleResult {
  const subs = [
    decideRefreshBeforeExpiry(analysis, cycle, config),
    decideByeAfterFailedRefresh(analysis, cycle, config),
    decideByeOnExpiry(analysis, cycle, config),
  ];
  const rank = (v: Verdict): number =>
    v.verdict === 'fail' ? (v.severity === 'error' ? 5 : v.severity === 'warning' ? 4 : 3) : v.verdict === 'inconclusive' ? 2 : v.verdict === 'pass' ? 1 : 0;
  let worst = subs[0];
  for (const v of subs) if (rank(v) > rank(worst)) worst = v;
  if (worst.verdict === 'not-applicable') {
    // SPEC §6.5: a cycle closed by a BYE or a refresh 2xx before E never outlived its timer.
    if (closedBeforeExpiry(cycle)) return { cycle, verdict: 'pass', severity: 'info' };
    return { cycle, verdict: 'not-applicable', severity: 'info' };
  }
  // An info-level "fail" cannot come from the expiry rules; treat pass-like ranks alike.
  return { cycle, verdict: worst.verdict, severity: worst.severity, decisive: worst };
}

/**
 * SPEC §6.6: a further fork of the INVITE whose 2xx the client ends with BYE at once (before any other
 * request, within 64·T1) never ran a session; seconds from the 2xx to the BYE, or undefined.
 */
function forkReleasedAfter(dialog: Dialog, analysis: TimerAnalysis, config: ImlintConfig): string | undefined {
  const first = analysis.cycles[0];
  if ((dialog.forkIndex ?? 0) === 0 || analysis.cycles.length !== 1 || first.close.kind !== 'bye' || first.close.by !== 'client') return undefined;
  if (dialog.transactions.some((t) => t.method !== 'ACK' && t.method !== 'BYE')) return undefined;
  const afterNs = first.close.atNs - first.t0Ns;
  if (afterNs > secToNs(64 * config.t1Sec)) return undefined;
  return nsToSec(afterNs).toFixed(3);
}

function check(dialog: Dialog, config: ImlintConfig): Verdict[] {
  const analysis = analysisOf(dialog, config);
  if (analysis.status !== 'running' || analysis.cycles.length === 0) return [statusVerdict(meta, analysis, dialog)];
  const released = forkReleasedAfter(dialog, analysis, config);
  if (released !== undefined)
    return [verdict(meta, { verdict: 'not-applicable', messageId: 'forkReleased', data: { after: released }, evidence: [cycleEvidence(analysis, analysis.cycles[0]), ...closeEvidence(analysis, analysis.cycles[0])] })];
  const results = analysis.cycles.map((c) => cycleResult(analysis, c, config));
  const evidence: Evidence[] = [];
  for (const r of results) {
    evidence.push(cycleEvidence(analysis, r.cycle));
    if (r.decisive) evidence.push(...r.decisive.evidence.slice(1));
    else evidence.push(...closeEvidence(analysis, r.cycle));
  }
  for (const f of analysis.peerFindings) evidence.push(evidenceOf(f.response, f.field, `peer finding ${f.code}: ${f.text}`));
  if (analysis.turnedOffBy)
    evidence.push(evidenceOf(analysis.turnedOffBy, undefined, `2xx without Session-Expires at ${rel(analysis, analysis.turnedOffBy.ref.timeNs)}: timer turned off (RFC 4028 §7.2)`));
  const cycles = results.length;
  const pick = (pred: (r: CycleResult) => boolean) => results.find(pred);
  const subMessage = (r: CycleResult) => ({ cycle: r.cycle.index + 1, rule: r.decisive?.rule ?? '', detail: r.decisive?.message ?? '' });
  for (const sev of ['error', 'warning'] as const) {
    const failed = pick((r) => r.verdict === 'fail' && r.severity === sev);
    if (failed)
      return [verdict(meta, { verdict: 'fail', messageId: 'failed', severity: sev, data: subMessage(failed), evidence })];
  }
  const inconclusive = results.filter((r) => r.verdict === 'inconclusive');
  const anyPass = results.some((r) => r.verdict === 'pass');
  const last = results[results.length - 1];
  if (anyPass && inconclusive.length === 1 && inconclusive[0] === last && last.cycle.close.kind === 'capture-end')
    return [verdict(meta, { verdict: 'pass', messageId: 'honouredOpen', data: { cycles }, evidence })];
  if (inconclusive.length > 0) {
    const first = inconclusive[0];
    return [verdict(meta, { verdict: 'inconclusive', messageId: 'inconclusive', data: subMessage(first), evidence })];
  }
  if (anyPass) return [verdict(meta, { verdict: 'pass', messageId: 'honoured', data: { cycles }, evidence })];
  return [verdict(meta, { verdict: 'not-applicable', messageId: 'notApplicable', data: { cycles }, evidence })];
}

export const rule: Rule = { meta, check: (dialog, ctx) => check(dialog, ctx.config) };
