// The pipeline, wired: capture → sip → dialog → rules → report. Streams each input once; a
// dialog is judged and reduced to its ReportDialog as soon as the tracker hands it over.
import { readFileSync } from 'node:fs';
import { expandInputs, mergeSources, openInput } from '../capture/index.js';
import type { CaptureBatch, CaptureOptions, CaptureSource, Diagnostic, InputFormat, InputStats } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import { DialogTracker } from '../dialog/tracker.js';
import { dialogMessages } from '../dialog/messages.js';
import type { Dialog } from '../dialog/types.js';
import { judgeDialog } from '../rules/index.js';
import type { Verdict } from '../rules/types.js';
import { parseMessage } from '../sip/index.js';
import type { SipMessage } from '../sip/types.js';
import { buildDialogReport } from './build.js';
import { failingBatches, faultFor, strike, strikesOnRead } from './fault.js';
import type { Report, ReportDialog, ReportDiagnostic, ReportInput, ReportSummary } from './types.js';

export interface AnalyzeProgress {
  input: string;
  bytesRead: number;
  bytesTotal: number;
  dialogs: number;
}

export interface AnalyzeOptions {
  inputFormat?: InputFormat;
  /** Judge all inputs as one capture, merged by time (several vantage points of one test). */
  merge?: boolean;
  /** Validate every header with the grammar up front. */
  strict?: boolean;
  /** Keep the ladder (with raw text) and the timer timeline for the UI. */
  ladder?: boolean;
  /** Passed to the capture readers (HEP port, limits). */
  capture?: Omit<CaptureOptions, 'inputFormat'>;
  onProgress?: (p: AnalyzeProgress) => void;
  onDiagnostic?: (d: Diagnostic) => void;
  /** Each dialog as soon as it is judged (judging order, not report order). */
  onDialog?: (d: ReportDialog) => void;
  /**
   * false: `report.dialogs` stays empty (the summary still counts every dialog), so memory stays
   * O(open dialogs) for consumers that take dialogs from `onDialog`. Default true.
   */
  keepDialogs?: boolean;
}

/** Diagnostics kept per input; the rest are counted in one closing diagnostic, never dropped silently. */
const MAX_DIAGNOSTICS_PER_INPUT = 10_000;

const TOOL_VERSION = readToolVersion();

function readToolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'latin1')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Per-input accumulator: the ReportInput being filled and the dialogs judged from it. */
class InputAccount {
  readonly diagnostics: ReportDiagnostic[] = [];
  readonly dialogs: ReportDialog[] = [];
  private suppressed = 0;
  stats?: InputStats;

  constructor(
    readonly path: string,
    private readonly onDiagnostic?: (d: Diagnostic) => void,
  ) {}

  add(d: Diagnostic): void {
    this.onDiagnostic?.(d);
    if (this.diagnostics.length >= MAX_DIAGNOSTICS_PER_INPUT) {
      this.suppressed++;
      return;
    }
    const out: ReportDiagnostic = { severity: d.severity, code: d.code, message: d.message };
    if (d.frame !== undefined) out.frame = d.frame;
    if (d.line !== undefined) out.line = d.line;
    if (d.offset !== undefined) out.offset = d.offset;
    this.diagnostics.push(out);
  }

  toReportInput(): ReportInput {
    const diagnostics = [...this.diagnostics];
    if (this.suppressed > 0) {
      diagnostics.push({ severity: 'warning', code: 'report.diagnostics-truncated', message: `${this.suppressed} further diagnostics not listed (limit ${MAX_DIAGNOSTICS_PER_INPUT} per input)` });
    }
    return {
      path: this.path,
      format: this.stats?.format ?? 'unknown',
      packets: this.stats?.packets ?? 0,
      sipMessages: this.stats?.sipMessages ?? 0,
      diagnostics,
    };
  }
}

export async function analyze(paths: string[], config: ImlintConfig, opts: AnalyzeOptions = {}): Promise<Report> {
  const summary = emptySummary();
  const accounts = new Map<string, InputAccount>();
  const account = (path: string): InputAccount => {
    let a = accounts.get(path);
    if (!a) accounts.set(path, (a = new InputAccount(path, opts.onDiagnostic)));
    return a;
  };
  const expanded = await expandInputs(paths);
  // The same file named twice (or found twice while walking) is read once.
  expanded.files = [...new Set(expanded.files)];
  for (const f of expanded.files) account(f);
  for (const d of expanded.diagnostics) account(d.input ?? paths[0] ?? '').add(d);

  const captureOpts: CaptureOptions = { ...opts.capture, inputFormat: opts.inputFormat };
  if (opts.merge && expanded.files.length > 1) {
    const sources: CaptureSource[] = [];
    for (const file of expanded.files) {
      const source = await open(file, captureOpts, account(file));
      if (source) sources.push(source);
    }
    await runPipeline(mergeSources(sources), sources, config, opts, account, summary);
  } else {
    for (const file of expanded.files) {
      const source = await open(file, captureOpts, account(file));
      if (source) await runPipeline(source.batches(), [source], config, opts, account, summary);
    }
  }

  const inputs = [...accounts.values()];
  // Inputs in expansion order, each input's dialogs in judging (close) order: the order the
  // streaming formatters write them in (src/report/stream.ts), deterministic for given inputs.
  const dialogs = inputs.flatMap((a) => a.dialogs);
  const reportInputs = inputs.map((a) => a.toReportInput());
  summary.inputs = reportInputs.length;
  summary.diagnostics = reportInputs.reduce((n, i) => n + i.diagnostics.length, 0);
  return { version: 1, tool: { name: 'imlint', version: TOOL_VERSION }, inputs: reportInputs, dialogs, summary };
}

async function open(file: string, captureOpts: CaptureOptions, account: InputAccount): Promise<CaptureSource | undefined> {
  try {
    const source = await openInput(file, captureOpts);
    account.stats = source.stats;
    return source;
  } catch (e) {
    account.add({ severity: 'error', code: 'input.unreadable', message: `cannot read ${file}: ${(e as Error).message}`, input: file });
    return undefined;
  }
}

/** One tracker over the batches of `sources` (one source, or several merged by time). */
async function runPipeline(
  batches: AsyncIterable<CaptureBatch>,
  sources: CaptureSource[],
  config: ImlintConfig,
  opts: AnalyzeOptions,
  account: (path: string) => InputAccount,
  summary: ReportSummary,
): Promise<void> {
  const tracker = new DialogTracker(config);
  const parseOpts = { strict: opts.strict === true, maxHeaders: opts.capture?.limits?.maxHeaders };
  const first = sources[0]?.stats.path ?? '';
  let judged = 0;
  // Where reading had got to, for the diagnostic of an input whose analysis stops part-way.
  let bytesRead = 0;
  let messagesRead = 0;
  let lastRef: SipMessage['ref'] | undefined;
  const fault = faultFor(first);
  if (fault !== undefined && strikesOnRead(fault)) batches = failingBatches(batches, fault, () => messagesRead);
  // Framing diagnostics are reported at parse time; typed accessors add theirs when a rule first
  // reads a header, so those are collected after judging (counted per message to avoid repeats).
  const reported = new WeakMap<SipMessage, number>();
  const judge = (closed: (Dialog | undefined)[]): void => {
    for (let i = 0; i < closed.length; i++) {
      if (fault !== undefined && !strikesOnRead(fault)) strike(fault, judged);
      const dialog = closed[i]!;
      // Released as soon as it is judged: at the end of the input every open dialog is handed
      // over at once, and the list must not keep the judged ones alive until the last is done.
      closed[i] = undefined;
      const a = account(dialog.input ?? first);
      let verdicts: Verdict[] = [];
      try {
        verdicts = judgeDialog(dialog, config);
      } catch (e) {
        // A rule bug must not lose the other dialogs (nor this one's place in the report).
        a.add({ severity: 'error', code: 'rules.exception', message: `judging dialog ${dialog.callId} failed: ${(e as Error).message}`, input: a.path, frame: dialog.initialInvite.request.ref.frame, line: dialog.initialInvite.request.ref.line });
      }
      for (const d of dialog.diagnostics) a.add(d);
      for (const { msg } of dialogMessages(dialog, true)) {
        const from = reported.get(msg) ?? 0;
        // Only messages with diagnostics get an entry: most have none, and every entry is work
        // for each full garbage collection while the message lives.
        if (msg.diagnostics.length === from) continue;
        for (let i = from; i < msg.diagnostics.length; i++) a.add(located(msg.diagnostics[i], msg));
        reported.set(msg, msg.diagnostics.length);
      }
      let built: ReportDialog;
      try {
        built = buildDialogReport(dialog, verdicts, { config, ladder: opts.ladder });
        opts.onDialog?.(built);
      } catch (e) {
        // Not reported (or not written): said so, and the dialog is not counted either, so the
        // summary counts exactly the dialogs listed.
        a.add({ severity: 'error', code: 'report.exception', message: `dialog ${dialog.callId} not reported: ${(e as Error).message}`, input: a.path, frame: dialog.initialInvite.request.ref.frame, line: dialog.initialInvite.request.ref.line });
        continue;
      }
      count(summary, built);
      if (opts.keepDialogs !== false) a.dialogs.push(built);
      judged++;
    }
  };
  /**
   * One input's analysis stopped part-way: said on the input, with where reading had got to (the
   * bytes of the last whole batch, the frame or line of its last message). The dialogs judged
   * before stay in the report, in every format and whatever --jobs.
   */
  const openJudged = (): string => `${judged} dialogs closed by then, the ${tracker.openCount} still open judged as at the end of a capture`;
  const stopped = (code: string, what: string, e: unknown, then: string): void => {
    const input = lastRef?.input ?? first;
    const at = lastRef === undefined ? 'before the first SIP message' : `after ${messagesRead} SIP messages (the last at ${lastRef.frame !== undefined ? `frame ${lastRef.frame}` : `line ${lastRef.line}`}, ${bytesRead} bytes of the input consumed)`;
    const cause = e instanceof Error ? e.message : String(e);
    account(input).add({ severity: 'error', code, message: `${what} of ${input} stopped ${at}: ${cause}; ${then}`, input, offset: bytesRead, frame: lastRef?.frame, line: lastRef?.line });
  };
  let trackerDiagnostics = 0;
  const flushTrackerDiagnostics = (): void => {
    for (; trackerDiagnostics < tracker.diagnostics.length; trackerDiagnostics++) {
      const d = tracker.diagnostics[trackerDiagnostics];
      if (d.code === 'dialog.evicted') continue; // already on the evicted dialog
      account(d.input ?? first).add(d);
    }
  };
  const iterator = batches[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<CaptureBatch>;
    try {
      next = await iterator.next();
    } catch (e) {
      // A reader must not throw; if one does, what was read so far is still judged.
      stopped('input.read-failed', 'reading', e, openJudged());
      break;
    }
    if (next.done === true) break;
    const batch = next.value;
    try {
      for (const d of batch.diagnostics) account(d.input ?? first).add(d);
      for (const raw of batch.messages) {
        let msg: SipMessage;
        try {
          msg = parseMessage(raw, parseOpts);
        } catch (e) {
          account(raw.ref.input).add({ severity: 'error', code: 'sip.exception', message: `message not parsed: ${(e as Error).message}`, input: raw.ref.input, frame: raw.ref.frame, line: raw.ref.line, offset: raw.ref.offset });
          continue;
        }
        if (msg.diagnostics.length > 0) {
          const a = account(raw.ref.input);
          for (const d of msg.diagnostics) a.add(located(d, msg));
          reported.set(msg, msg.diagnostics.length);
        }
        let closed: Dialog[];
        try {
          closed = tracker.push(msg);
        } catch (e) {
          account(raw.ref.input).add({ severity: 'error', code: 'dialog.exception', message: `message not tracked: ${(e as Error).message}`, input: raw.ref.input, frame: raw.ref.frame, line: raw.ref.line, offset: raw.ref.offset });
          continue;
        }
        judge(closed);
      }
      bytesRead = batch.bytesRead;
      messagesRead += batch.messages.length;
      lastRef = batch.messages[batch.messages.length - 1]?.ref ?? lastRef;
      flushTrackerDiagnostics();
      if (opts.onProgress) {
        const input = batch.messages[batch.messages.length - 1]?.ref.input ?? first;
        const stats = sources.find((s) => s.stats.path === input)?.stats ?? sources[0]?.stats;
        opts.onProgress({ input, bytesRead: batch.bytesRead, bytesTotal: stats?.bytesTotal ?? 0, dialogs: judged + tracker.openCount });
      }
    } catch (e) {
      // Past the per-message and per-dialog nets (a tracker or progress failure): the rest of
      // the input is not read, the dialogs still open are judged as at the end of a capture.
      stopped('input.analysis-failed', 'analysis', e, openJudged());
      iterator.return?.().catch(() => undefined);
      break;
    }
  }
  // Capture end = the last record time of the input (of all merged inputs).
  let captureEnd: bigint | null = null;
  for (const s of sources) {
    const t = s.stats.lastTimeNs;
    if (t !== null && (captureEnd === null || t > captureEnd)) captureEnd = t;
  }
  try {
    tracker.finishEach(captureEnd, judge);
    flushTrackerDiagnostics();
  } catch (e) {
    stopped('input.analysis-failed', 'judging the dialogs open at the end', e, `${judged} dialogs judged, the rest not`);
  }
  for (const s of sources) {
    if (s.stats.encryptedFlows > 0) {
      account(s.stats.path).add({ severity: 'warning', code: 'capture.encrypted-flows', message: `${s.stats.encryptedFlows} TLS flow(s): encrypted, not analysed`, input: s.stats.path });
    }
  }
}

/** A SIP diagnostic (offset inside the message) placed at its message's frame or line. */
function located(d: Diagnostic, msg: SipMessage): Diagnostic {
  return { ...d, input: msg.ref.input, frame: msg.ref.frame, line: msg.ref.line };
}

export function emptySummary(): ReportSummary {
  return {
    inputs: 0,
    dialogs: 0,
    imDialogs: 0,
    verdicts: { pass: 0, fail: 0, 'not-applicable': 0, inconclusive: 0 },
    failures: { error: 0, warning: 0, info: 0 },
    diagnostics: 0,
  };
}

/** Adds one judged dialog to the summary (counted as judged, so nothing needs keeping). */
export function count(summary: ReportSummary, d: ReportDialog): void {
  summary.dialogs++;
  if (d.kind !== 'not-im') summary.imDialogs++;
  for (const v of d.verdicts) {
    summary.verdicts[v.verdict]++;
    if (v.verdict === 'fail') summary.failures[v.severity]++;
  }
}
