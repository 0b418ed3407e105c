// The hand-written JSON writer (src/report/json-writer.ts) must write, byte for byte, what
// `JSON.stringify(sanitizeReport(value), null, 2)` writes: the report's bytes are a contract, and
// the writer replaced that call only for speed. Property tests over report-shaped values whose
// strings carry everything that needs care: controls, bidi marks, quotes, backslashes, lone and
// paired surrogates, raw message text, undefined members and unsafe keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJson, jsonDialogs } from '../../src/report/json.js';
import { plainJson, reportJson, reportJsonBytes } from '../../src/report/json-writer.js';
import { sanitizeReport } from '../../src/report/sanitize.js';
import { emptyTally } from '../../src/report/stream.js';
import type { Report, ReportDialog } from '../../src/report/types.js';
import { reportDialogOf } from '../helpers/report-arbitrary.js';
import { fakeReport, groupDialog, hostileDialog } from './fake-report.js';

/** Characters that each take a different path through sanitising and escaping. */
const TRICKY = [
  'a', 'Z', '0', ' ', ':', ';', '<', '@', '/', 'é', 'ü', '日', '😀',
  '"', '\\', '\x00', '\x07', '\t', '\n', '\r', '\x1b', '\x1f', '\x7f', '\x85', '\x9b', '\x9f', '\xa0',
  '\u061c', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069', '\u2070',
  '\ud800', '\udbff', '\udc00', '\udfff', '\ufffe', '\uffff',
];
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);
const time = fc.option(fc.bigInt({ min: 0n, max: 2_000_000_000_000_000_000n }).map((ns) => `${ns / 1_000_000_000n}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}`));
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, 1e21, 5e-324));
const rawMessage = fc.array(fc.oneof(text, fc.constantFrom('\r\n', '\n', '\r', '\r\n\r\n')), { maxLength: 6 }).map((parts) => parts.join(''));
const dialog = reportDialogOf({ text, time, number, input: text, rule: text, transport: text, raw: rawMessage });

/** Any JSON-like value, keys included ('__proto__' aside: a plain copy cannot hold it as a key). */
const anyKey = fc.oneof(text, fc.constantFrom('raw', 'time', '0', '10', 'evidence')).filter((k) => k !== '__proto__');
const { value: anyValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(anyKey, tie('value'), { maxKeys: 4 }),
  ),
}));

/** JSON.stringify's layout, every line after the first `indent` spaces further in. */
function indented(json: string | undefined, indent: number): string | undefined {
  return json?.replace(/\n/g, `\n${' '.repeat(indent)}`);
}

const RUNS = { seed: 4028, numRuns: 1500 };

describe('reportJson', () => {
  it('is JSON.stringify(sanitizeReport(dialog), null, 2) for report dialogs, at any indent (property)', () => {
    fc.assert(
      fc.property(dialog, fc.constantFrom(0, 2, 4, 7), (d, indent) => {
        expect(reportJson(d, indent)).toBe(indented(JSON.stringify(sanitizeReport(d), null, 2), indent));
      }),
      RUNS,
    );
  });

  it('is JSON.stringify(sanitizeReport(value), null, 2) for any JSON-like value, unsafe keys and raw text included (property)', () => {
    fc.assert(
      fc.property(anyValue, (v) => {
        expect(reportJson(v, 0)).toBe(JSON.stringify(sanitizeReport(v), null, 2));
      }),
      RUNS,
    );
  });

  it('writes raw message text line by line and sanitises keys', () => {
    const value = { raw: 'INVITE sip:a SIP/2.0\r\nSubject: x\x1b\r\n\r\n', 'k\u202e': ['\ud800', undefined, () => 1], n: -0 };
    expect(reportJson(value, 0)).toBe(JSON.stringify(sanitizeReport(value), null, 2));
    expect(reportJson(value, 0)).toContain('"raw": "INVITE sip:a SIP/2.0\\nSubject: x\\\\x1b\\n"');
    expect(reportJson(value, 0)).toContain('"k\\\\u202e": [\n    "\\ud800",\n    null,\n    null\n  ]');
  });

  it('leaves out undefined members and throws on a bigint, as JSON.stringify does', () => {
    expect(reportJson({ a: undefined, b: 1, c: undefined }, 0)).toBe('{\n  "b": 1\n}');
    expect(reportJson({ a: undefined }, 0)).toBe('{}');
    expect(reportJson(undefined, 0)).toBeUndefined();
    expect(() => reportJson({ a: 1n }, 0)).toThrow(TypeError);
  });
});

describe('reportJsonBytes', () => {
  it('is the UTF-8 encoding of reportJson, one latin1 character per byte (property)', () => {
    fc.assert(
      fc.property(fc.oneof(dialog, anyValue), fc.constantFrom(0, 4), (v, indent) => {
        const text = reportJson(v, indent);
        const bytes = reportJsonBytes(v, indent);
        expect(bytes === undefined ? undefined : Buffer.from(bytes, 'latin1').equals(Buffer.from(text ?? '', 'utf8'))).toBe(text === undefined ? undefined : true);
      }),
      RUNS,
    );
  });
});

describe('plainJson', () => {
  it('is JSON.stringify(value, null, 2) without sanitising (property)', () => {
    fc.assert(
      fc.property(anyValue, fc.constantFrom(0, 8), (v, indent) => {
        expect(plainJson(v, indent)).toBe(indented(JSON.stringify(v, null, 2), indent));
      }),
      RUNS,
    );
  });
});

describe('the json format', () => {
  it('is JSON.stringify(sanitizeReport(report), null, 2) for generated reports (property)', () => {
    fc.assert(
      fc.property(fc.array(dialog, { maxLength: 3 }), (dialogs) => {
        const report: Report = { ...fakeReport(), dialogs };
        expect(formatJson(report)).toBe(JSON.stringify(sanitizeReport(report), null, 2) + '\n');
      }),
      { seed: 4028, numRuns: 300 },
    );
  });

  it('writes a dialog item at the dialogs array indent', () => {
    for (const d of [groupDialog(), hostileDialog()]) {
      const [item] = jsonDialogs.items(d, emptyTally());
      expect(item).toBe(`    ${indented(JSON.stringify(sanitizeReport(d), null, 2), 4)}`);
    }
  });
});
