// Interned IPv4 endpoints: one frozen { ip, port } object per address and port, so that messages
// share them and TCP flows can be keyed by identity. Open addressing over (address, port) in
// typed arrays: a capture with a hundred thousand clients would otherwise hold a Map entry and a
// per-address record per client, and pay a Map insertion (with rehashes) for each.
import { formatIpv4 } from './addresses.js';
import type { Endpoint } from './types.js';

const EMPTY = -1;
const INITIAL_BITS = 12;
/** Endpoints held before the table starts over (memory bound for hostile or enormous captures). */
const MAX_ENDPOINTS = 1 << 20;
/** Slots of the recent-endpoint cache (direct-mapped; 16 Ki slots stay in the L2 cache). */
const RECENT_BITS = 14;

export class Ipv4EndpointTable {
  private bits = INITIAL_BITS;
  private addrs = new Int32Array(1 << INITIAL_BITS);
  private ports = new Int32Array(1 << INITIAL_BITS).fill(EMPTY);
  private endpoints: (Endpoint | undefined)[] = new Array<Endpoint | undefined>(1 << INITIAL_BITS);
  /** Endpoints held. */
  size = 0;
  /** Set once the table has started over: objects handed out before are no longer the interned ones. */
  restarted = false;

  // In front of the table, a direct-mapped cache of recent endpoints: with a hundred thousand
  // clients the table is megabytes, where this stays in the CPU cache and a hit is two array reads.
  private readonly recentAddr = new Int32Array(1 << RECENT_BITS);
  private readonly recentPort = new Int32Array(1 << RECENT_BITS).fill(EMPTY);
  private readonly recentEndpoint = new Array<Endpoint | undefined>(1 << RECENT_BITS);

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
    const mask = (1 << this.bits) - 1;
    for (let i = slotOf(addr, port, this.bits); ; i = (i + 1) & mask) {
      const p = this.ports[i];
      if (p === EMPTY) break;
      if (p === port && this.addrs[i] === addr) return this.endpoints[i] as Endpoint;
    }
    if (this.size >= MAX_ENDPOINTS) {
      this.clear();
      this.restarted = true;
    }
    if ((this.size + 1) * 2 > 1 << this.bits) this.grow();
    const e: Endpoint = Object.freeze({ ip: formatIpv4(addr >>> 0), port });
    this.put(addr, port, e);
    this.size++;
    return e;
  }

  clear(): void {
    this.recentPort.fill(EMPTY); // the cache must not hand out objects the table forgot
    this.bits = INITIAL_BITS;
    this.addrs = new Int32Array(1 << INITIAL_BITS);
    this.ports = new Int32Array(1 << INITIAL_BITS).fill(EMPTY);
    this.endpoints = new Array<Endpoint | undefined>(1 << INITIAL_BITS);
    this.size = 0;
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
