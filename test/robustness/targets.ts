// Fuzz targets shared by the property tests (fixed seeds, a few seconds) and `npm run fuzz`
// (random seeds, for a given time). Each target is an arbitrary, a check that throws when a
// property breaks, and a byte encoding so that a failing input can be saved in fixtures/fuzz/.
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../src/capture/index.js';
import type { CaptureOptions, Diagnostic, InputFormat, RawSipMessage } from '../../src/capture/types.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { analyze } from '../../src/report/analyze.js';
import { formatJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import { parseMessage } from '../../src/sip/index.js';
import { parseWith, type StartRule } from '../../src/sip/grammar.js';
import startRules from '../../grammar/start-rules.mjs';
import { ethernet, ipv4, ipv4Fragments, pcapFile, pcapngFile, sip, tcp, TCP_ACK, TCP_PSH, TCP_SYN, udp, LINKTYPE_ETHERNET, type Frame } from '../helpers/pcap-writer.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

// ------------------------------------------------------------------ property checks

const SEVERITIES = new Set(['error', 'warning', 'info']);
const CODE = /^[a-z0-9]+(?:[.-][a-z0-9]+)+$/i;

/** Every problem is a Diagnostic: known severity, stable code, a message, an offset inside the input. */
export function checkDiagnostic(d: Diagnostic, inputBytes: number): void {
  if (d === null || typeof d !== 'object') throw new Error(`not a diagnostic: ${String(d)}`);
  if (!SEVERITIES.has(d.severity)) throw new Error(`diagnostic ${d.code} has severity ${String(d.severity)}`);
  if (typeof d.code !== 'string' || !CODE.test(d.code)) throw new Error(`diagnostic code ${JSON.stringify(d.code)} is not a stable code`);
  if (typeof d.message !== 'string' || d.message.length === 0) throw new Error(`diagnostic ${d.code} has no message`);
  if (d.offset !== undefined && !(Number.isInteger(d.offset) && d.offset >= 0 && d.offset <= inputBytes)) {
    throw new Error(`diagnostic ${d.code} offset ${d.offset} outside the input (${inputBytes} bytes)`);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'imlint-fuzz-'));
let scratchCount = 0;

/** A fresh file per call: concurrent test files never share one. */
export function scratchFile(bytes: Buffer, ext: string): string {
  const path = join(scratch, `${++scratchCount}.${ext}`);
  writeFileSync(path, bytes);
  return path;
}

export interface CaptureRead {
  texts: string[];
  messages: RawSipMessage[];
  diagnostics: Diagnostic[];
  packets: number;
}

/** Reads a whole capture through openInput, checking every message and diagnostic on the way. */
export async function readCapture(bytes: Buffer, ext: string, opts?: CaptureOptions): Promise<CaptureRead> {
  const source = await openInput(scratchFile(bytes, ext), opts);
  const out: CaptureRead = { texts: [], messages: [], diagnostics: [], packets: 0 };
  const maxMessage = opts?.limits?.maxMessageBytes ?? 256 * 1024;
  for await (const batch of source.batches()) {
    for (const d of batch.diagnostics) {
      checkDiagnostic(d, bytes.length);
      out.diagnostics.push(d);
    }
    for (const m of batch.messages) {
      if (!(m.ref.offset >= 0 && m.ref.offset <= bytes.length)) throw new Error(`message offset ${m.ref.offset} outside the input`);
      if (m.data.length > maxMessage) throw new Error(`message of ${m.data.length} bytes passed the ${maxMessage}-byte limit`);
      const copy = { ref: m.ref, data: Buffer.from(m.data) };
      out.messages.push(copy);
      out.texts.push(copy.data.toString('latin1'));
    }
  }
  out.packets = source.stats.packets;
  return out;
}

/** Parses a message and calls every accessor; offsets must stay inside the message. */
export function checkSipMessage(data: Buffer, strict: boolean): void {
  const m = parseMessage({ ref: { input: 'fuzz', offset: 0, length: data.length, timeNs: null, transport: 'udp' }, data }, { strict });
  const accessors = [
    m.requestUriParsed, m.from, m.to, m.via, m.contact, m.acceptContact, m.rejectContact, m.supported, m.require,
    m.proxyRequire, m.unsupported, m.allow, m.allowEvents, m.sessionExpires, m.minSE, m.privacy, m.userAgent, m.server,
    m.event, m.subscriptionState, m.expires, m.accept, m.contentType, m.contentDisposition, m.recordRoute, m.route,
    m.referredBy, m.referTo, m.maxForwards, m.date, m.bodyParts, m.sdp,
  ];
  for (const a of accessors) a.call(m);
  for (const d of m.diagnostics) checkDiagnostic(d, data.length);
  for (const h of m.headers) {
    if (!(h.offset >= 0 && h.valueOffset >= h.offset && h.valueOffset <= data.length)) throw new Error(`header ${h.name} offsets ${h.offset}/${h.valueOffset} outside the message`);
  }
}

/** The grammar answers every text: a value, or an error position inside the text. */
export function checkRule(rule: StartRule, text: string): void {
  const r = parseWith(rule, text);
  if (!r.ok && !(r.index >= 0 && r.index <= text.length)) throw new Error(`${rule}: error index ${r.index} outside ${text.length} chars`);
  if (!r.ok && r.message.startsWith('parser failure')) throw new Error(`${rule}: ${r.message}`);
}

// ------------------------------------------------------------------ seeds

function filesUnder(dir: string, keep: (name: string) => boolean, maxBytes: number): Buffer[] {
  const out: Buffer[] = [];
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return out;
  }
  for (const n of names.sort()) {
    const p = join(dir, n);
    if (keep(n) && statSync(p).isFile() && statSync(p).size <= maxBytes) out.push(readFileSync(p));
  }
  return out;
}

const T0 = 1_700_000_000_000_000_000n;
const INVITE = sip('INVITE sip:bob@example.com SIP/2.0', { headers: ['Contact: <sip:alice@192.0.2.10>', 'Session-Expires: 1800;refresher=uac', 'Supported: timer'] });
const OK = sip('SIP/2.0 200 OK', { headers: ['Contact: <sip:bob@192.0.2.20>', 'Require: timer'] });

/**
 * Small real pcaps (fixtures/captures, fixtures/sipp, and the shared corpus when present: HEP3,
 * SCTP, IP-in-IP, GRE, IPv6 fragments, WebSocket) and a pcapng built with the writer.
 */
export const pcapSeeds: Buffer[] = [
  ...filesUnder(join(ROOT, 'fixtures/captures'), (n) => n.endsWith('.pcap'), 20_000),
  ...filesUnder(join(ROOT, 'fixtures/sipp'), (n) => n.endsWith('.pcap'), 20_000),
  ...filesUnder(join(ROOT, '../shared/corpus/pcap'), (n) => n.endsWith('.pcap') && !n.startsWith('pkts/') && !n.startsWith('pcapplusplus/'), 50_000),
];

export const pcapngSeeds: Buffer[] = [
  pcapngFile([
    {
      interfaces: [{ linkType: LINKTYPE_ETHERNET }, { linkType: LINKTYPE_ETHERNET, tsresol: 9 }],
      unknownBlocks: 1,
      frames: [
        { timeNs: T0, data: ethernet(ipv4(udp(INVITE), { protocol: 17 })) },
        { timeNs: T0 + 1_000_000n, data: ethernet(ipv4(udp(OK), { protocol: 17, src: '192.0.2.20', dst: '192.0.2.10' })), iface: 1 },
        { timeNs: T0 + 2_000_000n, data: ethernet(ipv4(tcp(INVITE, 1000), { protocol: 6 })), block: 'spb' },
      ],
    },
    { bigEndian: true, interfaces: [{ linkType: LINKTYPE_ETHERNET }], frames: [{ timeNs: T0 + 3_000_000n, data: ethernet(ipv4(udp(OK), { protocol: 17 })) }] },
  ]),
  ...filesUnder(join(ROOT, '../shared/corpus/pcap'), (n) => n.endsWith('.pcapng'), 50_000),
];

const NGREP_SEED = Buffer.from(
  `interface: lo\n\nU 2026/11/25 08:00:00.000001 192.0.2.10:5060 -> 192.0.2.20:5060 #1\n${INVITE.toString('latin1').replace(/\r/g, '.')}\n\n` +
    `T 2026/11/25 08:00:00.100000 192.0.2.20:5060 -> 192.0.2.10:5060 [AP] #2\n${OK.toString('latin1').replace(/\r/g, '.')}\n\n`,
  'latin1',
);

/** Text logs with the format each is read as. */
export const textSeeds: { format: InputFormat; data: Buffer }[] = [
  ...filesUnder(join(ROOT, 'fixtures/dialog'), (n) => n.endsWith('.txt'), 20_000).map((data) => ({ format: 'sngrep' as const, data })),
  ...filesUnder(join(ROOT, 'fixtures/sipp'), (n) => n.endsWith('.log'), 20_000).map((data) => ({ format: 'sipp-trace' as const, data })),
  ...filesUnder(join(ROOT, 'fixtures/torture/rfc4475'), (n) => n.endsWith('.dat'), 20_000).slice(0, 12).map((data) => ({ format: 'raw-sip' as const, data })),
  { format: 'ngrep', data: NGREP_SEED },
];

// ------------------------------------------------------------------ mutations

type Mutation =
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'u32'; at: number; value: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 24 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.nat(64) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  // Length fields: record lengths, block lengths, IP total length, Content-Length digits.
  fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: fc.constantFrom(0, 1, 3, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff) }),
);

export function mutate(seed: Buffer, mutations: Mutation[]): Buffer {
  let b = Buffer.from(seed);
  for (const m of mutations) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'set') b[at] = m.byte;
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
    else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else if (at + 4 <= b.length) b.writeUInt32LE(m.value >>> 0, at);
  }
  return b;
}

function mutatedOf(seeds: Buffer[]): fc.Arbitrary<Buffer> {
  return fc.tuple(fc.nat(seeds.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 6 })).map(([i, ms]) => mutate(seeds[i], ms));
}

/** Random bytes behind a valid file header, so the reader gets past the magic. */
function behindHeader(header: Buffer): fc.Arbitrary<Buffer> {
  return fc.uint8Array({ maxLength: 600 }).map((u) => Buffer.concat([header, Buffer.from(u)]));
}

// ------------------------------------------------------------------ TCP and IP reassembly plans

/** A TCP stream cut into segments, then sent in another order, with duplicates and overlaps. */
export interface StreamPlan {
  messages: number;
  bodySizes: number[];
  cuts: number[];
  order: number[];
  duplicates: number[];
  overlaps: [number, number][];
}

const streamPlanArb: fc.Arbitrary<StreamPlan> = fc.record({
  messages: fc.integer({ min: 1, max: 4 }),
  bodySizes: fc.array(fc.nat(300), { minLength: 4, maxLength: 4 }),
  cuts: fc.array(fc.nat(), { maxLength: 20 }),
  order: fc.array(fc.nat(), { maxLength: 24 }),
  duplicates: fc.array(fc.nat(), { maxLength: 4 }),
  overlaps: fc.array(fc.tuple(fc.nat(), fc.nat(200)), { maxLength: 4 }),
});

function streamOf(plan: StreamPlan): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < plan.messages; i++) {
    const body = 'x'.repeat(plan.bodySizes[i]);
    parts.push(sip(i % 2 ? 'SIP/2.0 200 OK' : 'MESSAGE sip:bob@example.com SIP/2.0', { callId: `s${i}@192.0.2.10`, cseq: `${i + 1} MESSAGE`, body, headers: ['Content-Type: text/plain'] }));
  }
  return Buffer.concat(parts);
}

/** Segments [start, end) of the stream, in order. */
function segmentsOf(plan: StreamPlan, length: number): [number, number][] {
  const cuts = [...new Set(plan.cuts.map((c) => 1 + (c % Math.max(1, length - 1))))].sort((a, b) => a - b);
  const bounds = [0, ...cuts.filter((c) => c < length), length];
  const segs: [number, number][] = [];
  for (let i = 1; i < bounds.length; i++) segs.push([bounds[i - 1], bounds[i]]);
  return segs;
}

/** Applies the plan's permutation (a sequence of swaps), duplicates and overlapping resends. */
function shuffled(plan: StreamPlan, segs: [number, number][], length: number): [number, number][] {
  const out = [...segs];
  for (let i = 0; i + 1 < plan.order.length; i += 2) {
    const a = plan.order[i] % out.length;
    const b = plan.order[i + 1] % out.length;
    [out[a], out[b]] = [out[b], out[a]];
  }
  for (const d of plan.duplicates) out.splice(d % (out.length + 1), 0, segs[d % segs.length]);
  for (const [at, len] of plan.overlaps) {
    const start = at % length;
    out.splice(at % (out.length + 1), 0, [start, Math.min(length, start + 1 + len)]);
  }
  return out;
}

const ISN = 0xfffff000; // near the 2^32 wrap, so sequence arithmetic is exercised too

export function tcpCapture(stream: Buffer, segs: [number, number][]): Buffer {
  const frames: Frame[] = [{ timeNs: T0, data: ethernet(ipv4(tcp(Buffer.alloc(0), ISN - 1, TCP_SYN), { protocol: 6 })) }];
  segs.forEach(([s, e], i) => {
    frames.push({ timeNs: T0 + BigInt(i + 1) * 1_000_000n, data: ethernet(ipv4(tcp(stream.subarray(s, e), (ISN + s) >>> 0, TCP_ACK | TCP_PSH), { protocol: 6 })) });
  });
  return pcapFile(frames);
}

/** The capture, and how many times the least-repeated fragment appears in it. */
export function fragmentCapture(datagram: Buffer, order: number[], duplicates: number[]): { capture: Buffer; copies: number } {
  const frags = ipv4Fragments(datagram, 64, { protocol: 17, id: 77 });
  const out = [...frags];
  for (let i = 0; i + 1 < order.length; i += 2) {
    const a = order[i] % out.length;
    const b = order[i + 1] % out.length;
    [out[a], out[b]] = [out[b], out[a]];
  }
  for (const d of duplicates) out.splice(d % (out.length + 1), 0, frags[d % frags.length]);
  const copies = Math.min(...frags.map((f) => out.filter((o) => o === f).length));
  return { capture: pcapFile(out.map((f, i) => ({ timeNs: T0 + BigInt(i) * 1_000_000n, data: ethernet(f) }))), copies };
}

function sameMessages(got: string[], want: string[], what: string): void {
  if (got.length !== want.length || got.some((t, i) => t !== want[i])) {
    throw new Error(`${what}: ${got.length} message(s) differ from the in-order ${want.length}`);
  }
}

// ------------------------------------------------------------------ text with pathological runs

/** Long runs of the characters that make naive parsers backtrack. */
export const HOSTILE_RUN = fc.tuple(fc.constantFrom(';', '"', '<', ',', '\\', '=', ' ', '\r\n ', '\t', '(', ')', '%', '@', ':'), fc.integer({ min: 1, max: 400 })).map(([c, n]) => c.repeat(n));
const sipTextArb = fc.array(fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 30 }), HOSTILE_RUN, fc.constantFrom('sip:', '<sip:a@b>', ';tag=', '\r\n', 'SIP/2.0', ';lr', '*')), { maxLength: 12 }).map((p) => p.join(''));

// ------------------------------------------------------------------ targets

export interface Target<T> {
  name: string;
  /** The property the check asserts, in words (saved beside a failing input). */
  property: string;
  arbitrary: fc.Arbitrary<T>;
  check(input: T): Promise<void>;
  encode(input: T): Buffer;
  decode(bytes: Buffer): T;
  /** Runs of the fixed-seed property test in the normal suite. */
  testRuns: number;
}

const asBuffer = { encode: (b: Buffer) => b, decode: (b: Buffer) => b };
const asJson = <T>() => ({ encode: (v: T) => Buffer.from(JSON.stringify(v)), decode: (b: Buffer) => JSON.parse(b.toString('utf8')) as T });

const CAPTURE_PROPERTY = 'reads to the end without throwing; every problem is a well-formed Diagnostic with an offset inside the file; no message exceeds maxMessageBytes';

const pcapTarget: Target<Buffer> = {
  name: 'pcap',
  property: CAPTURE_PROPERTY,
  arbitrary: fc.oneof({ weight: 4, arbitrary: mutatedOf(pcapSeeds) }, { weight: 1, arbitrary: behindHeader(pcapSeeds[0].subarray(0, 24)) }),
  check: async (b) => void (await readCapture(b, 'pcap')),
  ...asBuffer,
  testRuns: 150,
};

const pcapngTarget: Target<Buffer> = {
  name: 'pcapng',
  property: CAPTURE_PROPERTY,
  arbitrary: fc.oneof({ weight: 4, arbitrary: mutatedOf(pcapngSeeds) }, { weight: 1, arbitrary: behindHeader(pcapngSeeds[0].subarray(0, 28)) }),
  check: async (b) => void (await readCapture(b, 'pcapng')),
  ...asBuffer,
  testRuns: 150,
};

const tcpTarget: Target<StreamPlan> = {
  name: 'tcp-reassembly',
  property: 'segments in any order, duplicated or overlapping (same bytes) give the same SIP messages as the in-order stream',
  arbitrary: streamPlanArb,
  check: async (plan) => {
    const stream = streamOf(plan);
    const segs = segmentsOf(plan, stream.length);
    const inOrder = await readCapture(tcpCapture(stream, segs), 'pcap');
    sameMessages(inOrder.texts, streamMessages(stream), 'in-order stream');
    const mixed = await readCapture(tcpCapture(stream, shuffled(plan, segs, stream.length)), 'pcap');
    sameMessages(mixed.texts, inOrder.texts, 'reordered stream');
  },
  ...asJson<StreamPlan>(),
  testRuns: 120,
};

/** The messages of a stream built by streamOf, cut by their own Content-Length. */
function streamMessages(stream: Buffer): string[] {
  const text = stream.toString('latin1');
  const out: string[] = [];
  let p = 0;
  while (p < text.length) {
    const end = text.indexOf('\r\n\r\n', p) + 4;
    const len = Number(/Content-Length: (\d+)/.exec(text.slice(p, end))![1]);
    out.push(text.slice(p, end + len));
    p = end + len;
  }
  return out;
}

interface FragmentPlan {
  bodySize: number;
  order: number[];
  duplicates: number[];
}

const fragmentTarget: Target<FragmentPlan> = {
  name: 'ip-fragments',
  // A datagram whose every fragment was captured twice is two datagrams, as an unfragmented
  // duplicate is (fixtures/fuzz/ip-fragments-504bc2fe5bd3: the first form of this property).
  property: 'IPv4 fragments in any order, with duplicates, give the datagram\'s SIP message, byte-exact, once per complete copy of the fragments',
  arbitrary: fc.record({ bodySize: fc.nat(900), order: fc.array(fc.nat(), { maxLength: 30 }), duplicates: fc.array(fc.nat(), { maxLength: 4 }) }),
  check: async (plan) => {
    const message = sip('MESSAGE sip:bob@example.com SIP/2.0', { body: 'y'.repeat(plan.bodySize), headers: ['Content-Type: text/plain'] });
    const { capture, copies } = fragmentCapture(udp(message), plan.order, plan.duplicates);
    const r = await readCapture(capture, 'pcap');
    if (r.texts.length < 1 || r.texts.length > copies) throw new Error(`reassembled datagram: ${r.texts.length} message(s) from ${copies} complete cop(y/ies) of the fragments`);
    sameMessages(r.texts, r.texts.map(() => message.toString('latin1')), 'reassembled datagram');
  },
  ...asJson<FragmentPlan>(),
  testRuns: 120,
};

const framerTarget: Target<Buffer> = {
  name: 'sip-framer',
  property: 'parseMessage and every accessor answer any bytes without throwing; offsets stay inside the message',
  arbitrary: fc.oneof(
    mutatedOf(filesUnder(join(ROOT, 'fixtures/torture'), (n) => n.endsWith('.dat'), 20_000)),
    sipTextArb.map((t) => Buffer.from(`INVITE sip:a@b SIP/2.0\r\nVia: ${t}\r\nFrom: ${t}\r\nContact: ${t}\r\nAccept-Contact: ${t}\r\n\r\n`, 'latin1')),
  ),
  check: async (b) => {
    checkSipMessage(b, false);
    checkSipMessage(b, true);
  },
  ...asBuffer,
  testRuns: 200,
};

const RULES = startRules as StartRule[];

const grammarTarget: Target<{ rule: StartRule; text: string }> = {
  name: 'grammar',
  property: 'every start rule returns a value or an error position inside the text; never throws',
  arbitrary: fc.record({ rule: fc.constantFrom(...RULES), text: sipTextArb }),
  check: async ({ rule, text }) => checkRule(rule, text),
  ...asJson<{ rule: StartRule; text: string }>(),
  testRuns: 400,
};

const textLogTarget: Target<{ format: InputFormat; data: Buffer }> = {
  name: 'text-logs',
  property: 'every text-log reader reads mutated logs to the end; every problem is a Diagnostic with an offset inside the file',
  arbitrary: fc.tuple(fc.nat(textSeeds.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 6 })).map(([i, ms]) => ({ format: textSeeds[i].format, data: mutate(textSeeds[i].data, ms) })),
  check: async ({ format, data }) => void (await readCapture(data, 'txt', { inputFormat: format })),
  encode: ({ format, data }) => Buffer.concat([Buffer.from(`${format}\n`), data]),
  decode: (b) => {
    const nl = b.indexOf(0x0a);
    return { format: b.subarray(0, nl).toString() as InputFormat, data: b.subarray(nl + 1) };
  },
  testRuns: 150,
};

const pipelineTarget: Target<{ format: InputFormat; data: Buffer }> = {
  name: 'pipeline',
  property: 'analyze() reads mutated captures and logs to a schema-shaped report without throwing; every input diagnostic is well-formed',
  arbitrary: fc.oneof(
    mutatedOf(pcapSeeds).map((data) => ({ format: 'pcap' as InputFormat, data })),
    textLogTarget.arbitrary,
  ),
  check: async ({ format, data }) => {
    const report = await analyze([scratchFile(data, format === 'pcap' ? 'pcap' : 'txt')], DEFAULT_CONFIG, { inputFormat: format, ladder: true });
    for (const input of report.inputs) for (const d of input.diagnostics) checkDiagnostic(d as Diagnostic, data.length);
    // Every formatter accepts whatever the pipeline produced.
    JSON.parse(formatJson(report));
    formatText(report, { color: false });
    formatJunit(report);
    formatSarif(report);
  },
  encode: textLogTarget.encode,
  decode: textLogTarget.decode,
  testRuns: 60,
};

export const targets: Target<any>[] = [pcapTarget, pcapngTarget, tcpTarget, fragmentTarget, framerTarget, grammarTarget, textLogTarget, pipelineTarget];
