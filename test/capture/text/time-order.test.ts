import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeOrderBuffer } from '../../../src/capture/text/time-order.js';
import type { RawSipMessage } from '../../../src/capture/types.js';

const message = (id: number, timeNs: bigint | null, length: number): RawSipMessage => ({
  ref: { input: 'log', line: id, offset: id, length, timeNs, transport: 'udp' },
  data: Buffer.alloc(length),
});

describe('TimeOrderBuffer (sngrep saves put back in time order)', () => {
  // The model is a sort by (time, arrival) of everything held, releasing the earliest past the bounds.
  it('hands messages on exactly as one (time, arrival)-ordered heap would, with the same counts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.option(fc.integer({ min: 0, max: 40 }), { nil: null, freq: 10 }), fc.integer({ min: 1, max: 50 }), fc.boolean()), { maxLength: 400 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 20, max: 800 }),
        (ops, maxMessages, maxBytes) => {
          const order = new TimeOrderBuffer(maxMessages, maxBytes);
          let held: { key: bigint; seq: number; msg: RawSipMessage }[] = [];
          let lastKey = 0n;
          let released: bigint | null = null;
          let late = 0;
          let reordered = 0;
          const take = (all: boolean) => {
            const out: RawSipMessage[] = [];
            held.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq));
            let bytes = held.reduce((n, h) => n + h.msg.data.length, 0);
            while (held.length > 0 && (all || held.length > maxMessages || bytes > maxBytes)) {
              const h = held.shift()!;
              bytes -= h.msg.data.length;
              released = h.key;
              out.push(h.msg);
            }
            return out;
          };
          ops.forEach(([time, length, releaseNow], seq) => {
            const msg = message(seq, time === null ? null : BigInt(time), length);
            const key = msg.ref.timeNs ?? lastKey;
            if (key < lastKey) reordered++;
            else lastKey = key;
            if (released !== null && key < released) late++;
            held.push({ key, seq, msg });
            order.push(msg);
            if (releaseNow) expect(order.release(false)).toEqual(take(false));
          });
          expect(order.release(true)).toEqual(take(true));
          held = [];
          expect([order.late, order.reordered]).toEqual([late, reordered]);
        },
      ),
      { seed: 20261125, numRuns: 300 },
    );
  });
});
