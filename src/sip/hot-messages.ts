// A bounded set of messages whose framed headers and parsed accessor values are kept. A dialog
// holds its messages for minutes of capture time, but reads them in two bursts: when the tracker
// sees them arrive, and when the rules judge the dialog. Between the two a held message needs only
// its text and identity; its header objects and typed values (~4 KB) are dropped when it leaves
// this ring and rebuilt from the text on the next read.

export interface Coolable {
  /** Drops what can be rebuilt from the message text. */
  cool(): void;
}

/**
 * Messages kept warm. Judging one dialog re-reads its messages many times; a ring this size keeps
 * every message of a usual dialog warm for the whole judgement (a dialog of more messages still
 * judges right, it only frames some again). Smaller is cheaper too: a message that cools before
 * the next young-generation collection leaves its header objects to die young instead of being
 * copied and promoted (20 MB bench: 256 → 5.6 CPU-s and 255 MB peak RSS, 1024 → 5.9 s and 275 MB,
 * 4096 → 6.6 s and 297 MB; 128 is no better than 256).
 */
export const HOT_MESSAGES = 256;

export class HotRing {
  private readonly slots: (Coolable | undefined)[];
  private next = 0;

  constructor(readonly size = HOT_MESSAGES) {
    this.slots = new Array<Coolable | undefined>(size).fill(undefined);
  }

  /** Keeps `m` warm; the message warmed `size` admissions ago is cooled. */
  admit(m: Coolable): void {
    const old = this.slots[this.next];
    if (old !== undefined && old !== m) old.cool();
    this.slots[this.next] = m;
    this.next = this.next + 1 === this.size ? 0 : this.next + 1;
  }
}

/** The ring every parsed message of this thread joins (each worker thread has its own). */
export const hotMessages = new HotRing();
