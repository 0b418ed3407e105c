// The `junit` format (validated against schema/junit-10.xsd, Jenkins xUnit): one testsuite per
// input, one testcase per dialog × rule. A rule with several verdicts in one dialog (timer cycles)
// is one testcase: `failure` per failed verdict, else `skipped` when any verdict is inconclusive
// or all are not-applicable, else a pass.
import { sanitize } from './sanitize.js';
import type { Report, ReportDialog, ReportVerdict } from './types.js';
import { locationOf, verdictLocation } from './verdict-view.js';

/**
 * XML 1.0 escaping. Input is already sanitised (no C0 controls); lone surrogates and U+FFFE/U+FFFF
 * are not XML characters either, so they are shown like sanitise() shows controls.
 */
function xml(text: string): string {
  return sanitize(text)
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g, (c) =>
      `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

function verdictText(v: ReportVerdict): string {
  const lines = [`${v.rule} (${v.clause}): ${v.message}`];
  for (const e of v.evidence) {
    const parts = [locationOf(e), e.time ?? '', e.header ?? '', e.note ?? ''].filter((p) => p !== '');
    lines.push(`  ${parts.join('  ')}`);
  }
  return lines.map(xml).join('\n');
}

function testcase(d: ReportDialog, rule: string, verdicts: ReportVerdict[]): string {
  const classname = xml(`${d.kind} ${d.callId} ${d.fromTag}`);
  const open = `    <testcase classname="${classname}" name="${xml(rule)}" time="0"`;
  const failed = verdicts.filter((v) => v.verdict === 'fail');
  if (failed.length > 0) {
    const body = failed.map((v) => {
      const at = verdictLocation(v);
      const message = xml(`${v.severity}: ${v.message}${at ? ` (${at})` : ''}`);
      return `      <failure type="${xml(v.severity)}" message="${message}">${verdictText(v)}</failure>`;
    });
    return `${open}>\n${body.join('\n')}\n    </testcase>`;
  }
  const inconclusive = verdicts.find((v) => v.verdict === 'inconclusive');
  const skippedBy = inconclusive ?? (verdicts.every((v) => v.verdict === 'not-applicable') ? verdicts[0] : undefined);
  if (skippedBy) {
    const message = xml(`${skippedBy.verdict}: ${skippedBy.message}`);
    return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
  }
  return `${open}/>`;
}

export function formatJunit(report: Report): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const input of report.inputs) {
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const d of report.dialogs) {
      if (d.input !== input.path) continue;
      // Group by rule, keeping first-emission order.
      const byRule = new Map<string, ReportVerdict[]>();
      for (const v of d.verdicts) {
        const list = byRule.get(v.rule);
        if (list) list.push(v);
        else byRule.set(v.rule, [v]);
      }
      for (const [rule, verdicts] of byRule) {
        const tc = testcase(d, rule, verdicts);
        if (tc.includes('<failure ')) suiteFailures++;
        else if (tc.includes('<skipped ')) suiteSkipped++;
        cases.push(tc);
      }
    }
    tests += cases.length;
    failures += suiteFailures;
    const diagnostics = input.diagnostics.map((diag) => {
      const at = [locationOf(diag), diag.offset !== undefined ? `offset ${diag.offset}` : ''].filter((s) => s !== '');
      return xml(`${diag.severity} ${diag.code}: ${diag.message}${at.length ? ` (${at.join(', ')})` : ''}`);
    });
    suites.push(
      `  <testsuite name="${xml(input.path)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" ` +
        `skipped="${suiteSkipped}" time="0">\n` +
        `    <properties>\n      <property name="format" value="${xml(input.format)}"/>\n` +
        `      <property name="packets" value="${input.packets}"/>\n` +
        `      <property name="sipMessages" value="${input.sipMessages}"/>\n    </properties>\n` +
        cases.map((c) => `${c}\n`).join('') +
        (diagnostics.length > 0 ? `    <system-err>${diagnostics.join('\n')}</system-err>\n` : '') +
        `  </testsuite>`,
    );
  }
  out.push(`<testsuites name="imlint" tests="${tests}" failures="${failures}" errors="0">`);
  out.push(...suites, '</testsuites>');
  return out.join('\n') + '\n';
}
