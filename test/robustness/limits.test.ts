// Every limit (CaptureLimits, maxOpenDialogs, the text-log framer) is reached through its CLI flag
// and must evict or truncate with a diagnostic, never silently: what is under the limit is still
// read, and the report says what was not.
import { describe, expect, it } from 'vitest';
import { imlint } from '../cli/run.js';
import { ethernet, ipv4, ipv4Fragments, pcapFile, sip, tcp, TCP_ACK, TCP_PSH, TCP_SYN, udp, type Frame } from '../helpers/pcap-writer.js';
import { scratchFile } from './targets.js';

const T0 = 1_700_000_000_000_000_000n;
const ms = (n: number) => T0 + BigInt(n) * 1_000_000n;

interface JsonReport {
  inputs: { packets: number; sipMessages: number; diagnostics: { code: string; message: string; offset?: number; frame?: number }[] }[];
  dialogs: { callId: string; diagnostics?: { code: string; message: string }[] }[];
}

async function judge(file: string, flags: string[]): Promise<{ code: number; report: JsonReport; codes: string[] }> {
  const r = await imlint(['--format', 'json', ...flags, file]);
  expect(r.code, r.stderr).not.toBe(2);
  const report = JSON.parse(r.stdout) as JsonReport;
  const codes = [...report.inputs.flatMap((i) => i.diagnostics.map((d) => d.code)), ...report.dialogs.flatMap((d) => (d.diagnostics ?? []).map((x) => x.code))];
  return { code: r.code, report, codes };
}

function udpFrame(t: bigint, message: Buffer, src = '192.0.2.10', dst = '192.0.2.20'): Frame {
  return { timeNs: t, data: ethernet(ipv4(udp(message), { protocol: 17, src, dst })) };
}

/** An initial INVITE with its own branch and tag (the writer's default ones are shared). */
function invite(callId: string, body = ''): Buffer {
  const m = sip('INVITE sip:bob@example.com SIP/2.0', { callId, body, headers: ['Contact: <sip:alice@192.0.2.10>', 'Supported: timer', 'Session-Expires: 1800'] });
  const id = callId.replace(/\W/g, '');
  return Buffer.from(m.toString('latin1').replace('branch=z9hG4bK-1', `branch=z9hG4bK-${id}`).replace('tag=a1', `tag=${id}`), 'latin1');
}

describe('limits: reaching one is never silent', () => {
  it('--max-message-bytes over UDP: the big message is skipped with a diagnostic, the small ones read', async () => {
    const small = invite('small@a');
    const big = invite('big@a', 'b'.repeat(3000));
    const file = scratchFile(pcapFile([udpFrame(ms(0), small), udpFrame(ms(1), big), udpFrame(ms(2), invite('after@a'))]), 'pcap');
    const under = await judge(file, []);
    expect(under.report.inputs[0].sipMessages).toBe(3);
    const over = await judge(file, ['--max-message-bytes', '2000']);
    expect(over.codes).toContain('sip.message-too-large');
    expect(over.report.inputs[0].sipMessages).toBe(2);
    expect(over.report.dialogs.map((d) => d.callId).sort()).toEqual(['after@a', 'small@a']);
  });

  it('--max-message-bytes over TCP: the stream skips the big message and resynchronises', async () => {
    const stream = Buffer.concat([invite('t1@a'), invite('t2@a', 'b'.repeat(3000)), invite('t3@a')]);
    const frames: Frame[] = [{ timeNs: ms(0), data: ethernet(ipv4(tcp(Buffer.alloc(0), 999, TCP_SYN), { protocol: 6 })) }];
    for (let p = 0, i = 1; p < stream.length; p += 1000, i++) frames.push({ timeNs: ms(i), data: ethernet(ipv4(tcp(stream.subarray(p, p + 1000), 1000 + p, TCP_ACK | TCP_PSH), { protocol: 6 })) });
    const r = await judge(scratchFile(pcapFile(frames), 'pcap'), ['--max-message-bytes', '2000']);
    expect(r.codes).toContain('sip.message-too-large');
    expect(r.report.dialogs.map((d) => d.callId).sort()).toEqual(['t1@a', 't3@a']);
  });

  it('--max-message-bytes in a text log', async () => {
    const entry = (t: string, m: Buffer) => `2026/11/25 08:00:${t} 192.0.2.10:5060 -> 192.0.2.20:5060\n${m.toString('latin1')}\n`;
    const log = entry('00.000000', invite('l1@a')) + entry('01.000000', invite('l2@a', 'b'.repeat(3000))) + entry('02.000000', invite('l3@a'));
    const r = await judge(scratchFile(Buffer.from(log, 'latin1'), 'txt'), ['--max-message-bytes', '2000']);
    expect(r.codes.some((c) => c === 'text.message-too-large' || c === 'text.entry-too-large')).toBe(true);
    expect(r.report.dialogs.map((d) => d.callId).sort()).toEqual(['l1@a', 'l3@a']);
  });

  it('--max-open-flows: the least recently used TCP flow is evicted with a diagnostic', async () => {
    const frames: Frame[] = [];
    // Three flows each hold half a message, so all are open at once.
    for (let f = 0; f < 3; f++) {
      const m = invite(`flow${f}@a`);
      frames.push({ timeNs: ms(f), data: ethernet(ipv4(tcp(m.subarray(0, 40), 5000, TCP_ACK | TCP_PSH, 40000 + f, 5060), { protocol: 6 })) });
    }
    const file = scratchFile(pcapFile(frames), 'pcap');
    expect((await judge(file, [])).codes).not.toContain('tcp.flow-evicted');
    const r = await judge(file, ['--max-open-flows', '2']);
    expect(r.codes).toContain('tcp.flow-evicted');
  });

  it('--max-flow-buffer: a message that never completes is dropped with a diagnostic and the stream resynchronises', async () => {
    const head = Buffer.from('MESSAGE sip:bob@example.com SIP/2.0\r\nCall-ID: never@a\r\n', 'latin1');
    const frames: Frame[] = [{ timeNs: ms(0), data: ethernet(ipv4(tcp(Buffer.alloc(0), 999, TCP_SYN), { protocol: 6 })) }];
    let seq = 1000;
    const push = (b: Buffer, i: number) => {
      frames.push({ timeNs: ms(i), data: ethernet(ipv4(tcp(b, seq, TCP_ACK | TCP_PSH), { protocol: 6 })) });
      seq += b.length;
    };
    push(head, 1);
    for (let i = 0; i < 20; i++) push(Buffer.from(`X-Pad-${i}: ${'p'.repeat(500)}\r\n`, 'latin1'), 2 + i);
    push(Buffer.from('\r\n', 'latin1'), 30);
    push(invite('later@a'), 31);
    const r = await judge(scratchFile(pcapFile(frames), 'pcap'), ['--max-flow-buffer', '4096', '--max-message-bytes', '100000']);
    expect(r.codes).toContain('tcp.flow-buffer-exceeded');
    expect(r.report.dialogs.map((d) => d.callId)).toContain('later@a');
  });

  it('--max-fragment-sets: the oldest incomplete datagram is dropped with a diagnostic', async () => {
    const frames: Frame[] = [];
    for (let k = 0; k < 3; k++) {
      const [first] = ipv4Fragments(udp(invite(`frag${k}@a`)), 64, { protocol: 17, id: 100 + k });
      frames.push({ timeNs: ms(k), data: ethernet(first) });
    }
    const file = scratchFile(pcapFile(frames), 'pcap');
    const r = await judge(file, ['--max-fragment-sets', '2']);
    const drops = r.report.inputs[0].diagnostics.filter((d) => d.code === 'ip.fragments-incomplete');
    expect(drops.some((d) => d.message.includes('more than 2 datagrams'))).toBe(true);
    // The two sets still open at the end are reported too: three in all, none silent.
    expect(drops).toHaveLength(3);
  });

  it('--max-open-dialogs: the oldest dialog is judged early with a diagnostic', async () => {
    const frames = [0, 1, 2].map((k) => udpFrame(ms(k), invite(`d${k}@a`)));
    const file = scratchFile(pcapFile(frames), 'pcap');
    expect((await judge(file, [])).codes).not.toContain('dialog.evicted');
    const r = await judge(file, ['--max-open-dialogs', '2']);
    expect(r.codes).toContain('dialog.evicted');
    expect(r.report.dialogs).toHaveLength(3);
  });

  it('--max-headers: header fields past the limit are dropped with a diagnostic at the first one, the message still read', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `X-Pad-${i}: ${i}`);
    const m = (callId: string, n: number) => sip('MESSAGE sip:bob@example.com SIP/2.0', { callId, headers: many(n) });
    const file = scratchFile(pcapFile([udpFrame(ms(0), m('h1@a', 30)), udpFrame(ms(1), m('h2@a', 1200))]), 'pcap');
    const limited = await judge(file, ['--max-headers', '20']);
    const drops = limited.report.inputs[0].diagnostics.filter((d) => d.code === 'sip.header.too-many');
    expect(drops).toHaveLength(2);
    expect(drops[0].message).toMatch(/^16 header field\(s\) after the first 20/); // 5 writer headers + 30 + Content-Length
    expect(limited.report.inputs[0].sipMessages).toBe(2);
    // The default (1000) is reached by the second message only.
    const byDefault = await judge(file, []);
    expect(byDefault.report.inputs[0].diagnostics.filter((d) => d.code === 'sip.header.too-many').map((d) => d.message)).toEqual(['206 header field(s) after the first 1000 ignored (limit --max-headers)']);
  });
});
