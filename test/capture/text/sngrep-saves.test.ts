// Real sngrep 1.6 text saves (fixtures/text-logs, README there) against the captures they were
// saved from: the same messages, byte for byte, with the same microsecond times, in time order.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openInput } from '../../../src/capture/open-input.js';
import type { RawSipMessage } from '../../../src/capture/types.js';
import { readLog } from './read-log.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const LOGS = join(ROOT, 'fixtures', 'text-logs');
const CORPUS_PCAP = join(ROOT, '..', 'shared', 'corpus', 'generated', 'sipp-loopback', 'sipp_uac_uas_udp_lo.pcap');

async function pcapMessages(path: string): Promise<RawSipMessage[]> {
  const source = await openInput(path);
  const out: RawSipMessage[] = [];
  for await (const batch of source.batches()) for (const m of batch.messages) out.push({ ref: m.ref, data: Buffer.from(m.data) });
  return out;
}

const US = 1000n;
const view = (msgs: RawSipMessage[]) => msgs.map((m) => [m.ref.timeNs === null ? null : m.ref.timeNs / US, m.data.toString('latin1')]);

describe('sngrep 1.6 text saves', () => {
  test('group session: the SUBSCRIBE dialog saved after the INVITE dialog is put back in time order', async () => {
    const log = await readLog(join(LOGS, 'sngrep-1.6-group-subscribe.txt'), { chunkSize: 333 });
    expect(log.format).toBe('sngrep');
    // The entry headers as the file has them (INVITE dialog first, then the SUBSCRIBE dialog);
    // each message starts on the line after its header, and must come out in header-time order.
    const headers = readFileSync(join(LOGS, 'sngrep-1.6-group-subscribe.txt'), 'latin1')
      .split('\n')
      .flatMap((text, i) => (/^\d{4}\/\d\d\/\d\d /.test(text) ? [{ line: i + 2, time: text.slice(11, 26) }] : []));
    expect(headers).toHaveLength(10);
    const inTimeOrder = [...headers].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)).map((h) => h.line);
    expect(inTimeOrder).not.toEqual(headers.map((h) => h.line));
    expect(log.messages.map((m) => m.ref.line)).toEqual(inTimeOrder);
    expect(log.diagnostics.map((d) => [d.code, d.severity])).toEqual([['text.reordered', 'info']]);
    const pcap = await pcapMessages(join(import.meta.dirname, '..', '..', '..', 'fixtures', 'sipp', 'group-subscribe.pcap'));
    expect(view(log.messages)).toEqual(view(pcap));
    expect(log.stats.lastTimeNs! / US).toBe(pcap[pcap.length - 1].ref.timeNs! / US);
  });

  test('1-1 session with refresh: same messages and times as the pcap', async () => {
    const log = await readLog(join(LOGS, 'sngrep-1.6-im-1-1-refresh.txt'));
    expect(log.diagnostics).toEqual([]);
    const pcap = await pcapMessages(join(ROOT, 'fixtures', 'sipp', 'im-1-1-refresh.pcap'));
    expect(view(log.messages)).toEqual(view(pcap));
  });

  test.skipIf(!existsSync(CORPUS_PCAP))('SIPp uac/uas audio calls: same 18 messages as the corpus pcap, with addresses', async () => {
    const log = await readLog(join(LOGS, 'sngrep-1.6-sipp-uac-uas-udp-lo.txt'), { chunkSize: 97 });
    const pcap = await pcapMessages(CORPUS_PCAP);
    expect(log.messages).toHaveLength(18);
    expect(view(log.messages)).toEqual(view(pcap));
    expect(log.messages.map((m) => [m.ref.src, m.ref.dst])).toEqual(pcap.map((m) => [m.ref.src, m.ref.dst]));
  });
});
