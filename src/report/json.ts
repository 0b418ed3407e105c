// The `json` format: the Report contract (schema/report.schema.json), every string sanitised.
// Written in chunks, one input or dialog at a time: a large capture's report exceeds V8's longest
// string (JSON.stringify threw "Invalid string length" on a 100 MB capture), and sanitising a copy
// of one dialog at a time keeps memory flat. The text is exactly `JSON.stringify(report, null, 2)`
// of the sanitised report, so the same inputs give byte-identical output.
import { reportJsonReplacer } from './sanitize.js';
import type { Report } from './types.js';

/**
 * `JSON.stringify(value, null, 2)` as it appears nested `depth` levels deep: stringified inside
 * `depth` one-element arrays, which indent it exactly so, and those brackets cut off again.
 */
function nested(value: unknown, depth: number): string {
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, reportJsonReplacer, 2);
  // Opening: "[\n" at indents 0, 2, .., 2(depth-1), then the value's own indent 2·depth;
  // closing: "\n" + indent + "]" for the same indents.
  const brackets = depth * (depth + 1);
  return text.slice(brackets + 2 * depth, text.length - brackets);
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

export function* jsonChunks(report: Report): Generator<string> {
  const { inputs, dialogs, ...rest } = report;
  yield '{\n';
  // Keys in the contract's order: version, tool, inputs, dialogs, summary.
  const keys = Object.keys(report) as (keyof Report)[];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const last = k === keys.length - 1;
    if (key === 'inputs') yield* array('inputs', inputs, last);
    else if (key === 'dialogs') yield* array('dialogs', dialogs, last);
    else yield `  ${JSON.stringify(key)}: ${nested(rest[key as keyof typeof rest], 1)}${last ? '\n' : ',\n'}`;
  }
  yield '}\n';
}

export function formatJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}
