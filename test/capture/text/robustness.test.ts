// Whatever bytes arrive, the readers never throw, hand out messages that are the input's own bytes
// at their offset (ngrep aside: it rewrites `.` to CR), and cover every line they report.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { InputFormat } from '../../../src/capture/types.js';
import { readLogBytes } from './read-log.js';

const MSG = 'INVITE sip:b@x SIP/2.0\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 3\r\n\r\nabc';
const pieces = [
  MSG,
  'SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n',
  '2024/03/01 10:00:00.000001 10.0.0.5:5060 -> 10.0.0.9:5060\n',
  `${'-'.repeat(47)} 2024-03-01 10:00:00.000001\nUDP message sent (${MSG.length} bytes):\n\n`,
  'U 2024/03/01 10:00:00.000001 10.0.0.5:5060 -> 10.0.0.9:5060 #1\n',
  'T 10.0.0.5:5060 -> 10.0.0.9:5060 [AP] #2\n',
  '\n', '\r\n', 'Content-Length: 99999\r\n', 'l: x\r\n', '#exit\n', '.', 'garbage', '\x00\xff',
  // NUL runs (crash tails, copytruncate): longer than a chunk, and longer than a line may be.
  '\x00'.repeat(60), '\x00'.repeat(5000),
];
const input = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 20 })), { maxLength: 30 }).map((parts) => Buffer.from(parts.join(''), 'latin1'));

describe.each<InputFormat>(['sngrep', 'sipp-trace', 'raw-sip', 'ngrep'])('%s reader on arbitrary input', (format) => {
  test('never throws; messages are the input bytes at their offset; lines and offsets agree', async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.integer({ min: 1, max: 50 }), async (data, chunkSize) => {
        const r = await readLogBytes(data, { format, chunkSize, maxMessageBytes: 4096 });
        for (const m of r.messages) {
          expect(m.ref.offset + m.ref.length).toBeLessThanOrEqual(data.length);
          expect(m.ref.length).toBe(m.data.length);
          // The line number is the count of LFs before the offset, plus one.
          expect(m.ref.line).toBe(data.subarray(0, m.ref.offset).filter((c) => c === 0x0a).length + 1);
          const original = data.subarray(m.ref.offset, m.ref.offset + m.ref.length);
          // ngrep prints each TCP segment under its own header line, so a message that spans
          // segments is not one run of input bytes: check its start line, which always is.
          if (format === 'ngrep') {
            const firstLine = m.data.indexOf(0x0a) + 1 || m.data.length;
            expect(Buffer.from(original.subarray(0, firstLine).map((c, i) => (c === 0x2e && m.data[i] === 0x0d ? 0x0d : c)))).toEqual(m.data.subarray(0, firstLine));
          }
          else expect(original).toEqual(m.data);
        }
        // A reported NUL run is NUL bytes of the input, and no byte is reported twice.
        let reportedUpTo = -1;
        for (const d of r.diagnostics.filter((x) => x.code === 'text.nul-bytes').sort((x, y) => x.offset! - y.offset!)) {
          const bytes = Number(/^(\d+) NUL/.exec(d.message)![1]);
          expect(d.offset!).toBeGreaterThan(reportedUpTo); // touching reports would split one run
          expect(data.subarray(d.offset!, d.offset! + bytes).every((c) => c === 0)).toBe(true);
          expect(d.offset! + bytes).toBeLessThanOrEqual(data.length);
          reportedUpTo = d.offset! + bytes;
        }
        for (const d of r.diagnostics) {
          if (d.offset === undefined || d.line === undefined) continue;
          expect(d.offset).toBeLessThanOrEqual(data.length);
          expect(d.line).toBe(data.subarray(0, d.offset).filter((c) => c === 0x0a).length + 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
