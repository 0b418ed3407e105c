// A min-heap of capture-time deadlines: dialogs waiting out their grace period, INVITEs waiting
// for a retry. Captures are almost in time order, but merged inputs are not, so a heap rather
// than a FIFO keeps every pop exact.

export class DeadlineQueue<T> {
  private readonly heap: { at: bigint; item: T }[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(at: bigint, item: T): void {
    const h = this.heap;
    h.push({ at, item });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].at <= h[i].at) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  /** Removes and returns the earliest item due at or before `now`, if any. */
  popDue(now: bigint): T | undefined {
    const h = this.heap;
    if (h.length === 0 || h[0].at > now) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < h.length && h[l].at < h[min].at) min = l;
        if (r < h.length && h[r].at < h[min].at) min = r;
        if (min === i) break;
        [h[min], h[i]] = [h[i], h[min]];
        i = min;
      }
    }
    return top.item;
  }
}
