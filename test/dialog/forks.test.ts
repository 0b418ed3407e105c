// Forks (the dialogs of one INVITE by To tag) behaves as a Map for what the tracker asks of it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Forks } from '../../src/dialog/forks.js';

describe('Forks', () => {
  it('agrees with a Map on get, size and insertion order under any sequence of sets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('', 'a', 'b', 'c', 'd'), fc.integer()), { maxLength: 30 }), (ops) => {
        const forks = new Forks<number>();
        const map = new Map<string, number>();
        for (const [tag, value] of ops) {
          forks.set(tag, value);
          map.set(tag, value);
          expect(forks.size).toBe(map.size);
          for (const t of ['', 'a', 'b', 'c', 'd', 'e']) expect(forks.get(t)).toBe(map.get(t));
          expect([...forks.values()]).toEqual([...map.values()]);
        }
      }),
    );
  });

  it('is empty at first', () => {
    const forks = new Forks<string>();
    expect(forks.size).toBe(0);
    expect(forks.get('')).toBeUndefined();
    expect([...forks.values()]).toEqual([]);
  });
});
