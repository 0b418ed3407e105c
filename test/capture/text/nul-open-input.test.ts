// Issue 3, end to end: a SIP text log with NUL runs goes through openInput (sniffing, detection,
// gzip) and `imlint messages`, while binary files stay refused with a diagnostic that names them.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { imlint } from '../../cli/run.js';
import { callIdOf, codes, collect, writeTemp } from '../collect.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const options = (n: string) =>
  `OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bK${n}\r\nCall-ID: ${n}\r\nCSeq: 1 OPTIONS\r\n` +
  `From: <sip:a@b>;tag=1\r\nTo: <sip:b@c>\r\nContent-Length: 0\r\n\r\n`;
/** The example: two OPTIONS separated by 4096 NULs (155 bytes, 8 lines, before the run). */
const nul3 = Buffer.concat([b(options('x')), Buffer.alloc(4096), b(options('y'))]);

describe('openInput on text logs with NUL runs', () => {
  it('detects the raw SIP log, plain and gzip, and reads both messages around the run', async () => {
    for (const bytes of [nul3, gzipSync(nul3)]) {
      const c = await collect(bytes, undefined, 'nul3.log');
      expect(c.stats.format).toBe('raw-sip');
      expect(c.texts.map(callIdOf)).toEqual(['x', 'y']);
      expect(c.diagnostics.map((d) => [d.code, d.line, d.offset])).toEqual([['text.nul-bytes', 9, 155]]);
      expect(c.diagnostics[0].message).toMatch(/^4096 NUL bytes /);
    }
  });

  it('a copytruncate-rotated sngrep save (zeros, then the log) is still an sngrep save', async () => {
    const log = b(`2024/03/01 10:00:00.000001 10.0.0.5:5060 -> 10.0.0.9:5060\n${options('r')}\n\n`);
    const c = await collect(Buffer.concat([Buffer.alloc(30_000), log]), undefined, 'rotated.txt');
    expect(c.stats.format).toBe('sngrep');
    expect(c.texts.map(callIdOf)).toEqual(['r']);
    expect(c.diagnostics.map((d) => [d.code, d.line, d.offset])).toEqual([['text.nul-bytes', 1, 0]]);
  });

  it('a copytruncate prefix longer than the sniffed head (1 MiB of zeros): detected from the text after it', async () => {
    const log = b(`${'-'.repeat(47)} 2024-03-01 10:00:00.000001\nUDP message sent (${options('t').length} bytes):\n\n${options('t')}\n\n`);
    const rotated = Buffer.concat([Buffer.alloc(1 << 20), log]);
    for (const bytes of [rotated, gzipSync(rotated)]) {
      const c = await collect(bytes, undefined, 'rotated.log');
      expect(c.stats.format).toBe('sipp-trace');
      expect(c.texts.map(callIdOf)).toEqual(['t']);
      expect(c.diagnostics.map((d) => [d.code, d.line, d.offset, d.message.split(' ', 1)[0]])).toEqual([['text.nul-bytes', 1, 0, String(1 << 20)]]);
    }
  });

  it('a file of nothing but zeros is refused as such', async () => {
    const c = await collect(Buffer.alloc(100_000), undefined, 'zeros.log');
    expect(codes(c)).toEqual(['input.unknown-format']);
    expect(c.diagnostics[0].message).toMatch(/holds nothing but NUL bytes in its first 100000 bytes/);
  });

  it('refuses an ELF executable, naming it', async () => {
    const elf = Buffer.concat([b('\x7fELF\x02\x01\x01\0'), Buffer.alloc(8), b('\x02\0\x3e\0'), Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 73) & 0xff))]);
    const c = await collect(elf, undefined, 'tool');
    expect(codes(c)).toEqual(['input.unknown-format']);
    expect(c.diagnostics[0].message).toMatch(/is an ELF executable, neither a capture nor a SIP text log$/);
    expect(c.messages).toEqual([]);
  });

  it('refuses random bytes holding NULs', async () => {
    let x = 12345;
    const noise = Buffer.alloc(20_000);
    for (let i = 0; i < noise.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      noise[i] = i % 97 === 0 ? 0 : x >>> 24;
    }
    const c = await collect(noise, undefined, 'noise.bin');
    expect(codes(c)).toEqual(['input.unknown-format']);
  });
});

describe('imlint messages on the issue 3 example', () => {
  it('lists both messages and the NUL run as a diagnostic (exit 0)', async () => {
    const path = writeTemp(nul3, 'nul3.log');
    const r = await imlint(['messages', '--format', 'json', path]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.type === 'message').map((l) => [l.line, l.callId])).toEqual([
      [1, 'x'],
      [9, 'y'],
    ]);
    expect(lines.filter((l) => l.type === 'diagnostic').map((l) => [l.code, l.line, l.offset])).toEqual([['text.nul-bytes', 9, 155]]);
  });
});
