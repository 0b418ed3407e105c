// The dialog writer (src/report/json-dialog.ts) is a fast path of the generic JSON writer: for
// every value, of the report's shape or not, it must give `reportJson(d, 4)` (and its bytes),
// whatever strings it carries, whatever order and members the objects have, and whatever it wrote
// before (it keeps the last string per key and one head per verdict combination).
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { dialogJson, dialogJsonBytes } from '../../src/report/json-dialog.js';
import * as writer from '../../src/report/json-writer.js';
import { sanitizeReport } from '../../src/report/sanitize.js';
import type { ReportDialog, ReportEvidence, ReportVerdict } from '../../src/report/types.js';
import { reportDialogOf } from '../helpers/report-arbitrary.js';
import { groupDialog, hostileDialog } from './fake-report.js';

// Counts the generic writer's calls, to show which values take the fast path.
const calls = { generic: 0 };
vi.mock('../../src/report/json-writer.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/report/json-writer.js')>();
  return {
    ...original,
    reportJson: (v: unknown, indent: number) => (calls.generic++, original.reportJson(v, indent)),
    reportJsonBytes: (v: unknown, indent: number) => (calls.generic++, original.reportJsonBytes(v, indent)),
  };
});

/** Characters that each take a different path through sanitising, escaping and encoding. */
const TRICKY = [
  'a', 'Z', '0', ' ', ':', ';', '.', '@', '/', '~', 'é', '§', '日', '😀',
  '"', '\\', '\x00', '\x07', '\t', '\n', '\r', '\x1b', '\x1f', '\x7f', '\x85', '\x9b', '\x9f', '\xa0',
  '\u061c', '\u200e', '\u2028', '\u202e', '\u2066', '\ud800', '\udbff', '\udc00', '\udfff', '\uffff',
];
const tricky = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 10 });
/** Few distinct values, so that consecutive members repeat (the last-value memo) and heads recur. */
const text = fc.oneof({ weight: 3, arbitrary: tricky }, { weight: 2, arbitrary: fc.constantFrom('', 'a', 'vantage=client', 'x"y', 'é', '\ud800') }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const time = fc.option(fc.oneof(fc.constantFrom('1700000005.750000000', '1700000005.750000001'), tricky));
const number = fc.oneof(fc.nat(), fc.integer(), fc.constantFrom(-0, 0.5, Number.NaN, Infinity, -Infinity, 1e21));
const dialog = reportDialogOf({ text, time, number, input: text, rule: text, transport: text, raw: text });

/** Every member written as buildEvidence / buildVerdict / buildDialogReport write them, in their order. */
const evidence: fc.Arbitrary<ReportEvidence> = fc
  .record({ input: text, time, frame: fc.option(fc.nat(), { nil: undefined }), line: fc.option(fc.nat(), { nil: undefined }), header: fc.option(text, { nil: undefined }), note: fc.option(text, { nil: undefined }) })
  .map(({ input, time, frame, line, header, note }) => {
    const e: ReportEvidence = { input, time };
    if (frame !== undefined) e.frame = frame;
    if (line !== undefined) e.line = line;
    if (header !== undefined) e.header = header;
    if (note !== undefined) e.note = note;
    return e;
  });
const severity = fc.constantFrom('error' as const, 'warning' as const, 'info' as const);
const verdictValue = fc.constantFrom('pass' as const, 'fail' as const, 'not-applicable' as const, 'inconclusive' as const);
const builtVerdict: fc.Arbitrary<ReportVerdict> = fc
  .record({ rule: fc.oneof(text, fc.constantFrom('IM-ORIG-ALLOW', 'IM-ORIG-TIMER-HONOURED')), verdict: verdictValue, severity, clause: fc.oneof(text, fc.constant('RFC 4028 §7.2')), messageId: text, message: text, evidence: fc.array(evidence, { maxLength: 3 }) })
  .map((v) => ({ rule: v.rule, verdict: v.verdict, severity: v.severity, clause: v.clause, messageId: v.messageId, message: v.message, evidence: v.evidence }));
const builtDialog: fc.Arbitrary<ReportDialog> = fc
  .record({ input: text, callId: text, fromTag: text, toTag: fc.option(text), kind: fc.constantFrom('im-1-1' as const, 'im-group' as const, 'not-im' as const), classifiedBy: text, client: text, peer: text, start: time, end: time, verdicts: fc.array(builtVerdict, { maxLength: 5 }), conferenceUri: fc.option(text, { nil: undefined }) })
  .map((r) => {
    const d: ReportDialog = { input: r.input, callId: r.callId, fromTag: r.fromTag, toTag: r.toTag, kind: r.kind, classifiedBy: r.classifiedBy, client: r.client, peer: r.peer, start: r.start, end: r.end, verdicts: r.verdicts };
    if (r.conferenceUri !== undefined) d.conferenceUri = r.conferenceUri;
    return d;
  });

/** Ways a value can differ from the report's shape (each must be written as the generic writer does). */
const odd = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  number,
  fc.boolean(),
  text,
  fc.constant(() => 1),
  fc.array(fc.oneof(text, fc.constant(null)), { maxLength: 2 }),
  fc.dictionary(fc.oneof(text, fc.constantFrom('raw', 'input', 'rule', 'time')), text, { maxKeys: 2 }),
);
type Mutation = (d: Record<string, unknown>) => void;
/** The dialog's i-th verdict (modulo their number) when it is an object a mutation can change. */
function verdictAt(d: Record<string, unknown>, i: number): Record<string, unknown> | undefined {
  const list = d.verdicts;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const v: unknown = list[i % list.length];
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
}
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // A member of the dialog, a verdict or an evidence item replaced, added or deleted.
  fc.tuple(fc.constantFrom('input', 'toTag', 'verdicts', 'ladder', 'unknown', 'raw', 'évidence'), odd).map(([k, v]): Mutation => (d) => void (d[k] = v)),
  fc.tuple(fc.nat(4), fc.constantFrom('rule', 'message', 'evidence', 'extra', 'clause'), odd).map(([i, k, v]): Mutation => (d) => {
    const verdict = verdictAt(d, i);
    if (verdict) verdict[k] = v;
  }),
  fc.tuple(fc.nat(4), fc.constantFrom('rule', 'verdict')).map(([i, k]): Mutation => (d) => {
    const verdict = verdictAt(d, i);
    if (verdict) delete verdict[k];
  }),
  fc.tuple(fc.constantFrom('input', 'time', 'frame', 'note', 'other'), odd).map(([k, v]): Mutation => (d) => {
    const evidence = verdictAt(d, 0)?.evidence;
    const e: unknown = Array.isArray(evidence) ? evidence[0] : undefined;
    if (typeof e === 'object' && e !== null) (e as Record<string, unknown>)[k] = v;
  }),
  // Members in another order; a verdict or evidence item that is not a plain object.
  fc.constant<Mutation>((d) => {
    const v = verdictAt(d, 0);
    if (v) (d.verdicts as unknown[])[0] = { message: v.message, rule: v.rule, verdict: v.verdict, severity: v.severity, clause: v.clause, messageId: v.messageId, evidence: v.evidence };
  }),
  fc.constant<Mutation>((d) => {
    const v = verdictAt(d, 0);
    if (v) (d.verdicts as unknown[])[0] = Object.assign(Object.create({ inherited: 1 }), v);
  }),
  fc.constant<Mutation>((d) => {
    const e = verdictAt(d, 0)?.evidence;
    if (Array.isArray(e) && e.length > 0) e[0] = ['not', 'evidence'];
  }),
  fc.constant<Mutation>((d) => {
    if (Array.isArray(d.verdicts)) d.verdicts.push(null, 'text', [1]);
  }),
);

function expectSame(d: ReportDialog): void {
  expect(dialogJson(d)).toBe(writer.reportJson(d, 4));
  expect(dialogJsonBytes(d)).toBe(writer.reportJsonBytes(d, 4));
}

const RUNS = { seed: 4028, numRuns: 2000 };

describe('dialogJson / dialogJsonBytes', () => {
  beforeEach(() => {
    calls.generic = 0;
  });

  it('write the report\'s dialogs as the generic writer does, tricky strings in every member (property)', () => {
    fc.assert(fc.property(builtDialog, (d) => expectSame(d)), RUNS);
  });

  it('write generated dialogs (members in any order, optional members undefined, ladder, timer) as the generic writer does (property)', () => {
    fc.assert(fc.property(dialog, (d) => expectSame(d)), RUNS);
  });

  it('write values that are not the report\'s shape as the generic writer does (property)', () => {
    fc.assert(
      fc.property(builtDialog, fc.array(mutation, { minLength: 1, maxLength: 3 }), (built, changes) => {
        // Changed on a copy: fast-check reuses generated values while shrinking.
        const d = structuredClone(built);
        for (const change of changes) change(d as unknown as Record<string, unknown>);
        expectSame(d);
      }),
      RUNS,
    );
  });

  it('give what JSON.stringify gives for the sanitised dialog, in a sequence of dialogs sharing strings', () => {
    const dialogs = [groupDialog(), hostileDialog(), groupDialog(), { ...groupDialog(), input: 'cap/b.pcap' }, hostileDialog()];
    for (const d of dialogs) {
      const { ladder: _ladder, timer: _timer, ...plain } = d;
      for (const one of [d, plain as ReportDialog]) {
        expect(dialogJson(one)).toBe(JSON.stringify(sanitizeReport(one), null, 2).replace(/\n/g, '\n    '));
        expect(Buffer.from(dialogJsonBytes(one), 'latin1').toString('utf8')).toBe(dialogJson(one));
      }
    }
  });

  it('take the fast path for the report\'s shape: no generic call unless a ladder or timer is present', () => {
    // Verdict members in buildVerdict's order (the hand-made ones start with severity).
    const built = (d: ReportDialog): ReportDialog => ({
      ...d,
      verdicts: d.verdicts.map((v) => ({ rule: v.rule, verdict: v.verdict, severity: v.severity, clause: v.clause, messageId: v.messageId, message: v.message, evidence: v.evidence })),
    });
    const { ladder: _ladder, timer: _timer, ...plain } = built(groupDialog());
    const { ladder: _hostileLadder, timer: _hostileTimer, ...hostile } = built(hostileDialog());
    expect(dialogJson(plain)).toBe(writer.reportJson(plain, 4));
    expect(dialogJsonBytes(hostile)).toBe(writer.reportJsonBytes(hostile, 4));
    expect(calls.generic).toBe(2);
    dialogJson(built(groupDialog()));
    expect(calls.generic).toBe(4);
    dialogJson(groupDialog());
    expect(calls.generic).toBe(4 + 2 + groupDialog().verdicts.length);
  });
});
