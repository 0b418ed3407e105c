import { describe, expect, it } from 'vitest';
import { replay } from '../../src/rules/dialog-order.js';
import type { SipMessage } from '../../src/sip/types.js';

/** Just what captureOrder reads: time, input and offset. */
const at = (timeNs: bigint | null, offset: number, input = 'a.pcap') => ({ ref: { timeNs, input, offset } }) as unknown as SipMessage;

describe('replay (capture order of a dialog history)', () => {
  it('keeps a history collected in order as it is', () => {
    const events = [at(1n, 0), at(1n, 10), at(2n, 5), at(null, 30)].map((m, i) => ({ at: m, event: i }));
    expect(replay(events).map((e) => e.event)).toEqual([0, 1, 2, 3]);
  });

  it('orders by time, then by position in the same input, ties in collection order', () => {
    const events = [at(5n, 50), at(2n, 20), at(2n, 10), at(9n, 0, 'b.pcap'), at(2n, 10)].map((m, i) => ({ at: m, event: i }));
    expect(replay(events).map((e) => e.event)).toEqual([2, 4, 1, 0, 3]);
  });

  it('orders untimed messages of one input by offset', () => {
    const events = [at(null, 300), at(null, 100), at(null, 200)].map((m, i) => ({ at: m, event: i }));
    expect(replay(events).map((e) => e.event)).toEqual([1, 2, 0]);
  });
});
