// Dialog + verdicts → ReportDialog: the small summary kept once a dialog is judged. Times become
// 9-decimal epoch strings, evidence keeps its pointers back into the input (frame/line), and the
// message references are dropped so the dialog itself can be collected.
import type { ImlintConfig } from '../config/types.js';
import { timerCycles, type TimerCycle as DialogTimerCycle } from '../dialog/session-timer.js';
import { dialogMessages } from '../dialog/messages.js';
import type { Dialog } from '../dialog/types.js';
import type { Evidence, Verdict } from '../rules/types.js';
import type { SipMessage } from '../sip/types.js';
import { sanitizeLines } from './sanitize.js';
import type { LadderEntry, ReportDialog, ReportEvidence, ReportVerdict, TimerCycle } from './types.js';

const NS_PER_SEC = 1_000_000_000n;

/**
 * Times already formatted: a dialog's ~47 verdicts cite the same few messages, so most evidence
 * repeats a time. Map keys compare bigints by value; cleared when full so it stays small.
 */
const formatted = new Map<bigint, string>();
const FORMATTED_MAX = 8192;
/** The last time formatted: consecutive evidence mostly cites the same message (cheaper than the map). */
let lastNs: bigint | undefined;
let lastText = '';

/** Nanoseconds since the epoch → seconds with exactly 9 decimals ("1700000000.000137091"). */
export function formatTime(ns: bigint | null | undefined): string | null {
  if (ns === null || ns === undefined) return null;
  if (ns === lastNs) return lastText;
  let text = formatted.get(ns);
  if (text === undefined) {
    const sign = ns < 0n ? '-' : '';
    const abs = ns < 0n ? -ns : ns;
    text = `${sign}${abs / NS_PER_SEC}.${(abs % NS_PER_SEC).toString().padStart(9, '0')}`;
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    formatted.set(ns, text);
  }
  lastNs = ns;
  lastText = text;
  return text;
}

export function buildEvidence(e: Evidence): ReportEvidence {
  const out: ReportEvidence = { input: e.input, time: formatTime(e.timeNs) };
  if (e.frame !== undefined) out.frame = e.frame;
  if (e.line !== undefined) out.line = e.line;
  if (e.header !== undefined) out.header = e.header;
  if (e.note !== undefined) out.note = e.note;
  return out;
}

export function buildVerdict(v: Verdict): ReportVerdict {
  return {
    rule: v.rule,
    verdict: v.verdict,
    severity: v.severity,
    clause: v.clause,
    messageId: v.messageId,
    message: v.message,
    evidence: v.evidence.map(buildEvidence),
  };
}

export interface BuildOptions {
  config: ImlintConfig;
  /** Keep the call flow (with sanitised raw text) and the timer timeline, for the UI. */
  ladder?: boolean;
}

export function buildDialogReport(dialog: Dialog, verdicts: Verdict[], opts: BuildOptions): ReportDialog {
  const out: ReportDialog = {
    input: dialog.input ?? dialog.initialInvite.request.ref.input,
    callId: dialog.callId,
    fromTag: dialog.localTag,
    toTag: dialog.remoteTag ?? null,
    kind: dialog.kind,
    classifiedBy: dialog.classifiedBy,
    client: dialog.client.label,
    peer: dialog.peer.label,
    start: formatTime(dialog.startNs),
    end: formatTime(dialog.endNs),
    verdicts: verdicts.map(buildVerdict),
  };
  if (dialog.conferenceUri) out.conferenceUri = dialog.conferenceUri.raw;
  if (opts.ladder) {
    out.ladder = buildLadder(dialog);
    const timer = buildTimer(dialog, opts.config);
    if (timer.length > 0) out.timer = timer;
  }
  return out;
}

// ---- ladder --------------------------------------------------------------------------------

function rawText(msg: SipMessage): string {
  const lines = [msg.startLine, ...msg.headers.map((h) => `${h.name}: ${h.value}`)];
  return `${lines.join('\r\n')}\r\n\r\n${msg.body}`;
}

function ladderEntry(msg: SipMessage, dialog: Dialog, linked: boolean): LadderEntry {
  const ref = msg.ref;
  // A request comes from its From tag's owner; a response from the other side.
  const clientSent = msg.isRequest === (msg.fromTag === clientTag(dialog));
  const fallbackSrc = clientSent ? dialog.client.label : dialog.peer.label;
  const fallbackDst = clientSent ? dialog.peer.label : dialog.client.label;
  const entry: LadderEntry = {
    input: ref.input,
    time: formatTime(ref.timeNs),
    src: ref.src ? endpoint(ref.src.ip, ref.src.port) : fallbackSrc,
    dst: ref.dst ? endpoint(ref.dst.ip, ref.dst.port) : fallbackDst,
    transport: ref.transport,
    label: msg.isRequest ? msg.method ?? '?' : `${msg.status} ${msg.reason ?? ''}`.trim(),
    callId: msg.callId ?? '',
    linked,
    raw: sanitizeLines(rawText(msg)).join('\n'),
  };
  if (ref.frame !== undefined) entry.frame = ref.frame;
  if (ref.line !== undefined) entry.line = ref.line;
  if (msg.cseq) entry.cseq = `${msg.cseq.seq} ${msg.cseq.method}`;
  return entry;
}

function clientTag(d: Dialog): string | undefined {
  return d.originator === 'client' ? d.localTag : d.remoteTag;
}

function endpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Every first copy of the dialog's messages and its linked subscriptions, in capture order. */
export function buildLadder(dialog: Dialog): LadderEntry[] {
  const entries: { msg: SipMessage; linked: boolean; seq: number }[] = [];
  let seq = 0;
  for (const { msg, linked, initial } of dialogMessages(dialog)) {
    // Forks share the initial attempts: keep only this dialog's provisional and 2xx responses.
    const otherFork = initial && !msg.isRequest && msg.toTag !== undefined && msg.toTag !== dialog.remoteTag && (msg.status ?? 0) < 300;
    if (!otherFork) entries.push({ msg, linked, seq: seq++ });
  }
  const mine = entries;
  mine.sort((a, b) => {
    const ta = a.msg.ref.timeNs;
    const tb = b.msg.ref.timeNs;
    if (ta !== null && tb !== null && ta !== tb) return ta < tb ? -1 : 1;
    return a.seq - b.seq;
  });
  return mine.map((e) => ladderEntry(e.msg, dialog, e.linked));
}

// ---- timer timeline ------------------------------------------------------------------------

function buildTimer(dialog: Dialog, config: ImlintConfig): TimerCycle[] {
  const analysis = timerCycles(dialog, config);
  return analysis.cycles.map((c: DialogTimerCycle) => {
    const cycle: TimerCycle = {
      t0: formatTime(c.t0Ns),
      intervalSec: c.intervalSec,
      refresher: c.refresher,
      halfMark: formatTime(c.halfMarkNs),
      expiry: formatTime(c.expiryNs),
      refreshes: c.refreshes.map((r) => formatTime(r.sentNs)).filter((t): t is string => t !== null),
      closedBy: c.close.kind,
    };
    if (c.refresher === 'peer') cycle.byeDue = formatTime(c.byeDueNs);
    return cycle;
  });
}
