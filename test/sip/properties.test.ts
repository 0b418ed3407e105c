// Property tests: whatever the bytes, parseMessage and every accessor answer without throwing,
// and every offset points inside the message.
import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage, splitList } from '../../src/sip/index.js';

const seed = readFileSync('fixtures/torture/rfc4475/wsinv.dat');

function checkAll(data: Buffer, strict: boolean): void {
  const m = parseMessage({ ref: { input: 'p', offset: 0, length: data.length, timeNs: null, transport: 'tcp' }, data }, { strict });
  m.from(); m.to(); m.via(); m.contact(); m.acceptContact(); m.sessionExpires(); m.userAgent(); m.privacy(); m.sdp();
  for (const d of m.diagnostics) {
    expect(d.offset).toBeGreaterThanOrEqual(0);
    expect(d.offset).toBeLessThanOrEqual(data.length);
  }
  for (const h of m.headers) {
    expect(h.valueOffset).toBeGreaterThanOrEqual(h.offset);
    expect(h.valueOffset).toBeLessThanOrEqual(data.length);
  }
}

describe('robustness', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, strict) => checkAll(Buffer.from(bytes), strict)), { numRuns: 300 });
  });
  it('a real message with bytes overwritten, inserted or removed', () => {
    const edit = fc.tuple(fc.nat({ max: seed.length - 1 }), fc.constantFrom('ins', 'del', 'set'), fc.constantFrom(...[0x0d, 0x0a, 0x20, 0x3a, 0x3b, 0x2c, 0x22, 0x3c, 0x3e, 0x5c, 0x00, 0xff, 0x09]));
    fc.assert(fc.property(fc.array(edit, { maxLength: 8 }), fc.boolean(), (edits, strict) => {
      const bytes = [...seed];
      for (const [at, kind, byte] of edits) {
        const i = Math.min(at, bytes.length - 1);
        if (kind === 'ins') bytes.splice(i, 0, byte);
        else if (kind === 'del') bytes.splice(i, 1);
        else bytes[i] = byte;
      }
      checkAll(Buffer.from(bytes), strict);
    }), { numRuns: 300 });
  });
  it('a value that was not folded is the message text at valueOffset', () => {
    const text = seed.toString('latin1');
    const m = parseMessage({ ref: { input: 'p', offset: 0, length: seed.length, timeNs: null, transport: 'udp' }, data: seed });
    let folded = 0;
    let plain = 0;
    for (const h of m.headers) {
      const raw = text.slice(h.valueOffset, h.valueOffset + h.value.length);
      if (raw.includes('\n')) folded++;
      else {
        expect(raw).toBe(h.value);
        plain++;
      }
    }
    expect(folded).toBeGreaterThanOrEqual(4);
    expect(plain).toBeGreaterThanOrEqual(5);
  });
});

describe('splitList', () => {
  it('joining the items with "," gives back the value, less the spaces around items', () => {
    const piece = fc.constantFrom('a', 'b', ' ', ',', ';', '"', '\\', '<', '>', '=');
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (chars) => {
      const value = chars.join('');
      const items = splitList(value);
      for (const item of items) expect(value.slice(item.start, item.start + item.text.length)).toBe(item.text);
      expect(items.map((i) => i.text).join(',').replace(/\s/g, '')).toBe(value.replace(/\s/g, ''));
    }), { numRuns: 500 });
  });
});
