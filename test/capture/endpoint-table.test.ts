import { describe, expect, it } from 'vitest';
import { GENERATION_ENDPOINTS, Ipv4EndpointTable } from '../../src/capture/endpoint-table.js';

describe('Ipv4EndpointTable (interned endpoints)', () => {
  it('one frozen object per address and port, across growth', () => {
    const table = new Ipv4EndpointTable();
    const first = new Map<string, object>();
    // 20,000 endpoints: several doublings of the 4096-slot start; addresses above 2^31 included.
    for (let i = 0; i < 10_000; i++) {
      for (const port of [5060, 40000 + (i % 7)]) {
        const addr = (0xc0000000 + i * 65_537) | 0;
        const e = table.intern(addr, port);
        first.set(`${addr}/${port}`, e);
      }
    }
    expect(table.size).toBe(20_000);
    const e = table.intern(0xc0000000 | 0, 5060);
    expect(e).toEqual({ ip: '192.0.0.0', port: 5060 });
    expect(Object.isFrozen(e)).toBe(true);
    for (const [key, obj] of first) {
      const [addr, port] = key.split('/').map(Number);
      expect(table.intern(addr, port)).toBe(obj);
    }
    expect(table.intern(0x0a000001, 5060)).toEqual({ ip: '10.0.0.1', port: 5060 });
  });

  it('holds the endpoints in use, not every endpoint of the file (two generations at most)', () => {
    const table = new Ipv4EndpointTable();
    const server = table.intern(0x0a000001, 5060);
    const idle = table.intern(0x0a000002, 5060);
    // A stream of new clients, the server seen between them, `idle` never again.
    for (let i = 0; i < 5 * GENERATION_ENDPOINTS; i++) {
      table.intern((0xac100000 + i) | 0, 5060);
      if (i % 1000 === 0) expect(table.intern(0x0a000001, 5060)).toBe(server);
      expect(table.size).toBeLessThanOrEqual(2 * GENERATION_ENDPOINTS);
    }
    expect(table.intern(0x0a000001, 5060)).toBe(server);
    // Let go after a generation unseen: it comes back as a new object with the same value.
    const back = table.intern(0x0a000002, 5060);
    expect(back).not.toBe(idle);
    expect(back).toEqual(idle);
    expect(table.intern(0x0a000002, 5060)).toBe(back);
  });

  it('an endpoint of the previous generation keeps its object when it comes back', () => {
    const table = new Ipv4EndpointTable();
    const early = table.intern(0x0a000009, 5070);
    for (let i = 0; i < GENERATION_ENDPOINTS + 10; i++) table.intern((0xac100000 + i) | 0, 5060); // one turn
    expect(table.intern(0x0a000009, 5070)).toBe(early);
    for (let i = 0; i < GENERATION_ENDPOINTS + 10; i++) table.intern((0xad100000 + i) | 0, 5060); // another turn
    expect(table.intern(0x0a000009, 5070)).toBe(early); // promoted at the first return, so still held
  });
});
