// The detail views as plain styled lines (text + colour), built from a sanitised ReportDialog.
// Kept apart from the components so each view is a pure function of the dialog and the width.
import type { LadderEntry, ReportDialog, TimerCycle } from '../report/types.js';
import { locationOf, outcomeOf, outcomeRank, secondsBetween, wallClock } from '../report/verdict-view.js';
import { GLYPH, OUTCOME_COLOR } from './list-model.js';

export interface Line {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

/** Every verdict, worst first (fails, inconclusive, passes, not applicable), emission order within. */
export function verdictLines(d: ReportDialog): Line[] {
  const out: Line[] = [];
  const ordered = d.verdicts
    .map((v, i) => ({ v, i }))
    .sort((a, b) => outcomeRank(outcomeOf(b.v)) - outcomeRank(outcomeOf(a.v)) || a.i - b.i)
    .map((x) => x.v);
  for (const v of ordered) {
    const o = outcomeOf(v);
    const status = v.verdict === 'fail' ? `fail ${v.severity}` : v.verdict;
    out.push({ text: `${GLYPH[o]} ${status.padEnd(13)} ${v.rule}  ${v.clause}`, color: OUTCOME_COLOR[o], bold: v.verdict === 'fail' });
    out.push({ text: `    ${v.message}` });
    for (const e of v.evidence) {
      const parts = [locationOf(e), e.time !== null ? wallClock(e.time, false) : '', e.header ?? '', e.note ? `(${e.note})` : ''];
      out.push({ text: `      ${parts.filter((p) => p !== '').join('  ')}`, dim: true });
    }
  }
  if (out.length === 0) out.push({ text: 'no verdicts for this dialog', dim: true });
  return out;
}

/** The client's and the peer's addresses: sender and receiver of the first request of the dialog. */
export function ladderParties(d: ReportDialog): { client?: string; peer?: string } {
  const first = d.ladder?.find((e) => !e.linked) ?? d.ladder?.[0];
  return { client: first?.src, peer: first?.dst };
}

/** One ladder row: who sent it (the client's side is on the left), an arrow labelled with the message. */
export function ladderLine(d: ReportDialog, e: LadderEntry, width: number): string {
  const parties = ladderParties(d);
  const at = (locationOf(e) || '-').padEnd(11);
  const time = wallClock(e.time, false).padEnd(12);
  const fromClient = e.src === parties.client;
  const label = `${e.linked ? '[sub] ' : ''}${e.label}`;
  const arrowWidth = Math.max(label.length + 6, Math.min(44, width - at.length - time.length - 4));
  const pad = Math.max(0, arrowWidth - label.length - 3);
  const left = Math.floor(pad / 2);
  const right = pad - left;
  const arrow = fromClient ? `${'─'.repeat(left)} ${label} ${'─'.repeat(right)}▶` : `◀${'─'.repeat(left)} ${label} ${'─'.repeat(right)}`;
  // Name the far end only when it is not the dialog's peer (a focus, a proxy, another fork).
  const other = fromClient ? e.dst : e.src;
  return `${at} ${time} ${arrow}${other === parties.peer ? '' : ` ${other}`}`;
}

export function ladderHeader(d: ReportDialog): string {
  const p = ladderParties(d);
  const client = p.client && p.client !== d.client ? `${d.client} (${p.client})` : d.client;
  const peer = p.peer && p.peer !== d.peer ? `${d.peer} (${p.peer})` : d.peer;
  return `client ${client}  ⇄  peer ${peer}`;
}

function offset(t0: string | null, t: string | null): string {
  const s = secondsBetween(t0, t);
  return s === null ? '' : `  (+${s.toFixed(1)} s)`;
}

/** A bar from t0 to the expiry with markers: H half mark, R refresh, B BYE, X expiry. */
export function timerBar(c: TimerCycle, byeTime: string | null, width: number): string {
  const w = Math.max(10, width - 8);
  const cells = [...'─'.repeat(w)];
  const place = (t: string | null, mark: string): void => {
    const s = secondsBetween(c.t0, t);
    if (s === null || c.intervalSec <= 0) return;
    const i = Math.round((s / c.intervalSec) * (w - 1));
    if (i >= 0 && i < w) cells[i] = mark;
    else if (i >= w) cells[w - 1] = mark;
  };
  place(c.halfMark, 'H');
  place(c.expiry, 'X');
  if (c.byeDue) place(c.byeDue, 'D');
  for (const r of c.refreshes) place(r, 'R');
  // A BYE after the expiry sits on the last cell.
  if (byeTime !== null) place(byeTime, 'B');
  return `t0 ├${cells.join('')}┤`;
}

export function timerLines(d: ReportDialog, width: number): Line[] {
  const cycles = d.timer ?? [];
  if (cycles.length === 0) return [{ text: 'no session timer cycle (no Session-Expires in a 2xx, or not recorded)', dim: true }];
  const bye = d.ladder?.find((e) => e.label === 'BYE' && !e.linked)?.time ?? null;
  const out: Line[] = [];
  cycles.forEach((c, i) => {
    out.push({ text: `cycle ${i + 1}  interval ${c.intervalSec} s  refresher ${c.refresher}  closed by ${c.closedBy}`, bold: true });
    out.push({ text: `  t0         ${wallClock(c.t0, false)}` });
    out.push({ text: `  half mark  ${wallClock(c.halfMark, false)}${offset(c.t0, c.halfMark)}` });
    out.push({ text: `  expiry     ${wallClock(c.expiry, false)}${offset(c.t0, c.expiry)}` });
    if (c.byeDue) out.push({ text: `  BYE due    ${wallClock(c.byeDue, false)}${offset(c.t0, c.byeDue)}` });
    for (const r of c.refreshes) out.push({ text: `  refresh    ${wallClock(r, false)}${offset(c.t0, r)}`, color: 'green' });
    if (c.refreshes.length === 0) out.push({ text: '  refresh    none in this cycle', dim: true });
    if (bye !== null && i === cycles.length - 1) out.push({ text: `  BYE        ${wallClock(bye, false)}${offset(c.t0, bye)}` });
    out.push({ text: `  ${timerBar(c, i === cycles.length - 1 ? bye : null, width - 2)}` });
    out.push({ text: '  H half mark  R refresh  D BYE due  B BYE  X expiry', dim: true });
  });
  return out;
}
