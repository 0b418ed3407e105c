// ReportDialogs with the report's shape, built from the strings, times and numbers a test wants:
// the UI store wants JSON-shaped values it can round-trip (finite numbers), the JSON writer also
// numbers JSON.stringify turns into null and every kind of string that needs care. Optional members
// come absent, present as undefined, or set.
import fc from 'fast-check';
import type { ReportDialog } from '../../src/report/types.js';

export interface ReportParts {
  text: fc.Arbitrary<string>;
  /** Seconds with 9 decimals, or null. */
  time: fc.Arbitrary<string | null>;
  number: fc.Arbitrary<number>;
  input: fc.Arbitrary<string>;
  rule: fc.Arbitrary<string>;
  transport: fc.Arbitrary<string>;
  /** Raw message text of a ladder entry. */
  raw: fc.Arbitrary<string>;
}

const some = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const record = <T>(fields: { [K in keyof T]: fc.Arbitrary<T[K]> }, required: (keyof T)[]) =>
  fc.record(fields, { requiredKeys: required as never[] }) as unknown as fc.Arbitrary<T>;

export function reportDialogOf(p: ReportParts): fc.Arbitrary<ReportDialog> {
  const { text, time } = p;
  const evidence = record<ReportDialog['verdicts'][number]['evidence'][number]>(
    { input: text, frame: some(fc.nat()), line: some(fc.nat()), time, header: some(text), note: some(text) },
    ['input', 'time'],
  );
  const verdict = fc.record({
    rule: p.rule,
    verdict: fc.constantFrom('pass' as const, 'fail' as const, 'not-applicable' as const, 'inconclusive' as const),
    severity: fc.constantFrom('error' as const, 'warning' as const, 'info' as const),
    clause: text,
    messageId: text,
    message: text,
    evidence: fc.array(evidence, { maxLength: 3 }),
  });
  const ladderEntry = record<NonNullable<ReportDialog['ladder']>[number]>(
    {
      input: text,
      frame: some(fc.nat()),
      line: some(fc.nat()),
      time,
      src: text,
      dst: text,
      transport: p.transport as fc.Arbitrary<NonNullable<ReportDialog['ladder']>[number]['transport']>,
      label: text,
      cseq: some(text),
      callId: text,
      linked: fc.boolean(),
      raw: some(p.raw),
    },
    ['input', 'time', 'src', 'dst', 'transport', 'label', 'callId', 'linked'],
  );
  const timerCycle = record<NonNullable<ReportDialog['timer']>[number]>(
    {
      t0: time,
      intervalSec: p.number,
      refresher: fc.constantFrom('client' as const, 'peer' as const, 'unknown' as const),
      halfMark: time,
      expiry: time,
      byeDue: some(time),
      refreshes: fc.array(fc.oneof(time.map((t) => t ?? '0.000000000'), text), { maxLength: 3 }),
      closedBy: text,
    },
    ['t0', 'intervalSec', 'refresher', 'halfMark', 'expiry', 'refreshes', 'closedBy'],
  );
  return record<ReportDialog>(
    {
      input: p.input,
      callId: text,
      fromTag: text,
      toTag: fc.option(text),
      kind: fc.constantFrom('im-1-1' as const, 'im-group' as const, 'not-im' as const),
      classifiedBy: text,
      client: text,
      peer: text,
      start: time,
      end: time,
      conferenceUri: some(text),
      verdicts: fc.array(verdict, { maxLength: 4 }),
      ladder: some(fc.array(ladderEntry, { maxLength: 3 })),
      timer: some(fc.array(timerCycle, { maxLength: 2 })),
    },
    ['input', 'callId', 'fromTag', 'toTag', 'kind', 'classifiedBy', 'client', 'peer', 'start', 'end', 'verdicts'],
  );
}

// As analyze() builds them (JSON-shaped: numbers finite), with strings that need care when stored
// and read back: controls, bidi marks, quotes, backslashes, multi-byte and astral characters, lone
// surrogates, CRLF message text.
const UNITS = ['a', '7', ' ', '"', '\\', '/', '\x00', '\x1b', '\r', '\n', '\t', '\x9b', '\u202e', '\u2028', 'é', '日', '😀', '\ud800', '\udfff'];
const storedText = fc.oneof(fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 10 }));

export const reportDialog = reportDialogOf({
  text: storedText,
  time: fc.option(fc.tuple(fc.nat(2_000_000_000), fc.nat(999_999_999)).map(([s, ns]) => `${s}.${String(ns).padStart(9, '0')}`)),
  number: fc.oneof(fc.nat(), fc.double({ min: 0.001, max: 1e6, noNaN: true })),
  input: fc.constantFrom('cap/a.pcap', 'cap/b.txt', 'cap/\x1b]0;x\x07.pcap'),
  rule: fc.oneof(storedText, fc.constantFrom('IM-ORIG-TIMER-HONOURED', 'IM-ORIG-CONF-SUBSCRIBE', 'IM-ORIG-ALLOW')),
  transport: fc.constantFrom('udp', 'tcp'),
  raw: fc.array(fc.oneof(storedText, fc.constant('\r\n')), { maxLength: 5 }).map((p) => p.join('')),
});
