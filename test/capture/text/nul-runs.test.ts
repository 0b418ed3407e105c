// Text logs with NUL runs (a crashed writer's zero-filled tail, copytruncate rotation,
// preallocation): detected as text, every message around a run read, each run outside a message
// one `text.nul-bytes` diagnostic with its line, offset and length; NULs inside a message are data.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { detectTextFormat } from '../../../src/capture/text/index.js';
import type { Diagnostic, InputFormat } from '../../../src/capture/types.js';
import { readLogBytes } from './read-log.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const nuls = (n: number) => Buffer.alloc(n, 0);

const request = (n: number) =>
  `OPTIONS sip:bob@example.com SIP/2.0\r\n` +
  `Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK${n}\r\n` +
  `From: <sip:alice@example.com>;tag=a${n}\r\n` +
  `To: <sip:bob@example.com>\r\n` +
  `Call-ID: call-${n}@10.0.0.5\r\n` +
  `CSeq: ${n} OPTIONS\r\n` +
  `Content-Length: 0\r\n` +
  `\r\n`;
/** A body that does not end in CRLF: the log's own separator follows the body's last byte. */
const withBody = (n: number, body: string) =>
  `MESSAGE sip:bob@example.com SIP/2.0\r\n` +
  `Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKm${n}\r\n` +
  `Call-ID: msg-${n}@10.0.0.5\r\n` +
  `CSeq: ${n} MESSAGE\r\n` +
  `Content-Type: application/octet-stream\r\n` +
  `Content-Length: ${body.length}\r\n` +
  `\r\n` +
  body;
const message = (n: number) => (n % 2 === 0 ? request(n) : withBody(n, `hello ${n}`));

const time = (n: number) => `10:00:${String(n).padStart(2, '0')}.000000`;
const ngrepRender = (bytes: string) => bytes.replace(/[^\x20-\x7e\n]/g, '.');

/**
 * One log entry per message, and the byte positions inside the entry where a NUL run lies
 * between messages (entry start, right after the message, between the log's trailing LFs).
 */
interface Entry {
  text: string;
  gaps: number[];
}

const formats: Record<string, { format: InputFormat; entry: (msg: string, n: number) => Entry }> = {
  raw: { format: 'raw-sip', entry: (msg) => ({ text: msg, gaps: [0, msg.length] }) },
  sngrep: {
    format: 'sngrep',
    entry: (msg, n) => {
      const head = `2024/03/01 ${time(n)} 10.0.0.5:5060 -> 10.0.0.9:5060\n`;
      const end = head.length + msg.length;
      return { text: `${head}${msg}\n\n`, gaps: [0, end, end + 1, end + 2] };
    },
  },
  sipp: {
    format: 'sipp-trace',
    entry: (msg, n) => {
      const head = `${'-'.repeat(47)} 2024-03-01 ${time(n)}\nUDP message sent (${msg.length} bytes):\n\n`;
      const end = head.length + msg.length;
      return { text: `${head}${msg}\n\n`, gaps: [0, end, end + 1, end + 2] };
    },
  },
  ngrep: {
    format: 'ngrep',
    entry: (msg, n) => {
      const head = `\nU 2024/03/01 ${time(n)} 10.0.0.5:5060 -> 10.0.0.9:5060 #${n}\n`;
      const text = `${head}${ngrepRender(msg)}\n`;
      // Before the LF that opens the entry, and right before its header line.
      return { text, gaps: [0, 1] };
    },
  },
  'ngrep TCP': {
    format: 'ngrep',
    entry: (msg, n) => {
      const head = `\nT 2024/03/01 ${time(n)} 10.0.0.5:5060 -> 10.0.0.9:5060 [AP] #${n}\n`;
      return { text: `${head}${ngrepRender(msg)}\n`, gaps: [0, 1] };
    },
  },
};

function buildLog(kind: string, count: number): { data: Buffer; gaps: number[]; messages: string[] } {
  const { entry } = formats[kind];
  let text = '';
  const gaps: number[] = [];
  const messages: string[] = [];
  for (let n = 1; n <= count; n++) {
    const msg = message(n);
    const e = entry(msg, n);
    for (const g of e.gaps) gaps.push(text.length + g);
    text += e.text;
    messages.push(msg);
  }
  gaps.push(text.length);
  return { data: b(text), gaps: [...new Set(gaps)], messages };
}

const lineAt = (data: Buffer, offset: number) => data.subarray(0, offset).filter((c) => c === 0x0a).length + 1;
const nulDiagnostics = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'text.nul-bytes');
const bytesOf = (d: Diagnostic) => Number(/^(\d+) NUL byte/.exec(d.message)?.[1]);

function insert(data: Buffer, at: number, run: number): Buffer {
  return Buffer.concat([data.subarray(0, at), nuls(run), data.subarray(at)]);
}

describe('detection of a text log holding NUL runs', () => {
  test.each(Object.keys(formats))('%s: detected with a NUL run between messages, at the start and at the end', (kind) => {
    const { data, gaps } = buildLog(kind, 3);
    const middle = gaps[Math.floor(gaps.length / 2)];
    expect(detectTextFormat(insert(data, middle, 4096))).toBe(formats[kind].format);
    // copytruncate: the writer goes on at its old offset, the file starts with zeros.
    expect(detectTextFormat(insert(data, 0, 4096))).toBe(formats[kind].format);
    // A crash: the preallocated tail stays zero.
    expect(detectTextFormat(Buffer.concat([data, nuls(60_000)]))).toBe(formats[kind].format);
  });

  test('the issue 3 example: two OPTIONS separated by 4096 NULs', () => {
    expect(detectTextFormat(Buffer.concat([b(request(1)), nuls(4096), b(request(2))]))).toBe('raw-sip');
  });

  const elf = Buffer.concat([b('\x7fELF\x02\x01\x01\x00'), nuls(8), b('\x02\x00\x3e\x00\x01\x00\x00\x00\x40\x10\x40\x00'), nuls(4), Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 37 + 11) & 0xff))]);
  /** A capture whose magic is damaged: record headers and IP/UDP headers around SIP payloads. */
  const pcapLike = Buffer.concat(
    [b('\xde\xad\xbe\xef\x02\x00\x04\x00'), nuls(8), b('\xff\xff\x00\x00\x01\x00\x00\x00')].concat(
      [1, 2, 3].flatMap((n) => {
        const sip = b(request(n));
        const rec = Buffer.alloc(16);
        rec.writeUInt32LE(1_700_000_000 + n, 0);
        rec.writeUInt32LE(123_456 * n, 4);
        rec.writeUInt32LE(sip.length + 42, 8);
        rec.writeUInt32LE(sip.length + 42, 12);
        const headers = b('\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\x08\x00\x45\x00\x02\x1c\x8f\x3a\x00\x00\x40\x11\xb1\x2c\x0a\x00\x00\x05\x0a\x00\x00\x09\x13\xc4\x13\xc4\x02\x08\x9c\x3f');
        return [rec, headers, sip];
      }),
    ),
  );

  test.each([
    ['an ELF executable', elf],
    ['a capture with a damaged magic (binary headers around SIP payloads)', pcapLike],
    ['only NUL bytes', nuls(65_536)],
  ])('%s is not text', (_what, data) => {
    expect(detectTextFormat(data)).toBeUndefined();
  });

  test('random bytes are not text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 4096 }), (bytes) => {
        const data = Buffer.from(bytes);
        data[data.length >> 1] = 0; // at least one NUL: the path this change opened
        expect(detectTextFormat(data)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  test('random bytes after a SIP message are not text either (the share of non-text bytes decides)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2048, maxLength: 8192 }), (bytes) => {
        const data = Buffer.concat([b(request(1)), nuls(16), Buffer.from(bytes)]);
        expect(detectTextFormat(data)).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});

describe.each(Object.keys(formats))('%s reader: NUL runs', (kind) => {
  const { format } = formats[kind];

  test('a NUL run between messages: every message read, one diagnostic naming line, offset and length', async () => {
    const { data, gaps, messages } = buildLog(kind, 2);
    const at = gaps.find((g) => g > 0 && g < data.length)!;
    const damaged = insert(data, at, 4096);
    for (const chunkSize of [65_536, 1000, 7]) {
      const r = await readLogBytes(damaged, { format, chunkSize });
      expect(r.messages.map((m) => m.data.toString('latin1').replace(/\r/g, ''))).toEqual(messages.map((m) => m.replace(/\r/g, '')));
      expect(r.diagnostics).toEqual([
        {
          severity: 'warning',
          code: 'text.nul-bytes',
          message: '4096 NUL bytes outside any SIP message skipped (a zero-filled gap: crash, preallocation or copytruncate log rotation)',
          input: 'log.txt',
          offset: at,
          line: lineAt(damaged, at),
        },
      ]);
      // Messages after the run keep their true position in the file.
      const last = r.messages[1];
      expect(last.ref.offset).toBeGreaterThan(at + 4095);
      expect(last.ref.line).toBe(lineAt(damaged, last.ref.offset));
    }
  });

  test('copytruncate: zeros first, then the log; a crash: the log, then a zero tail longer than any line', async () => {
    const { data, messages } = buildLog(kind, 2);
    const rotated = await readLogBytes(insert(data, 0, 10_000), { format, maxMessageBytes: 4096 });
    expect(rotated.messages).toHaveLength(messages.length);
    expect(rotated.diagnostics.map((d) => [d.code, d.offset, d.line, bytesOf(d)])).toEqual([['text.nul-bytes', 0, 1, 10_000]]);
    const crashed = await readLogBytes(Buffer.concat([data, nuls(50_000)]), { format, maxMessageBytes: 4096, chunkSize: 3000 });
    expect(crashed.messages).toHaveLength(messages.length);
    expect(crashed.diagnostics.map((d) => [d.code, d.offset, d.line, bytesOf(d)])).toEqual([['text.nul-bytes', data.length, lineAt(data, data.length), 50_000]]);
  });

  test('two separate runs are two diagnostics', async () => {
    const { data, gaps, messages } = buildLog(kind, 3);
    const inner = gaps.filter((g) => g > 0 && g < data.length);
    const first = inner[0];
    const second = inner[inner.length - 1];
    const damaged = insert(insert(data, second, 20), first, 10);
    const r = await readLogBytes(damaged, { format, chunkSize: 11 });
    expect(r.messages).toHaveLength(messages.length);
    expect(nulDiagnostics(r.diagnostics).map((d) => [d.offset, bytesOf(d)])).toEqual([
      [first, 10],
      [second + 10, 20],
    ]);
    expect(r.diagnostics).toHaveLength(2);
  });

  test('property: a NUL run inserted between messages never loses one and is one diagnostic at its offset', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 2000 }),
        async (count, pick, run, chunkSize) => {
          const { data, gaps, messages } = buildLog(kind, count);
          const at = gaps[pick % gaps.length];
          const damaged = insert(data, at, run);
          const r = await readLogBytes(damaged, { format, chunkSize });
          const got = r.messages.map((m) => m.data.toString('latin1'));
          // ngrep shows CR as `.`: compare without CRs (the reader turns `.` before LF back into CR).
          const norm = (s: string) => (kind.startsWith('ngrep') ? s.replace(/\r/g, '') : s);
          expect(got.map(norm)).toEqual(messages.map(norm));
          expect(r.diagnostics).toHaveLength(1);
          const [d] = r.diagnostics;
          expect([d.code, d.offset, d.line, bytesOf(d)]).toEqual(['text.nul-bytes', at, lineAt(damaged, at), run]);
          for (const m of r.messages) expect(m.ref.line).toBe(lineAt(damaged, m.ref.offset));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('a NUL inside a message is data', () => {
  const body = 'bin\x00\x00\x00ary\x00';
  const msg = withBody(7, body);

  test.each([
    ['raw', msg],
    ['sngrep', `2024/03/01 10:00:00.000000 10.0.0.5:5060 -> 10.0.0.9:5060\n${msg}\n\n`],
    ['sipp', `${'-'.repeat(47)} 2024-03-01 10:00:00.000000\nUDP message sent (${msg.length} bytes):\n\n${msg}\n\n`],
  ])('%s', async (kind, text) => {
    const data = Buffer.concat([b(text), b(formats[kind].entry(request(2), 2).text)]);
    for (const chunkSize of [65_536, 5]) {
      const r = await readLogBytes(data, { format: formats[kind].format, chunkSize });
      expect(r.diagnostics).toEqual([]);
      expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([msg, request(2)]);
    }
  });

  test('a body line that starts with NULs, Content-Length still to come: kept (sngrep, SIPp)', async () => {
    const lineBody = 'first\n\x00\x00\x00second\n';
    const m = withBody(9, lineBody);
    for (const [format, text] of [
      ['sngrep', `2024/03/01 10:00:00.000000 10.0.0.5:5060 -> 10.0.0.9:5060\n${m}\n\n`],
      ['sipp-trace', `${'-'.repeat(47)} 2024-03-01 10:00:00.000000\nUDP message sent (${m.length} bytes):\n\n${m}\n\n`],
    ] as const) {
      const r = await readLogBytes(b(text), { format });
      expect(r.diagnostics).toEqual([]);
      expect(r.messages.map((x) => x.data.toString('latin1'))).toEqual([m]);
    }
  });
});

describe('raw files: NUL runs next to other damage', () => {
  test('junk, a NUL run, junk: each reported on its own, the messages around kept', async () => {
    const text = Buffer.concat([b(request(1)), b('garbage\n'), nuls(100), b('more junk\n'), b(request(2))]);
    const r = await readLogBytes(text, { format: 'raw-sip' });
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([request(1), request(2)]);
    const start = request(1).length;
    expect(r.diagnostics.map((d) => [d.code, d.offset])).toEqual([
      ['text.not-sip', start],
      ['text.nul-bytes', start + 8],
      ['text.not-sip', start + 108],
    ]);
  });

  test('a message without Content-Length ends before a NUL run; the next starts right after it', async () => {
    const noLength = request(1).replace('Content-Length: 0\r\n', '') + 'body line\r\n';
    const text = Buffer.concat([b(noLength), nuls(64), b(request(2))]);
    const r = await readLogBytes(text, { format: 'raw-sip' });
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([noLength, request(2)]);
    expect(nulDiagnostics(r.diagnostics).map((d) => [d.offset, bytesOf(d)])).toEqual([[noLength.length, 64]]);
  });

  test('a message without Content-Length before a zero tail longer than any message is kept', async () => {
    const noLength = request(1).replace('Content-Length: 0\r\n', '') + 'body line\r\n';
    const text = Buffer.concat([b(noLength), nuls(20_000)]);
    for (const chunkSize of [65_536, 1000]) {
      const r = await readLogBytes(text, { format: 'raw-sip', maxMessageBytes: 4096, chunkSize });
      expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([noLength]);
      expect(r.diagnostics.map((d) => [d.code, d.offset])).toEqual([
        ['text.no-content-length', 0],
        ['text.nul-bytes', noLength.length],
      ]);
      expect(bytesOf(r.diagnostics[1])).toBe(20_000);
    }
  });
});
