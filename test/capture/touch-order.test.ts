import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TouchOrder } from '../../src/capture/touch-order.js';

interface Item {
  id: number;
  touched: number;
  open: boolean;
}

describe('TouchOrder (eviction order of TCP directions)', () => {
  it('oldest is the least recently touched open item; values() lists open items in touch order', () => {
    const order = new TouchOrder<Item>();
    const items = [0, 1, 2].map((id) => ({ id, touched: id, open: true }));
    for (const item of items) order.add(item);
    order.touch(items[0], 10);
    expect(order.oldest()?.id).toBe(1);
    items[1].open = false;
    order.removed();
    expect(order.size).toBe(2);
    expect(order.oldest()?.id).toBe(2);
    expect(order.values().map((i) => i.id)).toEqual([2, 0]);
  });

  it('scan visits open items oldest first, up to a limit, stops when told, and may close what it visits', () => {
    const order = new TouchOrder<Item>();
    const items = [0, 1, 2, 3, 4].map((id) => ({ id, touched: id, open: true }));
    for (const item of items) order.add(item);
    order.touch(items[0], 10); // order: 1 2 3 4 0
    const seen: number[] = [];
    order.scan(3, (item) => (seen.push(item.id), true));
    expect(seen).toEqual([1, 2, 3]);
    seen.length = 0;
    order.scan(10, (item) => (seen.push(item.id), item.id !== 3));
    expect(seen).toEqual([1, 2, 3]);
    order.scan(10, (item) => {
      if (item.id % 2 === 0) {
        item.open = false;
        order.removed();
      }
      return true;
    });
    expect(order.size).toBe(2);
    expect(order.values().map((i) => i.id)).toEqual([1, 3]);
  });

  // The model is what the reassembler used before: a Set re-inserted on every touch.
  it('agrees with a Set kept in touch order, across compactions', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('add', 'add', 'touch', 'touch', 'touch', 'remove', 'evict', 'scan'), fc.nat(40)), { minLength: 9000, maxLength: 10000 }), (ops) => {
        const order = new TouchOrder<Item>();
        const model = new Set<Item>();
        const open: Item[] = [];
        let clock = 0;
        let nextId = 0;
        for (const [op, n] of ops) {
          clock++;
          if (op === 'add' || open.length === 0) {
            const item = { id: nextId++, touched: clock, open: true };
            order.add(item);
            model.add(item);
            open.push(item);
          } else if (op === 'touch') {
            const item = open[n % open.length];
            order.touch(item, clock);
            model.delete(item);
            model.add(item);
          } else if (op === 'scan') {
            // Visit up to n items oldest first, closing every third; stop at an id divisible by 7.
            const seen: Item[] = [];
            order.scan(n, (item) => {
              seen.push(item);
              if (item.id % 3 === 0) {
                item.open = false;
                order.removed();
                model.delete(item);
                open.splice(open.indexOf(item), 1);
              }
              return item.id % 7 !== 0;
            });
            const expected: Item[] = [];
            for (const item of [...model, ...seen.filter((i) => !i.open)].sort((a, b) => a.touched - b.touched)) {
              if (expected.length >= n || (expected.length > 0 && expected[expected.length - 1].id % 7 === 0)) break;
              expected.push(item);
            }
            expect(seen).toEqual(expected);
          } else {
            const item = op === 'evict' ? (order.oldest() as Item) : open[n % open.length];
            if (op === 'evict') expect(item).toBe(model.values().next().value);
            item.open = false;
            order.removed();
            model.delete(item);
            open.splice(open.indexOf(item), 1);
          }
          expect(order.size).toBe(model.size);
        }
        expect(order.values()).toEqual([...model]);
      }),
      { seed: 20261125, numRuns: 5 },
    );
  });
});
