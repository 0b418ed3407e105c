// Transactions by key (the Via branch key, the end-to-end key) without holding the key strings:
// each open transaction held two keys of ~60 characters (~2.5 MB live with ~18k transactions
// open). An entry is filed under a 32-bit hash of its key and confirmed by building the key again
// from the message it was filed with, so lookups answer exactly as a Map keyed by the string.
// The table is open addressing over an Int32Array of hashes and an array of entries (~12 B a
// slot, at most 60 % full): a Map keyed by the hashes took ~100 B per live entry.
import type { SipMessage } from '../sip/types.js';

/**
 * A value filed under the key of a message other than the one its `messageOf` names (another
 * hop's copy of a request, which may not be held): the key string is kept for it.
 */
class Filed<V> {
  constructor(
    readonly key: string,
    readonly value: V,
  ) {}
}

type Entry<V> = V | Filed<V>;

// The offset basis is drawn once per process: keys come from the capture (Via branches, Call-IDs),
// and with a fixed FNV basis a capture could be crafted whose transactions all probe one run of
// slots (FNV collisions are cheap to find); the hash decides lookups only, never an order.
const SEED = (0x811c9dc5 ^ Math.floor(Math.random() * 2 ** 32)) | 0;

/** FNV-1a over the UTF-16 code units from `seed`, then mixed so the low bits (the slot) depend on every unit. */
export function hashKey(key: string, seed: number = SEED): number {
  let h = seed | 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

const MIN_SLOTS = 1024;

export class KeyIndex<V extends object> {
  private hashes = new Int32Array(MIN_SLOTS);
  private entries: (Entry<V> | undefined)[] = new Array<Entry<V> | undefined>(MIN_SLOTS).fill(undefined);
  private mask = MIN_SLOTS - 1;
  private count = 0;

  /**
   * @param keyOf the key of a message (the same function that made the keys looked up)
   * @param messageOf the message a value is usually filed with (stored without a wrapper)
   * @param hash the key's hash (tests pass one that collides)
   */
  constructor(
    private readonly keyOf: (msg: SipMessage) => string | undefined,
    private readonly messageOf: (value: V) => SipMessage,
    private readonly hash: (key: string) => number = hashKey,
  ) {}

  /** Number of keys filed. */
  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    const i = this.find(key, this.hash(key) | 0);
    return i === -1 ? undefined : valueOf(this.entries[i]!);
  }

  /** Files `value` under `key`, the key of `msg`; a value already filed under it is replaced. */
  set(key: string, msg: SipMessage, value: V): void {
    const h = this.hash(key) | 0;
    const entry: Entry<V> = this.messageOf(value) === msg ? value : new Filed(key, value);
    const found = this.find(key, h);
    if (found !== -1) {
      this.entries[found] = entry;
      return;
    }
    this.place(h, entry);
    this.count++;
    if (this.count * 5 > this.entries.length * 3) this.resize(this.entries.length * 2);
  }

  /** Removes what `msg`'s key is filed under when it is `value` (an entry filed since stays). */
  deleteIf(msg: SipMessage, value: V): void {
    const key = this.keyOf(msg);
    if (key !== undefined) this.deleteKeyIf(key, value);
  }

  /** Removes what `key` is filed under when it is `value`. */
  deleteKeyIf(key: string, value: V): void {
    const i = this.find(key, this.hash(key) | 0);
    if (i === -1 || valueOf(this.entries[i]!) !== value) return;
    this.removeAt(i);
    this.count--;
    if (this.entries.length > MIN_SLOTS && this.count * 8 < this.entries.length) this.resize(this.entries.length / 2);
  }

  /** The slot holding `key`, or -1. */
  private find(key: string, h: number): number {
    const { hashes, entries, mask } = this;
    for (let i = h & mask; entries[i] !== undefined; i = (i + 1) & mask) {
      if (hashes[i] === h && this.keyOfEntry(entries[i]!) === key) return i;
    }
    return -1;
  }

  private place(h: number, entry: Entry<V>): void {
    let i = h & this.mask;
    while (this.entries[i] !== undefined) i = (i + 1) & this.mask;
    this.hashes[i] = h;
    this.entries[i] = entry;
  }

  /** Empties slot `i` and moves later entries of its run back (linear probing, no tombstones). */
  private removeAt(i: number): void {
    const { hashes, entries, mask } = this;
    entries[i] = undefined;
    for (let j = (i + 1) & mask; entries[j] !== undefined; j = (j + 1) & mask) {
      const home = hashes[j] & mask;
      // The entry at j may fill the hole at i unless its home lies cyclically in (i, j].
      const stays = i < j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      hashes[i] = hashes[j];
      entries[i] = entries[j];
      entries[j] = undefined;
      i = j;
    }
  }

  private resize(slots: number): void {
    const { hashes, entries } = this;
    this.hashes = new Int32Array(slots);
    this.entries = new Array<Entry<V> | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
    for (let i = 0; i < entries.length; i++) if (entries[i] !== undefined) this.place(hashes[i], entries[i]!);
  }

  private keyOfEntry(e: Entry<V>): string | undefined {
    return e instanceof Filed ? e.key : this.keyOf(this.messageOf(e));
  }
}

function valueOf<V>(e: Entry<V>): V {
  return e instanceof Filed ? (e.value as V) : e;
}
