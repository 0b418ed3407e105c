import { describe, expect, it } from 'vitest';
import { compareExpected, expectedFromReport, parseExpected, type ExpectedFile } from '../../src/report/expected.js';
import type { Report, ReportDialog, ReportVerdict } from '../../src/report/types.js';

function v(rule: string, verdict: ReportVerdict['verdict'], severity: ReportVerdict['severity'] = 'error'): ReportVerdict {
  return { rule, verdict, severity, clause: 'c', messageId: 'm', message: 'x', evidence: [] };
}

function dialog(callId: string, toTag: string | null, verdicts: ReportVerdict[], input = 'a.txt'): ReportDialog {
  return { input, callId, fromTag: 'a1', toTag, kind: 'im-1-1', classifiedBy: 'sdp:msrp', client: 'c', peer: 'p', start: null, end: null, verdicts };
}

function report(dialogs: ReportDialog[]): Report {
  return {
    version: 1,
    tool: { name: 'imlint', version: '0' },
    inputs: [],
    dialogs,
    summary: { inputs: 1, dialogs: dialogs.length, imDialogs: 0, verdicts: { pass: 0, fail: 0, 'not-applicable': 0, inconclusive: 0 }, failures: { error: 0, warning: 0, info: 0 }, diagnostics: 0 },
  };
}

describe('compareExpected', () => {
  const r = report([
    dialog('c1', 'b1', [v('IM-A', 'fail', 'error'), v('IM-B', 'pass'), v('IM-T', 'pass'), v('IM-T', 'not-applicable')]),
    dialog('other-input', null, [], 'b.txt'),
  ]);

  it('is empty when the listed rules match', () => {
    const e: ExpectedFile = { description: 'd', dialogs: [{ callId: 'c1', fromTag: 'a1', kind: 'im-1-1', verdicts: { 'IM-A': 'fail:error', 'IM-T': ['pass', 'not-applicable'] } }] };
    expect(compareExpected(r, e, 'a.txt')).toEqual([]);
  });

  it('names dialog, rule, expected and got', () => {
    const e: ExpectedFile = { description: 'd', dialogs: [{ callId: 'c1', fromTag: 'a1', verdicts: { 'IM-A': 'pass', 'IM-T': 'pass', 'IM-Z': 'pass' } }] };
    expect(compareExpected(r, e, 'a.txt').map((d) => d.message)).toEqual([
      'dialog c1 a1 rule IM-A: expected pass, got fail:error',
      'dialog c1 a1 rule IM-T: expected pass, got [pass, not-applicable]',
      'dialog c1 a1 rule IM-Z: expected pass, got no verdict',
    ]);
  });

  it('reports missing and extra dialogs, a wrong kind, and unlisted rules when exact', () => {
    const e: ExpectedFile = {
      description: 'd',
      dialogs: [
        { callId: 'c1', fromTag: 'a1', kind: 'im-group', exact: true, verdicts: { 'IM-A': 'fail:error' } },
        { callId: 'c9', fromTag: 'a1', verdicts: {} },
      ],
    };
    const extra = report([...r.dialogs, dialog('c2', 'x', [])]);
    expect(compareExpected(extra, e, 'a.txt').map((d) => d.kind)).toEqual(['kind', 'extra-rule', 'extra-rule', 'missing-dialog', 'extra-dialog']);
  });

  it('asks for the To tag when a dialog forked', () => {
    const forked = report([dialog('c1', 'b1', [v('IM-B', 'pass')]), dialog('c1', 'b2', [v('IM-B', 'fail')])]);
    const loose: ExpectedFile = { description: 'd', dialogs: [{ callId: 'c1', fromTag: 'a1', verdicts: { 'IM-B': 'pass' } }] };
    expect(compareExpected(forked, loose, 'a.txt').map((d) => d.kind)).toEqual(['ambiguous-dialog']);
    const exact: ExpectedFile = {
      description: 'd',
      dialogs: [
        { callId: 'c1', fromTag: 'a1', toTag: 'b1', verdicts: { 'IM-B': 'pass' } },
        { callId: 'c1', fromTag: 'a1', toTag: 'b2', verdicts: { 'IM-B': 'fail:error' } },
      ],
    };
    expect(compareExpected(forked, exact, 'a.txt')).toEqual([]);
  });

  it('round-trips through expectedFromReport', () => {
    const forked = report([dialog('c1', 'b1', [v('IM-B', 'pass'), v('IM-B', 'inconclusive')]), dialog('c1', 'b2', [v('IM-B', 'fail', 'warning')])]);
    const e = expectedFromReport(forked, 'a.txt');
    expect(e.dialogs[0]).toEqual({ callId: 'c1', fromTag: 'a1', toTag: 'b1', kind: 'im-1-1', exact: true, verdicts: { 'IM-B': ['pass', 'inconclusive'] } });
    expect(compareExpected(forked, e, 'a.txt')).toEqual([]);
  });
});

describe('parseExpected', () => {
  it('accepts the CONTRIBUTING format and rejects bad tokens and shapes', () => {
    expect(parseExpected('{"description":"d","dialogs":[{"callId":"c","fromTag":"t","verdicts":{"IM-A":["pass","fail:warning"]}}]}').error).toBeUndefined();
    expect(parseExpected('{"description":"d","dialogs":[{"callId":"c","fromTag":"t","verdicts":{"IM-A":"fail"}}]}').error).toMatch(/bad verdict token "fail"/);
    expect(parseExpected('{"dialogs":[]}').error).toMatch(/description/);
    expect(parseExpected('nope').error).toMatch(/not JSON/);
    expect(parseExpected('{"description":"d","config":[],"dialogs":[]}').error).toMatch(/config/);
  });
});
