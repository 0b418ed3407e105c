// What the session-timer rules (IM-ORIG-TIMER-HONOURED and IM-TIMER-*) share: the verdict when no
// cycle can be judged, the per-cycle preamble, and evidence carrying the computed deadlines.
import type { Severity } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import type { Dialog, Party } from '../dialog/types.js';
import {
  closedBeforeRefreshDue,
  nsToSec,
  timerCycles,
  type TimerAnalysis,
  type TimerCycle,
} from '../dialog/session-timer.js';
import type { SipMessage } from '../sip/types.js';
import type { Evidence, RuleMeta, Verdict } from './types.js';
import { evidenceOf, verdict } from './verdict.js';

/** Message templates every timer rule carries, keyed by TimerAnalysis status and cycle state. */
export const TIMER_STATUS_MESSAGES: Record<string, string> = {
  outOfScope: 'not applicable: {reason}',
  noDialog: 'not applicable: {reason}; no session, no timer (SPEC §6.6)',
  noSessionExpires: 'not applicable: {reason}; the timer runs only with the value received (RFC 4028 §7.2)',
  noSessionExpiresAsked:
    'not applicable: no Session-Expires in the 2xx although the INVITE asked for {asked} s; RFC 4028 §7.2 lets the client refresh anyway (info)',
  noTimestamps: 'inconclusive: {reason}',
  noCleartext: 'inconclusive: {reason}',
  malformed: 'inconclusive: {reason}',
  cycleProblem: 'inconclusive (cycle {cycle}): {reason}',
  closedEarly: 'not applicable (cycle {cycle}): closed by {closedBy} at {close} before any refresh was due (half mark {half})',
  otherRefresher: 'not applicable (cycle {cycle}): the {role} is the refresher',
};

/** Metadata of an IM-TIMER-* sub-rule: RFC 4028 text read [V], reported under the umbrella. */
export function timerSubRuleMeta(
  m: Pick<RuleMeta, 'id' | 'title' | 'clause' | 'description' | 'messages'> & { keyword: 'MUST' | 'SHOULD' },
): RuleMeta {
  return {
    ...m,
    source: 'RFC 4028',
    severity: m.keyword === 'MUST' ? 'error' : 'warning',
    basis: 'V',
    defaultEnabled: true,
    parent: 'IM-ORIG-TIMER-HONOURED',
    messages: { ...TIMER_STATUS_MESSAGES, ...m.messages },
  };
}

const STATUS_MESSAGE_ID: Record<string, string> = {
  'out-of-scope': 'outOfScope',
  'no-dialog': 'noDialog',
  'no-session-expires': 'noSessionExpires',
  'no-timestamps': 'noTimestamps',
  'no-cleartext': 'noCleartext',
  malformed: 'malformed',
};

export function analysisOf(dialog: Dialog, config: ImlintConfig): TimerAnalysis {
  return timerCycles(dialog, config);
}

/**
 * What the timer rules work out about the analysis being judged: formatted instants, the deadlines
 * note of each cycle, each sub-rule's decision per cycle. A dialog's timer rules run one after
 * another, so one scratch for the latest analysis serves them all (no WeakMap per question); an
 * analysis asked about out of turn gets a fresh scratch, and the same answers again.
 */
interface Scratch {
  analysis: TimerAnalysis;
  /** The timer rules quote the same few instants (t0, half mark, E, Bye_due, capture end) many times. */
  rel: Map<bigint, string>;
  /**
   * Every timer rule (and the umbrella, through the sub-rules) cites the same 2xx with the same
   * deadlines note per cycle: one Evidence, shared (evidence is never changed once made). By
   * `cycle.index`, like the decisions: a dialog has few cycles, arrays cost less than Maps.
   */
  cycleEvidence: Evidence[];
  decisions: Map<CycleDecision, Verdict[]>;
}

let scratch: Scratch | undefined;

function scratchOf(analysis: TimerAnalysis): Scratch {
  if (scratch === undefined || scratch.analysis !== analysis) scratch = { analysis, rel: new Map(), cycleEvidence: [], decisions: new Map() };
  return scratch;
}

/** Seconds after the initial INVITE, e.g. "+905.000 s": the clock the SPEC examples use. */
export function rel(analysis: TimerAnalysis, ns: bigint | null): string {
  if (ns === null) return 'no time';
  const known = scratchOf(analysis).rel;
  let text = known.get(ns);
  if (text === undefined) {
    const s = nsToSec(ns - (analysis.originNs ?? 0n));
    text = `${s >= 0 ? '+' : ''}${s.toFixed(3)} s`;
    known.set(ns, text);
  }
  return text;
}

function secs(ns: bigint): string {
  return `${nsToSec(ns).toFixed(3).replace(/\.?0+$/, '')} s`;
}

/** The computed deadlines of a cycle, for `note`. */
export function deadlinesNote(analysis: TimerAnalysis, cycle: TimerCycle): string {
  let note =
    `cycle ${cycle.index + 1}; t0=${rel(analysis, cycle.t0Ns)}; I=${cycle.intervalSec} s; ` +
    `refresher=${cycle.refresher} (${cycle.refresherBasis}); ` +
    `half=${rel(analysis, cycle.halfMarkNs)} (tolHalf ${secs(cycle.tolHalfNs)}); E=${rel(analysis, cycle.expiryNs)}; ` +
    `Bye_due=${rel(analysis, cycle.byeDueNs)}; closed by ${closeLabel(cycle)} at ${rel(analysis, cycle.close.atNs)}; ` +
    `times relative to the initial INVITE; vantage=${analysis.vantage}`;
  for (const n of cycle.notes) note += `; ${n}`;
  return note;
}

export function closeLabel(cycle: TimerCycle): string {
  const c = cycle.close;
  if (c.kind === 'refresh') return `the 2xx to the ${c.by}'s ${c.refresh.method}`;
  if (c.kind === 'bye') return `the ${c.by}'s BYE`;
  return 'capture end';
}

/** Evidence for the 2xx that set the cycle (its Session-Expires line) with the deadlines. */
export function cycleEvidence(analysis: TimerAnalysis, cycle: TimerCycle): Evidence {
  const known = scratchOf(analysis).cycleEvidence;
  return (known[cycle.index] ??= evidenceOf(cycle.response, cycle.sessionExpiresField, deadlinesNote(analysis, cycle)));
}

export function messageEvidence(analysis: TimerAnalysis, msg: SipMessage, what: string): Evidence {
  return evidenceOf(msg, undefined, `${what} at ${rel(analysis, msg.ref.timeNs)}`);
}

/** Evidence for the message that closed the cycle (refresh 2xx or BYE), if any. */
export function closeEvidence(analysis: TimerAnalysis, cycle: TimerCycle): Evidence[] {
  const c = cycle.close;
  if (c.kind === 'refresh') return [messageEvidence(analysis, c.response, `cycle closed by ${closeLabel(cycle)}`)];
  if (c.kind === 'bye') return [messageEvidence(analysis, c.transaction.request, `cycle closed by ${closeLabel(cycle)}`)];
  return [];
}

/** Verdict of a timer rule when the analysis has no cycle to judge. */
export function statusVerdict(meta: RuleMeta, analysis: TimerAnalysis, dialog: Dialog): Verdict {
  const inconclusive = ['no-timestamps', 'no-cleartext', 'malformed'].includes(analysis.status);
  let messageId = STATUS_MESSAGE_ID[analysis.status] ?? 'outOfScope';
  const data: Record<string, string | number> = { reason: analysis.reason ?? analysis.status };
  const evidence: Evidence[] = [];
  if (dialog.confirmed) evidence.push(evidenceOf(dialog.confirmed, undefined, analysis.reason));
  else evidence.push(evidenceOf(dialog.initialInvite.request, undefined, analysis.reason));
  if (analysis.status === 'no-session-expires' && analysis.requested) {
    messageId = 'noSessionExpiresAsked';
    data.asked = analysis.requested.deltaSeconds;
    evidence.push(evidenceOf(dialog.initialInvite.request, analysis.requested.field, 'Session-Expires the client asked for'));
  }
  return verdict(meta, { verdict: inconclusive ? 'inconclusive' : 'not-applicable', messageId, data, evidence });
}

/**
 * The part of SPEC §6.5 common to every sub-rule: a cycle closed before any refresh was due is
 * not-applicable; an unjudgeable one inconclusive; one where `refresher` is not the party the rule
 * is about not-applicable. Otherwise the evidence to start from (the 2xx that set the cycle).
 */
export function cyclePreamble(
  meta: RuleMeta,
  analysis: TimerAnalysis,
  cycle: TimerCycle,
  refresher: Party,
): { done: Verdict } | { evidence: Evidence[] } {
  const evidence = [cycleEvidence(analysis, cycle)];
  const n = cycle.index + 1;
  if (cycle.intervalSec > 0 && closedBeforeRefreshDue(cycle)) {
    const data = { cycle: n, closedBy: closeLabel(cycle), close: rel(analysis, cycle.close.atNs), half: rel(analysis, cycle.halfMarkNs) };
    return { done: verdict(meta, { verdict: 'not-applicable', messageId: 'closedEarly', data, evidence: [...evidence, ...closeEvidence(analysis, cycle)] }) };
  }
  // Who refreshes matters only once a refresh was due.
  if (cycle.problem !== undefined)
    return { done: verdict(meta, { verdict: 'inconclusive', messageId: 'cycleProblem', data: { cycle: n, reason: cycle.problem }, evidence }) };
  if (cycle.refresher !== refresher)
    return { done: verdict(meta, { verdict: 'not-applicable', messageId: 'otherRefresher', data: { cycle: n, role: cycle.refresher }, evidence }) };
  return { evidence };
}

/** SPEC §6.2 3gpp: a cycle evaluated on the client's own value is judged at warning at most. */
export function cappedSeverity(cycle: TimerCycle, severity: Severity): Severity {
  return cycle.assumed !== undefined && severity === 'error' ? 'warning' : severity;
}

type CycleDecision = (analysis: TimerAnalysis, cycle: TimerCycle, config: ImlintConfig) => Verdict;

/**
 * A sub-rule's decision made once per cycle: the umbrella ranks the three expiry decisions of every
 * cycle, then each sub-rule reports its own. The verdict is shared; nobody changes it afterwards.
 */
export function oncePerCycle(decide: CycleDecision): CycleDecision {
  return (analysis, cycle, config) => {
    // The analysis is per (dialog, config): its scratch holds decisions for that config only.
    const decisions = scratchOf(analysis).decisions;
    let byCycle = decisions.get(decide);
    if (byCycle === undefined) decisions.set(decide, (byCycle = []));
    return (byCycle[cycle.index] ??= decide(analysis, cycle, config));
  };
}

/** Run a per-cycle decision over every cycle, or give the status verdict when there is none. */
export function perCycle(
  meta: RuleMeta,
  dialog: Dialog,
  config: ImlintConfig,
  decide: (analysis: TimerAnalysis, cycle: TimerCycle, config: ImlintConfig) => Verdict,
): Verdict[] {
  const analysis = analysisOf(dialog, config);
  if (analysis.status !== 'running' || analysis.cycles.length === 0) return [statusVerdict(meta, analysis, dialog)];
  return analysis.cycles.map((c) => decide(analysis, c, config));
}
