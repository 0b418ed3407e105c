// The pipeline entry points the command calls (CONTRIBUTING.md), loaded on first use so that
// `imlint rules`, `--help` and `--version` start without the capture stack. Tests inject their own.
import type { CaptureLimits, CaptureOptions, CaptureSource, Diagnostic, InputFormat, RawSipMessage } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import type { Progress } from '../report/progress.js';
import type { Report } from '../report/types.js';
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
}

export interface Pipeline {
  analyze(paths: string[], config: ImlintConfig, req: AnalyzeRequest): Promise<Report>;
  expandInputs(paths: string[]): Promise<{ files: string[]; diagnostics: Diagnostic[] }>;
  openInput(path: string, opts?: CaptureOptions): Promise<CaptureSource>;
  parseMessage(raw: RawSipMessage, opts?: ParseOptions): SipMessage;
}

// Specifiers kept in variables: tsc type-checks the adapter below against CONTRIBUTING.md's
// signatures, not against modules still being written by other stages.
const ANALYZE = '../report/analyze.js';
const CAPTURE = '../capture/index.js';
const SIP = '../sip/index.js';

interface AnalyzeModule {
  analyze(paths: string[], config: ImlintConfig, opts: Record<string, unknown>): Promise<Report>;
}
interface CaptureModule {
  expandInputs: Pipeline['expandInputs'];
  openInput: Pipeline['openInput'];
}
interface SipModule {
  parseMessage: Pipeline['parseMessage'];
}

export async function loadPipeline(): Promise<Pipeline> {
  const [a, c, s] = await Promise.all([
    import(ANALYZE) as Promise<AnalyzeModule>,
    import(CAPTURE) as Promise<CaptureModule>,
    import(SIP) as Promise<SipModule>,
  ]);
  return {
    analyze: (paths, config, req) =>
      a.analyze(paths, config, {
        inputFormat: req.inputFormat,
        capture: { limits: req.limits },
        merge: req.merge,
        strict: req.strict,
        ladder: req.detail,
        onProgress: (p: { bytesRead: number; bytesTotal: number; dialogs: number }) => req.progress.update(p),
      }),
    expandInputs: c.expandInputs,
    openInput: c.openInput,
    parseMessage: s.parseMessage,
  };
}
