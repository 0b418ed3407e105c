// analyze() with every dialog formatted into its input's spool file as soon as it is judged
// (keepDialogs: false): the returned report holds inputs and summary only, so memory stays
// O(open dialogs). Used by the command's streaming path and by each `--jobs` worker.
import type { ImlintConfig } from '../config/types.js';
import { type AnalyzeOptions, analyze } from './analyze.js';
import { orderSections, type SpooledSection, SpoolSet, type StreamFormatOptions } from './stream.js';
import { dialogFormatter } from './stream-format.js';
import type { Report } from './types.js';

export interface SpooledReport {
  /** Inputs and summary; `dialogs` is empty (they are in the sections' files). */
  report: Report;
  /** In the report's input order. */
  sections: SpooledSection[];
}

/** `prefix` keeps the file names of several analyses sharing one directory apart. */
export async function analyzeSpooled(
  paths: string[],
  config: ImlintConfig,
  opts: AnalyzeOptions,
  format: StreamFormatOptions,
  dir: string,
  prefix = '',
): Promise<SpooledReport> {
  const spools = new SpoolSet(dir, dialogFormatter(format), prefix);
  const onDialog = opts.onDialog;
  let report: Report;
  try {
    report = await analyze(paths, config, {
      ...opts,
      keepDialogs: false,
      onDialog: (d) => {
        spools.add(d);
        onDialog?.(d);
      },
    });
  } catch (e) {
    // No descriptor is left open when analyze() throws (it turns input failures into diagnostics).
    spools.close();
    throw e;
  }
  const sections = spools.close();
  return { report, sections: orderSections(report.inputs, sections) };
}
