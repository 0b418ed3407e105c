// A worker thread of `--jobs N` (src/report/parallel.ts): analyses one input file per task with
// the same analyze() as a single-threaded run and posts the Report back, so the output cannot
// differ. Streaming, it spools the formatted dialogs to a file and posts back only inputs, summary
// and the spool's tally, so nothing big crosses the thread boundary. Progress, dialogs and diagnostics are forwarded only when the caller listens for them.
import { parentPort } from 'node:worker_threads';
import type { Diagnostic } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import { type AnalyzeOptions, type AnalyzeProgress, analyze } from './analyze.js';
import { analyzeSpooled } from './spooled.js';
import type { SpooledSection, StreamFormatOptions } from './stream.js';
import type { Report, ReportDialog } from './types.js';

/** analyze() options without the callbacks (functions do not cross a thread boundary). */
export type WorkerAnalyzeOptions = Omit<AnalyzeOptions, 'onProgress' | 'onDiagnostic' | 'onDialog' | 'merge'>;

export interface WorkerTask {
  id: number;
  file: string;
  config: ImlintConfig;
  opts: WorkerAnalyzeOptions;
  listen: { progress: boolean; diagnostics: boolean; dialogs: boolean };
  /** Streaming: format the dialogs into spool files in `dir` and post back only their tallies. */
  spool?: { format: StreamFormatOptions; dir: string; prefix: string };
}

export type WorkerReply =
  | { id: number; type: 'progress'; progress: AnalyzeProgress }
  | { id: number; type: 'diagnostic'; diagnostic: Diagnostic }
  | { id: number; type: 'dialog'; dialog: ReportDialog }
  | { id: number; type: 'done'; report: Report; sections?: SpooledSection[] }
  | { id: number; type: 'failed'; message: string };

/** Progress is posted at most this often (ms): a message per batch would cost more than it shows. */
const PROGRESS_EVERY_MS = 100;

async function run(task: WorkerTask): Promise<WorkerReply> {
  const post = (r: WorkerReply): void => parentPort?.postMessage(r);
  let lastProgress = 0;
  const opts: AnalyzeOptions = { ...task.opts };
  if (task.listen.progress) {
    opts.onProgress = (progress) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      post({ id: task.id, type: 'progress', progress });
    };
  }
  if (task.listen.diagnostics) opts.onDiagnostic = (diagnostic) => post({ id: task.id, type: 'diagnostic', diagnostic });
  if (task.listen.dialogs) opts.onDialog = (dialog) => post({ id: task.id, type: 'dialog', dialog });
  try {
    if (task.spool) {
      const { report, sections } = await analyzeSpooled([task.file], task.config, opts, task.spool.format, task.spool.dir, task.spool.prefix);
      return { id: task.id, type: 'done', report, sections };
    }
    return { id: task.id, type: 'done', report: await analyze([task.file], task.config, opts) };
  } catch (e) {
    // analyze() turns reader, parser and rule failures into diagnostics; this is the last net.
    return { id: task.id, type: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
}

parentPort?.on('message', (task: WorkerTask) => {
  void run(task).then((reply) => parentPort?.postMessage(reply));
});
