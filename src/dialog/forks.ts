// The dialogs of one initial INVITE by To tag. Almost every INVITE forms one dialog, so the first
// is held in two fields and a Map is made only when a second To tag (a fork) arrives: a Map and
// its table cost ~180 B for each INVITE held open.

export class Forks<T> {
  private firstTag: string | undefined;
  private first: T | undefined;
  private more: Map<string, T> | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(tag: string): T | undefined {
    if (this.count > 0 && this.firstTag === tag) return this.first;
    return this.more?.get(tag);
  }

  /** Adds or replaces the value for `tag`; a replaced value keeps its place in the order. */
  set(tag: string, value: T): void {
    if (this.count === 0) {
      this.firstTag = tag;
      this.first = value;
      this.count = 1;
    } else if (this.firstTag === tag) {
      this.first = value;
    } else {
      const more = (this.more ??= new Map());
      if (!more.has(tag)) this.count++;
      more.set(tag, value);
    }
  }

  /** Values in the order their tags were first set. */
  *values(): Generator<T> {
    if (this.count === 0) return;
    yield this.first as T;
    if (this.more) yield* this.more.values();
  }
}
