// Time per input byte is bounded: each stage is timed on an input of size n and 4n built from the
// runs that make naive parsers backtrack or rescan (`;`, `"`, `<`, `,`, folded lines, huge header
// counts, one-byte TCP segments). Linear growth gives a ratio near 4, quadratic near 16; the bound
// (10) is generous and each size takes the fastest of several runs, so timer noise cannot flake it.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/sip/index.js';
import { parseWith, type StartRule } from '../../src/sip/grammar.js';
import startRules from '../../grammar/start-rules.mjs';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { analyze } from '../../src/report/analyze.js';
import { ethernet, ipv4, pcapFile, sip, tcp, TCP_ACK, TCP_SYN, udp, type Frame } from '../helpers/pcap-writer.js';
import { readCapture, scratchFile } from './targets.js';

const BOUND = 10;

/** The fastest of many single runs: a GC pause or a timer tick inflates some runs, never all. */
async function fastest(run: () => unknown): Promise<number> {
  let best = Infinity;
  const t0 = performance.now();
  for (let i = 0; i < 40 && (i < 5 || performance.now() - t0 < 1500); i++) {
    const t = performance.now();
    await run();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Ratio of the time at 4n to the time at n (both warmed up first). */
async function growth(build: (n: number) => () => unknown, n: number): Promise<number> {
  const small = build(n);
  const large = build(4 * n);
  await small();
  await large();
  const tSmall = await fastest(small);
  const tLarge = await fastest(large);
  // performance.now() resolves microseconds; below 0.1 ms at 4n the stage is fast enough anyway.
  return tLarge < 0.1 ? 1 : tLarge / Math.max(tSmall, 0.01);
}

const RUNS = [';', '"', '<', ',', '\\', '=', '\r\n ', '(', '%'];
const CONTEXTS = ['', '<sip:a@b', '"a', 'sip:a@b;x=', 'a;b=', '*;', 'SIP/2.0/UDP h;branch=', '<sip:a@b>;p='];

function message(headers: string[], body = ''): Buffer {
  return Buffer.from(['INVITE sip:bob@example.com SIP/2.0', ...headers, `Content-Length: ${body.length}`, '', body].join('\r\n'), 'latin1');
}

function parseAll(data: Buffer): void {
  const m = parseMessage({ ref: { input: 'lin', offset: 0, length: data.length, timeNs: null, transport: 'udp' }, data }, { strict: true });
  m.from(); m.to(); m.via(); m.contact(); m.acceptContact(); m.supported(); m.allow(); m.sessionExpires(); m.userAgent(); m.privacy(); m.bodyParts(); m.sdp();
}

describe('time per input byte is bounded', () => {
  it.each(RUNS.map((r) => [JSON.stringify(r), r]))('every grammar start rule on runs of %s', async (_, run) => {
    const rules = startRules as StartRule[];
    const ratio = await growth((n) => () => {
      for (const rule of rules) for (const c of CONTEXTS) parseWith(rule, c + run.repeat(n));
    }, 500);
    expect(ratio).toBeLessThan(BOUND);
  });

  it('the framer and accessors on huge header counts', async () => {
    const build = (n: number) => {
      const headers = [];
      for (let i = 0; i < n; i++) headers.push(i % 3 ? `X-H${i}: v` : `Via: SIP/2.0/UDP h${i};branch=z9hG4bK${i}`);
      const data = message(headers);
      return () => parseAll(data);
    };
    expect(await growth(build, 200)).toBeLessThan(BOUND);
  });

  it.each(RUNS.map((r) => [JSON.stringify(r), r]))('the framer and accessors on one header line of %s', async (_, run) => {
    const build = (n: number) => {
      const v = run.repeat(n);
      const data = message([`From: ${v}`, `To: <sip:b@c>;${v}`, `Via: SIP/2.0/UDP h;${v}`, `Contact: ${v}`, `Accept-Contact: *;${v}`, `User-Agent: ${v}`, `Supported: ${v}`, `Content-Type: multipart/mixed;boundary=${v}`], `--${v}\r\n`);
      return () => parseAll(data);
    };
    expect(await growth(build, 500)).toBeLessThan(BOUND);
  });

  it('folded lines: one header folded n times', async () => {
    const build = (n: number) => {
      const data = message([`Contact: <sip:a@b>${'\r\n ;p=1,\r\n\t<sip:c@d>'.repeat(n)}`, `Supported: timer${'\r\n ,x'.repeat(n)}`]);
      return () => parseAll(data);
    };
    expect(await growth(build, 200)).toBeLessThan(BOUND);
  });

  it('TCP: one message delivered in one-byte segments', async () => {
    const build = (n: number) => {
      const m = sip('MESSAGE sip:bob@example.com SIP/2.0', { body: 'z'.repeat(n), headers: ['Content-Type: text/plain'] });
      const frames: Frame[] = [{ timeNs: 1n, data: ethernet(ipv4(tcp(Buffer.alloc(0), 99, TCP_SYN), { protocol: 6 })) }];
      for (let i = 0; i < m.length; i++) frames.push({ timeNs: 2n, data: ethernet(ipv4(tcp(m.subarray(i, i + 1), 100 + i, TCP_ACK), { protocol: 6 })) });
      const file = pcapFile(frames);
      return async () => {
        const r = await readCapture(file, 'pcap');
        if (r.texts.length !== 1) throw new Error(`expected the one message, got ${r.texts.length}`);
      };
    };
    expect(await growth(build, 1500)).toBeLessThan(BOUND);
  });

  it('text logs: a sngrep entry with a huge header count and long runs', async () => {
    const build = (n: number) => {
      const headers = Array.from({ length: n }, (_, i) => `X-${i}: ${';'.repeat(20)}"<,`);
      const entry = (k: number) => `2026/11/25 08:00:0${k}.000000 10.0.0.5:5060 -> 10.0.0.6:5060\n${message(headers).toString('latin1')}\n`;
      const file = scratchFile(Buffer.from(entry(1) + entry(2), 'latin1'), 'txt');
      return async () => {
        const r = await analyze([file], DEFAULT_CONFIG, { inputFormat: 'sngrep' });
        if (r.inputs[0].sipMessages !== 2) throw new Error(`expected 2 messages, got ${r.inputs[0].sipMessages}`);
      };
    };
    expect(await growth(build, 200)).toBeLessThan(BOUND);
  });

  it('the whole pipeline: n dialogs in a pcap', async () => {
    const build = (n: number) => {
      const frames: Frame[] = [];
      for (let i = 0; i < n; i++) {
        const callId = `lin-${i}@10.0.0.5`;
        const t = BigInt(i) * 1_000_000n;
        frames.push({ timeNs: t, data: ethernet(ipv4(udp(sip('INVITE sip:bob@example.com SIP/2.0', { callId, headers: ['Contact: <sip:alice@10.0.0.5>', 'Supported: timer', 'Session-Expires: 90'] })), { protocol: 17 })) });
        frames.push({ timeNs: t + 1000n, data: ethernet(ipv4(udp(sip('SIP/2.0 486 Busy Here', { callId })), { protocol: 17, src: '192.0.2.20', dst: '192.0.2.10' })) });
      }
      const file = scratchFile(pcapFile(frames), 'pcap');
      return () => analyze([file], DEFAULT_CONFIG, {});
    };
    expect(await growth(build, 100)).toBeLessThan(BOUND);
  });
});
