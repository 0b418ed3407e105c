// The streaming formats by name: how each turns a dialog into spooled items, and how its document is put
// together around the spooled sections (src/report/stream.ts).
import { jsonDialogBytes, jsonDocument } from './json.js';
import { junitDialogs, junitDocument } from './junit.js';
import { registryRuleIndex, sarifDialogs, sarifDocument } from './sarif.js';
import type { Chunk, DialogFormatter, Section, StreamFormatOptions } from './stream.js';
import { textDialogs, textDocument } from './text.js';
import type { Report } from './types.js';

export function dialogFormatter(opts: StreamFormatOptions): DialogFormatter {
  switch (opts.format) {
    case 'json':
      return jsonDialogBytes;
    case 'text':
      return textDialogs({ color: opts.color });
    case 'junit':
      return junitDialogs;
    case 'sarif':
      return sarifDialogs(registryRuleIndex());
  }
}

/** The whole document: `report` gives inputs and summary (its dialogs are ignored), `sections` the dialogs. */
export function streamDocument(report: Report, sections: readonly Section[], opts: StreamFormatOptions): Iterable<Chunk> {
  switch (opts.format) {
    case 'json':
      return jsonDocument(report, sections);
    case 'text':
      return textDocument(report, sections, { color: opts.color });
    case 'junit':
      return junitDocument(report, sections);
    case 'sarif':
      return sarifDocument(report, sections);
  }
}
