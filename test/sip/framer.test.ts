// The hand framer: start line, header lines with folding, compact forms, Content-Length body,
// LF-only input, and the identity fields read by a cheap scan.
import { describe, expect, it } from 'vitest';
import { Buffer } from 'node:buffer';
import { parseMessage } from '../../src/sip/index.js';
import { sipMessage } from '../helpers/sip.js';

const ref = { input: 'x.dat', offset: 0, length: 0, timeNs: null, transport: 'udp' as const };
const raw = (text: string) => parseMessage({ ref, data: Buffer.from(text, 'latin1') });
const errors = (m: { diagnostics: { severity: string; code: string }[] }) => m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe('compact forms (RFC 3261 §7.3.3, RFC 3515, RFC 3841, RFC 3892, RFC 4028, RFC 4474, RFC 6665)', () => {
  const table: [string, string][] = [
    ['i', 'Call-ID'], ['f', 'From'], ['t', 'To'], ['m', 'Contact'], ['v', 'Via'], ['c', 'Content-Type'],
    ['l', 'Content-Length'], ['e', 'Content-Encoding'], ['s', 'Subject'], ['k', 'Supported'], ['o', 'Event'],
    ['u', 'Allow-Events'], ['r', 'Refer-To'], ['b', 'Referred-By'], ['a', 'Accept-Contact'], ['j', 'Reject-Contact'],
    ['x', 'Session-Expires'], ['d', 'Request-Disposition'], ['y', 'Identity'], ['n', 'Identity-Info'],
  ];
  for (const [letter, canonical] of table) {
    it(`${letter} and ${letter.toUpperCase()} are ${canonical}`, () => {
      const m = sipMessage(`OPTIONS sip:a@b SIP/2.0\n${letter}: one\n${letter.toUpperCase()}: two\n${canonical.toLowerCase()}: three\n\n`);
      expect(m.headers.map((h) => h.canonical)).toEqual([canonical, canonical, canonical]);
      expect(m.headers.map((h) => h.name)).toEqual([letter, letter.toUpperCase(), canonical.toLowerCase()]);
      expect(m.fields(canonical).map((h) => h.value)).toEqual(['one', 'two', 'three']);
      expect(m.fields(letter).length).toBe(3);
      expect(m.has(canonical.toUpperCase())).toBe(true);
    });
  }

  it('keeps names without a compact form as written, title-casing unknown ones for the canonical name', () => {
    const m = sipMessage('OPTIONS sip:a@b SIP/2.0\nmin-se: 90\nX-Foo-BAR: 1\nCSEQ: 1 OPTIONS\n\n');
    expect(m.headers.map((h) => h.canonical)).toEqual(['Min-SE', 'X-Foo-Bar', 'CSeq']);
    expect(m.fields('x-foo-bar')[0].value).toBe('1');
  });
});

describe('header lines', () => {
  it('unfolds continuation lines into one space and maps value offsets to message bytes', () => {
    const text = 'OPTIONS sip:a@b SIP/2.0\r\nSubject: first\r\n   second\r\n\tthird\r\nTO :\r\n sip:a@b\r\n\r\n';
    const m = raw(text);
    const subject = m.fields('Subject')[0];
    expect(subject.value).toBe('first second third');
    expect(subject.offset).toBe(text.indexOf('Subject'));
    expect(subject.valueOffset).toBe(text.indexOf('first'));
    expect(subject.line).toBe(2);
    const to = m.fields('To')[0];
    expect(to.name).toBe('TO');
    expect(to.value).toBe('sip:a@b');
    expect(to.valueOffset).toBe(text.indexOf('sip:a@b', text.indexOf('TO')));
    expect(to.line).toBe(5);
    expect(errors(m)).toEqual([]);
  });

  it('reports a line without a colon and keeps the headers around it', () => {
    const text = 'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: c1\r\ngarbage line\r\nCSeq: 1 OPTIONS\r\n\r\n';
    const m = raw(text);
    expect(m.callId).toBe('c1');
    expect(m.cseq).toEqual({ seq: 1, method: 'OPTIONS' });
    const d = m.diagnostics.find((x) => x.code === 'sip.header.no-colon');
    expect(d?.offset).toBe(text.indexOf('garbage'));
  });

  it('accepts LF-only line endings with a warning', () => {
    const m = raw('OPTIONS sip:a@b SIP/2.0\nCall-ID: lf1\nContent-Length: 4\n\nbody');
    expect(m.callId).toBe('lf1');
    expect(m.body).toBe('body');
    expect(m.diagnostics.map((d) => d.code)).toContain('sip.framing.lf-line-endings');
    expect(errors(m)).toEqual([]);
  });

  it('skips empty lines before the start line with an info diagnostic', () => {
    const m = raw('\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\nCall-ID: k\r\n\r\n');
    expect(m.method).toBe('OPTIONS');
    expect(m.diagnostics.find((d) => d.code === 'sip.framing.leading-empty-lines')?.severity).toBe('info');
  });

  it('copies input, frame and log line from the ref into diagnostics', () => {
    const m = sipMessage('OPTIONS sip:a@b SIP/7.0\n\n', { input: 'cap.pcap', frame: 12, line: 40 });
    const d = m.diagnostics.find((x) => x.code === 'sip.start-line.version');
    expect(d).toMatchObject({ input: 'cap.pcap', frame: 12, line: 40, severity: 'error', offset: 16 });
  });
});

describe('Content-Length framing', () => {
  const head = 'MESSAGE sip:a@b SIP/2.0\r\nCall-ID: cl\r\n';
  it('takes exactly Content-Length bytes and reports what follows', () => {
    const m = raw(`${head}Content-Length: 5\r\n\r\nhello, more`);
    expect(m.body).toBe('hello');
    expect(m.diagnostics.find((d) => d.code === 'sip.framing.trailing-bytes')?.severity).toBe('warning');
  });
  it('reports a Content-Length larger than the body as an error and keeps the body', () => {
    const m = raw(`${head}Content-Length: 50\r\n\r\nhello`);
    expect(m.body).toBe('hello');
    expect(errors(m)).toContain('sip.content-length.exceeds-body');
  });
  it('reports a negative Content-Length', () => {
    expect(errors(raw(`${head}l: -3\r\n\r\nabc`))).toContain('sip.content-length.malformed');
  });
  it('without Content-Length the body runs to the end; on TCP that is a warning', () => {
    const udp = raw(`${head}\r\nhello`);
    expect(udp.body).toBe('hello');
    expect(udp.diagnostics).toEqual([]);
    const tcp = parseMessage({ ref: { ...ref, transport: 'tcp' }, data: Buffer.from(`${head}\r\nhello`, 'latin1') });
    expect(tcp.diagnostics.map((d) => d.code)).toEqual(['sip.content-length.missing']);
  });
  it('decodes the body as latin1 so byte offsets and lengths agree', () => {
    const data = Buffer.concat([Buffer.from(`${head}Content-Length: 3\r\n\r\n`, 'latin1'), Buffer.from([0xe9, 0x00, 0xff])]);
    const m = parseMessage({ ref, data });
    expect(m.body).toBe('\u00e9\u0000\u00ff');
    expect(errors(m)).toEqual([]);
  });
});

describe('start line', () => {
  it('reads requests and responses', () => {
    const req = sipMessage('INVITE sip:bob@example.com SIP/2.0\n\n');
    expect(req).toMatchObject({ isRequest: true, method: 'INVITE', requestUri: 'sip:bob@example.com', startLine: 'INVITE sip:bob@example.com SIP/2.0' });
    const res = sipMessage('SIP/2.0 180 Ringing Now\n\n');
    expect(res).toMatchObject({ isRequest: false, status: 180, reason: 'Ringing Now' });
    expect(sipMessage('SIP/2.0 100 \n\n')).toMatchObject({ status: 100, reason: '' });
  });
  it('reports a status code that is not three digits, or out of range', () => {
    expect(errors(sipMessage('SIP/2.0 4294967301 Big\n\n'))).toEqual(['sip.start-line.status']);
    expect(errors(sipMessage('SIP/2.0 099 Small\n\n'))).toEqual(['sip.start-line.status']);
  });
  it('reports garbage as a malformed start line without throwing', () => {
    const m = sipMessage('hello\nCall-ID: x\n\n');
    expect(m.isRequest).toBe(false);
    expect(m.callId).toBe('x');
    expect(errors(m)).toEqual(['sip.start-line.malformed']);
  });
});

describe('identity fields', () => {
  it('reads them through compact forms, folding and quoted or bracketed tags', () => {
    const m = sipMessage([
      'INVITE sip:b@example.com SIP/2.0',
      'v: SIP / 2.0 / UDP  client.example.com : 5062 ;branch=z9hG4bKtop;rport, SIP/2.0/TCP p1.example.com;branch=z9hG4bK2',
      'Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bK3',
      'f: "A;tag=no" <sip:a@example.com;tag=uri-param>;tag=from-1',
      't: <sip:b@example.com>',
      'i: abc@host',
      'CSeq: 0042',
      '  INVITE',
      '',
    ].join('\n'));
    expect(m.topViaSentBy).toBe('client.example.com:5062');
    expect(m.topViaBranch).toBe('z9hG4bKtop');
    expect(m.viaCount).toBe(3);
    expect(m.fromTag).toBe('from-1');
    expect(m.toTag).toBeUndefined();
    expect(m.callId).toBe('abc@host');
    expect(m.cseq).toEqual({ seq: 42, method: 'INVITE' });
  });
  it('reads a tag after a bare addr-spec, IPv6 sent-by, and reports a CSeq method mismatch', () => {
    const m = sipMessage('BYE sip:a@b SIP/2.0\nVia: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKx\nTo: sip:b@example.com;tag=t9\nCSeq: 7 INVITE\n\n');
    expect(m.toTag).toBe('t9');
    expect(m.topViaSentBy).toBe('[2001:db8::1]:5060');
    expect(errors(m)).toEqual(['sip.cseq.method-mismatch']);
  });
  it('leaves cseq unset and reports when the number is not below 2**31', () => {
    const m = sipMessage('OPTIONS sip:a@b SIP/2.0\nCSeq: 2147483648 OPTIONS\n\n');
    expect(m.cseq).toBeUndefined();
    expect(errors(m)).toEqual(['sip.cseq.overflow']);
  });
});

describe('found by the property tests', () => {
  it('a header whose value and continuation lines are all blank is empty, with offsets in range', () => {
    const text = 'OPTIONS sip:a@b SIP/2.0\r\nSubject:\r\n \r\nVia: x\r\n\r\n';
    const m = sipMessage(text, {}, { keepLineEndings: true, strict: true });
    expect(m.fields('Subject')[0].value).toBe('');
    for (const d of m.diagnostics) expect(Number.isInteger(d.offset)).toBe(true);
    const via = m.via();
    expect(via.state === 'malformed' && via.diagnostic.offset).toBe(text.indexOf('x\r\n') + 1); // where "/" was due
  });
});
