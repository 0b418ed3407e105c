import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointKey, flowHash, FlowTable, type FlowEntry } from '../../src/capture/flow-table.js';
import type { Endpoint } from '../../src/capture/types.js';

interface Flow extends FlowEntry<Flow> {
  id: number;
}

// Few distinct keys, so that many flows share a bucket and chains are walked and unlinked.
const endpoints: Endpoint[] = Array.from({ length: 12 }, (_, i) => Object.freeze({ ip: `10.0.0.${i}`, port: 5060 + (i % 3) }));
const keyOf = (e: Endpoint) => endpointKey(endpoints.indexOf(e) % 2, 5060); // 4 hashes for 144 flows

describe('FlowTable (open TCP directions by source and destination)', () => {
  it('agrees with a Map keyed by the endpoint pair, across growth and shared buckets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('add', 'remove', 'get', 'clear'), fc.nat(11), fc.nat(11)), { minLength: 100, maxLength: 1000 }), (ops) => {
        const table = new FlowTable<Flow>();
        const model = new Map<string, Flow>();
        let id = 0;
        for (const [op, a, b] of ops) {
          const src = endpoints[a];
          const dst = endpoints[b];
          const name = `${a}>${b}`;
          const hash = flowHash(keyOf(src), keyOf(dst));
          if (op === 'add' && !model.has(name)) {
            const flow: Flow = { id: id++, src, dst, hash, nextInBucket: undefined };
            table.add(flow);
            model.set(name, flow);
          } else if (op === 'remove') {
            const flow = model.get(name);
            if (flow) {
              table.remove(flow);
              table.remove(flow); // a second remove is a no-op
              model.delete(name);
            }
          } else if (op === 'clear' && a === 0) {
            table.clear();
            model.clear();
          }
          expect(table.get(src, dst, hash)).toBe(model.get(name));
          expect(table.size).toBe(model.size);
        }
        for (const [name, flow] of model) {
          const [a, b] = name.split('>').map(Number);
          expect(table.get(endpoints[a], endpoints[b], flow.hash)).toBe(flow);
        }
      }),
      { seed: 20261125, numRuns: 200 },
    );
  });

  it('endpoints crafted to share a key under fixed multipliers get keys of their own', () => {
    // With key = (addr ^ port * K1) * K2 for known constants, address addr0 ^ (port * K1) would give
    // every port the same key: 65536 flows on one chain. The multipliers are drawn per process.
    const keys = new Set<number>();
    for (let port = 0; port < 65536; port++) keys.add(endpointKey(0x0a000001 ^ Math.imul(port + 1, 0x85ebca6b), port));
    expect(keys.size).toBeGreaterThan(65000);
  });

  it('holds thousands of flows (growth keeps every one findable)', () => {
    const table = new FlowTable<Flow>();
    const server: Endpoint = Object.freeze({ ip: '192.0.2.1', port: 5060 });
    const flows: Flow[] = [];
    for (let i = 0; i < 5000; i++) {
      const client: Endpoint = Object.freeze({ ip: `10.${i >> 8}.${i & 255}.1`, port: 5060 });
      const flow: Flow = { id: i, src: client, dst: server, hash: flowHash(endpointKey(i, 5060), endpointKey(1, 5060)), nextInBucket: undefined };
      table.add(flow);
      flows.push(flow);
    }
    for (const flow of flows) expect(table.get(flow.src, flow.dst, flow.hash)).toBe(flow);
    expect(table.get(server, flows[0].src, flowHash(endpointKey(1, 5060), endpointKey(0, 5060)))).toBeUndefined();
  });

  it('finds a flow by value when an endpoint comes back as a new, equal object (left the intern table)', () => {
    const table = new FlowTable<Flow>();
    const client: Endpoint = Object.freeze({ ip: '10.1.2.3', port: 40000 });
    const server: Endpoint = Object.freeze({ ip: '192.0.2.1', port: 5060 });
    const hash = flowHash(endpointKey(0x0a010203, 40000), endpointKey(0xc0000201 | 0, 5060));
    const flow: Flow = { id: 1, src: client, dst: server, hash, nextInBucket: undefined };
    table.add(flow);
    expect(table.get({ ip: '10.1.2.3', port: 40000 }, server, hash)).toBe(flow);
    expect(table.get({ ip: '10.1.2.3', port: 40001 }, server, hash)).toBeUndefined(); // same hash given, other port
    expect(table.get({ ip: '10.1.2.4', port: 40000 }, { ip: '192.0.2.1', port: 5060 }, hash)).toBeUndefined();
  });
});
