// A min-heap of capture-time deadlines: dialogs waiting out their grace period, INVITEs waiting
// for a retry. Captures are almost in time order, but merged inputs are not, so a heap rather
// than a FIFO keeps every pop exact.
import { MinHeap } from '../util/min-heap.js';

export class DeadlineQueue<T> {
  private readonly heap = new MinHeap<{ at: bigint; item: T }>((a, b) => a.at < b.at);

  get size(): number {
    return this.heap.size;
  }

  push(at: bigint, item: T): void {
    this.heap.push({ at, item });
  }

  /** Removes and returns the earliest item due at or before `now`, if any. */
  popDue(now: bigint): T | undefined {
    const top = this.heap.peek();
    if (top === undefined || top.at > now) return undefined;
    this.heap.pop();
    return top.item;
  }
}
