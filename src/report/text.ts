// The `text` format: grouped by input and dialog, one line per failed or inconclusive rule, a
// summary line. Readable without colour; colour only when the caller says the output is a terminal.
import { sanitize } from './sanitize.js';
import { type Chunk, type DialogFormatter, lazySection, type Section } from './stream.js';
import type { Report, ReportDialog, ReportVerdict } from './types.js';
import { dialogsByInput, isNotable, locationOf, verdictLocation, wallClock } from './verdict-view.js';

export interface TextOptions {
  /** SGR colours (the caller decides: a TTY and NO_COLOR unset). */
  color: boolean;
  /** Also list dialogs whose verdicts all passed (default: only dialogs with something to say). */
  verbose?: boolean;
}

const SGR = { red: 31, yellow: 33, blue: 34, magenta: 35, dim: 2, bold: 1 } as const;
type Style = keyof typeof SGR;

function paint(text: string, style: Style, color: boolean): string {
  return color ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text;
}

function verdictStyle(v: ReportVerdict): Style {
  if (v.verdict === 'inconclusive') return 'magenta';
  return v.severity === 'error' ? 'red' : v.severity === 'warning' ? 'yellow' : 'blue';
}

export function dialogTitle(d: ReportDialog): string {
  const conf = d.conferenceUri ? `  conference ${sanitize(d.conferenceUri)}` : '';
  return (
    `${d.kind}  ${sanitize(d.callId)}  ${sanitize(d.client)} → ${sanitize(d.peer)}  ` +
    `${wallClock(d.start)}${conf}`
  );
}

function verdictLine(v: ReportVerdict, color: boolean): string {
  const at = verdictLocation(v);
  const status = `${v.verdict.padEnd(12)} ${v.severity.padEnd(7)}`;
  return (
    `    ${paint(status, verdictStyle(v), color)} ${sanitize(v.rule)}  ${sanitize(v.clause)}: ` +
    `${sanitize(v.message)}${at ? `  (${at})` : ''}`
  );
}

/** The summary line, also printed by the CLI under other formats' output on a terminal. */
export function summaryLine(report: Report): string {
  const s = report.summary;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `${plural(s.dialogs, 'dialog')} (${s.imDialogs} IM) in ${plural(s.inputs, 'input')}: ` +
    `${s.verdicts.pass} pass, ${s.verdicts.fail} fail ` +
    `(${s.failures.error} error, ${s.failures.warning} warning, ${s.failures.info} info), ` +
    `${s.verdicts.inconclusive} inconclusive, ${s.verdicts['not-applicable']} not applicable; ` +
    `${plural(s.diagnostics, 'diagnostic')}`
  );
}

/** A dialog with something to say (or every dialog with `verbose`) as one block. */
export function textDialogs(opts: TextOptions): DialogFormatter {
  return {
    separator: '',
    items: (d) => {
      const notable = d.verdicts.filter(isNotable);
      if (notable.length === 0 && !opts.verbose) return [];
      const out = [`  ${dialogTitle(d)}`];
      if (notable.length === 0) out.push(`    ${paint('all verdicts pass or do not apply', 'dim', opts.color)}`);
      for (const v of notable) out.push(verdictLine(v, opts.color));
      return [out.join('\n') + '\n'];
    },
  };
}

/** The document with each input's dialogs taken from its section, not `report.dialogs`. */
export function* textDocument<C extends Chunk>(report: Report, sections: readonly Section<C>[], opts: TextOptions): Generator<string | C> {
  const byInput = new Map<string, Section<C>[]>();
  for (const s of sections) byInput.set(s.input, [...(byInput.get(s.input) ?? []), s]);
  for (const input of report.inputs) {
    const own = byInput.get(input.path) ?? [];
    byInput.delete(input.path);
    const dialogs = own.reduce((n, s) => n + s.tally.dialogs, 0);
    yield paint(sanitize(input.path), 'bold', opts.color) +
      `  (${sanitize(input.format)}, ${input.packets} packets, ${input.sipMessages} SIP messages, ` +
      `${dialogs} dialog${dialogs === 1 ? '' : 's'})\n`;
    for (const s of own) yield* s.chunks();
    for (const diag of input.diagnostics) {
      const at = [locationOf(diag), diag.offset !== undefined ? `offset ${diag.offset}` : '']
        .filter((s) => s !== '')
        .join(', ');
      yield `  ${paint(`diagnostic ${diag.severity.padEnd(7)}`, 'dim', opts.color)} ${sanitize(diag.code)}: ` +
        `${sanitize(diag.message)}${at ? `  (${at})` : ''}\n`;
    }
  }
  // Dialogs whose input is not listed (should not happen; never drop them silently).
  for (const [input, own] of byInput) {
    yield `${paint(sanitize(input), 'bold', opts.color)}\n`;
    for (const s of own) yield* s.chunks();
  }
  yield `\n${summaryLine(report)}\n`;
}

/** The report as text, one input or dialog per chunk (large reports never become one string). */
export function textChunks(report: Report, opts: TextOptions): Generator<string> {
  const formatter = textDialogs(opts);
  const sections = [...dialogsByInput(report)].map(([input, dialogs]) => lazySection(input, dialogs, formatter, 0));
  return textDocument(report, sections, opts);
}

export function formatText(report: Report, opts: TextOptions): string {
  return [...textChunks(report, opts)].join('');
}
