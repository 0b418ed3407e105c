// What a parsed message keeps (issue 6): fields found by a scan over canonical names, folded
// values mapped back to message offsets when only some headers are folded, names as written.
import { describe, expect, it } from 'vitest';
import { sipMessage } from '../helpers/sip.js';
import { parseMessage } from '../../src/sip/index.js';
import { frameMessage } from '../../src/sip/framer.js';
import { methodName, readStartLine } from '../../src/sip/start-line.js';
import { appendedTight, pairAppendedTight } from '../../src/sip/appended.js';

const msg = (...headers: string[]) => sipMessage(['INVITE sip:bob@example.com SIP/2.0', ...headers, '', ''].join('\r\n'));

describe('held message fields', () => {
  it('finds long, compact and any-case spellings of one header, in message order', () => {
    const m = msg('Via: SIP/2.0/UDP a.example;branch=z9hG4bK1', 'Max-Forwards: 70', 'v: SIP/2.0/UDP b.example;branch=z9hG4bK2', 'VIA: SIP/2.0/UDP c.example;branch=z9hG4bK3');
    expect(m.fields('Via').map((f) => f.name)).toEqual(['Via', 'v', 'VIA']);
    expect(m.fields('v')).toEqual(m.fields('via'));
    expect(m.fields('Route')).toEqual([]);
    expect(m.has('max-forwards')).toBe(true);
    expect(m.has('Route')).toBe(false);
  });

  it('maps a folded value back to the message after unfolded headers', () => {
    const lines = ['Max-Forwards: 70', 'Subject: first', ' second'];
    const m = msg(...lines);
    const subject = m.fields('Subject')[0];
    expect(subject.value).toBe('first second');
    const text = ['INVITE sip:bob@example.com SIP/2.0', ...lines].join('\r\n');
    // "second" starts after the fold: its offset is where it stands in the message text.
    expect(m.offsetIn(subject, 'first '.length)).toBe(text.indexOf(' second') + 1);
    expect(m.offsetIn(m.fields('Max-Forwards')[0], 0)).toBe(text.indexOf('70'));
  });

  it('keeps the URI text of a bracketed and a bare name-addr exactly as written', () => {
    const m = msg('From: "A" <sip:alice@a.example:5070;transport=tcp> ;tag=x', 'To: sip:bob@b.example;tag=y');
    const from = m.from();
    const to = m.to();
    expect(from.state === 'ok' && from.value.uri.raw).toBe('sip:alice@a.example:5070;transport=tcp');
    expect(from.state === 'ok' && from.value.tag).toBe('x');
    expect(to.state === 'ok' && to.value.uri.raw).toBe('sip:bob@b.example');
  });
});

describe('start line read from the held text', () => {
  const ref = { input: 't', offset: 0, length: 0, timeNs: null, transport: 'udp' as const };
  const parse = (text: string) => parseMessage({ ref, data: Buffer.from(text, 'latin1') });
  const read = (text: string) => {
    const framed = frameMessage(text, ref);
    return { framed, start: readStartLine(framed.startLine, framed.startLineOffset, ref, []) };
  };
  const cases = [
    'INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: a\r\n\r\n',
    '\r\n\r\nOPTIONS  sip:x@y;lr   SIP/2.0 \r\nCall-ID: a\r\n\r\n',
    'MESSAGE sip:x@y SIP/2.0\nCall-ID: a\n\n',
    'SIP/2.0 200 OK\r\nCall-ID: a\r\n\r\n',
    'SIP/2.0   486  Busy  Here \r\n\r\n',
    'SIP/2.0 180\r\n\r\n',
    'SIP/2.0\r\n\r\n',
    'GARBAGE\r\n\r\n',
    'INVITE sip:only-two-parts\r\n\r\n',
    'NOTIFY sip:x@y SIP/2.0',
  ];
  it.each(cases)('%j: start line, offset, Request-URI and reason as readStartLine reads them', (text) => {
    const m = parse(text);
    const { framed, start } = read(text);
    expect(m.startLine).toBe(framed.startLine);
    expect((m as unknown as { startLineOffset: number }).startLineOffset).toBe(framed.startLineOffset);
    expect(m.isRequest).toBe(start.isRequest);
    expect(m.method).toBe(start.method);
    expect(m.requestUri).toBe(start.requestUri);
    expect(m.status).toBe(start.status);
    expect(m.reason).toBe(start.reason);
  });

  it('shares one string per well-known method (request line and CSeq), keeps others as written', () => {
    const a = parse('INVITE sip:a@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n');
    const b = parse('SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n');
    expect(methodName('INVITE')).toBe('INVITE');
    expect(methodName('invite')).toBe('invite');
    expect(methodName('FOO')).toBe('FOO');
    expect(a.method).toBe('INVITE');
    expect(a.cseq?.method).toBe('INVITE');
    expect(b.cseq?.method).toBe('INVITE');
  });
});

describe('identity shared between held messages', () => {
  const invite = () =>
    sipMessage('INVITE sip:b@x SIP/2.0\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKaaa\nCall-ID: call-1@10.0.0.1\nFrom: <sip:a@x>;tag=ft\nTo: <sip:b@x>\nCSeq: 1 INVITE\n\n');
  it('a response points at its request\'s CSeq and keeps equal values', () => {
    const req = invite();
    const ok = sipMessage('SIP/2.0 200 OK\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKaaa\nCall-ID: call-1@10.0.0.1\nFrom: <sip:a@x>;tag=ft\nTo: <sip:b@x>;tag=tt\nCSeq: 1 INVITE\n\n');
    ok.shareIdentity?.(req);
    expect(ok.cseq).toBe(req.cseq);
    expect([ok.callId, ok.fromTag, ok.toTag, ok.topViaBranch, ok.topViaSentBy]).toEqual(['call-1@10.0.0.1', 'ft', 'tt', 'z9hG4bKaaa', '10.0.0.1:5060']);
  });
  it('a request of the other side keeps its tags the right way round; different values stay', () => {
    const req = invite();
    const bye = sipMessage('BYE sip:a@x SIP/2.0\nVia: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKbbb\nCall-ID: call-1@10.0.0.1\nFrom: <sip:b@x>;tag=tt\nTo: <sip:a@x>;tag=ft\nCSeq: 1 BYE\n\n');
    bye.shareIdentity?.(req);
    expect([bye.callId, bye.fromTag, bye.toTag, bye.topViaBranch, bye.topViaSentBy]).toEqual(['call-1@10.0.0.1', 'tt', 'ft', 'z9hG4bKbbb', '10.0.0.2:5060']);
    expect(bye.cseq).toEqual({ seq: 1, method: 'BYE' });
    expect(bye.cseq).not.toBe(req.cseq);
  });
});

describe('appendedTight', () => {
  it('copies short lists into exact arrays and leaves the old one as it was; long ones grow in place', () => {
    let list: number[] = [];
    for (let i = 0; i < 12; i++) {
      const before = list;
      const snapshot = [...before];
      list = appendedTight(list, i);
      expect(list).toEqual([...snapshot, i]);
      // Up to 8 items the list is copied (exact size), from then on it grows in place.
      if (i > 0 && i < 8) {
        expect(list).not.toBe(before);
        expect(before).toEqual(snapshot);
      } else if (i >= 8) expect(list).toBe(before);
    }
    expect(appendedTight(undefined, 'a')).toEqual(['a']);
  });
});

describe('pairAppendedTight', () => {
  it('copies short lists of pairs into exact arrays, then grows the list in place', () => {
    const empty: string[] = Object.freeze([]) as unknown as string[];
    let list = pairAppendedTight(empty, 'k0', 'v0');
    expect(list).toEqual(['k0', 'v0']);
    expect(list).not.toBe(empty);
    for (let i = 1; i < 8; i++) {
      const before = list;
      list = pairAppendedTight(list, `k${i}`, `v${i}`);
      expect(list).not.toBe(before);
      expect(before.length).toBe(2 * i);
    }
    expect(list.length).toBe(16);
    const grown = pairAppendedTight(list, 'k8', 'v8');
    expect(grown).toBe(list);
    expect(grown.slice(-2)).toEqual(['k8', 'v8']);
  });
});
