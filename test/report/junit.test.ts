// JUnit testcases write the strings every dialog repeats (rule ids, verdict values) from a cache and
// a skipped testcase's message in two escaped parts: the text must be what escaping the whole
// attribute value at once gives, whatever the strings hold (markup, controls, bidi marks, lone and
// paired surrogates at either end), and a cached rule id must never stand for another.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { junitDialogs, xml } from '../../src/report/junit.js';
import { emptyTally } from '../../src/report/stream.js';
import type { ReportDialog, ReportVerdict } from '../../src/report/types.js';

const UNITS = ['a', ' ', ':', '&', '<', '>', '"', "'", '\x00', '\x1b', '\n', '\x9b', '\u202e', '\u2028', 'é', '😀', '\ud800', '\udbff', '\udc00', '\udfff', '\ufffe', '\uffff'];
const text = fc.oneof(fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 6 }), fc.constantFrom('IM-ORIG-ALLOW', 'not-applicable', 'inconclusive'));

function dialogWith(verdicts: ReportVerdict[]): ReportDialog {
  return { input: 'a.pcap', callId: 'c1', fromTag: 'f1', toTag: null, kind: 'im-1-1', classifiedBy: 'x', client: 'a', peer: 'b', start: null, end: null, verdicts };
}

describe('junit testcases', () => {
  it('name the rule and give the skipped message as xml() of the whole value (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 4 }), (parts) => {
        // One verdict per rule id (distinct ids: each is its own testcase).
        const rules = [...new Set(parts.map(([rule]) => rule))];
        const verdicts = rules.map((rule, i): ReportVerdict => {
          const [, value, message] = parts[i];
          return { rule, verdict: value as ReportVerdict['verdict'], severity: 'error', clause: 'c', messageId: 'm', message, evidence: [] };
        });
        // Values other than the four verdicts are written as skipped only when not-applicable or inconclusive.
        for (const v of verdicts) if (v.verdict !== 'inconclusive') v.verdict = 'not-applicable';
        const items = junitDialogs.items(dialogWith(verdicts), emptyTally());
        expect(items).toEqual(
          verdicts.map(
            (v) =>
              `    <testcase classname="im-1-1 c1 f1" name="${xml(v.rule)}" time="0">\n` +
              `      <skipped message="${xml(`${v.verdict}: ${v.message}`)}"/>\n    </testcase>\n`,
          ),
        );
      }),
      { seed: 4028, numRuns: 1000 },
    );
  });
});
