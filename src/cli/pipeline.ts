// The pipeline entry points the command calls (CONTRIBUTING.md), loaded on first use so that
// `imlint rules`, `--help` and `--version` start without the capture stack. Tests inject their own.
import { setFlagsFromString } from 'node:v8';
import type { CaptureLimits, CaptureOptions, CaptureSource, Diagnostic, InputFormat, RawSipMessage } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import type { AnalyzeOptions } from '../report/analyze.js';
import type { Progress } from '../report/progress.js';
import type { Section, StreamFormatOptions } from '../report/stream.js';
import type { Report, ReportDialog } from '../report/types.js';
import type { ParseOptions, SipMessage } from '../sip/types.js';

/** What the command asks of analyze() (src/report/analyze.ts). */
export interface AnalyzeRequest {
  inputFormat?: InputFormat;
  limits?: Partial<CaptureLimits>;
  merge: boolean;
  strict: boolean;
  jobs: number;
  /** Fill `ladder`, `timer` and the ladder's raw text (the interactive UI). */
  detail: boolean;
  progress: Progress;
  /** Each dialog as soon as it is judged (the interactive UI spools them). */
  onDialog?: (d: ReportDialog) => void;
  /** false: `report.dialogs` stays empty, the dialogs go to `onDialog` only (memory bounded). */
  keepDialogs?: boolean;
}

/** A streamed analysis: the dialogs, already formatted, wait in spool files until `dispose`. */
export interface StreamedReport {
  /** Inputs and summary; `dialogs` is empty. */
  report: Report;
  /** Each input's formatted dialogs, in report order; a piece of bytes is valid until the next is read (writeChunks). */
  sections: Section[];
  /** Removes the spool files. */
  dispose(): void;
}

export interface Pipeline {
  analyze(paths: string[], config: ImlintConfig, req: AnalyzeRequest): Promise<Report>;
  /**
   * Memory bounded by open dialogs: each dialog formatted as soon as it is judged. Optional (a
   * pipeline without it is used through `analyze`, the in-memory path).
   */
  stream?(paths: string[], config: ImlintConfig, req: AnalyzeRequest, format: StreamFormatOptions): Promise<StreamedReport>;
  expandInputs(paths: string[]): Promise<{ files: string[]; diagnostics: Diagnostic[] }>;
  openInput(path: string, opts?: CaptureOptions): Promise<CaptureSource>;
  parseMessage(raw: RawSipMessage, opts?: ParseOptions): SipMessage;
}

export async function loadPipeline(): Promise<Pipeline> {
  // One after the other: Node 20 can fail concurrent dynamic imports that share modules
  // ("request for ... is not in cache").
  const a = await import('../report/parallel.js');
  const st = await import('../report/stream.js');
  const c = await import('../capture/index.js');
  const s = await import('../sip/index.js');
  return {
    // --jobs N: inputs analysed on N worker threads, output identical to --jobs 1.
    analyze: (paths, config, req) => {
      if (req.keepDialogs === false) boundHeapGrowth();
      return a.analyzeParallel(paths, config, analyzeOptions(req), req.jobs);
    },
    stream: async (paths, config, req, format) => {
      boundHeapGrowth();
      const spool = st.spoolDirectory();
      try {
        const { report, sections } = await a.streamParallel(paths, config, analyzeOptions(req), req.jobs, format, spool.dir);
        return { report, sections: sections.map((s) => st.spooledSection(s, true)), dispose: spool.dispose };
      } catch (e) {
        spool.dispose();
        throw e;
      }
    },
    expandInputs: c.expandInputs,
    openInput: c.openInput,
    parseMessage: s.parseMessage,
  };
}

function analyzeOptions(req: AnalyzeRequest): AnalyzeOptions {
  return {
    inputFormat: req.inputFormat,
    capture: { limits: req.limits },
    merge: req.merge,
    strict: req.strict,
    ladder: req.detail,
    onProgress: (p) => req.progress.update(p),
    onDialog: req.onDialog,
    keepDialogs: req.keepDialogs,
  };
}

/**
 * Streaming keeps only open dialogs alive (~85 MB live on the 100 MB bench capture, held messages
 * cooled to their text), but V8 lets the old space grow to ~4× the live set between full
 * collections when allocation is fast, so RSS grew with the file (0.7 GB at 25 MB, 1.7 GB at
 * 100 MB). Growing by at most 35 % per step keeps it near 300 MB: 100 MB bench, 4 runs each
 * alternating, V8's default 477-483 MB, 50 % 321-331 MB at 20.4-20.7 CPU-s, 35 % 295-307 MB at
 * 16.9-18.7 CPU-s, 25 % no lower (301-316 MB) and slower. A heap flag given on the command line
 * wins. Set before the first worker starts (flags are global).
 */
function boundHeapGrowth(): void {
  if (process.execArgv.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return;
  setFlagsFromString('--heap-growing-percent=35');
}
