import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafe, sanitize, sanitizeDeep, sanitizeLines } from '../../src/report/sanitize.js';

describe('sanitize', () => {
  it('shows ESC, CSI, OSC, BEL, CR, NUL, DEL and C1 visibly', () => {
    expect(sanitize('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(sanitize('\x1b]0;title\x07')).toBe('\\x1b]0;title\\x07');
    expect(sanitize('x\ry')).toBe('x\\x0dy');
    expect(sanitize('\x00\x7f\x9b\x85')).toBe('\\x00\\x7f\\x9b\\x85');
    expect(sanitize('tab\there\nnl')).toBe('tab\\x09here\\x0anl');
  });

  it('shows every bidi override and isolate visibly', () => {
    for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(sanitize(`a${String.fromCharCode(cp)}b`)).toBe(`a\\u${cp.toString(16)}b`);
    }
  });

  it('leaves printable text, latin1 letters and other Unicode alone', () => {
    const s = 'Bob <sip:bob@example.com>;tag=1 "Zoë" é ü 日本 \\x1b';
    expect(sanitize(s)).toBe(s);
  });

  it('is idempotent and its output is always safe (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = sanitize(s);
        expect(isSafe(once)).toBe(true);
        expect(sanitize(once)).toBe(once);
      }),
      { seed: 4028, numRuns: 2000 },
    );
  });

  it('splits raw messages on CRLF and sanitises each line', () => {
    expect(sanitizeLines('INVITE x SIP/2.0\r\nUser-Agent: a\rb\x1b\r\n\r\n')).toEqual(['INVITE x SIP/2.0', 'User-Agent: a\\x0db\\x1b', '']);
  });

  it('sanitises every string of a nested value, keys included, and drops undefined', () => {
    expect(sanitizeDeep({ a: ['\x07', 1, null, { '\x1b': true }], b: undefined })).toEqual({ a: ['\\x07', 1, null, { '\\x1b': true }] });
  });
});
