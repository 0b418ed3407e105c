// The `json` format: the Report contract (schema/report.schema.json), every string sanitised.
// Written in chunks, one input or dialog at a time: a large capture's report exceeds V8's longest
// string (JSON.stringify threw "Invalid string length" on a 100 MB capture), and sanitising a copy
// of one dialog at a time keeps memory flat. The text is exactly `JSON.stringify(report, null, 2)`
// of the sanitised report (src/report/json-writer.ts writes it), so the same inputs give
// byte-identical output.
import { dialogJson, dialogJsonBytes } from './json-dialog.js';
import { reportJson } from './json-writer.js';
import { type Chunk, type DialogFormatter, joinSections, lazySection, type Section, totalItems } from './stream.js';
import type { Report } from './types.js';

/** A value nested `depth` levels deep (JSON.stringify would write `undefined` as null there). */
function nested(value: unknown, depth: number): string {
  return reportJson(value, 2 * depth) ?? 'null';
}

function* array(key: string, items: readonly unknown[], last: boolean): Generator<string> {
  const tail = last ? '\n' : ',\n';
  if (items.length === 0) {
    yield `  ${JSON.stringify(key)}: []${tail}`;
    return;
  }
  yield `  ${JSON.stringify(key)}: [\n`;
  for (let i = 0; i < items.length; i++) yield `    ${nested(items[i], 2)}${i < items.length - 1 ? ',\n' : '\n'}`;
  yield `  ]${tail}`;
}

/** One dialog as an item of the "dialogs" array. */
export const jsonDialogs: DialogFormatter = {
  separator: ',\n',
  items: (d) => [`    ${dialogJson(d)}`],
};

/** The same items as UTF-8 bytes in latin1 strings, for spools (encoded while written). */
export const jsonDialogBytes: DialogFormatter = {
  separator: jsonDialogs.separator,
  items: (d) => [`    ${dialogJsonBytes(d)}`],
  encoding: 'latin1',
};

function* dialogArray<C extends Chunk>(sections: readonly Section<C>[], last: boolean): Generator<string | C> {
  const tail = last ? '\n' : ',\n';
  if (totalItems(sections) === 0) {
    yield `  "dialogs": []${tail}`;
    return;
  }
  yield '  "dialogs": [\n';
  yield* joinSections(sections, jsonDialogs.separator);
  yield `\n  ]${tail}`;
}

/** The document with the dialogs taken from `sections` (in their order), not `report.dialogs`. */
export function* jsonDocument<C extends Chunk>(report: Report, sections: readonly Section<C>[]): Generator<string | C> {
  const { inputs, dialogs: _dialogs, ...rest } = report;
  yield '{\n';
  // Keys in the contract's order: version, tool, inputs, dialogs, summary.
  const keys = Object.keys(report) as (keyof Report)[];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const last = k === keys.length - 1;
    if (key === 'inputs') yield* array('inputs', inputs, last);
    else if (key === 'dialogs') yield* dialogArray(sections, last);
    else yield `  ${JSON.stringify(key)}: ${nested(rest[key as keyof typeof rest], 1)}${last ? '\n' : ',\n'}`;
  }
  yield '}\n';
}

export function jsonChunks(report: Report): Generator<string> {
  // Formatted while written: an in-memory report is not held a second time as text.
  return jsonDocument(report, [lazySection('', report.dialogs, jsonDialogs, report.dialogs.length)]);
}

export function formatJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}
