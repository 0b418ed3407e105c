// sngrep saves a text log dialog by dialog, not in time order: a conference SUBSCRIBE dialog comes
// after the whole INVITE dialog it belongs to. Messages are put back in time order through a
// bounded heap; past the bound the earliest are handed on, and any message that then arrives
// earlier than one already handed on is counted for a diagnostic.
import { MinHeap } from '../../util/min-heap.js';
import type { RawSipMessage } from '../types.js';

interface Held {
  key: bigint;
  seq: number;
  msg: RawSipMessage;
}

function before(a: Held, b: Held): boolean {
  return a.key < b.key || (a.key === b.key && a.seq < b.seq);
}

export class TimeOrderBuffer {
  private readonly heap = new MinHeap<Held>(before);
  private seq = 0;
  private bytes = 0;
  /** Key of the last message handed on (messages with no time take the previous message's). */
  private released: bigint | null = null;
  private lastKey = 0n;
  /** Messages that arrived earlier than one already handed on. */
  late = 0;
  firstLate: RawSipMessage | undefined;
  /** Messages that arrived earlier than an earlier-read message (the input was not in time order). */
  reordered = 0;

  constructor(
    private readonly maxMessages: number,
    private readonly maxBytes: number,
  ) {}

  push(msg: RawSipMessage): void {
    const key = msg.ref.timeNs ?? this.lastKey;
    if (key < this.lastKey) this.reordered++;
    else this.lastKey = key;
    if (this.released !== null && key < this.released) {
      this.late++;
      this.firstLate ??= msg;
    }
    this.heap.push({ key, seq: this.seq++, msg });
    this.bytes += msg.data.length;
  }

  /** Messages to hand on now: the earliest ones beyond the bound, or all of them at the end. */
  release(all: boolean): RawSipMessage[] {
    const out: RawSipMessage[] = [];
    while (this.heap.size > 0 && (all || this.heap.size > this.maxMessages || this.bytes > this.maxBytes)) {
      const top = this.heap.pop()!;
      this.bytes -= top.msg.data.length;
      this.released = top.key;
      out.push(top.msg);
    }
    return out;
  }
}
