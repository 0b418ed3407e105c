// Each text format on small logs written here byte by byte: framing, positions, times,
// addresses, and a diagnostic with line and offset for everything that is not a message.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { detectTextFormat } from '../../../src/capture/text/index.js';
import { readLogBytes } from './read-log.js';

const b = (s: string) => Buffer.from(s, 'latin1');

const INVITE =
  'INVITE sip:bob@example.com SIP/2.0\r\n' +
  'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKa1\r\n' +
  'From: <sip:alice@example.com>;tag=a1\r\n' +
  'To: <sip:bob@example.com>\r\n' +
  'Call-ID: c1@10.0.0.5\r\n' +
  'CSeq: 1 INVITE\r\n' +
  'Content-Type: application/sdp\r\n' +
  'Content-Length: 13\r\n' +
  '\r\n' +
  'v=0\r\ns=-\r\nt=0';
const OK =
  'SIP/2.0 200 OK\r\n' +
  'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKa1\r\n' +
  'From: <sip:alice@example.com>;tag=a1\r\n' +
  'To: <sip:bob@example.com>;tag=b1\r\n' +
  'Call-ID: c1@10.0.0.5\r\n' +
  'CSeq: 1 INVITE\r\n' +
  'Content-Length: 0\r\n' +
  '\r\n';

/** What sngrep's save_msg_txt writes: header line, payload, "\n\n". */
const sngrepEntry = (time: string, src: string, dst: string, msg: string) => `2024/03/01 ${time} ${src} -> ${dst}\n${msg}\n\n`;

describe('sngrep --text', () => {
  const log = sngrepEntry('10:00:00.000100', '10.0.0.5:5060', '10.0.0.9:5060', INVITE) + sngrepEntry('10:00:00.250000', '10.0.0.9:5060', '10.0.0.5:5060', OK);

  test('messages, exact bytes, line and offset of each, time and addresses', async () => {
    const data = b(log);
    const r = await readLogBytes(data);
    expect(r.format).toBe('sngrep');
    expect(r.diagnostics).toEqual([]);
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([INVITE, OK]);
    const [inv, ok] = r.messages;
    expect(inv.ref).toMatchObject({ line: 2, offset: log.indexOf('INVITE'), length: INVITE.length, transport: 'unknown' });
    expect(inv.ref.timeNs).toBe(BigInt(Date.UTC(2024, 2, 1, 10, 0, 0)) * 1_000_000n + 100_000n);
    expect(inv.ref.src).toEqual({ ip: '10.0.0.5', port: 5060 });
    expect(ok.ref).toMatchObject({ line: log.slice(0, log.indexOf('SIP/2.0 200')).split('\n').length, offset: log.indexOf('SIP/2.0 200') });
    expect(ok.ref.dst).toEqual({ ip: '10.0.0.5', port: 5060 });
    expect(r.stats).toMatchObject({ packets: 2, sipMessages: 2, format: 'sngrep' });
    expect(r.stats.lastTimeNs! - r.stats.firstTimeNs!).toBe(249_900_000n);
    for (const m of r.messages) expect(data.subarray(m.ref.offset, m.ref.offset + m.ref.length)).toEqual(m.data);
  });

  test('hand-written fixtures with a single blank line after the message frame the same', async () => {
    const handWritten = `2024/03/01 10:00:00.250000 10.0.0.9:5060 -> 10.0.0.5:5060\n${OK}\n` + `2024/03/01 10:00:01.000000 10.0.0.9:5060 -> 10.0.0.5:5060\n${OK}`;
    const r = await readLogBytes(b(handWritten));
    expect(r.diagnostics).toEqual([]);
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([OK, OK]);
  });

  test('IPv6 addresses, with and without brackets', async () => {
    const r = await readLogBytes(b(sngrepEntry('10:00:00.000000', '[2001:db8::1]:5060', '2001:db8::2:5062', OK)));
    expect(r.messages[0].ref.src).toEqual({ ip: '2001:db8::1', port: 5060 });
    expect(r.messages[0].ref.dst).toEqual({ ip: '2001:db8::2', port: 5062 });
  });

  test('a body shorter than Content-Length, a missing empty line, a bad time: diagnostics with line and offset', async () => {
    const shortBody = INVITE.replace('Content-Length: 13', 'Content-Length: 40');
    const noEnd = 'OPTIONS sip:x@example.com SIP/2.0\r\nCall-ID: o1\r\nCSeq: 1 OPTIONS';
    const log2 = sngrepEntry('10:00:00.000000', '10.0.0.5:5060', '10.0.0.9:5060', shortBody) + `2024/13/01 10:00:00.000000 10.0.0.5:5060 -> 10.0.0.9:5060\n${noEnd}\n\n`;
    const r = await readLogBytes(b(log2));
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([shortBody, noEnd]);
    expect(r.messages[1].ref.timeNs).toBeNull();
    const headerLine = log2.slice(0, log2.indexOf('2024/13')).split('\n').length;
    expect(r.diagnostics.map((d) => [d.code, d.line, d.offset])).toEqual([
      ['text.body-truncated', 2, log2.indexOf('INVITE')],
      ['text.bad-timestamp', headerLine, log2.indexOf('2024/13')],
      ['text.headers-unterminated', headerLine + 1, log2.indexOf('OPTIONS')],
    ]);
  });

  test('text that is not SIP inside an entry and before the first entry is reported, not dropped silently', async () => {
    const log3 = 'saved by sngrep\n' + sngrepEntry('10:00:00.000000', '10.0.0.5:5060', '10.0.0.9:5060', 'hello world\r\n\r\n' + OK);
    const r = await readLogBytes(b(log3), { format: 'sngrep' });
    expect(r.messages).toHaveLength(1);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.offset])).toEqual([
      ['text.skipped-lines', 1, 0],
      ['text.not-sip', 3, log3.indexOf('hello')],
    ]);
  });

  test('a message over the size limit is skipped with an error, its neighbours kept', async () => {
    const big = INVITE.replace('Content-Length: 13\r\n\r\nv=0\r\ns=-\r\nt=0', `Content-Length: 3000\r\n\r\n${'x'.repeat(3000)}`);
    const log4 = sngrepEntry('10:00:00.000000', '10.0.0.5:5060', '10.0.0.9:5060', big) + sngrepEntry('10:00:01.000000', '10.0.0.9:5060', '10.0.0.5:5060', OK);
    const r = await readLogBytes(b(log4), { maxMessageBytes: 1024 });
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([OK]);
    expect(r.diagnostics.map((d) => d.code)).toContain('text.entry-too-large');
  });
});

describe('ngrep -W byline', () => {
  /** ngrep's rendering: non-printables as `.`, header printed after a "\n", payload then "\n". */
  const render = (bytes: string) => bytes.replace(/[^\x20-\x7e\n]/g, '.');
  const ngrepEntry = (proto: 'U' | 'T', head: string, payload: string) => `\n${proto} ${head}\n${render(payload)}\n`;

  test('TCP: a message split mid-line over two segments, and two messages in one segment', async () => {
    const cut = INVITE.indexOf('Call-ID') + 4;
    const log =
      'input: x.pcap\nfilter: ( tcp )\n' +
      ngrepEntry('T', '2024/03/01 10:00:00.000001 10.0.0.5:5060 -> 10.0.0.9:5060 [AP] #1', INVITE.slice(0, cut)) +
      '#' +
      ngrepEntry('T', '2024/03/01 10:00:00.000200 10.0.0.9:5060 -> 10.0.0.5:5060 [AP] #3', OK + OK) +
      ngrepEntry('T', '2024/03/01 10:00:00.000300 10.0.0.5:5060 -> 10.0.0.9:5060 [AP] #4', INVITE.slice(cut)) +
      '#exit\n';
    const data = b(log);
    const r = await readLogBytes(data);
    expect(r.format).toBe('ngrep');
    expect(r.diagnostics).toEqual([]);
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([OK, OK, INVITE]);
    const inv = r.messages[2];
    // Time and position of the segment holding the first byte.
    expect(inv.ref.timeNs).toBe(BigInt(Date.UTC(2024, 2, 1, 10, 0, 0)) * 1_000_000n + 1_000n);
    expect(inv.ref).toMatchObject({ line: 5, offset: log.indexOf('INVITE'), transport: 'tcp' });
    expect(r.messages[1].ref.line).toBe(r.messages[0].ref.line! + OK.split('\n').length - 1);
  });

  test('TCP: a segment ending between CR and LF (its `.` is a CR once the next segment starts with LF)', async () => {
    const cut = OK.indexOf('Content-Length: 0\r') + 'Content-Length: 0\r'.length;
    const log =
      ngrepEntry('T', '2024/03/01 10:00:00.000001 10.0.0.9:5060 -> 10.0.0.5:5060 [AP] #1', OK.slice(0, cut)) +
      ngrepEntry('T', '2024/03/01 10:00:00.000002 10.0.0.9:5060 -> 10.0.0.5:5060 [AP] #2', OK.slice(cut));
    const r = await readLogBytes(b(log));
    expect(r.diagnostics).toEqual([]);
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([OK]);
  });

  test('UDP keep-alives are not messages; a datagram of junk is reported', async () => {
    const log =
      ngrepEntry('U', '2024/03/01 10:00:00.000001 10.0.0.5:5060 -> 10.0.0.9:5060 #1', '\r\n\r\n') +
      ngrepEntry('U', '2024/03/01 10:00:00.000002 10.0.0.5:5060 -> 10.0.0.9:5060 #2', 'GET / HTTP/1.1\r\n\r\n') +
      ngrepEntry('U', '2024/03/01 10:00:00.000003 10.0.0.9:5060 -> 10.0.0.5:5060 #3', OK);
    const r = await readLogBytes(b(log));
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([OK]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['text.not-sip', 8]]);
    expect(r.stats.packets).toBe(3);
  });
});

describe('SIPp -trace_msg', () => {
  const entry = (time: string, what: string, msg: string) => `${'-'.repeat(47)} 2024-03-01 ${time}\n${what}\n\n${msg}\n\n`;

  test('sent and received entries; the declared length frames the message', async () => {
    const log = entry('10:00:00.000001', `UDP message sent (${INVITE.length} bytes):`, INVITE) + entry('10:00:00.100000', `TCP message received [${OK.length}] bytes :`, OK);
    const r = await readLogBytes(b(log));
    expect(r.format).toBe('sipp-trace');
    expect(r.diagnostics).toEqual([]);
    expect(r.messages.map((m) => [m.data.toString('latin1'), m.ref.transport, m.ref.line])).toEqual([
      [INVITE, 'udp', 4],
      [OK, 'tcp', 4 + INVITE.split('\n').length + 4],
    ]);
  });

  test('a declared length longer than the entry is reported and the entry still read', async () => {
    const log = entry('10:00:00.000001', `UDP message sent (${OK.length + 50} bytes):`, OK);
    const r = await readLogBytes(b(log));
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([OK]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['text.declared-length-mismatch', 4]]);
  });
});

describe('raw SIP files', () => {
  test('several messages, LF-only and CRLF, with and without Content-Length, blank lines between', async () => {
    const lfOnly = OK.replace(/\r\n/g, '\n');
    const noLength = 'MESSAGE sip:bob@example.com SIP/2.0\nCall-ID: m1\nCSeq: 1 MESSAGE\n\nhello\n';
    const sipfrag = 'NOTIFY sip:a@example.com SIP/2.0\r\nCall-ID: n1\r\nCSeq: 2 NOTIFY\r\nContent-Type: message/sipfrag\r\nContent-Length: 16\r\n\r\nSIP/2.0 200 OK\r\n';
    const text = `\n${INVITE}\r\n\r\n${lfOnly}\n${noLength}\n\n${sipfrag}${OK}`;
    for (const chunkSize of [1 << 16, 5, 1]) {
      const r = await readLogBytes(b(text), { chunkSize });
      expect(r.format).toBe('raw-sip');
      expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([INVITE, lfOnly, noLength, sipfrag, OK]);
      expect(r.messages.map((m) => m.ref.line)).toEqual([2, 15, 24, 31, 38]);
      expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['text.no-content-length', 24]]);
    }
  });

  test('LF-only messages whose Content-Length counts CRLF: the body stops at the next message', async () => {
    // INVITE's body is 13 bytes with CRLF, 11 with LF; Content-Length 13 would eat "SI" of the 200.
    const lf = (m: string) => m.replace(/\r\n/g, '\n');
    const text = lf(INVITE) + '\n' + lf(OK);
    for (const chunkSize of [1 << 16, 3]) {
      const r = await readLogBytes(b(text), { chunkSize });
      expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([lf(INVITE) + '\n', lf(OK)]);
      expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['text.content-length-mismatch', 1]]);
    }
    // CRLF messages keep their Content-Length framing: a body may hold anything.
    const frag = OK.replace('Content-Length: 0\r\n\r\n', 'Content-Type: message/sip\r\nContent-Length: ' + OK.length + '\r\n\r\n') + OK;
    const r = await readLogBytes(b(frag + OK));
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([frag, OK]);
  });

  test('junk between messages: one diagnostic per run, with its line and offset', async () => {
    const text = `${OK}garbage line one\ngarbage line two\n${OK}`;
    const r = await readLogBytes(b(text), { format: 'raw-sip', chunkSize: 7 });
    expect(r.messages).toHaveLength(2);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.offset])).toEqual([['text.not-sip', 9, OK.length]]);
  });
});

describe('a UTF-8 byte order mark at the start', () => {
  test.each([
    ['sngrep', sngrepEntry('10:00:00.000000', '1.2.3.4:5060', '1.2.3.5:5060', OK)],
    ['raw-sip', OK],
  ])('%s: detected, skipped with a note, offsets still count it', async (format, text) => {
    const data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b(text)]);
    const r = await readLogBytes(data, { chunkSize: 2 });
    expect(r.format).toBe(format);
    expect(r.messages.map((m) => m.data.toString('latin1'))).toEqual([OK]);
    expect(data.subarray(r.messages[0].ref.offset, r.messages[0].ref.offset + OK.length).toString('latin1')).toBe(OK);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['text.byte-order-mark']);
  });
});

describe('format detection', () => {
  test.each([
    ['sngrep', sngrepEntry('10:00:00.000000', '1.2.3.4:5060', '1.2.3.5:5060', OK)],
    ['ngrep', 'interface: lo (127.0.0.0/255.0.0.0)\nfilter: ( udp )\n'],
    ['ngrep', '\nU 2024/03/01 10:00:00.000001 10.0.0.5:5060 -> 10.0.0.9:5060 #1\nSIP/2.0 200 OK.\n'],
    ['ngrep', '###\nT 10.0.0.5:5060 -> 10.0.0.9:5060 [AP] #1\nSIP/2.0 200 OK.\n'],
    ['sipp-trace', `Problem EAGAIN on socket 6\n${'-'.repeat(47)} 2024-03-01 10:00:00.000001\nUDP message sent (10 bytes):\n`],
    ['raw-sip', `\r\n${INVITE}`],
    ['raw-sip', OK.replace(/\r\n/g, '\n')],
    [undefined, 'hello world\n'],
    [undefined, '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00'],
  ])('%s', (format, text) => {
    expect(detectTextFormat(b(text))).toBe(format);
  });
});

describe('chunk boundaries never change the result', () => {
  const logs = {
    sngrep: b(sngrepEntry('10:00:00.000100', '10.0.0.5:5060', '10.0.0.9:5060', INVITE) + sngrepEntry('10:00:00.250000', '10.0.0.9:5060', '10.0.0.5:5060', OK)),
    raw: b(`${INVITE}\r\n${OK}junk\n${OK.replace(/\r\n/g, '\n')}`),
    sipp: b(`${'-'.repeat(47)} 2024-03-01 10:00:00.000001\nUDP message sent (${OK.length} bytes):\n\n${OK}\n\n`),
  };
  test.each(Object.entries(logs))('%s', async (_name, data) => {
    const whole = await readLogBytes(data, { chunkSize: data.length });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 64 }), async (chunkSize) => {
        const split = await readLogBytes(data, { chunkSize });
        expect(split.messages).toEqual(whole.messages);
        expect(split.diagnostics).toEqual(whole.diagnostics);
      }),
      { numRuns: 40 },
    );
  });
});
