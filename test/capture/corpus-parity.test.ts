// Parity with tshark on every real capture: the SIP messages imlint finds — count, and the
// (frame, Call-ID, CSeq) list — equal tshark's view (`X.tshark.tsv`, MANIFEST.md). Where imlint
// rightly differs, EXCEPTIONS says why. Corpus captures are read from ../shared/corpus (skipped
// when absent); the permissive copies in fixtures/captures always run; the SIPp loopback fixtures
// are checked against a live tshark (skipped without it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInput } from '../../src/capture/index.js';
import { parseMessage } from '../../src/sip/index.js';

const repo = resolve(import.meta.dirname, '../..');
const corpus = resolve(repo, '../shared/corpus');
const hasCorpus = existsSync(join(corpus, 'MANIFEST.md'));
const hasTshark = spawnSync('tshark', ['--version']).status === 0;

interface Row {
  frame: number;
  callId: string;
  cseq: string;
}

interface Exception {
  why: string;
  /** Frames imlint finds SIP in and tshark does not. */
  onlyImlint?: number[];
  /** Frames tshark lists and imlint does not. */
  onlyTshark?: number[];
  /** Compare frame numbers only (header bytes too damaged to agree on values). */
  framesOnly?: boolean;
  /** The whole input is not read; this diagnostic code says so. */
  unreadWith?: string;
}

const EXCEPTIONS: Record<string, Exception> = {
  'pcap/wireshark-wiki/c07-sip-r2.cap': {
    why: 'Microsoft Network Monitor 2 file, not pcap/pcapng: imlint names the format in a diagnostic and suggests converting it',
    unreadWith: 'input.unknown-format',
  },
  'pcap/ndpi/http_on_sip_port.pcap': {
    why: 'HTTP on UDP port 5060: tshark dissects it as SIP by port number (its rows have no method and no status); imlint recognises SIP by its start line, and there is none',
    onlyTshark: [3, 4],
  },
  'pcap/ndpi/fuzz-2006-06-26-2594.pcap': {
    why:
      'fuzzed copy of aaa.pcap. Frames 108, 274, 346, 348, 441 have a SIP start line damaged inside (a NUL byte, a two-digit status): tshark\'s heuristic drops them as "data", imlint keeps them and the SIP stage reports them malformed. ' +
      'Frame 247 ends its start line with a bare CR: tshark accepts it, imlint reports sip.bad-start-line. Damaged Call-ID/CSeq bytes decode differently, so only frames are compared',
    onlyImlint: [108, 274, 346, 348, 441],
    onlyTshark: [247],
    framesOnly: true,
  },
};

function walk(dir: string, keep: (path: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, keep, out);
    else if (keep(path)) out.push(path);
  }
  return out;
}

function parseTsv(text: string): Row[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const c = l.split('\t');
      return { frame: Number(c[0]), callId: c[4] ?? '', cseq: (c[5] ?? '').trim().replace(/\s+/g, ' ') };
    });
}

/** tshark shows header text as UTF-8 with U+FFFD for invalid bytes; so do we for comparing. */
function display(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

async function imlintRows(path: string): Promise<{ rows: Row[]; codes: string[] }> {
  const source = await openInput(path);
  const rows: Row[] = [];
  const codes: string[] = [];
  for await (const batch of source.batches()) {
    for (const raw of batch.messages) {
      const msg = parseMessage(raw);
      // tshark reports a message reassembled from several segments in the frame that completes it.
      rows.push({
        frame: raw.ref.lastFrame ?? raw.ref.frame ?? 0,
        callId: display(msg.callId ?? ''),
        cseq: msg.cseq ? `${msg.cseq.seq} ${display(msg.cseq.method)}` : '',
      });
    }
    for (const d of batch.diagnostics) codes.push(d.code);
  }
  return { rows, codes };
}

function tsharkRows(path: string): Row[] {
  const out = execFileSync(
    'tshark',
    ['-r', path, '-Y', 'sip', '-T', 'fields', '-E', 'separator=/t', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-e', 'sip.Call-ID', '-e', 'sip.CSeq'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return parseTsv(out);
}

async function compare(name: string, path: string, expected: Row[]): Promise<void> {
  const { rows, codes } = await imlintRows(path);
  const ex = EXCEPTIONS[name];
  if (ex?.unreadWith) {
    expect(codes, ex.why).toContain(ex.unreadWith);
    expect(rows).toEqual([]);
    return;
  }
  const onlyImlint = new Set(ex?.onlyImlint ?? []);
  const onlyTshark = new Set(ex?.onlyTshark ?? []);
  const want = expected.filter((r) => !onlyTshark.has(r.frame));
  const got = rows.filter((r) => !onlyImlint.has(r.frame));
  // The documented differences must still be there (else the table is stale).
  expect(rows.filter((r) => onlyImlint.has(r.frame)).map((r) => r.frame), ex?.why).toEqual([...onlyImlint]);
  expect(expected.filter((r) => onlyTshark.has(r.frame)).map((r) => r.frame), ex?.why).toEqual([...onlyTshark]);
  expect(rows.filter((r) => onlyTshark.has(r.frame)), ex?.why).toEqual([]);
  expect(got.length).toBe(want.length);
  if (ex?.framesOnly) expect(got.map((r) => r.frame)).toEqual(want.map((r) => r.frame));
  else expect(got).toEqual(want);
}

describe.skipIf(!hasCorpus)('parity with tshark on the shared corpus', () => {
  const captures = hasCorpus
    ? [...walk(join(corpus, 'pcap'), (p) => !p.endsWith('.tshark.tsv')), ...walk(join(corpus, 'generated'), (p) => /\.pcap(ng)?$/.test(p))]
    : [];
  it('covers every corpus capture', () => {
    expect(captures.length).toBeGreaterThanOrEqual(60);
  });
  for (const path of captures) {
    const name = relative(corpus, path);
    it(name, async () => {
      await compare(name, path, parseTsv(readFileSync(`${path}.tshark.tsv`, 'utf8')));
    });
  }
});

describe('parity with tshark on the permissively licensed copies in fixtures/captures', () => {
  const dir = join(repo, 'fixtures/captures');
  const captures = walk(dir, (p) => !p.endsWith('.tshark.tsv'));
  it('has its copies', () => {
    expect(captures.length).toBeGreaterThanOrEqual(19);
  });
  for (const path of captures) {
    it(relative(repo, path), async () => {
      await compare(relative(dir, path), path, parseTsv(readFileSync(`${path}.tshark.tsv`, 'utf8')));
    });
  }
});

describe.skipIf(!hasTshark)('parity with a live tshark on the SIPp loopback fixtures (needs tshark)', () => {
  const dir = join(repo, 'fixtures/sipp');
  const captures = existsSync(dir) ? walk(dir, (p) => /\.pcap(ng)?$/.test(p)) : [];
  for (const path of captures) {
    it(relative(repo, path), async () => {
      await compare(relative(repo, path), path, tsharkRows(path));
    });
  }
});
