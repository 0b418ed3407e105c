// Open TCP directions by (source, destination) endpoint: a chained hash table whose chains run
// through the directions themselves. It replaced a Map of Maps keyed by endpoint objects, which
// hashed object identities (several cache misses a lookup) and, with every client talking to one
// server, held one Map of tens of thousands of entries per server endpoint.
import type { Endpoint } from './types.js';

export interface FlowEntry<T> {
  readonly src: Endpoint;
  readonly dst: Endpoint;
  /** flowHash(key of src, key of dst), fixed when the entry is made. */
  readonly hash: number;
  /** Next entry of the same bucket (owned by the table). */
  nextInBucket: T | undefined;
}

// Multipliers drawn once per process: with fixed ones a capture could be crafted whose flows all
// share one key (one chain walked on every segment). Lookups compare endpoints, so the draw
// never changes what is found, only where it is filed.
const randomOdd = (): number => (Math.floor(Math.random() * 2 ** 32) | 1) | 0;
const ADDRESS_MULTIPLIER = randomOdd();
const PORT_MULTIPLIER = randomOdd();
const IPV6_MULTIPLIER = randomOdd();

/**
 * A number for an endpoint, from its address (an IPv4 address as a 32-bit integer, or
 * ipv6AddressHash) and port: the same endpoint gives the same key. Computed by the decoder from
 * the packet's bytes.
 */
export function endpointKey(addrHash: number, port: number): number {
  return Math.imul(addrHash, ADDRESS_MULTIPLIER) ^ Math.imul(port + 1, PORT_MULTIPLIER);
}

/** The 16 bytes of an IPv6 address at `off`, folded to a 32-bit number for endpointKey. */
export function ipv6AddressHash(buf: Uint8Array, off: number): number {
  let h = 0;
  for (let i = 0; i < 16; i += 4) {
    const word = (buf[off + i] << 24) | (buf[off + i + 1] << 16) | (buf[off + i + 2] << 8) | buf[off + i + 3];
    h = Math.imul(h ^ word, IPV6_MULTIPLIER) + i;
  }
  return h | 0;
}

/** The hash of the direction src → dst (not symmetric: the reverse direction has its own). */
export function flowHash(srcKey: number, dstKey: number): number {
  return (Math.imul(srcKey ^ (dstKey >>> 15), 0x27d4eb2d) ^ dstKey) | 0;
}

const INITIAL_BITS = 10;

export class FlowTable<T extends FlowEntry<T>> {
  private bits = INITIAL_BITS;
  private buckets: (T | undefined)[] = new Array<T | undefined>(1 << INITIAL_BITS).fill(undefined);
  size = 0;

  /**
   * The entry for src → dst, or undefined. Endpoints are interned, so identity nearly always
   * decides; an endpoint idle long enough to leave the intern table comes back as a new, equal
   * object, and then the values decide (the hash is equal for equal endpoints).
   */
  get(src: Endpoint, dst: Endpoint, hash: number): T | undefined {
    for (let e = this.buckets[this.slot(hash)]; e !== undefined; e = e.nextInBucket) {
      if (e.src === src && e.dst === dst) return e;
      if (e.hash === hash && sameEndpoint(e.src, src) && sameEndpoint(e.dst, dst)) return e;
    }
    return undefined;
  }

  /** Adds an entry that is not in the table. */
  add(entry: T): void {
    if (this.size >= this.buckets.length) this.grow();
    const i = this.slot(entry.hash);
    entry.nextInBucket = this.buckets[i];
    this.buckets[i] = entry;
    this.size++;
  }

  /** Removes an entry if it is in the table. */
  remove(entry: T): void {
    const i = this.slot(entry.hash);
    let e = this.buckets[i];
    if (e === entry) {
      this.buckets[i] = entry.nextInBucket;
    } else {
      while (e !== undefined && e.nextInBucket !== entry) e = e.nextInBucket;
      if (e === undefined) return;
      e.nextInBucket = entry.nextInBucket;
    }
    entry.nextInBucket = undefined;
    this.size--;
  }

  clear(): void {
    this.bits = INITIAL_BITS;
    this.buckets = new Array<T | undefined>(1 << INITIAL_BITS).fill(undefined);
    this.size = 0;
  }

  private slot(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> (32 - this.bits);
  }

  private grow(): void {
    const old = this.buckets;
    this.bits++;
    this.buckets = new Array<T | undefined>(1 << this.bits).fill(undefined);
    for (let head of old) {
      while (head !== undefined) {
        const next: T | undefined = head.nextInBucket;
        const i = this.slot(head.hash);
        head.nextInBucket = this.buckets[i];
        this.buckets[i] = head;
        head = next;
      }
    }
  }
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a === b || (a.port === b.port && a.ip === b.ip);
}
