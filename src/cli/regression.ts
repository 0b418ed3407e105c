// Regression over fixtures: `--expect` compares each input X with X.expected.json beside it
// (`--baseline FILE`: one file for all inputs), printing verdict changes per dialog and rule;
// `--update-expected` writes the files from the report.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compareExpected, EXPECTED_SUFFIX, expectedFromReport, parseExpected } from '../report/expected.js';
import type { Report } from '../report/types.js';
import { sanitize } from '../report/sanitize.js';
import type { CliIO } from './io.js';

export interface RegressionOptions {
  expect: boolean;
  update: boolean;
  baseline?: string;
}

/** The comparison API of src/report/expected.ts (issue 4); tests may pass their own. */
export interface ExpectedApi {
  parseExpected: typeof parseExpected;
  compareExpected: typeof compareExpected;
  expectedFromReport: typeof expectedFromReport;
}

/** The file `--expect` compares input X with. */
export function expectedPath(input: string): string {
  return `${input}${EXPECTED_SUFFIX}`;
}

/** A baseline covers every input: compare as if all dialogs came from one input. */
const BASELINE_INPUT = '<baseline>';

export type RegressionOutcome = 'same' | 'differences' | 'usage';

/**
 * Analyse one input again under the configuration its expected file names (`config`, and an
 * imlint.config.json beside it), as the fixture suite does; a string is an error message.
 */
export type Reanalyze = (input: string, config: Record<string, unknown> | undefined) => Promise<Report | string | undefined>;

async function readExpected(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function runRegression(
  report: Report,
  opts: RegressionOptions,
  io: CliIO,
  reanalyze?: Reanalyze,
  api?: ExpectedApi,
): Promise<RegressionOutcome> {
  const expected = api ?? { parseExpected, compareExpected, expectedFromReport };
  const targets: { file: string; input?: string; label: string }[] =
    opts.baseline !== undefined
      ? [{ file: resolve(io.cwd, opts.baseline), label: opts.baseline }]
      : report.inputs.map((i) => ({ file: resolve(io.cwd, expectedPath(i.path)), input: i.path, label: expectedPath(i.path) }));

  const judgedReport = async (input: string | undefined, config: Record<string, unknown> | undefined): Promise<Report | string> =>
    (input !== undefined && reanalyze ? await reanalyze(input, config) : undefined) ?? report;

  if (opts.update) {
    for (const t of targets) {
      // Keep what a person wrote: the description and the case's configuration.
      const old = expected.parseExpected((await readExpected(t.file)) ?? '').expected;
      const judged = await judgedReport(t.input, old?.config);
      if (typeof judged === 'string') {
        io.stderr.write(`imlint: ${sanitize(t.label)}: ${sanitize(judged)}\n`);
        return 'usage';
      }
      const data = expected.expectedFromReport(judged, t.input, old?.description);
      const out = old?.config !== undefined ? { description: data.description, config: old.config, dialogs: data.dialogs } : data;
      await writeFile(t.file, JSON.stringify(out, null, 2) + '\n');
      io.stdout.write(`wrote ${sanitize(t.label)}\n`);
    }
    return 'same';
  }

  let differences = 0;
  for (const t of targets) {
    let data: string;
    try {
      data = await readFile(t.file, 'utf8');
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      io.stderr.write(`imlint: ${sanitize(t.label)}: cannot read expected verdicts (${sanitize(String(why))}); --update-expected writes it\n`);
      return 'usage';
    }
    const parsed = expected.parseExpected(data);
    if (!parsed.expected) {
      io.stderr.write(`imlint: ${sanitize(t.label)}: ${sanitize(parsed.error ?? 'unreadable')}\n`);
      return 'usage';
    }
    const judged = await judgedReport(t.input, parsed.expected.config);
    if (typeof judged === 'string') {
      io.stderr.write(`imlint: ${sanitize(t.label)}: ${sanitize(judged)}\n`);
      return 'usage';
    }
    const diffs =
      t.input !== undefined
        ? expected.compareExpected(judged, parsed.expected, t.input)
        : expected.compareExpected({ ...report, dialogs: report.dialogs.map((d) => ({ ...d, input: BASELINE_INPUT })) }, parsed.expected, BASELINE_INPUT);
    const name = sanitize(t.input ?? t.label);
    if (diffs.length === 0) {
      io.stdout.write(`${name}: as expected\n`);
      continue;
    }
    differences += diffs.length;
    io.stdout.write(`${name}: ${diffs.length} verdict change${diffs.length === 1 ? '' : 's'}\n`);
    for (const d of diffs) io.stdout.write(`  ${sanitize(d.message)}\n`);
  }
  if (differences > 0) io.stdout.write(`\n${differences} verdict change${differences === 1 ? '' : 's'} against the expected files\n`);
  return differences > 0 ? 'differences' : 'same';
}
