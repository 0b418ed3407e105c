// IM-RFC4028-REFRESH-FORM: the form of each session refresh the client sends (RFC 4028 §7.4):
// option tags kept, Session-Expires and refresher as recommended, Min-SE kept once seen, UPDATE
// preferred when the peer allows it, a re-INVITE carrying an offer whose version shows whether it
// changed. SPEC §5.5. One verdict per finding, a pass per refresh without any.
import type { Severity } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import { timerCycles, type RefreshRequest, type TimerAnalysis, type TimerCycle } from '../dialog/session-timer.js';
import type { Dialog, Transaction } from '../dialog/types.js';
import type { SipMessage } from '../sip/types.js';
import type { Evidence, Rule, RuleMeta, Verdict } from './types.js';
import { rel, statusVerdict, TIMER_STATUS_MESSAGES } from './timer-verdicts.js';
import { evidenceOf, evidenceOfHeader, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-RFC4028-REFRESH-FORM',
  title: 'Session refresh requests are formed as RFC 4028 §7.4 asks',
  clause: 'RFC 4028 §7.4',
  source: 'RFC 4028',
  keyword: 'MUST',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'For each re-INVITE or UPDATE the client sends while a session timer runs: the Supported, Require and ' +
    'Proxy-Require option tags of the initial request MUST be used again; Session-Expires SHOULD be present, ' +
    'equal to max(Min-SE, current interval); refresher is RECOMMENDED as uac when the client refreshes and uas ' +
    'when the peer does; Min-SE MUST be included once the dialog saw a 422 or a Min-SE in a refresh; UPDATE is ' +
    'RECOMMENDED when the peer allows it; a re-INVITE SHOULD carry an SDP offer, and an unchanged offer MUST ' +
    'keep its o= version. MUST findings fail at error, SHOULD/RECOMMENDED ones at warning.',
  messages: {
    ...TIMER_STATUS_MESSAGES,
    noRefresh: 'not applicable: the client sent no re-INVITE or UPDATE while the timer ran',
    wellFormed: '{method} at {sent}: formed as RFC 4028 §7.4 asks',
    optionTagsDropped: '{method} at {sent}: {header} of the initial request listed {tags}, missing here (MUST be used again)',
    seAbsent: '{method} at {sent}: no Session-Expires (SHOULD be present)',
    seValue: '{method} at {sent}: Session-Expires {se}, expected max(Min-SE {minSe}, interval {interval}) = {expected}',
    refresherAbsent: '{method} at {sent}: Session-Expires without refresher; {expected} RECOMMENDED (the {party} is refreshing)',
    refresherWrong: '{method} at {sent}: refresher={got}, {expected} RECOMMENDED (the {party} is refreshing)',
    minSeMissing: '{method} at {sent}: no Min-SE although the dialog saw {seen} (MUST be included)',
    preferUpdate: 're-INVITE at {sent} refreshes without a new offer although the peer allows UPDATE (UPDATE RECOMMENDED)',
    noOffer: 're-INVITE at {sent} carries no SDP offer (SHOULD)',
    versionBumped: 're-INVITE at {sent}: the offer is unchanged but o= version went from {before} to {after} (MUST indicate it has not changed)',
  },
};

// RFC 5366 §3.2: a re-INVITE should not carry the recipient list, so its option tag is not repeated.
const NOT_REPEATED = new Set(['recipient-list-invite']);

function tags(msg: SipMessage, header: 'Supported' | 'Require' | 'Proxy-Require'): string[] {
  const v = header === 'Supported' ? msg.supported() : header === 'Require' ? msg.require() : msg.proxyRequire();
  return v.state === 'ok' ? v.value.map((t) => t.toLowerCase()) : [];
}

function judged(t: Transaction): SipMessage {
  return t.clientCopy ?? t.request;
}

/** The SDP body without its o= line, to tell an unchanged offer from a new one. */
function offerShape(msg: SipMessage): { body: string; version?: string } | undefined {
  const sdp = msg.sdp();
  if (!sdp) return undefined;
  const part = msg.bodyParts().find((p) => p.contentType?.subtype === 'sdp')?.body ?? msg.body;
  const body = part
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('o='))
    .join('\n')
    .trim();
  return { body, version: sdp.origin?.sessVersion };
}

interface FormContext {
  analysis: TimerAnalysis;
  dialog: Dialog;
  /** Largest Min-SE seen so far (422s, refresh requests), and what showed it. */
  minSe: number;
  minSeSeen?: string;
  /**
   * The client's latest SDP (offer or answer) before this refresh; while it is the initial
   * INVITE's, the message itself: most dialogs have no client re-INVITE to compare it with.
   */
  lastClientSdp?: { body: string; version?: string } | SipMessage;
  /** offerShape per message: a client re-INVITE is judged, then becomes the latest client SDP. */
  shapes: Map<SipMessage, { body: string; version?: string } | undefined>;
}

function shapeOf(ctx: FormContext, msg: SipMessage): { body: string; version?: string } | undefined {
  if (ctx.shapes.has(msg)) return ctx.shapes.get(msg);
  const shape = offerShape(msg);
  ctx.shapes.set(msg, shape);
  return shape;
}

function cycleAt(analysis: TimerAnalysis, ns: bigint): TimerCycle | undefined {
  let found: TimerCycle | undefined;
  for (const c of analysis.cycles) if (c.t0Ns < ns) found = c;
  return found;
}

/** The peer's latest Allow before `ns`: from its responses and requests in the dialog. */
function peerAllowsUpdate(dialog: Dialog, ns: bigint): boolean | undefined {
  let allow: string[] | undefined;
  const consider = (m: SipMessage | undefined) => {
    if (!m || m.ref.timeNs === null || m.ref.timeNs > ns) return;
    const a = m.allow();
    if (a.state === 'ok') allow = a.value;
  };
  consider(dialog.confirmed);
  for (const t of dialog.transactions) {
    if (t.from === 'peer') consider(t.request);
    else for (const r of t.responses) consider(r);
  }
  return allow?.includes('UPDATE');
}

function judgeRefresh(ctx: FormContext, r: RefreshRequest): Verdict[] {
  const { analysis, dialog } = ctx;
  const msg = judged(r.transaction);
  const sentNs = r.sentNs as bigint;
  const base = { method: r.method, sent: rel(analysis, sentNs) };
  const out: Verdict[] = [];
  const fail = (messageId: string, severity: Severity, data: Record<string, string | number>, evidence: Evidence[]) =>
    out.push(verdict(meta, { verdict: 'fail', messageId, severity, data: { ...base, ...data }, evidence }));

  const initial = judged(dialog.initialInvite);
  for (const header of ['Supported', 'Require', 'Proxy-Require'] as const) {
    const mine = new Set(tags(msg, header));
    const missing = tags(initial, header).filter((t) => !NOT_REPEATED.has(t) && !mine.has(t));
    if (missing.length > 0)
      fail('optionTagsDropped', 'error', { header, tags: missing.join(', ') }, [
        ...evidenceOfHeader(initial, header, 'initial request'),
        ...evidenceOfHeader(msg, header, 'refresh'),
      ]);
  }

  const cycle = cycleAt(analysis, sentNs);
  const se = msg.sessionExpires();
  if (se.state === 'absent') fail('seAbsent', 'warning', {}, [evidenceOf(msg, undefined, 'Session-Expires: absent')]);
  else if (se.state === 'ok' && cycle && cycle.problem === undefined) {
    const expected = Math.max(ctx.minSe || 90, cycle.intervalSec);
    const seEvidence = [evidenceOf(msg, se.fields[0], `current interval ${cycle.intervalSec} s (cycle ${cycle.index + 1})`)];
    if (se.value.deltaSeconds !== expected)
      fail('seValue', 'warning', { se: se.value.deltaSeconds, minSe: ctx.minSe || 90, interval: cycle.intervalSec, expected }, seEvidence);
    if (cycle.refresher !== 'unknown') {
      const want = cycle.refresher === 'client' ? 'uac' : 'uas';
      const data = { expected: `refresher=${want}`, party: cycle.refresher };
      if (se.value.refresher === undefined) fail('refresherAbsent', 'warning', data, seEvidence);
      else if (se.value.refresher !== want) fail('refresherWrong', 'warning', { ...data, got: se.value.refresher }, seEvidence);
    }
  }

  const minSe = msg.minSE();
  if (ctx.minSeSeen !== undefined && minSe.state === 'absent')
    fail('minSeMissing', 'error', { seen: ctx.minSeSeen }, [evidenceOf(msg, undefined, 'Min-SE: absent')]);

  if (r.method === 'INVITE') {
    const offer = shapeOf(ctx, msg);
    const last = lastClientShape(ctx);
    const unchanged = offer !== undefined && last !== undefined && offer.body === last.body;
    if (offer === undefined) fail('noOffer', 'warning', {}, [evidenceOf(msg, undefined, 'no SDP body')]);
    if ((offer === undefined || unchanged) && peerAllowsUpdate(dialog, sentNs) === true)
      fail('preferUpdate', 'warning', {}, [evidenceOf(msg)]);
    if (unchanged && offer.version !== last?.version)
      fail('versionBumped', 'error', { before: last?.version ?? '?', after: offer.version ?? '?' }, [
        evidenceOf(msg, undefined, `o= version ${offer.version}; body otherwise identical to the previous client SDP`),
      ]);
  }
  if (out.length === 0) out.push(verdict(meta, { verdict: 'pass', messageId: 'wellFormed', data: base, evidence: [evidenceOf(msg)] }));
  return out;
}

/** The client's latest SDP shape, worked out from the initial INVITE on first use. */
function lastClientShape(ctx: FormContext): { body: string; version?: string } | undefined {
  const last = ctx.lastClientSdp;
  if (last === undefined || !('ref' in last)) return last;
  return (ctx.lastClientSdp = shapeOf(ctx, last));
}

/** Keeps `shape` as the client's latest SDP when the message had one. */
function keepClientShape(ctx: FormContext, shape: { body: string; version?: string } | undefined): void {
  if (shape !== undefined) ctx.lastClientSdp = shape;
}

function noteMinSe(ctx: FormContext, msg: SipMessage | undefined, what: string): void {
  const m = msg?.minSE();
  if (m?.state !== 'ok') return;
  ctx.minSe = Math.max(ctx.minSe, m.value.deltaSeconds);
  ctx.minSeSeen ??= what;
}

function check(dialog: Dialog, config: ImlintConfig): Verdict[] {
  const analysis = timerCycles(dialog, config);
  if (analysis.status !== 'running') return [statusVerdict(meta, analysis, dialog)];
  const ctx: FormContext = { analysis, dialog, minSe: 0, shapes: new Map() };
  for (const a of dialog.initialAttempts) {
    if (a.final?.status === 422) noteMinSe(ctx, a.final, 'a 422 with Min-SE');
    noteMinSe(ctx, judged(a), 'Min-SE in the initial INVITE');
  }
  // Its SDP was read when the dialog was classified: only the shape is put off.
  ctx.lastClientSdp = judged(dialog.initialInvite);
  const out: Verdict[] = [];
  const firstT0 = analysis.cycles[0].t0Ns;
  // Walk every in-dialog INVITE/UPDATE in order: the client's are judged, all feed Min-SE and SDP state.
  for (const r of analysis.refreshRequests) {
    const msg = judged(r.transaction);
    if (r.by === 'client' && r.sentNs !== null && r.sentNs > firstT0) out.push(...judgeRefresh(ctx, r));
    noteMinSe(ctx, msg, `Min-SE in a refresh (${rel(analysis, r.sentNs)})`);
    if (r.final?.status === 422) noteMinSe(ctx, r.final, `a 422 with Min-SE to the refresh at ${rel(analysis, r.sentNs)}`);
    if (r.by === 'client') keepClientShape(ctx, shapeOf(ctx, msg));
    else if (r.final && r.final.status !== undefined && r.final.status < 300) keepClientShape(ctx, shapeOf(ctx, r.final));
  }
  if (out.length === 0)
    return [verdict(meta, { verdict: 'not-applicable', messageId: 'noRefresh', evidence: [evidenceOf(analysis.cycles[0].response)] })];
  return out;
}

export const rule: Rule = { meta, check: (dialog, ctx) => check(dialog, ctx.config) };
