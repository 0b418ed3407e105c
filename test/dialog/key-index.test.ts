// KeyIndex answers as a Map keyed by the key string, whatever the hashes (colliding or not), for
// values filed with their own message and with another (a copy's key).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashKey, KeyIndex } from '../../src/dialog/key-index.js';
import type { SipMessage } from '../../src/sip/types.js';

interface Owner {
  name: string;
  request: SipMessage;
}
const message = (key: string): SipMessage => ({ callId: key }) as unknown as SipMessage;
const keyOf = (m: SipMessage): string | undefined => m.callId;

describe('KeyIndex', () => {
  for (const [label, hash] of [
    ['FNV hash', hashKey],
    ['every key colliding', () => 7],
    ['two buckets', (k: string) => k.length % 2],
  ] as const) {
    it(`agrees with a Map under set, get and conditional delete (${label})`, () => {
      const keys = ['a', 'b', 'cc', 'dd', 'eee', 'b\0x'];
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.constantFrom('set', 'set-copy', 'delete'), fc.constantFrom(...keys), fc.integer({ min: 0, max: 3 })), { maxLength: 40 }),
          (ops) => {
            const owners = keys.flatMap((k) => [0, 1, 2, 3].map((n) => ({ name: `${k}/${n}`, request: message(k) })));
            const ownerOf = (k: string, n: number): Owner => owners.find((o) => o.name === `${k}/${n}`)!;
            const index = new KeyIndex<Owner>(keyOf, (o) => o.request, hash);
            const map = new Map<string, Owner>();
            for (const [op, k, n] of ops) {
              const owner = ownerOf(k, n);
              if (op === 'set') {
                index.set(k, owner.request, owner);
                map.set(k, owner);
              } else if (op === 'set-copy') {
                // Filed under the key of a message that is not the owner's own.
                const other = ownerOf(keys[(keys.indexOf(k) + 1) % keys.length], n);
                index.set(k, message(k), other);
                map.set(k, other);
              } else {
                index.deleteKeyIf(k, owner);
                if (map.get(k) === owner) map.delete(k);
              }
              expect(index.size).toBe(map.size);
              for (const key of keys) expect(index.get(key)).toBe(map.get(key));
              expect(index.get('zz')).toBeUndefined();
            }
          },
        ),
      );
    });
  }

  for (const [label, hash] of [
    ['FNV hash', hashKey],
    ['runs that wrap past the last slot', (k: string) => -1 - (k.length % 3)],
    ['few distinct hashes', (k: string) => (k.charCodeAt(k.length - 1) % 7) * 1021],
  ] as const) {
    it(`agrees with a Map through growth, shrinking and removals (${label})`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 2999 })), { minLength: 500, maxLength: 6000 }), (ops) => {
          const owners = new Map<string, Owner>();
          const ownerOf = (k: string): Owner => owners.get(k) ?? (owners.set(k, { name: k, request: message(k) }), owners.get(k)!);
          const index = new KeyIndex<Owner>(keyOf, (o) => o.request, hash);
          const map = new Map<string, Owner>();
          // Mostly additions first, then mostly removals: the table grows past its first size and shrinks again.
          ops.forEach(([add, n], i) => {
            const k = `k${n}`;
            const owner = ownerOf(k);
            if (add === i < ops.length / 2 || n % 5 === 0) {
              index.set(k, owner.request, owner);
              map.set(k, owner);
            } else {
              index.deleteIf(owner.request, owner);
              map.delete(k);
            }
          });
          expect(index.size).toBe(map.size);
          for (let n = 0; n < 3000; n++) expect(index.get(`k${n}`)).toBe(map.get(`k${n}`));
        }),
        { numRuns: 20 },
      );
    });
  }

  it('deleteIf works out the key from the message', () => {
    const owner = { name: 'x', request: message('k1') };
    const index = new KeyIndex<Owner>(keyOf, (o) => o.request);
    index.set('k1', owner.request, owner);
    index.deleteIf(message('k1'), { name: 'other', request: message('k1') });
    expect(index.get('k1')).toBe(owner);
    index.deleteIf(message('k1'), owner);
    expect(index.get('k1')).toBeUndefined();
    expect(index.size).toBe(0);
  });
});

describe('hashKey', () => {
  it('keys crafted to share a slot under one basis spread under another (a capture cannot pick the slots)', () => {
    // 64 branch-like keys whose hashes share the low 10 bits (one slot of a 1024-slot table) under basis A.
    const slotOf = (key: string, seed: number): number => hashKey(key, seed) & 1023;
    const crafted: string[] = [];
    for (let i = 0; crafted.length < 64; i++) {
      const key = `z9hG4bK${i.toString(36)}`;
      if (slotOf(key, 0x1234567) === 0) crafted.push(key);
    }
    expect(new Set(crafted.map((k) => slotOf(k, 0x1234567))).size).toBe(1);
    // Under basis B they fall into ~62 slots (64 keys in 1024 slots); a fixed basis would give 1.
    expect(new Set(crafted.map((k) => slotOf(k, 0x7654321))).size).toBeGreaterThan(48);
  });

  it('is seeded per process: equal keys hash equal, the default basis is not the fixed FNV one', () => {
    expect(hashKey('z9hG4bK-1')).toBe(hashKey('z9hG4bK-1'));
    const fixed = ['a', 'b', 'c', 'd'].map((k) => hashKey(k, 0x811c9dc5));
    const seeded = ['a', 'b', 'c', 'd'].map((k) => hashKey(k));
    // Equal for all four only if the drawn basis is the fixed one (chance 2^-32).
    expect(seeded).not.toEqual(fixed);
  });
});
