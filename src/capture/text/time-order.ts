// sngrep saves a text log dialog by dialog, not in time order: a conference SUBSCRIBE dialog comes
// after the whole INVITE dialog it belongs to. Messages are put back in time order through a
// bounded heap; past the bound the earliest are handed on, and any message that then arrives
// earlier than one already handed on is counted for a diagnostic. Messages that arrive in order
// (most of any log) skip the heap: they wait in a queue that is sorted as it is filled, and the
// earliest of queue head and heap top goes first, which is the order one heap would give.
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
  /** Held messages that arrived not earlier than the queue's last: sorted by (key, seq). */
  private queue: Held[] = [];
  private queueHead = 0;
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
    const held = { key, seq: this.seq++, msg };
    if (this.queueHead === this.queue.length || key >= this.queue[this.queue.length - 1].key) this.queue.push(held);
    else this.heap.push(held);
    this.bytes += msg.data.length;
  }

  private get size(): number {
    return this.queue.length - this.queueHead + this.heap.size;
  }

  /** The earliest held message, taken out. */
  private take(): Held {
    const queued = this.queueHead < this.queue.length ? this.queue[this.queueHead] : undefined;
    const top = this.heap.peek();
    if (queued !== undefined && (top === undefined || before(queued, top))) {
      this.queueHead++;
      if (this.queueHead === this.queue.length) {
        this.queue = [];
        this.queueHead = 0;
      } else if (this.queueHead >= 1024 && this.queueHead * 2 >= this.queue.length) {
        this.queue = this.queue.slice(this.queueHead);
        this.queueHead = 0;
      }
      return queued;
    }
    return this.heap.pop() as Held;
  }

  /** Messages to hand on now: the earliest ones beyond the bound, or all of them at the end. */
  release(all: boolean): RawSipMessage[] {
    const out: RawSipMessage[] = [];
    while (this.size > 0 && (all || this.size > this.maxMessages || this.bytes > this.maxBytes)) {
      const top = this.take();
      this.bytes -= top.msg.data.length;
      this.released = top.key;
      out.push(top.msg);
    }
    return out;
  }
}
