import { describe, expect, it } from 'vitest';
import { Ipv4EndpointTable } from '../../src/capture/endpoint-table.js';

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
    expect(table.restarted).toBe(false);
  });
});
