// The `junit` format (validated against schema/junit-10.xsd, Jenkins xUnit): one testsuite per
// input, one testcase per dialog × rule. A rule with several verdicts in one dialog (timer cycles)
// is one testcase: `failure` per failed verdict, else `skipped` when any verdict is inconclusive
// or all are not-applicable, else a pass.
import { sanitize } from './sanitize.js';
import { type Chunk, type DialogFormatter, memorySection, type Section } from './stream.js';
import type { Report, ReportDialog, ReportVerdict } from './types.js';
import { dialogsByInput, locationOf, verdictLocation } from './verdict-view.js';

/** What `xml` rewrites: markup characters, what `sanitize` rewrites, surrogates, U+FFFE/U+FFFF. */
const XML_REWRITTEN = /[&<>"'\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]/;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * XML 1.0 escaping. Input is already sanitised (no C0 controls); lone surrogates and U+FFFE/U+FFFF
 * are not XML characters either, so they are shown like sanitise() shows controls.
 */
export function xml(text: string): string {
  // Most text needs none of it: one test instead of three passes.
  if (!XML_REWRITTEN.test(text)) return text;
  return sanitize(text)
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c])
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g, (c) =>
      `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

/** xml() of the strings every dialog repeats (rule ids, verdict values); bounded. */
const recurring = new Map<string, string>();
const RECURRING_MAX = 4096;

function xmlRecurring(text: string): string {
  let out = recurring.get(text);
  if (out === undefined) {
    if (recurring.size >= RECURRING_MAX) recurring.clear();
    recurring.set(text, (out = xml(text)));
  }
  return out;
}

function verdictText(v: ReportVerdict): string {
  const lines = [`${v.rule} (${v.clause}): ${v.message}`];
  for (const e of v.evidence) {
    const parts = [locationOf(e), e.time ?? '', e.header ?? '', e.note ?? ''].filter((p) => p !== '');
    lines.push(`  ${parts.join('  ')}`);
  }
  return lines.map(xml).join('\n');
}

type CaseOutcome = 'failure' | 'skipped' | 'pass';

interface Case {
  /** `<testcase classname="…" name="`: the dialog's classname escaped once for all its testcases. */
  open: string;
  rule: string;
  verdicts: ReportVerdict[];
  outcome: CaseOutcome;
}

/** The testcases of one dialog: its verdicts grouped by rule, in first-emission order. */
function casesOf(d: ReportDialog): Case[] {
  const byRule = new Map<string, ReportVerdict[]>();
  for (const v of d.verdicts) {
    const list = byRule.get(v.rule);
    if (list) list.push(v);
    else byRule.set(v.rule, [v]);
  }
  const open = `    <testcase classname="${xml(`${d.kind} ${d.callId} ${d.fromTag}`)}" name="`;
  return [...byRule].map(([rule, verdicts]) => ({
    open,
    rule,
    verdicts,
    outcome: verdicts.some((v) => v.verdict === 'fail')
      ? 'failure'
      : verdicts.some((v) => v.verdict === 'inconclusive') || verdicts.every((v) => v.verdict === 'not-applicable')
        ? 'skipped'
        : 'pass',
  }));
}

function testcase(c: Case): string {
  const open = `${c.open}${xmlRecurring(c.rule)}" time="0"`;
  if (c.outcome === 'failure') {
    const body = c.verdicts
      .filter((v) => v.verdict === 'fail')
      .map((v) => {
        const at = verdictLocation(v);
        const message = xml(`${v.severity}: ${v.message}${at ? ` (${at})` : ''}`);
        return `      <failure type="${xml(v.severity)}" message="${message}">${verdictText(v)}</failure>`;
      });
    return `${open}>\n${body.join('\n')}\n    </testcase>\n`;
  }
  if (c.outcome === 'skipped') {
    const by = c.verdicts.find((v) => v.verdict === 'inconclusive') ?? c.verdicts[0];
    // xml() rewrites character by character (a surrogate is lone or paired within its own part,
    // ': ' stands between): the parts escaped apart, the verdict value once for all dialogs.
    return `${open}>\n      <skipped message="${xmlRecurring(by.verdict)}: ${xml(by.message)}"/>\n    </testcase>\n`;
  }
  return `${open}/>\n`;
}

/** A dialog's testcases (one per rule), counted for its suite's header. */
export const junitDialogs: DialogFormatter = {
  separator: '',
  items: (d, tally) =>
    casesOf(d).map((c) => {
      tally.tests++;
      if (c.outcome === 'failure') tally.failures++;
      else if (c.outcome === 'skipped') tally.skipped++;
      return testcase(c);
    }),
};

/** The document with each suite's testcases taken from its input's sections, not `report.dialogs`. */
export function* junitDocument<C extends Chunk>(report: Report, sections: readonly Section<C>[]): Generator<string | C> {
  const byInput = new Map<string, Section<C>[]>();
  for (const s of sections) byInput.set(s.input, [...(byInput.get(s.input) ?? []), s]);
  const sum = (path: string, key: 'tests' | 'failures' | 'skipped'): number => (byInput.get(path) ?? []).reduce((n, s) => n + s.tally[key], 0);
  let tests = 0;
  let failures = 0;
  for (const i of report.inputs) {
    tests += sum(i.path, 'tests');
    failures += sum(i.path, 'failures');
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="imlint" tests="${tests}" failures="${failures}" errors="0">\n`;
  for (const input of report.inputs) {
    yield `  <testsuite name="${xml(input.path)}" tests="${sum(input.path, 'tests')}" failures="${sum(input.path, 'failures')}" errors="0" ` +
      `skipped="${sum(input.path, 'skipped')}" time="0">\n` +
      `    <properties>\n      <property name="format" value="${xml(input.format)}"/>\n` +
      `      <property name="packets" value="${input.packets}"/>\n` +
      `      <property name="sipMessages" value="${input.sipMessages}"/>\n    </properties>\n`;
    for (const s of byInput.get(input.path) ?? []) yield* s.chunks();
    const diagnostics = input.diagnostics.map((diag) => {
      const at = [locationOf(diag), diag.offset !== undefined ? `offset ${diag.offset}` : ''].filter((s) => s !== '');
      return xml(`${diag.severity} ${diag.code}: ${diag.message}${at.length ? ` (${at.join(', ')})` : ''}`);
    });
    if (diagnostics.length > 0) yield `    <system-err>${diagnostics.join('\n')}</system-err>\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

/** The report as JUnit XML (the in-memory path: a report the UI or --expect already holds). */
export function junitChunks(report: Report): Generator<string> {
  return junitDocument(report, [...dialogsByInput(report)].map(([input, dialogs]) => memorySection(input, dialogs, junitDialogs)));
}

export function formatJunit(report: Report): string {
  return [...junitChunks(report)].join('');
}
