import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteBatch, WRITE_BATCH } from '../../src/util/byte-batch.js';

describe('ByteBatch', () => {
  it('hands on exactly the encoded texts, in order, with each text\'s byte length returned (property)', () => {
    const piece = fc.oneof(
      { weight: 8, arbitrary: fc.string({ maxLength: 300 }) },
      { weight: 1, arbitrary: fc.nat(3).map((k) => 'é'.repeat((WRITE_BATCH >> k) / 2 + 7)) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom('utf8' as const, 'latin1' as const), (texts, encoding) => {
        const out: Buffer[] = [];
        const batch = new ByteBatch((bytes) => out.push(Buffer.from(bytes)), encoding);
        const lengths = texts.map((t) => batch.append(t));
        batch.release();
        expect(Buffer.concat(out).equals(Buffer.from(texts.join(''), encoding))).toBe(true);
        expect(lengths).toEqual(texts.map((t) => Buffer.byteLength(t, encoding)));
        expect(out.every((b) => b.length > 0)).toBe(true);
        expect(batch.pending).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
