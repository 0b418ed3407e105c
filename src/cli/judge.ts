// `imlint [options] <inputs...>`: load the config, analyse, write the chosen format, decide the
// exit code (0 nothing at/above --fail-on, 1 a fail at/above it or a regression difference,
// 2 usage error or an input that could not be read at all).
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE, type ConfigInput, loadConfig, parseRuleFlags } from '../config/load.js';
import { jsonChunks } from '../report/json.js';
import { junitChunks } from '../report/junit.js';
import { createProgress, NO_PROGRESS } from '../report/progress.js';
import { sanitize } from '../report/sanitize.js';
import { sarifChunks } from '../report/sarif.js';
import { streamDocument } from '../report/stream-format.js';
import { textChunks } from '../report/text.js';
import type { JsonSeverity, Report, ReportSummary } from '../report/types.js';
import { failsAt } from '../report/verdict-view.js';
import { registry } from '../rules/index.js';
import { type DialogSource, DialogStore } from '../ui/dialog-store.js';
import { type Reanalyze, runRegression } from './regression.js';
import { canRunTui, EXIT, type CliIO, useColor } from './io.js';
import { writeChunks, writeFileChunks } from './write-chunks.js';
import { FLAG_NAMES, flagsAsConfig, type JudgeOptions, type OutputFormat } from './options.js';
import type { AnalyzeRequest, Pipeline } from './pipeline.js';
import type { ImlintConfig } from '../config/types.js';

export interface JudgeDeps {
  pipeline: () => Promise<Pipeline>;
  /**
   * Mounts the interactive UI and resolves when the user quits. `dialogs` holds the report's
   * dialogs when `report.dialogs` is empty (spooled as they were judged).
   */
  runTui: (report: Report, io: CliIO, dialogs?: DialogSource) => Promise<void>;
}

function usage(io: CliIO, message: string): number {
  io.stderr.write(`imlint: ${message}\n`);
  return EXIT.usage;
}

/** Inputs that do not exist or cannot be stat'ed: "could not be read at all". */
async function unreachable(inputs: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    try {
      await stat(resolve(cwd, input));
    } catch (e) {
      out.push(`${input}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
  return out;
}

/**
 * Inputs named on the command line that the readers could make nothing of (unknown format, no
 * packets, an error said why). A file met while walking a directory (a README beside captures)
 * keeps its diagnostic in the report but is not a usage error.
 */
export function unreadableInputs(report: Report, named: readonly string[], cwd: string): string[] {
  const given = new Set(named.map((p) => resolve(cwd, p)));
  return report.inputs
    .filter((i) => i.format === 'unknown' && i.packets === 0 && i.diagnostics.some((d) => d.severity === 'error'))
    .filter((i) => given.has(resolve(cwd, i.path)))
    .map((i) => i.path);
}

export function render(report: Report, format: Exclude<OutputFormat, 'tui'>, color: boolean): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonChunks(report);
    case 'junit':
      return junitChunks(report);
    case 'sarif':
      return sarifChunks(report);
    case 'text':
      return textChunks(report, { color });
  }
}

/** The report to --output or stdout; false (after saying why) when the file cannot be written. */
function writeReport(report: Report, format: Exclude<OutputFormat, 'tui'>, o: JudgeOptions, io: CliIO): Promise<boolean> {
  return writeDocument(render(report, format, textColor(format, o, io)), o, io);
}

function textColor(format: OutputFormat, o: JudgeOptions, io: CliIO): boolean {
  return format === 'text' && o.output === undefined && useColor(io.stdout, io.env, o.color);
}

async function writeDocument(chunks: Iterable<string | Buffer>, o: JudgeOptions, io: CliIO): Promise<boolean> {
  if (o.output === undefined) {
    await writeChunks(io.stdout, chunks);
    return true;
  }
  try {
    await writeFileChunks(resolve(io.cwd, o.output), chunks);
    return true;
  } catch (e) {
    usage(io, `${o.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return false;
  }
}

export async function runJudge(inputs: string[], o: JudgeOptions, io: CliIO, deps: JudgeDeps): Promise<number> {
  const ruleFlags = parseRuleFlags(o.rule);
  if (ruleFlags.errors.length > 0) return usage(io, ruleFlags.errors.join('\nimlint: '));
  const known = new Set(registry.map((r) => r.meta.id));
  const flags = flagsAsConfig(o, ruleFlags.rules);
  const { loaded, errors } = loadConfig({
    configPath: o.config,
    cwd: io.cwd,
    flags,
    flagNames: FLAG_NAMES,
    knownRules: known,
  });
  if (!loaded) return usage(io, errors.join('\nimlint: '));

  const tuiPossible = canRunTui(io) && o.output === undefined;
  const format: OutputFormat = o.format ?? (tuiPossible ? 'tui' : 'text');
  // Never mount the interactive app without a terminal (FINDINGS.md: erase codes in pipes, exit 1).
  if (format === 'tui' && !tuiPossible) {
    return usage(io, '--format tui needs a terminal on stdin and stdout, no CI, and no --output; use --format text');
  }
  const missing = await unreachable(inputs, io.cwd);
  if (missing.length > 0) return usage(io, missing.map(sanitize).join('\nimlint: '));

  const pipeline = await deps.pipeline();
  const progress = createProgress(io.stderr);
  const req: AnalyzeRequest = {
    inputFormat: o.inputFormat,
    limits: loaded.limits,
    merge: o.merge === true,
    strict: o.strict === true,
    jobs: o.jobs,
    detail: format === 'tui',
    progress,
  };
  const regressionMode = o.expect === true || o.updateExpected === true || o.baseline !== undefined;
  // The report formats stream (memory bounded by open dialogs); the UI and regression mode need
  // the dialogs in memory.
  if (format !== 'tui' && !regressionMode && pipeline.stream) {
    const streamFormat = { format, color: textColor(format, o, io) };
    let streamed;
    try {
      streamed = await pipeline.stream(inputs, loaded.config, req, streamFormat);
    } finally {
      progress.done();
    }
    try {
      const { report, sections } = streamed;
      if (report.inputs.length === 0) return nothingFound(io, inputs);
      if (!(await writeDocument(streamDocument(report, sections, streamFormat), o, io))) return EXIT.usage;
      return finish(report, summaryExit(report, o), inputs, io);
    } finally {
      streamed.dispose();
    }
  }
  if (format === 'tui' && !regressionMode) return browse(inputs, o, io, deps, pipeline, loaded.config, req);
  let report: Report;
  try {
    report = await pipeline.analyze(inputs, loaded.config, req);
  } finally {
    progress.done();
  }

  if (report.inputs.length === 0) return nothingFound(io, inputs);

  let code: number = report.dialogs.some((d) => d.verdicts.some((v) => failsAt(v, o.failOn))) ? EXIT.failures : EXIT.ok;

  if (regressionMode) {
    // A case whose expected file names a configuration, or that has an imlint.config.json beside
    // it, is judged again under it, as the fixture suite judges it.
    const reanalyze: Reanalyze = async (input, caseConfig) => {
      const dir = dirname(resolve(io.cwd, input));
      if (caseConfig === undefined && !existsSync(join(dir, CONFIG_FILE))) return undefined;
      const own = loadConfig({ configPath: o.config, cwd: dir, flags: { ...flags, ...(caseConfig as ConfigInput) }, flagNames: FLAG_NAMES, knownRules: known });
      if (!own.loaded) return own.errors.join('; ');
      const req = { inputFormat: o.inputFormat, limits: own.loaded.limits, merge: false, strict: o.strict === true, jobs: 1, detail: false, progress: NO_PROGRESS };
      return pipeline.analyze([input], own.loaded.config, req);
    };
    const regression = await runRegression(
      report,
      { expect: o.expect === true || o.baseline !== undefined, update: o.updateExpected === true, baseline: o.baseline },
      io,
      reanalyze,
    );
    if (regression === 'usage') return EXIT.usage;
    // In regression mode the verdict differences decide, not the fail threshold.
    code = regression === 'differences' ? EXIT.failures : EXIT.ok;
    // The report itself still goes to --output when one is named (CI keeps both).
    if (o.output !== undefined && !(await writeReport(report, format === 'tui' ? 'text' : format, o, io))) return EXIT.usage;
  } else if (format !== 'tui' && !(await writeReport(report, format, o, io))) {
    return EXIT.usage;
  }

  return finish(report, code, inputs, io);
}

/**
 * The interactive UI over a capture of any size: each dialog (with its ladder and raw text) goes to
 * a spool file as it is judged and the UI holds one light row per dialog (memory bounded like the
 * streamed formats). The spool is removed on every way out: quit, an error, Ctrl-C or a kill.
 */
async function browse(inputs: string[], o: JudgeOptions, io: CliIO, deps: JudgeDeps, pipeline: Pipeline, config: ImlintConfig, req: AnalyzeRequest): Promise<number> {
  const store = new DialogStore();
  try {
    let report: Report;
    try {
      report = await pipeline.analyze(inputs, config, { ...req, keepDialogs: false, onDialog: (d) => store.add(d) });
    } finally {
      req.progress.done();
    }
    if (report.inputs.length === 0) return nothingFound(io, inputs);
    // A pipeline that keeps its dialogs anyway (one without onDialog) still shows them all.
    if (store.size === 0) for (const d of report.dialogs) store.add(d);
    store.finish(report.inputs);
    await deps.runTui(report, io, store);
    return finish(report, summaryExit(report, o), inputs, io);
  } finally {
    store.dispose();
  }
}

/** A named input that could not be read at all turns the exit code into a usage error. */
function finish(report: Report, code: number, inputs: string[], io: CliIO): number {
  const unreadable = unreadableInputs(report, inputs, io.cwd);
  if (unreadable.length > 0) {
    // A --jobs worker that died could not say how far it got: its input counts as unread.
    const died = new Set(report.inputs.filter((i) => i.diagnostics.some((d) => d.code === 'report.worker-failed')).map((i) => i.path));
    io.stderr.write(unreadable.map((p) => `imlint: ${sanitize(p)}: ${died.has(p) ? 'analysis failed (worker died, see the report)' : 'could not be read at all'}\n`).join(''));
    return EXIT.usage;
  }
  return code;
}

// Like ESLint's "no files matching": directories that held nothing to read are a usage error.
function nothingFound(io: CliIO, inputs: string[]): number {
  return usage(io, `no capture or log found in ${inputs.map(sanitize).join(', ')}`);
}

/** The exit code of a report whose dialogs were streamed: from the summary's counts. */
function summaryExit(report: Report, o: JudgeOptions): number {
  return summaryFailsAt(report.summary, o.failOn) ? EXIT.failures : EXIT.ok;
}

/** Whether any fail verdict counted in the summary is at or above --fail-on (no dialogs needed). */
function summaryFailsAt(summary: ReportSummary, failOn: JudgeOptions['failOn']): boolean {
  return (Object.keys(summary.failures) as JsonSeverity[]).some((severity) => summary.failures[severity] > 0 && failsAt({ verdict: 'fail', severity }, failOn));
}
