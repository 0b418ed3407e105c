// Interned IPv4 endpoints: one frozen { ip, port } object per address and port, so that messages
// share them instead of holding a string each. Open addressing over (address, port) in typed
// arrays: a capture with a hundred thousand clients would otherwise hold a Map entry and a
// per-address record per client, and pay a Map insertion (with rehashes) for each.
//
// The table is generational so that it holds the endpoints in use, not every endpoint of the
// file: a field capture meets a new client address per registration, and keeping them all grew
// with file size (~460k endpoints, ~22 MB live at 1 GB). An endpoint seen in the current or the
// previous generation keeps its object; one unseen for a whole generation is let go, and if it
// comes back it gets a new, equal object. Nothing downstream depends on identity for that reason
// (TCP flow lookups compare by value when identity fails, see flow-table.ts).
import { formatIpv4 } from './addresses.js';
import type { Endpoint } from './types.js';

const EMPTY = -1;
const INITIAL_BITS = 12;
/** Endpoints a generation holds before it becomes the previous one (the table holds at most twice this). */
export const GENERATION_ENDPOINTS = 1 << 16;
/** Slots of the recent-endpoint cache (direct-mapped; 16 Ki slots stay in the L2 cache). */
const RECENT_BITS = 14;

export class Ipv4EndpointTable {
  private current = new Generation();
  private previous: Generation | undefined;

  // In front of the table, a direct-mapped cache of recent endpoints: with a hundred thousand
  // clients the table is megabytes, where this stays in the CPU cache and a hit is two array reads.
  // Every object in it is in the current generation (it is emptied when generations turn).
  private readonly recentAddr = new Int32Array(1 << RECENT_BITS);
  private readonly recentPort = new Int32Array(1 << RECENT_BITS).fill(EMPTY);
  private readonly recentEndpoint = new Array<Endpoint | undefined>(1 << RECENT_BITS);

  /** Entries held in both generations (an endpoint promoted from the previous one counts twice until it turns). */
  get size(): number {
    return this.current.size + (this.previous?.size ?? 0);
  }

  /** The endpoint for `addr` (as a signed 32-bit integer) and `port`, made on first use. */
  intern(addr: number, port: number): Endpoint {
    const recent = slotOf(addr, port, RECENT_BITS);
    if (this.recentPort[recent] === port && this.recentAddr[recent] === addr) return this.recentEndpoint[recent] as Endpoint;
    const e = this.lookup(addr, port);
    this.recentAddr[recent] = addr;
    this.recentPort[recent] = port;
    this.recentEndpoint[recent] = e;
    return e;
  }

  private lookup(addr: number, port: number): Endpoint {
    const held = this.current.find(addr, port);
    if (held !== undefined) return held;
    const e = this.previous?.find(addr, port) ?? Object.freeze({ ip: formatIpv4(addr >>> 0), port });
    if (this.current.size >= GENERATION_ENDPOINTS) this.turn();
    this.current.add(addr, port, e);
    return e;
  }

  /** The current generation becomes the previous one; what only the previous one held is let go. */
  private turn(): void {
    this.previous = this.current;
    this.current = new Generation();
    this.recentPort.fill(EMPTY); // the cache must only hand out objects of the current generation
    this.recentEndpoint.fill(undefined);
  }
}

/** One generation: open addressing over (address, port), grown at half load. */
class Generation {
  private bits = INITIAL_BITS;
  private addrs = new Int32Array(1 << INITIAL_BITS);
  private ports = new Int32Array(1 << INITIAL_BITS).fill(EMPTY);
  private endpoints = new Array<Endpoint | undefined>(1 << INITIAL_BITS);
  size = 0;

  find(addr: number, port: number): Endpoint | undefined {
    const mask = (1 << this.bits) - 1;
    for (let i = slotOf(addr, port, this.bits); ; i = (i + 1) & mask) {
      const p = this.ports[i];
      if (p === EMPTY) return undefined;
      if (p === port && this.addrs[i] === addr) return this.endpoints[i];
    }
  }

  /** Adds an endpoint that is not held. */
  add(addr: number, port: number, e: Endpoint): void {
    if ((this.size + 1) * 2 > 1 << this.bits) this.grow();
    this.put(addr, port, e);
    this.size++;
  }

  private put(addr: number, port: number, e: Endpoint): void {
    const mask = (1 << this.bits) - 1;
    let i = slotOf(addr, port, this.bits);
    while (this.ports[i] !== EMPTY) i = (i + 1) & mask;
    this.addrs[i] = addr;
    this.ports[i] = port;
    this.endpoints[i] = e;
  }

  private grow(): void {
    const { addrs, ports, endpoints } = this;
    this.bits++;
    this.addrs = new Int32Array(1 << this.bits);
    this.ports = new Int32Array(1 << this.bits).fill(EMPTY);
    this.endpoints = new Array<Endpoint | undefined>(1 << this.bits);
    for (let i = 0; i < ports.length; i++) if (ports[i] !== EMPTY) this.put(addrs[i], ports[i], endpoints[i] as Endpoint);
  }
}

/** Slot of (address, port) in a table of 2^bits slots (multiplicative hashing). */
export function slotOf(addr: number, port: number, bits: number): number {
  return Math.imul(addr ^ (port << 15), 0x9e3779b1) >>> (32 - bits);
}
