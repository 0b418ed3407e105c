// Memory bounded: input that must not be kept (a TCP message that never ends, IP fragments that
// never complete, a log entry that never ends) is streamed at size n and 4n; the memory retained
// mid-stream (measured after a forced GC) must not grow with the input: the JS heap stays within
// a few MB of the small run's, and external memory (read windows, kept payload copies) stays
// under a fixed bound whatever the input size.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { openInput } from '../../src/capture/index.js';
import { ethernet, ipv4, ipv4Fragments, pcapFile, tcp, TCP_ACK, TCP_SYN, udp, type Frame } from '../helpers/pcap-writer.js';
import { scratchFile } from './targets.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;

/** Largest heap + external memory seen after a GC, sampled every few batches while streaming. */
interface Retained {
  heap: number;
  external: number;
  codes: Set<string>;
}

async function retainedWhileReading(file: string, inputFormat?: 'sngrep'): Promise<Retained> {
  gc();
  const base = process.memoryUsage();
  const source = await openInput(file, inputFormat ? { inputFormat } : {});
  let heap = 0;
  let external = 0;
  let batch = 0;
  const codes = new Set<string>();
  for await (const b of source.batches()) {
    for (const d of b.diagnostics) codes.add(d.code);
    if (++batch % 4 === 0) {
      gc();
      const m = process.memoryUsage();
      heap = Math.max(heap, m.heapUsed - base.heapUsed);
      external = Math.max(external, m.arrayBuffers - base.arrayBuffers);
    }
  }
  return { heap, external, codes };
}

/** Reads the input built at n, then at 4n, and checks the large run retained no more. */
async function expectBounded(build: (n: number) => Buffer, n: number, inputFormat?: 'sngrep'): Promise<Set<string>> {
  const smallFile = scratchFile(build(n), inputFormat ? 'txt' : 'pcap');
  const largeFile = scratchFile(build(4 * n), inputFormat ? 'txt' : 'pcap');
  const small = await retainedWhileReading(smallFile, inputFormat);
  const large = await retainedWhileReading(largeFile, inputFormat);
  expect(large.heap).toBeLessThan(Math.max(small.heap, 0) + 8 * MB);
  expect(large.external).toBeLessThan(64 * MB);
  return large.codes;
}

describe('memory is bounded by the limits, not by the input', () => {
  it('a TCP message whose header section never ends', async () => {
    const build = (mb: number) => {
      const frames: Frame[] = [{ timeNs: 1n, data: ethernet(ipv4(tcp(Buffer.alloc(0), 99, TCP_SYN), { protocol: 6 })) }];
      const head = Buffer.from('MESSAGE sip:bob@example.com SIP/2.0\r\n', 'latin1');
      frames.push({ timeNs: 2n, data: ethernet(ipv4(tcp(head, 100, TCP_ACK), { protocol: 6 })) });
      const line = Buffer.from(`X-Pad: ${'p'.repeat(1400)}\r\n`, 'latin1');
      let seq = 100 + head.length;
      for (let i = 0; i < (mb * MB) / line.length; i++, seq += line.length) frames.push({ timeNs: 3n, data: ethernet(ipv4(tcp(line, seq, TCP_ACK), { protocol: 6 })) });
      return pcapFile(frames);
    };
    const codes = await expectBounded(build, 8);
    expect(codes.has('tcp.flow-buffer-exceeded') || codes.has('sip.message-too-large')).toBe(true);
  });

  it('IP fragment sets that never complete', async () => {
    const build = (sets: number) => {
      const frames: Frame[] = [];
      for (let k = 0; k < sets; k++) {
        const [first] = ipv4Fragments(udp(Buffer.alloc(1500, 0x61)), 1024, { protocol: 17, id: k & 0xffff, src: `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` });
        frames.push({ timeNs: BigInt(k), data: ethernet(first) });
      }
      return pcapFile(frames);
    };
    const codes = await expectBounded(build, 20_000);
    expect(codes.has('ip.fragments-incomplete')).toBe(true);
  });

  it('a text-log entry that never ends', async () => {
    const build = (mb: number) => {
      const head = '2026/11/25 08:00:00.000000 10.0.0.5:5060 -> 10.0.0.6:5060\nMESSAGE sip:bob@example.com SIP/2.0\r\n';
      return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.alloc(mb * MB, 'X-Pad: ppppppppppppppppppppppppppppppppppppp\r\n', 'latin1')]);
    };
    const codes = await expectBounded(build, 8, 'sngrep');
    expect([...codes].some((c) => /too-large|too-long/.test(c))).toBe(true);
  });
});
