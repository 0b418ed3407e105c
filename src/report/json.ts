// The `json` format: the Report contract (schema/report.schema.json), every string sanitised.
// Key order follows the objects as built, so the same inputs give byte-identical output.
import { sanitizeReport } from './sanitize.js';
import type { Report } from './types.js';

export function formatJson(report: Report): string {
  return JSON.stringify(sanitizeReport(report), null, 2) + '\n';
}
