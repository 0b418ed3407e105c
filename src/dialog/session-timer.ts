// RFC 4028 session-timer cycles over one dialog (SPEC §6.1–§6.3, §6.6). Pure: the timer rules and
// the report's timer timeline both read this analysis; the verdicts themselves live in rules/.
import type { Diagnostic } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import type { HeaderField, SipMessage } from '../sip/types.js';
import { memoized } from './memo.js';
import type { Dialog, Party, Transaction } from './types.js';

const NS_PER_SEC = 1_000_000_000;

export function secToNs(sec: number): bigint {
  return BigInt(Math.round(sec * NS_PER_SEC));
}

export function nsToSec(ns: bigint): number {
  return Number(ns) / NS_PER_SEC;
}

/** An INVITE or UPDATE inside the dialog (either party) with its final response. */
export interface RefreshRequest {
  transaction: Transaction;
  by: Party;
  method: string;
  sentNs: bigint | null;
  /** The 2xx when the refresh succeeded (first copy), else the first final response. */
  final?: SipMessage;
  status?: number;
}

export type CycleClose =
  /** The next 2xx to an in-dialog INVITE/UPDATE; `by` is who sent that request. */
  | { kind: 'refresh'; refresh: RefreshRequest; response: SipMessage; by: Party; atNs: bigint }
  | { kind: 'bye'; transaction: Transaction; by: Party; atNs: bigint }
  | { kind: 'capture-end'; atNs: bigint };

export interface TimerCycle {
  index: number;
  /** The request whose 2xx set this cycle (initial INVITE attempt, re-INVITE or UPDATE). */
  transaction: Transaction;
  /** Who sent that request: the party `uac` refers to (SPEC §6.2, per transaction). */
  requestBy: Party;
  /** First copy of the 2xx that set the cycle. */
  response: SipMessage;
  /** Its Session-Expires line (absent for a 3gpp-profile assumed cycle). */
  sessionExpiresField?: HeaderField;
  intervalSec: number;
  refresherParam?: 'uac' | 'uas';
  refresher: Party | 'unknown';
  /** How the refresher was decided, for evidence. */
  refresherBasis: string;
  /** SPEC §6.2 3gpp profile: no SE in the 2xx, evaluated with I = SE_req and the client refreshing. */
  assumed?: '3gpp-no-session-expires';
  /** Set when the cycle cannot be judged (refresher unknown, unreadable Session-Expires). */
  problem?: string;
  t0Ns: bigint;
  halfMarkNs: bigint;
  tolHalfNs: bigint;
  expiryNs: bigint;
  /** E − min(32, I/3): when a non-refresher should send BYE (RFC 4028 §10). */
  byeDueNs: bigint;
  close: CycleClose;
  /** min(closeTime, dialogEnd, captureEnd). */
  stopNs: bigint;
  /** INVITE/UPDATE requests sent by either party in (t0, close], in order. */
  refreshes: RefreshRequest[];
  /** Things worth saying next to the verdict (e.g. refresher read relative to the dialog). */
  notes: string[];
}

/** A peer violation seen in a 2xx the peer sent; recorded, never changes the client's duty. */
export interface PeerFinding {
  code: string;
  text: string;
  response: SipMessage;
  field?: HeaderField;
}

export type TimerStatus =
  /** At least one cycle to judge. */
  | 'running'
  /** Not an originating IM session in scope of 7.1.1. */
  | 'out-of-scope'
  /** No 2xx created the dialog (CANCEL, failure, early only). */
  | 'no-dialog'
  /** The 2xx to the initial INVITE had no Session-Expires. */
  | 'no-session-expires'
  | 'no-timestamps'
  | 'no-cleartext'
  /** Session-Expires of the initial 2xx repeated with different values or unreadable. */
  | 'malformed';

export interface TimerAnalysis {
  status: TimerStatus;
  /** Why, for statuses other than running. */
  reason?: string;
  cycles: TimerCycle[];
  /** Session-Expires and refresher the client asked for in the initial INVITE (attempt answered). */
  requested?: { deltaSeconds: number; refresher?: 'uac' | 'uas'; field: HeaderField };
  /** First 2xx without Session-Expires that turned the timer off mid-dialog. */
  turnedOffBy?: SipMessage;
  /** Capture started mid-dialog: cycles begin at the first 2xx carrying Session-Expires. */
  midDialog: boolean;
  /** Every INVITE/UPDATE inside the dialog, in request order. */
  refreshRequests: RefreshRequest[];
  peerFindings: PeerFinding[];
  diagnostics: Diagnostic[];
  /** Where the capture saw the client's messages (SPEC §2.2): "client" or "downstream(hops=N)". */
  vantage: string;
  /** Time of the initial INVITE, the origin of the relative times in evidence notes. */
  originNs: bigint | null;
  captureEndNs: bigint | null;
  dialogEnd?: { transaction: Transaction; by: Party; atNs: bigint | null };
}

const timerCyclesOf = memoized((dialog: Dialog, config: ImlintConfig, _: undefined) => analyseTimer(dialog, config));

/** Timer cycles of a dialog; memoised per (dialog, config) since five rules ask for the same one. */
export function timerCycles(dialog: Dialog, config: ImlintConfig): TimerAnalysis {
  return timerCyclesOf(dialog, config, undefined);
}

/**
 * Why the timer rules do not apply to this dialog, if they do not (SPEC §2.4, §5). Terminating-side
 * dialogs are in scope only with `terminating` on (SPEC §5.7 IM-TERM-TIMER: "the timer verdict of
 * §6 then applies with the roles swapped"; the refresher is mapped per transaction either way).
 */
export function timerScope(dialog: Dialog, terminating = false): string | undefined {
  if (dialog.outOfScope !== undefined) return dialog.outOfScope;
  if (dialog.kind === 'not-im') return 'not an IM session (SPEC §2.4)';
  if (dialog.originator !== 'client' && !terminating) return 'terminating-side dialog (SPEC §7.1.2, IM-TERM-TIMER)';
  return undefined;
}

export function isSuccess(msg: SipMessage | undefined): msg is SipMessage {
  return msg !== undefined && msg.status !== undefined && msg.status >= 200 && msg.status < 300;
}

function otherParty(p: Party): Party {
  return p === 'client' ? 'peer' : 'client';
}

function refreshRequestOf(t: Transaction): RefreshRequest {
  const ok = t.responses.find((r) => isSuccess(r));
  const final = ok ?? t.final;
  return {
    transaction: t,
    by: t.from,
    method: t.method,
    sentNs: t.request.ref.timeNs,
    final,
    status: final?.status,
  };
}

/** A 2xx that may set a cycle, with the request it answers. */
interface Setter {
  transaction: Transaction;
  requestBy: Party;
  response: SipMessage;
  refresh?: RefreshRequest;
}

function hasTimerOption(msg: SipMessage): boolean {
  const s = msg.supported();
  return s.state === 'ok' && s.value.some((t) => t.toLowerCase() === 'timer');
}

function listHas(v: ReturnType<SipMessage['require']>, tag: string): boolean {
  return v.state === 'ok' && v.value.some((t) => t.toLowerCase() === tag);
}

function dialogEncrypted(dialog: Dialog): string | undefined {
  const d = dialog.diagnostics.find((x) => x.code.includes('encrypted'));
  return d?.message;
}

function analyseTimer(dialog: Dialog, config: ImlintConfig): TimerAnalysis {
  const initial = dialog.initialInvite;
  const midDialog = initial.request.toTag !== undefined;
  const originNs = dialog.initialAttempts[0]?.request.ref.timeNs ?? initial.request.ref.timeNs;
  const refreshRequests = dialog.transactions
    .filter((t) => t.method === 'INVITE' || t.method === 'UPDATE')
    .map(refreshRequestOf);
  const bye = dialog.bye;
  const analysis: TimerAnalysis = {
    status: 'running',
    cycles: [],
    midDialog,
    refreshRequests,
    peerFindings: [],
    diagnostics: [],
    vantage: dialog.vantage.kind === 'client' ? 'client' : `downstream(hops=${dialog.vantage.hops})`,
    originNs,
    captureEndNs: dialog.captureEndNs,
    dialogEnd: bye ? { transaction: bye, by: bye.from, atNs: bye.request.ref.timeNs } : undefined,
  };
  const stopWith = (status: TimerStatus, reason: string): TimerAnalysis => {
    analysis.status = status;
    analysis.reason = reason;
    return analysis;
  };

  const scope = timerScope(dialog, config.terminating);
  if (scope !== undefined) return stopWith('out-of-scope', scope);
  const encrypted = dialogEncrypted(dialog);
  if (encrypted !== undefined) return stopWith('no-cleartext', `no cleartext SIP: ${encrypted}`);

  // The 2xx responses that may start a cycle, in time order of the 2xx.
  const setters: Setter[] = [];
  if (!midDialog) {
    if (dialog.confirmed === undefined)
      return stopWith('no-dialog', `the INVITE ended without a 2xx (${dialog.state})`);
    setters.push({ transaction: initial, requestBy: initial.from, response: dialog.confirmed });
  } else {
    // SPEC §2.1: an INVITE with a To tag matching no dialog is a refresh of unknown origin.
    const first = refreshRequestOf(initial);
    if (isSuccess(first.final)) setters.push({ transaction: initial, requestBy: initial.from, response: first.final, refresh: first });
  }
  for (const r of refreshRequests)
    if (isSuccess(r.final)) setters.push({ transaction: r.transaction, requestBy: r.by, response: r.final, refresh: r });
  sortSetters(setters, midDialog);

  const captureEndNs = dialog.captureEndNs;
  const byeNs = bye?.request.ref.timeNs ?? null;
  if (captureEndNs === null || (bye !== undefined && byeNs === null))
    return stopWith('no-timestamps', 'the input has no timestamps');

  // Find the first setter: the initial 2xx, or mid-dialog the first 2xx carrying Session-Expires.
  let startIdx = 0;
  if (midDialog) {
    startIdx = setters.findIndex((s) => s.response.sessionExpires().state !== 'absent');
    if (startIdx < 0) return stopWith('no-session-expires', 'capture starts mid-dialog; no 2xx with Session-Expires seen');
  } else {
    // What the client asked for: its own copy when the capture has one (SPEC §2.2).
    const attempt = (initial.clientCopy ?? initial.request).sessionExpires();
    if (attempt.state === 'ok') {
      analysis.requested = {
        deltaSeconds: attempt.value.deltaSeconds,
        refresher: attempt.value.refresher,
        field: attempt.fields[0],
      };
    }
  }

  for (let i = startIdx; i < setters.length; i++) {
    const setter = setters[i];
    const t0Ns = setter.response.ref.timeNs;
    if (t0Ns === null) return stopWith('no-timestamps', 'the 2xx has no timestamp');
    if (byeNs !== null && t0Ns > byeNs) break; // a 2xx after the BYE sets nothing
    const se = setter.response.sessionExpires();
    const isFirst = i === startIdx;
    if (se.state === 'absent') {
      if (isFirst && !midDialog) {
        const assumed = config.profile === '3gpp' ? assumed3gpp(analysis, setter) : undefined;
        if (assumed === undefined) return stopWith('no-session-expires', 'no Session-Expires received in the 2xx');
        analysis.cycles.push(finishCycle(dialog, config, analysis, assumed, setters, i));
        continue;
      }
      // RFC 4028 §7.2: "'turned-off' in mid dialog": no cycle until a later 2xx carries one again.
      analysis.turnedOffBy ??= setter.response;
      continue;
    }
    if (se.state !== 'ok') {
      analysis.diagnostics.push(se.diagnostic);
      if (isFirst) return stopWith('malformed', `Session-Expires unreadable: ${se.diagnostic.message}`);
      const cycle = baseCycle(setter, 0);
      cycle.problem = `Session-Expires unreadable: ${se.diagnostic.message}`;
      cycle.sessionExpiresField = se.fields[0];
      analysis.cycles.push(finishCycle(dialog, config, analysis, cycle, setters, i));
      break; // the timer state after an unreadable value is unknown
    }
    const cycle = baseCycle(setter, se.value.deltaSeconds);
    cycle.sessionExpiresField = se.fields[0];
    cycle.refresherParam = se.value.refresher;
    decideRefresher(cycle, setter);
    recordPeerFindings(analysis, setter, se.value.deltaSeconds, se.value.refresher);
    analysis.cycles.push(finishCycle(dialog, config, analysis, cycle, setters, i));
  }
  if (analysis.cycles.length === 0 && analysis.turnedOffBy === undefined)
    return stopWith('no-timestamps', 'no cycle could be timed');
  return analysis;
}

function sortSetters(setters: Setter[], midDialog: boolean): void {
  // The initial 2xx always comes first; refresh 2xx by arrival (stable for equal or missing times).
  const head = midDialog ? [] : setters.splice(0, 1);
  const tail = setters.splice(0);
  tail.sort((a, b) => {
    const ta = a.response.ref.timeNs;
    const tb = b.response.ref.timeNs;
    if (ta === null || tb === null || ta === tb) return 0;
    return ta < tb ? -1 : 1;
  });
  setters.push(...head, ...tail);
}

function baseCycle(setter: Setter, intervalSec: number): TimerCycle {
  const t0Ns = setter.response.ref.timeNs as bigint;
  return {
    index: 0,
    transaction: setter.transaction,
    requestBy: setter.requestBy,
    response: setter.response,
    intervalSec,
    refresher: 'unknown',
    refresherBasis: '',
    t0Ns,
    halfMarkNs: t0Ns + secToNs(intervalSec / 2),
    tolHalfNs: 0n, // set in finishCycle
    expiryNs: t0Ns + secToNs(intervalSec),
    byeDueNs: t0Ns + secToNs(intervalSec - Math.min(32, intervalSec / 3)),
    close: { kind: 'capture-end', atNs: t0Ns },
    stopNs: t0Ns,
    refreshes: [],
    notes: [],
  };
}

function describeRequest(setter: Setter): string {
  const who = setter.requestBy === 'client' ? "client's" : "peer's";
  if (setter.refresh === undefined) return `the 2xx to the ${who} initial INVITE`;
  return `the 2xx to the ${who} ${setter.transaction.method === 'INVITE' ? 're-INVITE' : 'UPDATE'}`;
}

/** SPEC §6.2: `uac` is whoever sent the request this 2xx answers; `uas` whoever answered it. */
function decideRefresher(cycle: TimerCycle, setter: Setter): void {
  const param = cycle.refresherParam;
  const where = describeRequest(setter);
  if (param !== undefined) {
    cycle.refresher = param === 'uac' ? setter.requestBy : otherParty(setter.requestBy);
    cycle.refresherBasis = `refresher=${param} in ${where}`;
    return;
  }
  if (!hasTimerOption(setter.transaction.request)) {
    // RFC 4028 §9 Table 2, row "N / none": the UAS refreshes.
    cycle.refresher = otherParty(setter.requestBy);
    cycle.refresherBasis = `no refresher in ${where}, request without Supported: timer: uas assumed (RFC 4028 Table 2)`;
    return;
  }
  cycle.refresherBasis = `no refresher in ${where}`;
  cycle.problem = `refresher parameter missing in ${where} while the request listed Supported: timer (RFC 4028 §9)`;
}

function assumed3gpp(analysis: TimerAnalysis, setter: Setter): TimerCycle | undefined {
  const requested = analysis.requested;
  if (requested === undefined || setter.requestBy !== 'client') return undefined;
  const cycle = baseCycle(setter, requested.deltaSeconds);
  cycle.refresher = 'client';
  cycle.assumed = '3gpp-no-session-expires';
  cycle.refresherBasis = `no Session-Expires in ${describeRequest(setter)}; profile 3gpp: client refreshes with its own ${requested.deltaSeconds} s (TS 34.229-5 §7.29)`;
  return cycle;
}

function recordPeerFindings(analysis: TimerAnalysis, setter: Setter, se: number, refresher: 'uac' | 'uas' | undefined): void {
  // Findings about the peer's 2xx only: a 2xx the client sent is judged by IM-RFC4028-REFRESH-ANSWER.
  if (setter.requestBy !== 'client') return;
  const res = setter.response;
  const req = setter.transaction.request;
  const seField = res.sessionExpires();
  const field = seField.state === 'ok' ? seField.fields[0] : undefined;
  const add = (code: string, text: string, f?: HeaderField) =>
    analysis.peerFindings.push({ code, text, response: res, field: f ?? field });
  if (refresher === undefined) add('timer.peer.no-refresher', 'the 2xx omits the refresher parameter (RFC 4028 §9: "The UAS MUST set the value of the refresher parameter")');
  const asked = req.sessionExpires();
  if (asked.state === 'ok') {
    if (asked.value.refresher === 'uac' && refresher === 'uas')
      add('timer.peer.override-uac', 'the client asked for refresher=uac but the 2xx says uas; the UAS cannot override the UAC\'s choice (RFC 4028 §9, Table 2)');
    if (se > asked.value.deltaSeconds)
      add('timer.peer.increased', `the 2xx raised Session-Expires from ${asked.value.deltaSeconds} to ${se} (RFC 4028 §9: MUST NOT increase)`);
  }
  if (refresher === 'uac' && !listHas(res.require(), 'timer'))
    add('timer.peer.no-require', 'refresher=uac without Require: timer in the 2xx (RFC 4028 §9 MUST)');
  const minSe = res.minSE();
  if (minSe.state !== 'absent')
    add('timer.peer.min-se-in-2xx', 'Min-SE in a 2xx (RFC 4028 §5: only in requests and 422)', minSe.fields[0]);
}

/** Close the cycle (next 2xx to a refresh, the BYE, or capture end) and collect its refreshes. */
function finishCycle(
  dialog: Dialog,
  config: ImlintConfig,
  analysis: TimerAnalysis,
  cycle: TimerCycle,
  setters: Setter[],
  i: number,
): TimerCycle {
  cycle.index = analysis.cycles.length;
  // SPEC §6.4: tolHalf = max(2 s, I/20), tool policy.
  cycle.tolHalfNs = secToNs(Math.max(config.tolHalfSec, cycle.intervalSec / 20));
  const captureEndNs = analysis.captureEndNs as bigint;
  const byeNs = analysis.dialogEnd?.atNs ?? null;
  const next = setters[i + 1];
  const nextNs = next?.response.ref.timeNs ?? null;
  if (next?.refresh && nextNs !== null && (byeNs === null || nextNs <= byeNs) && nextNs <= captureEndNs) {
    cycle.close = { kind: 'refresh', refresh: next.refresh, response: next.response, by: next.requestBy, atNs: nextNs };
  } else if (dialog.bye && byeNs !== null && byeNs <= captureEndNs) {
    cycle.close = { kind: 'bye', transaction: dialog.bye, by: dialog.bye.from, atNs: byeNs };
  } else {
    cycle.close = { kind: 'capture-end', atNs: captureEndNs };
  }
  let stop = cycle.close.atNs;
  if (byeNs !== null && byeNs < stop) stop = byeNs;
  if (captureEndNs < stop) stop = captureEndNs;
  cycle.stopNs = stop;
  cycle.refreshes = analysis.refreshRequests.filter(
    (r) => r.sentNs !== null && r.sentNs > cycle.t0Ns && r.sentNs <= cycle.close.atNs,
  );
  noteRefresherContradiction(cycle);
  return cycle;
}

/** SPEC §6.2: some stacks read `refresher` relative to the dialog; say so when the traffic shows it. */
function noteRefresherContradiction(cycle: TimerCycle): void {
  if (cycle.refresher === 'unknown' || cycle.assumed !== undefined) return;
  // Only refreshes timed like a refresher's (from the half mark on) hint at a misread role; an early
  // re-INVITE for other purposes refreshes too (RFC 4028 §7.2) without saying anything about roles.
  const before = cycle.refreshes.filter((r) => r.sentNs !== null && r.sentNs <= cycle.expiryNs);
  const byRefresher = before.some((r) => r.by === cycle.refresher);
  const other = otherParty(cycle.refresher);
  const fromHalf = cycle.halfMarkNs - cycle.tolHalfNs;
  if (!byRefresher && before.some((r) => r.by === other && (r.sentNs as bigint) >= fromHalf))
    cycle.notes.push(
      `the ${other} refreshed although ${cycle.refresherBasis} makes the ${cycle.refresher} the refresher; ` +
        'one side may read the refresher parameter relative to the dialog instead of the transaction',
    );
}

// Helpers the timer rules share (decisions live in the rule modules).

/** INVITE/UPDATE requests the client sent in (t0, min(E, stop)], in order. */
export function clientRefreshesBeforeExpiry(cycle: TimerCycle): RefreshRequest[] {
  const limit = cycle.expiryNs < cycle.stopNs ? cycle.expiryNs : cycle.stopNs;
  return cycle.refreshes.filter((r) => r.by === 'client' && (r.sentNs as bigint) <= limit);
}

/** The first of them: the refresh `r` of SPEC §6.5. */
export function clientRefreshBeforeExpiry(cycle: TimerCycle): RefreshRequest | undefined {
  return clientRefreshesBeforeExpiry(cycle)[0];
}

/** SPEC §6.5: the cycle closed (peer 2xx or BYE) before any refresh was due, the client silent. */
export function closedBeforeRefreshDue(cycle: TimerCycle): boolean {
  if (cycle.close.kind === 'capture-end') return false;
  if (cycle.close.kind === 'refresh' && cycle.close.by === 'client') return false;
  const clientSent = cycle.refreshes.some((r) => r.by === 'client' && (r.sentNs as bigint) <= cycle.stopNs);
  return !clientSent && cycle.stopNs <= cycle.halfMarkNs + cycle.tolHalfNs;
}

/** Did the cycle end, by a BYE or a 2xx to a refresh, before its expiry E? */
export function closedBeforeExpiry(cycle: TimerCycle): boolean {
  return cycle.close.kind !== 'capture-end' && cycle.close.atNs < cycle.expiryNs;
}
