// The dialog list's model, kept pure so the filter, sort and counts are tested without a terminal.
import type { Report, ReportDialog } from '../report/types.js';
import { keyOutcomes, type KeyOutcomes, type Outcome, outcomeRank, worstOutcome } from '../report/verdict-view.js';

export type SortKey = 'time' | 'verdict' | 'kind' | 'peer';
export const SORT_KEYS: readonly SortKey[] = ['time', 'verdict', 'kind', 'peer'];

/**
 * What the list shows, sorts and filters on: a dialog without its verdicts, ladder and timer, plus
 * the rules that failed or were inconclusive (the `/` filter finds them).
 */
export type DialogSummary = Pick<ReportDialog, 'input' | 'callId' | 'fromTag' | 'toTag' | 'kind' | 'client' | 'peer' | 'start' | 'conferenceUri'> & {
  rules: string[];
};

export interface DialogRow {
  dialog: DialogSummary;
  /** Index in report order (stable identity across filtering; opens the dialog). */
  index: number;
  keys: KeyOutcomes;
  worst: Outcome;
}

export interface ListState {
  sort: SortKey;
  filter: string;
  failingOnly: boolean;
}

export function rowsOf(report: Report): DialogRow[] {
  return report.dialogs.map(rowOf);
}

export function rowOf(d: ReportDialog, index: number): DialogRow {
  const summary: DialogSummary = {
    input: d.input,
    callId: d.callId,
    fromTag: d.fromTag,
    toTag: d.toTag,
    kind: d.kind,
    client: d.client,
    peer: d.peer,
    start: d.start,
    rules: d.verdicts.filter((v) => v.verdict === 'fail' || v.verdict === 'inconclusive').map((v) => v.rule),
  };
  if (d.conferenceUri !== undefined) summary.conferenceUri = d.conferenceUri;
  return { dialog: summary, index, keys: keyOutcomes(d), worst: worstOutcome(d.verdicts) };
}

export function isFailing(row: DialogRow): boolean {
  return row.worst.startsWith('fail-');
}

/** Text the `/` filter searches: ids, parties, kind, rule ids that failed or were inconclusive. */
function haystack(d: DialogSummary): string {
  return [d.callId, d.fromTag, d.toTag ?? '', d.client, d.peer, d.kind, d.input, d.conferenceUri ?? '', ...d.rules].join(' ').toLowerCase();
}

function compareTime(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  // Equal-width comparisons are enough for times of one era; fall back on numeric seconds.
  const [as, af = ''] = a.split('.');
  const [bs, bf = ''] = b.split('.');
  return Number(as) - Number(bs) || af.localeCompare(bf);
}

export function visibleRows(rows: readonly DialogRow[], state: ListState): DialogRow[] {
  const needle = state.filter.trim().toLowerCase();
  const out = rows.filter((r) => (!state.failingOnly || isFailing(r)) && (needle === '' || haystack(r.dialog).includes(needle)));
  const byTime = (a: DialogRow, b: DialogRow): number => compareTime(a.dialog.start, b.dialog.start) || a.index - b.index;
  const cmp: Record<SortKey, (a: DialogRow, b: DialogRow) => number> = {
    time: byTime,
    verdict: (a, b) => outcomeRank(b.worst) - outcomeRank(a.worst) || byTime(a, b),
    kind: (a, b) => a.dialog.kind.localeCompare(b.dialog.kind) || byTime(a, b),
    peer: (a, b) => a.dialog.peer.localeCompare(b.dialog.peer) || byTime(a, b),
  };
  return out.sort(cmp[state.sort]);
}

export interface Counts {
  dialogs: number;
  im: number;
  failing: number;
  inconclusive: number;
}

export function countsOf(rows: readonly DialogRow[]): Counts {
  return {
    dialogs: rows.length,
    im: rows.filter((r) => r.dialog.kind !== 'not-im').length,
    failing: rows.filter(isFailing).length,
    inconclusive: rows.filter((r) => r.worst === 'inconclusive').length,
  };
}

/** One glyph per outcome; readable without colour. */
export const GLYPH: Record<Outcome, string> = {
  'fail-error': '✗',
  'fail-warning': '!',
  'fail-info': 'i',
  inconclusive: '?',
  pass: '✓',
  'not-applicable': '-',
  none: ' ',
};

export const OUTCOME_COLOR: Record<Outcome, string | undefined> = {
  'fail-error': 'red',
  'fail-warning': 'yellow',
  'fail-info': 'blue',
  inconclusive: 'magenta',
  pass: 'green',
  'not-applicable': 'gray',
  none: undefined,
};

export const KIND_LABEL: Record<ReportDialog['kind'], string> = { 'im-1-1': '1-1', 'im-group': 'group', 'not-im': 'not IM' };
