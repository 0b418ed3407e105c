// Real logs from ../shared/corpus: every SIP message out, matching tshark's view of the same
// traffic where a capture of it exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { openInput } from '../../../src/capture/open-input.js';
import type { RawSipMessage } from '../../../src/capture/types.js';
import { identity, readLog, readLogBytes, tsharkRows } from './read-log.js';

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url).pathname;
const have = existsSync(CORPUS);
const corpus = (p: string) => CORPUS + p;

describe.skipIf(!have)('text logs from the corpus (skipped: ../shared/corpus absent)', () => {
  test('ngrep -q -t -W byline of aaa.pcap: the 81 SIP messages tshark sees, same order, same µs times', async () => {
    const rows = tsharkRows(corpus('pcap/sngrep/aaa.pcap.tshark.tsv'));
    for (const chunkSize of [65536, 13]) {
      const r = await readLog(corpus('generated/ngrep/ngrep_byline_aaa.txt'), { chunkSize });
      expect(r.format).toBe('ngrep');
      expect(r.diagnostics).toEqual([]);
      // 102 packets: the other 21 are keep-alives of spaces, not SIP (and not worth a diagnostic).
      expect(r.stats.packets).toBe(102);
      expect(r.messages.map((m) => [m.ref.timeNs, identity(m.data).callId, identity(m.data).cseq])).toEqual(
        rows.map((row) => [row.timeNs, row.callId, row.cseq]),
      );
      for (const m of r.messages) expect(m.ref.transport).toBe('udp');
      expect(r.messages[0].ref.src).toEqual({ ip: '192.168.1.2', port: 5060 });
      expect(r.messages[0].ref.dst).toEqual({ ip: '212.242.33.35', port: 5060 });
      expect(r.messages[0].ref.line).toBe(5);
    }
  });

  test('ngrep -W byline (TCP, no timestamps, # marks) of sip_ipv4_tcp.pcap: the 7 messages tshark sees', async () => {
    const rows = tsharkRows(corpus('pcap/heplify/sip_ipv4_tcp.pcap.tshark.tsv'));
    const r = await readLog(corpus('generated/ngrep/ngrep_byline_sip_ipv4_tcp.txt'), { chunkSize: 17 });
    expect(r.format).toBe('ngrep');
    expect(r.diagnostics).toEqual([]);
    expect(r.messages.map((m) => [identity(m.data).callId, identity(m.data).cseq])).toEqual(rows.map((row) => [row.callId, row.cseq]));
    for (const m of r.messages) {
      expect(m.ref.timeNs).toBeNull();
      expect(m.ref.transport).toBe('tcp');
    }
  });

  test('the same 18 UDP messages, byte for byte, from the SIPp log of each side and from ngrep', async () => {
    const rows = tsharkRows(corpus('generated/sipp-loopback/sipp_uac_uas_udp_lo.pcap.tshark.tsv'));
    const ngrep = await readLog(corpus('generated/ngrep/ngrep_byline_sipp_udp_lo.txt'));
    const uac = await readLog(corpus('generated/sipp-loopback/uac_udp_messages.log'), { chunkSize: 11 });
    const uas = await readLog(corpus('generated/sipp-loopback/uas_udp_messages.log'));
    expect(ngrep.messages.map((m) => m.ref.timeNs)).toEqual(rows.map((r) => r.timeNs));
    for (const side of [uac, uas]) {
      expect(side.format).toBe('sipp-trace');
      expect(side.diagnostics).toEqual([]);
      expect(side.messages).toHaveLength(18);
      const sorted = (msgs: { data: Buffer }[]) => msgs.map((m) => m.data.toString('latin1')).sort();
      expect(sorted(side.messages)).toEqual(sorted(ngrep.messages));
      for (const m of side.messages) {
        expect(m.ref.transport).toBe('udp');
        expect(m.ref.src).toBeUndefined();
        // SIPp stamps the log within a few ms of the packet on loopback.
        const nearest = rows.reduce((best, row) => {
          const d = row.timeNs > m.ref.timeNs! ? row.timeNs - m.ref.timeNs! : m.ref.timeNs! - row.timeNs;
          return d < best ? d : best;
        }, 10n ** 18n);
        expect(nearest).toBeLessThan(5_000_000n);
      }
    }
    // The uac's first entry: separator on line 1, message on line 4 at the byte after the blank line.
    expect(uac.messages[0].ref.line).toBe(4);
    const file = readFileSync(corpus('generated/sipp-loopback/uac_udp_messages.log'));
    expect(file.subarray(uac.messages[0].ref.offset, uac.messages[0].ref.offset + 7).toString()).toBe('INVITE ');
  });

  test('SIPp TCP logs with socket-error lines before the first entry: 18 messages, the noise reported', async () => {
    const rows = tsharkRows(corpus('generated/sipp-loopback/sipp_uac_uas_tcp_any_sll2.pcap.tshark.tsv'));
    for (const name of ['uac_tcp_messages.log', 'uas_tcp_messages.log']) {
      const r = await readLog(corpus(`generated/sipp-loopback/${name}`));
      expect(r.messages.map((m) => [identity(m.data).callId, identity(m.data).cseq]).sort()).toEqual(
        rows.map((row) => [row.callId, row.cseq]).sort(),
      );
      for (const m of r.messages) expect(m.ref.transport).toBe('tcp');
    }
    const uac = await readLog(corpus('generated/sipp-loopback/uac_tcp_messages.log'));
    expect(uac.diagnostics.map((d) => [d.code, d.line])).toEqual([['text.skipped-lines', 1]]);
  });

  test('SIPp logs against a real server (Plivo): every entry, declared lengths honoured', async () => {
    const expected: Record<string, string[]> = {
      'uac_messages.log': ['INVITE', '407', 'ACK', 'INVITE', '100', '200', 'ACK', 'BYE', '200'],
      'uas_messages.log': ['INVITE', '180', '200', 'ACK', 'BYE', '200'],
      'register_uac.log': ['REGISTER', '401', 'REGISTER', '200'],
      'register_uas.log': ['REGISTER', '401', 'REGISTER', '200'],
    };
    for (const [name, starts] of Object.entries(expected)) {
      const r = await readLog(corpus(`logs/sipp-trace_msg-plivo/${name}`), { chunkSize: 29 });
      const kinds = r.messages.map((m) => {
        const first = identity(m.data).startLine;
        return first.startsWith('SIP/2.0 ') ? first.split(' ')[1] : first.split(' ')[0];
      });
      expect([name, kinds]).toEqual([name, starts]);
      expect(r.diagnostics).toEqual([]);
    }
  });

  test('raw single-message files: LF-only (pkts) and CRLF (sip-message-examples)', async () => {
    for (const name of ['issue-106_001.txt', 'subscribe.txt']) {
      const r = await readLog(corpus(`messages/pkts/${name}`));
      expect(r.format).toBe('raw-sip');
      expect(r.messages).toHaveLength(1);
      expect(r.diagnostics).toEqual([]);
      expect(r.messages[0].ref).toMatchObject({ line: 1, offset: 0, timeNs: null, transport: 'unknown' });
    }
    // invite.sip declares 173 body bytes but the file ends without the body's last CRLF.
    const invite = await readLog(corpus('sip-message-examples/invite.sip'));
    expect(invite.messages).toHaveLength(1);
    expect(invite.diagnostics.map((d) => d.code)).toEqual(['text.body-truncated']);
    const ok = await readLog(corpus('sip-message-examples/options-carriage-return.sip'));
    expect(ok.messages).toHaveLength(1);
  });

  test('a non-OMA real log in an unsupported format (Blink) is not taken for a known format', async () => {
    const head = readFileSync(corpus('logs/blink-sipsimple/sip_trace.txt')).subarray(0, 65536);
    const { detectTextFormat } = await import('../../../src/capture/text/index.js');
    expect(detectTextFormat(head)).toBeUndefined();
  });
});

// ngrep run here on a corpus capture (AGPL, so its text is not copied into fixtures): FreeSWITCH
// SIP over TCP on port 6060 with 234 messages spanning several segments, some split between CR
// and LF. Needs ngrep (Debian package `ngrep`).
const NGREP = spawnSync('ngrep', ['-V'], { encoding: 'latin1' });
const FRAGMENTED = corpus('pcap/heplify/sip_ipv4_tcp_fragmented.pcap');
describe.skipIf(!have || NGREP.error !== undefined)('ngrep -W byline of a TCP capture with split messages (skipped: needs ngrep and ../shared/corpus)', () => {
  test('the 406 messages tshark sees with decode-as, in the same order, reassembled per flow', async () => {
    const out = spawnSync('ngrep', ['-q', '-t', '-W', 'byline', '-I', FRAGMENTED, '', 'tcp port 6060'], { maxBuffer: 64 << 20 });
    expect(out.status).toBe(0);
    const r = await readLogBytes(out.stdout, { chunkSize: 4096 });
    expect(r.format).toBe('ngrep');
    expect(r.diagnostics).toEqual([]);
    const rows = tsharkRows(corpus('pcap/heplify/sip_ipv4_tcp_fragmented.pcap.tshark.tsv'));
    expect(r.messages.map((m) => [identity(m.data).callId, identity(m.data).cseq])).toEqual(rows.map((row) => [row.callId, row.cseq]));
    // A split message takes the time of the segment holding its first byte, as the pcap reader
    // does (tshark shows the last one). ngrep prints non-ASCII bytes (Cyrillic display names) as
    // `.`, so the text differs there, never the framing.
    const source = await openInput(FRAGMENTED);
    const fromPcap: RawSipMessage[] = [];
    for await (const batch of source.batches()) fromPcap.push(...batch.messages);
    expect(r.messages.map((m) => m.ref.timeNs)).toEqual(fromPcap.map((m) => m.ref.timeNs));
    expect(r.messages.map((m) => m.data.length)).toEqual(fromPcap.map((m) => m.data.length));
  });
});

describe.skipIf(!have || NGREP.error !== undefined)('ngrep without -W byline (skipped: needs ngrep and ../shared/corpus)', () => {
  test('is reported once, as an error naming the option, instead of a warning per packet', async () => {
    const out = spawnSync('ngrep', ['-q', '-t', '-I', corpus('generated/sipp-loopback/sipp_uac_uas_udp_lo.pcap'), '', 'udp']);
    const r = await readLogBytes(out.stdout);
    expect(r.format).toBe('ngrep');
    expect(r.messages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['text.ngrep-not-byline', 'error', 5]]);
    expect(r.diagnostics[0].message).toContain('18 ngrep packet(s)');
  });
});
