// `--jobs N`: several inputs analysed at once, one worker thread per job, each input judged by the
// same analyze() as `--jobs 1` (src/report/worker.ts). The per-input reports are put together in
// the order analyze() uses (inputs as expanded, then unreadable paths), so the output is
// byte-identical to `--jobs 1`. --merge, a single input, or no compiled worker: analyze() itself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { expandInputs } from '../capture/index.js';
import type { ImlintConfig } from '../config/types.js';
import { type AnalyzeOptions, type AnalyzeProgress, analyze, count, emptySummary } from './analyze.js';
import { analyzeSpooled, type SpooledReport } from './spooled.js';
import type { SpooledSection, StreamFormatOptions } from './stream.js';
import type { Report, ReportDialog, ReportInput, ReportSummary } from './types.js';
import type { WorkerAnalyzeOptions, WorkerReply, WorkerTask } from './worker.js';

/**
 * The compiled worker beside this module (dist/report/worker.js); when running from the
 * TypeScript sources (vitest), the build's copy. Undefined: no build, analyse in this thread.
 */
export function workerUrl(): URL | undefined {
  for (const rel of ['./worker.js', '../../dist/report/worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

export async function analyzeParallel(paths: string[], config: ImlintConfig, opts: AnalyzeOptions, jobs: number): Promise<Report> {
  if (jobs <= 1 || opts.merge) return analyze(paths, config, opts);
  const expanded = await expandInputs(paths);
  const files = [...new Set(expanded.files)];
  const url = workerUrl();
  if (files.length < 2 || url === undefined) return analyze(paths, config, opts);

  const perFile = await runWorkers(url, files, config, opts, Math.min(jobs, files.length));
  const rest: Report[] = [];
  for (const p of unreadablePaths(paths, expanded, files)) rest.push(await analyze([p], config, { ...opts, onProgress: undefined }));
  return combine(await analyze([], config), [...perFile.map((r) => r.report), ...rest]);
}

/**
 * The streaming twin of analyzeParallel: each input's dialogs formatted into spool files in `dir`
 * (by the worker that judged it), the sections in `--jobs 1` order.
 */
export async function streamParallel(
  paths: string[],
  config: ImlintConfig,
  opts: AnalyzeOptions,
  jobs: number,
  format: StreamFormatOptions,
  dir: string,
): Promise<SpooledReport> {
  const alone = (): Promise<SpooledReport> => analyzeSpooled(paths, config, opts, format, dir);
  if (jobs <= 1 || opts.merge) return alone();
  const expanded = await expandInputs(paths);
  const files = [...new Set(expanded.files)];
  const url = workerUrl();
  if (files.length < 2 || url === undefined) return alone();

  const perFile = await runWorkers(url, files, config, opts, Math.min(jobs, files.length), { format, dir });
  const rest: SpooledReport[] = [];
  const unreadable = unreadablePaths(paths, expanded, files);
  for (let i = 0; i < unreadable.length; i++) {
    rest.push(await analyzeSpooled([unreadable[i]], config, { ...opts, onProgress: undefined }, format, dir, `u${i}-`));
  }
  const parts = [...perFile.map((r) => ({ report: r.report, sections: r.sections ?? [] })), ...rest];
  const report = combine(await analyze([], config), parts.map((p) => p.report));
  const sections: SpooledSection[] = parts.flatMap((p) => p.sections);
  return { report, sections };
}

/**
 * A path that could not be expanded gets its own input entry after the files, as in analyze();
 * analysing it alone gives exactly that entry (the same stat fails the same way).
 */
function unreadablePaths(paths: string[], expanded: { diagnostics: { input?: string }[] }, files: string[]): string[] {
  return [...new Set(expanded.diagnostics.map((d) => d.input ?? paths[0] ?? ''))].filter((p) => !files.includes(p));
}

/** The per-input reports as one, in the given order; the summary summed. */
function combine(base: Report, parts: Report[]): Report {
  const report: Report = { ...base, inputs: [], dialogs: [], summary: structuredClone(base.summary) };
  const s = report.summary;
  for (const part of parts) {
    report.inputs.push(...part.inputs);
    for (const d of part.dialogs) report.dialogs.push(d);
    s.dialogs += part.summary.dialogs;
    s.imDialogs += part.summary.imDialogs;
    for (const k of Object.keys(s.verdicts) as (keyof typeof s.verdicts)[]) s.verdicts[k] += part.summary.verdicts[k];
    for (const k of Object.keys(s.failures) as (keyof typeof s.failures)[]) s.failures[k] += part.summary.failures[k];
  }
  s.inputs = report.inputs.length;
  s.diagnostics = report.inputs.reduce((n, i) => n + i.diagnostics.length, 0);
  return report;
}

/**
 * A worker that died (exit, out of memory) or threw past analyze(): the input is still listed,
 * with the reason, never dropped. analyze() itself keeps an input whose reading or judging stops
 * part-way, so this is only for a thread that could not say what it had done. The dialogs it had
 * already handed to the caller (`delivered`, when the caller takes dialogs as they are judged: the
 * interactive UI) are counted as the input's, so the summary agrees with what the caller shows
 * (and listed, unless the caller keeps no dialogs); a spooled worker's formatted dialogs went with it.
 */
function failedInput(file: string, message: string, delivered: Delivered | undefined): Report {
  const kept = delivered === undefined ? 'the dialogs it had judged are lost with it' : `the ${delivered.count} dialogs it had judged are listed`;
  const input: ReportInput = {
    path: file,
    format: 'unknown',
    packets: 0,
    sipMessages: 0,
    diagnostics: [{ severity: 'error', code: 'report.worker-failed', message: `analysing ${file} failed: ${message}; ${kept}` }],
  };
  const report: Report = {
    version: 1,
    tool: { name: 'imlint', version: '' },
    inputs: [input],
    dialogs: delivered?.dialogs ?? [],
    summary: delivered?.summary ?? emptySummary(),
  };
  report.summary.inputs = 1;
  report.summary.diagnostics = 1;
  return report;
}

/** What a running task has handed over dialog by dialog, until it is done. */
interface Delivered {
  count: number;
  summary: ReportSummary;
  /** Only when the caller keeps dialogs in the report. */
  dialogs?: ReportDialog[];
}

function tallyDelivered(delivered: Delivered | undefined, d: ReportDialog): void {
  if (delivered === undefined) return;
  delivered.count++;
  count(delivered.summary, d);
  delivered.dialogs?.push(d);
}

interface WorkerResult {
  report: Report;
  sections?: SpooledSection[];
}

/** Runs one task per file on `count` workers; resolves with the reports in file order. */
function runWorkers(
  url: URL,
  files: string[],
  config: ImlintConfig,
  opts: AnalyzeOptions,
  count: number,
  spool?: { format: StreamFormatOptions; dir: string },
): Promise<WorkerResult[]> {
  const { onProgress, onDiagnostic, onDialog, ...plain } = opts;
  const workerOpts: WorkerAnalyzeOptions = { ...plain };
  delete (workerOpts as AnalyzeOptions).merge;
  const listen = { progress: onProgress !== undefined, diagnostics: onDiagnostic !== undefined, dialogs: onDialog !== undefined };
  const reports: WorkerResult[] = new Array<WorkerResult>(files.length);
  // The dialogs each running task has handed over, until it is done (they are its report's then).
  const delivered = new Map<number, Delivered>();
  // Progress over all inputs: each input's latest numbers, summed.
  const progress = new Map<number, AnalyzeProgress>();
  const reportProgress = (id: number, p: AnalyzeProgress): void => {
    progress.set(id, p);
    let bytesRead = 0;
    let bytesTotal = 0;
    let dialogs = 0;
    for (const q of progress.values()) {
      bytesRead += q.bytesRead;
      bytesTotal += q.bytesTotal;
      dialogs += q.dialogs;
    }
    onProgress?.({ input: p.input, bytesRead, bytesTotal, dialogs });
  };

  return new Promise((resolve) => {
    let next = 0;
    let finished = 0;
    const start = (): void => {
      const worker = new Worker(url);
      let current = -1;
      const settle = (result: WorkerResult): void => {
        reports[current] = result;
        delivered.delete(current);
        current = -1;
        if (++finished === files.length) resolve(reports);
      };
      const take = (): void => {
        if (next >= files.length) {
          void worker.terminate();
          return;
        }
        current = next++;
        if (listen.dialogs) delivered.set(current, { count: 0, summary: emptySummary(), dialogs: opts.keepDialogs === false ? undefined : [] });
        const task: WorkerTask = { id: current, file: files[current], config, opts: workerOpts, listen };
        // Each input's spool files get their own prefix: workers share the directory.
        if (spool) task.spool = { ...spool, prefix: `f${current}-` };
        worker.postMessage(task);
      };
      worker.on('message', (reply: WorkerReply) => {
        switch (reply.type) {
          case 'progress':
            return reportProgress(reply.id, reply.progress);
          case 'diagnostic':
            return onDiagnostic?.(reply.diagnostic);
          case 'dialog':
            tallyDelivered(delivered.get(reply.id), reply.dialog);
            return onDialog?.(reply.dialog);
          case 'done':
            settle({ report: reply.report, sections: reply.sections });
            return take();
          case 'failed':
            settle({ report: failedInput(files[reply.id], reply.message, delivered.get(reply.id)) });
            return take();
        }
      });
      // A crashed worker (out of memory, a native error) loses only the input it was on; a
      // fresh worker takes the remaining inputs.
      let crash = '';
      worker.on('error', (e) => {
        crash = e.message;
      });
      worker.on('exit', (code) => {
        if (current >= 0) settle({ report: failedInput(files[current], crash || `worker exited with code ${code}`, delivered.get(current)) });
        if (next < files.length) start();
      });
      take();
    };
    for (let i = 0; i < count; i++) start();
  });
}
