// ReportDialogs as analyze() builds them (JSON-shaped: numbers finite, optional members absent or
// set), with strings that need care when stored and read back: controls, bidi marks, quotes,
// backslashes, multi-byte and astral characters, lone surrogates, CRLF message text.
import fc from 'fast-check';
import type { ReportDialog } from '../../src/report/types.js';

const UNITS = ['a', '7', ' ', '"', '\\', '/', '\x00', '\x1b', '\r', '\n', '\t', '\x9b', '\u202e', '\u2028', 'é', '日', '😀', '\ud800', '\udfff'];
const text = fc.oneof(fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 10 }));
const time = fc.option(fc.tuple(fc.nat(2_000_000_000), fc.nat(999_999_999)).map(([s, ns]) => `${s}.${String(ns).padStart(9, '0')}`));
const some = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const record = <T>(fields: { [K in keyof T]: fc.Arbitrary<T[K]> }, required: (keyof T)[]) =>
  fc.record(fields, { requiredKeys: required as never[] }) as unknown as fc.Arbitrary<T>;

const evidence = record<ReportDialog['verdicts'][number]['evidence'][number]>(
  { input: text, frame: some(fc.nat()), line: some(fc.nat()), time, header: some(text), note: some(text) },
  ['input', 'time'],
);

const verdict = fc.record({
  rule: fc.oneof(text, fc.constantFrom('IM-ORIG-TIMER-HONOURED', 'IM-ORIG-CONF-SUBSCRIBE', 'IM-ORIG-ALLOW')),
  verdict: fc.constantFrom('pass' as const, 'fail' as const, 'not-applicable' as const, 'inconclusive' as const),
  severity: fc.constantFrom('error' as const, 'warning' as const, 'info' as const),
  clause: text,
  messageId: text,
  message: text,
  evidence: fc.array(evidence, { maxLength: 2 }),
});

const ladderEntry = record<NonNullable<ReportDialog['ladder']>[number]>(
  {
    input: text,
    frame: some(fc.nat()),
    line: some(fc.nat()),
    time,
    src: text,
    dst: text,
    transport: fc.constantFrom('udp', 'tcp'),
    label: text,
    cseq: some(text),
    callId: text,
    linked: fc.boolean(),
    raw: some(fc.array(fc.oneof(text, fc.constant('\r\n')), { maxLength: 5 }).map((p) => p.join(''))),
  },
  ['input', 'time', 'src', 'dst', 'transport', 'label', 'callId', 'linked'],
);

const timerCycle = record<NonNullable<ReportDialog['timer']>[number]>(
  {
    t0: time,
    intervalSec: fc.oneof(fc.nat(), fc.double({ min: 0.001, max: 1e6, noNaN: true })),
    refresher: fc.constantFrom('client' as const, 'peer' as const, 'unknown' as const),
    halfMark: time,
    expiry: time,
    byeDue: some(time),
    refreshes: fc.array(time.map((t) => t ?? '0.000000000'), { maxLength: 3 }),
    closedBy: text,
  },
  ['t0', 'intervalSec', 'refresher', 'halfMark', 'expiry', 'refreshes', 'closedBy'],
);

export const reportDialog = record<ReportDialog>(
  {
    input: fc.constantFrom('cap/a.pcap', 'cap/b.txt', 'cap/\x1b]0;x\x07.pcap'),
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
