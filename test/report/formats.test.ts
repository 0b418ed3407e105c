import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import type { RuleMeta } from '../../src/rules/types.js';
import { fakeReport, groupDialog, hostileDialog, oneToOneDialog, RAW_CONTROL } from './fake-report.js';
import { hasXmllint, junitErrors, reportErrors, sarifErrors } from './schema-check.js';

const META: RuleMeta[] = [
  {
    id: 'IM-ORIG-USER-AGENT',
    title: 'User-Agent carries the IM release',
    clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (2)',
    source: 'OMA-TS-SIMPLE_IM',
    keyword: 'SHALL',
    severity: 'error',
    basis: 'V',
    defaultEnabled: true,
    description: 'The IM Client SHALL include a User-Agent header with the release version (Appendix F).',
    messages: { m: 'x' },
  },
];

describe('text format', () => {
  const text = formatText(fakeReport(), { color: false });

  it('groups by input, then dialog, one line per failed or inconclusive rule', () => {
    const lines = text.split('\n');
    const a = lines.findIndex((l) => l.startsWith('cap/a.pcap'));
    const b = lines.findIndex((l) => l.startsWith('cap/b.txt'));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThan(a);
    const groupBlock = lines.slice(a, b).join('\n');
    expect(groupBlock).toContain('im-group  grp-1@10.0.0.5  10.0.0.5:5060 → 10.0.0.9:5060  2023-11-14 22:13:20.000');
    expect(groupBlock).toMatch(/fail +error +IM-ORIG-USER-AGENT  OMA-TS-SIMPLE_IM §7\.1\.1\.1 \(1\): User-Agent lacks IM-client\/OMA1\.0  \(frame 3\)/);
    expect(groupBlock).toMatch(/fail +warning +IM-TIMER-REFRESH-AT-HALF/);
    expect(groupBlock).toMatch(/fail +error +IM-ORIG-CONF-SUBSCRIBE .*\(frame 5\)/);
    // Passing verdicts get no line.
    expect(groupBlock).not.toContain('IM-ORIG-ACCEPT-CONTACT');
    expect(groupBlock).toContain('diagnostic warning pcap.truncated-record: record cut short  (frame 13, offset 4242)');
    const oneBlock = lines.slice(b).join('\n');
    expect(oneBlock).toMatch(/inconclusive +error +IM-ORIG-TIMER-HONOURED  RFC 4028 §7\.2: capture ends 40\.0 s before expiry  \(line 14\)/);
    expect(oneBlock).not.toContain('not a group session');
  });

  it('ends with a summary line of counts', () => {
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '2 dialogs (2 IM) in 2 inputs: 3 pass, 3 fail (2 error, 1 warning, 0 info), 1 inconclusive, 1 not applicable; 1 diagnostic',
    );
  });

  it('uses colour only when asked', () => {
    expect(text).not.toContain('\x1b');
    expect(formatText(fakeReport(), { color: true })).toContain('\x1b[31m');
  });
});

describe('json format', () => {
  it('validates against schema/report.schema.json', () => {
    const parsed = JSON.parse(formatJson(fakeReport()));
    expect(reportErrors(parsed)).toEqual([]);
    expect(parsed.dialogs[0].verdicts[1].rule).toBe('IM-ORIG-USER-AGENT');
  });

  it('the schema rejects a report that breaks the contract', () => {
    const bad = JSON.parse(formatJson(fakeReport()));
    bad.dialogs[0].verdicts[0].verdict = 'maybe';
    bad.dialogs[0].start = 1700000000.1;
    delete bad.summary.failures;
    const errors = reportErrors(bad).join('\n');
    expect(errors).toContain('/dialogs/0/verdicts/0/verdict');
    expect(errors).toContain('/dialogs/0/start');
    expect(errors).toContain('failures');
  });

  it('is byte-identical across runs', () => {
    expect(formatJson(fakeReport())).toBe(formatJson(fakeReport()));
  });
});

describe.skipIf(!hasXmllint)(`junit format${hasXmllint ? '' : ' — skipped: xmllint is not installed (apt-get install libxml2-utils)'}`, () => {
  const xml = formatJunit(fakeReport());

  it('validates against the Jenkins JUnit XSD with xmllint', () => {
    expect(junitErrors(xml)).toBe('');
  });

  it('has one testsuite per input and one testcase per dialog × rule', () => {
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml).toContain('<testsuite name="cap/a.pcap" tests="5" failures="3" errors="0" skipped="0"');
    expect(xml).toContain('<testsuite name="cap/b.txt" tests="3" failures="0" errors="0" skipped="2"');
    expect(xml).toMatch(/<testcase classname="im-group grp-1@10\.0\.0\.5 a1" name="IM-ORIG-USER-AGENT" time="0">\n\s+<failure type="error" message="error: User-Agent lacks IM-client\/OMA1\.0 \(frame 3\)">/);
    expect(xml).toMatch(/name="IM-ORIG-TIMER-HONOURED" time="0">\n\s+<skipped message="inconclusive: capture ends 40\.0 s before expiry"\/>/);
    expect(xml).toMatch(/name="IM-ORIG-ACCEPT-CONTACT" time="0"\/>/);
  });
});

describe('sarif format', () => {
  const sarif = JSON.parse(formatSarif(fakeReport(), { rules: META }));

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(sarifErrors(sarif)).toEqual([]);
  });

  it('is written in chunks laid out exactly as JSON.stringify(log, null, 2)', () => {
    for (const report of [fakeReport(), fakeReport([])]) {
      const text = formatSarif(report, { rules: META });
      expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    }
  });

  it('carries rule metadata and results located at the input with frame or line', () => {
    const run = sarif.runs[0];
    expect(run.tool.driver.rules[0]).toMatchObject({
      id: 'IM-ORIG-USER-AGENT',
      shortDescription: { text: 'User-Agent carries the IM release' },
      properties: { clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (2)', keyword: 'SHALL' },
    });
    const ua = run.results.find((r: { ruleId: string }) => r.ruleId === 'IM-ORIG-USER-AGENT');
    expect(ua).toMatchObject({ kind: 'fail', level: 'error', ruleIndex: 0 });
    expect(ua.locations[0].physicalLocation.artifactLocation.uri).toBe('cap/a.pcap');
    expect(ua.locations[0].properties.frame).toBe(3);
    const timer = run.results.find((r: { ruleId: string; kind: string }) => r.ruleId === 'IM-ORIG-TIMER-HONOURED' && r.kind === 'open');
    expect(timer.level).toBe('none');
    expect(timer.locations[0].physicalLocation.region).toEqual({ startLine: 14 });
    // Passes and not-applicable verdicts are not results.
    expect(run.results).toHaveLength(4);
    expect(run.results.filter((r: { level: string }) => r.level === 'warning')).toHaveLength(1);
    // Rules the registry did not describe still get a descriptor.
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('IM-ORIG-CONF-SUBSCRIBE');
  });
});

describe('terminal safety: hostile strings never reach any format raw', () => {
  const report = fakeReport([hostileDialog(), oneToOneDialog()]);
  report.inputs[0].diagnostics.push({ severity: 'error', code: 'sip.header.malformed', message: `bad ${'\x1b]0;t\x07'}`, line: 2 });

  it.each([
    ['text', () => formatText(report, { color: false })],
    ['json', () => formatJson(report)],
    ['junit', () => formatJunit(report)],
    ['sarif', () => formatSarif(report, { rules: META })],
  ])('%s', (name, format) => {
    const out = format();
    expect(out).not.toMatch(RAW_CONTROL);
    // Shown visibly instead (JSON writes the backslash of `\x1b` as `\\`).
    const shown = name === 'json' || name === 'sarif' ? out.replace(/\\\\/g, '\\') : out;
    expect(shown).toMatch(/\\x1b\]0;pwned\\x07\\x0dOVERWRITE\\x00\\x9b1m\\x7f\\u202egnp\.exe\\u2066/);
  });

  it('the json output is still valid against the contract', () => {
    expect(reportErrors(JSON.parse(formatJson(report)))).toEqual([]);
  });

  it.skipIf(!hasXmllint)('the junit output is still valid XML', () => {
    expect(junitErrors(formatJunit(report))).toBe('');
  });

  it('does not touch a clean report, and keeps the lines of raw message text', () => {
    const clean = fakeReport([groupDialog()]);
    const parsed = JSON.parse(formatJson(clean));
    expect(parsed.dialogs[0].ladder[1].raw).toBe('SIP/2.0 200 OK\nContact: <sip:conf-77@focus.example.com>;isfocus\n');
    for (const l of clean.dialogs[0].ladder ?? []) delete l.raw;
    for (const l of parsed.dialogs[0].ladder) delete l.raw;
    expect(parsed).toEqual(clean);
  });
});

describe('json written in chunks', () => {
  it('is exactly JSON.stringify(report, null, 2) of the sanitised report', async () => {
    const { sanitizeReport } = await import('../../src/report/sanitize.js');
    const { jsonChunks } = await import('../../src/report/json.js');
    for (const report of [fakeReport(), fakeReport([hostileDialog()]), fakeReport([])]) {
      expect([...jsonChunks(report)].join('')).toBe(JSON.stringify(sanitizeReport(report), null, 2) + '\n');
    }
  });
});
