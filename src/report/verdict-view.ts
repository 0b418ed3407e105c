// How every output (text, junit, sarif, the Ink UI, exit codes) reads verdicts out of a Report:
// the fail threshold, the three key verdicts a dialog is known by, locations and times.
import type { JsonSeverity, JsonVerdictValue, Report, ReportDialog, ReportVerdict } from './types.js';

export type FailOn = 'error' | 'warning' | 'never';

const SEVERITY_RANK: Record<JsonSeverity, number> = { error: 3, warning: 2, info: 1 };

/** Is this verdict a `fail` at or above the threshold (ESLint-style `--fail-on`)? */
export function failsAt(v: Pick<ReportVerdict, 'verdict' | 'severity'>, failOn: FailOn): boolean {
  if (failOn === 'never' || v.verdict !== 'fail') return false;
  return SEVERITY_RANK[v.severity] >= SEVERITY_RANK[failOn];
}

/** The umbrella rules of the two verdicts users care most about (SPEC §6, §7). */
export const TIMER_RULE = 'IM-ORIG-TIMER-HONOURED';
export const CONFERENCE_RULE = 'IM-ORIG-CONF-SUBSCRIBE';

/** Outcome of a group of verdicts, worst first: a fail of any severity outranks everything. */
export type Outcome = 'fail-error' | 'fail-warning' | 'fail-info' | 'inconclusive' | 'pass' | 'not-applicable' | 'none';

const OUTCOME_RANK: Record<Outcome, number> = {
  'fail-error': 6,
  'fail-warning': 5,
  'fail-info': 4,
  inconclusive: 3,
  pass: 2,
  'not-applicable': 1,
  none: 0,
};

export function outcomeOf(v: Pick<ReportVerdict, 'verdict' | 'severity'>): Outcome {
  return v.verdict === 'fail' ? `fail-${v.severity}` : v.verdict;
}

export function worstOutcome(verdicts: readonly Pick<ReportVerdict, 'verdict' | 'severity'>[]): Outcome {
  let worst: Outcome = 'none';
  for (const v of verdicts) {
    const o = outcomeOf(v);
    if (OUTCOME_RANK[o] > OUTCOME_RANK[worst]) worst = o;
  }
  return worst;
}

export function outcomeRank(o: Outcome): number {
  return OUTCOME_RANK[o];
}

/** Which of the three key verdicts a rule id belongs to. Sub-rules count with their umbrella. */
export function ruleGroup(rule: string): 'timer' | 'conference' | 'general' {
  if (rule === TIMER_RULE || rule.startsWith('IM-TIMER-')) return 'timer';
  if (rule === CONFERENCE_RULE || rule.startsWith('IM-CONF-')) return 'conference';
  return 'general';
}

export interface KeyOutcomes {
  timer: Outcome;
  conference: Outcome;
  general: Outcome;
}

/**
 * The dialog's three key verdicts. Timer and conference are their umbrella rule's verdict when it is
 * present (a SHOULD sub-rule never changes the umbrella, SPEC §6.5); general is the worst of the rest.
 */
export function keyOutcomes(dialog: Pick<ReportDialog, 'verdicts'>): KeyOutcomes {
  const groups = { timer: [] as ReportVerdict[], conference: [] as ReportVerdict[], general: [] as ReportVerdict[] };
  for (const v of dialog.verdicts) groups[ruleGroup(v.rule)].push(v);
  const umbrella = (list: ReportVerdict[], id: string): Outcome => {
    const own = list.filter((v) => v.rule === id);
    return worstOutcome(own.length > 0 ? own : list);
  };
  return {
    timer: umbrella(groups.timer, TIMER_RULE),
    conference: umbrella(groups.conference, CONFERENCE_RULE),
    general: worstOutcome(groups.general),
  };
}

/** Verdicts worth a line in a report: fails and inconclusives. */
export function isNotable(v: Pick<ReportVerdict, 'verdict'>): boolean {
  return v.verdict === 'fail' || v.verdict === 'inconclusive';
}

/** "frame 12" / "line 40" / "" for evidence and diagnostics. */
export function locationOf(at: { frame?: number; line?: number }): string {
  if (at.frame !== undefined) return `frame ${at.frame}`;
  if (at.line !== undefined) return `line ${at.line}`;
  return '';
}

/** The first evidence location of a verdict, for one-line reports. */
export function verdictLocation(v: Pick<ReportVerdict, 'evidence'>): string {
  for (const e of v.evidence) {
    const at = locationOf(e);
    if (at !== '') return at;
  }
  return '';
}

/**
 * A report time ("1700000000.000137091") as UTC wall-clock with milliseconds,
 * "2023-11-14 22:13:20.009"; "-" when the input had no timestamps.
 */
export function wallClock(time: string | null, withDate = true): string {
  if (time === null) return '-';
  const [secText, fracText = ''] = time.split('.');
  const sec = Number(secText);
  if (!Number.isFinite(sec)) return time;
  const iso = new Date(sec * 1000).toISOString(); // "2023-11-14T22:13:20.000Z"
  const clock = `${iso.slice(11, 19)}.${(fracText + '000').slice(0, 3)}`;
  return withDate ? `${iso.slice(0, 10)} ${clock}` : clock;
}

/**
 * Seconds between two report times, exact to the nanosecond (BigInt arithmetic on the 9-decimal
 * strings); null when either is missing.
 */
export function secondsBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const ns = (t: string): bigint => {
    const [s, f = ''] = t.split('.');
    return BigInt(s) * 1_000_000_000n + BigInt((f + '000000000').slice(0, 9));
  };
  return Number(ns(to) - ns(from)) / 1e9;
}

export type VerdictCounts = Record<JsonVerdictValue, number>;

/** Dialogs of each input, in report order, found in one pass. */
export function dialogsByInput(report: Report): Map<string, ReportDialog[]> {
  const byInput = new Map<string, ReportDialog[]>();
  for (const d of report.dialogs) {
    const list = byInput.get(d.input);
    if (list) list.push(d);
    else byInput.set(d.input, [d]);
  }
  return byInput;
}
