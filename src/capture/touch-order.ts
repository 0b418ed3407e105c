// Items in least-recently-touched order, for evicting the oldest TCP direction. A Set kept in
// that order (delete + add on every touch) costs ~500 ns a touch with 100k flows; here a touch
// appends (item, stamp) to a queue and leaves the item's earlier entry stale. An entry is
// current while the item is open and still carries that stamp; stale entries are skipped at
// the head and compacted away when they outnumber the current ones three to one. The order of
// the current entries is exactly the order of the last touches, as the Set's was.

export interface Touchable {
  /** Stamp of the last touch; strictly increasing per item. */
  touched: number;
  /** False once the item is removed. */
  open: boolean;
}

export class TouchOrder<T extends Touchable> {
  private items: T[] = [];
  private stamps: number[] = [];
  private head = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** A new item, at the recent end. */
  add(item: T): void {
    this.push(item);
    this.live++;
  }

  /** Moves an item to the recent end with a new (larger) stamp. */
  touch(item: T, stamp: number): void {
    item.touched = stamp;
    this.push(item);
  }

  /** Call after marking the item closed (`open = false`). */
  removed(): void {
    this.live--;
  }

  /** The least recently touched open item. */
  oldest(): T | undefined {
    while (this.head < this.items.length) {
      const item = this.items[this.head];
      if (item.open && item.touched === this.stamps[this.head]) return item;
      this.head++;
    }
    return undefined;
  }

  /**
   * Visits up to `limit` open items, least recently touched first, until `visit` returns false.
   * `visit` may close the item it is given (mark it not open and call `removed`).
   */
  scan(limit: number, visit: (item: T) => boolean): void {
    for (let i = this.head, seen = 0; i < this.items.length && seen < limit; i++) {
      // Stale entries at the head are dropped as oldest() drops them: the scan runs every few
      // hundred segments, and walking the same stale prefix each time cost more than the visits.
      if (!this.isCurrent(i)) {
        if (i === this.head) this.head++;
        continue;
      }
      seen++;
      const goOn = visit(this.items[i]);
      if (i === this.head && !this.isCurrent(i)) this.head++;
      if (!goOn) return;
    }
  }

  /** Open items, least recently touched first. */
  values(): T[] {
    const out: T[] = [];
    for (let i = this.head; i < this.items.length; i++) if (this.isCurrent(i)) out.push(this.items[i]);
    return out;
  }

  clear(): void {
    this.items = [];
    this.stamps = [];
    this.head = 0;
    this.live = 0;
  }

  private isCurrent(i: number): boolean {
    const item = this.items[i];
    return item.open && item.touched === this.stamps[i];
  }

  private push(item: T): void {
    if (this.items.length > 4 * this.live + 4096) this.compact();
    this.items.push(item);
    this.stamps.push(item.touched);
  }

  private compact(): void {
    const items: T[] = [];
    const stamps: number[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      if (this.isCurrent(i)) {
        items.push(this.items[i]);
        stamps.push(this.stamps[i]);
      }
    }
    this.items = items;
    this.stamps = stamps;
    this.head = 0;
  }
}
