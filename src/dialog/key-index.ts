// Transactions by key (the Via branch key, the end-to-end key) without holding the key strings:
// each open transaction held two keys of ~60 characters (~2.5 MB live with ~18k transactions
// open). An entry is filed under a 32-bit hash of its key and confirmed by building the key again
// from the message it was filed with, so lookups answer exactly as a Map keyed by the string.
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

/** FNV-1a over the UTF-16 code units: an int32, which V8 keeps unboxed as a Map key. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h;
}

export class KeyIndex<V extends object> {
  /** One entry, or several whose keys share a hash. */
  private readonly slots = new Map<number, Entry<V> | Entry<V>[]>();
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
    const slot = this.slots.get(this.hash(key));
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return this.keyOfEntry(slot) === key ? valueOf(slot) : undefined;
    for (const e of slot) if (this.keyOfEntry(e) === key) return valueOf(e);
    return undefined;
  }

  /** Files `value` under `key`, the key of `msg`; a value already filed under it is replaced. */
  set(key: string, msg: SipMessage, value: V): void {
    const hash = this.hash(key);
    const entry: Entry<V> = this.messageOf(value) === msg ? value : new Filed(key, value);
    const slot = this.slots.get(hash);
    if (slot === undefined) {
      this.slots.set(hash, entry);
      this.count++;
    } else if (!Array.isArray(slot)) {
      if (this.keyOfEntry(slot) === key) this.slots.set(hash, entry);
      else {
        this.slots.set(hash, [slot, entry]);
        this.count++;
      }
    } else {
      const i = slot.findIndex((e) => this.keyOfEntry(e) === key);
      if (i !== -1) slot[i] = entry;
      else {
        slot.push(entry);
        this.count++;
      }
    }
  }

  /** Removes what `msg`'s key is filed under when it is `value` (an entry filed since stays). */
  deleteIf(msg: SipMessage, value: V): void {
    const key = this.keyOf(msg);
    if (key !== undefined) this.deleteKeyIf(key, value);
  }

  /** Removes what `key` is filed under when it is `value`. */
  deleteKeyIf(key: string, value: V): void {
    const hash = this.hash(key);
    const slot = this.slots.get(hash);
    if (slot === undefined) return;
    if (!Array.isArray(slot)) {
      if (valueOf(slot) === value && this.keyOfEntry(slot) === key) {
        this.slots.delete(hash);
        this.count--;
      }
      return;
    }
    const i = slot.findIndex((e) => valueOf(e) === value && this.keyOfEntry(e) === key);
    if (i === -1) return;
    slot.splice(i, 1);
    this.count--;
    if (slot.length === 1) this.slots.set(hash, slot[0]);
  }

  private keyOfEntry(e: Entry<V>): string | undefined {
    return e instanceof Filed ? e.key : this.keyOf(this.messageOf(e));
  }
}

function valueOf<V>(e: Entry<V>): V {
  return e instanceof Filed ? (e.value as V) : e;
}
