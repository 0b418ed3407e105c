import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameSipMessage, sipMessageEnd } from '../../src/capture/sip-framing.js';

/** What sipMessageEnd must answer: frameSipMessage's end where the framing is plain, else -1. */
function expectedEnd(buf: Buffer, off: number, end: number, stream: boolean): number {
  const framed = frameSipMessage(buf, off, end, stream);
  if (framed.kind !== 'message') return -1;
  if (stream) return framed.contentLength === null ? -1 : framed.end;
  return framed.bodyTruncated ? -1 : framed.end;
}

// Header lines that matter to framing, in the shapes captures carry: any case, the compact form,
// blanks before the colon or around the value, bad values, folded continuations, look-alikes.
const lengthHeader = fc.oneof(
  fc.tuple(fc.constantFrom('Content-Length', 'content-length', 'CONTENT-LENGTH', 'Content-length', 'l', 'L'), fc.constantFrom('', ' ', '\t', '  '), fc.constantFrom('', ' ', '\t'), fc.nat(400), fc.constantFrom('', ' ', '\t ')).map(
    ([name, before, after, n, trail]) => `${name}${before}:${after}${n}${trail}`,
  ),
  fc.constantFrom('Content-Length: ', 'Content-Length: x', 'l: 12a', 'Content-Length: -1', 'Content-Length: 12345678901', 'Content-Length:', 'l:', 'Content-Length\r: 5', 'Content-Lengthy: 5', 'Lines: 3', 'Content-Type: text/plain', 'Call-ID: a@b', 'CSeq: 1 INVITE'),
  fc.constantFrom('Content-Length:\r\n 5', 'l:\r\n\t7', 'Subject: a\r\n b', 'Content-Length: 3\r\n 4'),
);
const otherHeader = fc.constantFrom('Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1', 'From: <sip:a@x>;tag=1', 'To: <sip:b@x>', 'Max-Forwards: 70', 'X-Odd:', ' folded', '\r', 'c', 'L', 'C');
const lineEnding = fc.constantFrom('\r\n', '\n', '\r\n', '\r\n');

const message = fc
  .record({
    start: fc.constantFrom('INVITE sip:b@x SIP/2.0', 'SIP/2.0 200 OK', 'MESSAGE sip:b@x SIP/2.0'),
    headers: fc.array(fc.oneof(lengthHeader, otherHeader), { maxLength: 8 }),
    endings: fc.array(lineEnding, { minLength: 10, maxLength: 10 }),
    blank: fc.constantFrom('\r\n', '\n', '', '\r'),
    body: fc.string({ maxLength: 300 }),
    prefix: fc.string({ maxLength: 5 }),
    suffix: fc.constantFrom('', '\r\n', '\n\r\n', 'INVITE sip:c@x SIP/2.0\r\n\r\n', 'xyz'),
    cut: fc.nat(),
  })
  .map(({ start, headers, endings, blank, body, prefix, suffix, cut }) => {
    const lines = [start, ...headers];
    const head = lines.map((l, i) => l + endings[i % endings.length]).join('');
    const text = head + blank + body;
    const buf = Buffer.from(prefix + text + suffix, 'latin1');
    const off = prefix.length;
    // The framed region ends anywhere from the start line's end to the end of the buffer.
    const end = off + start.length + 1 + (cut % (buf.length - off - start.length));
    return { buf, off, end };
  });

describe('sipMessageEnd (the hot-path framing) answers as frameSipMessage does', () => {
  it('on generated messages: every line ending, Content-Length shape, cut point and trailing bytes', () => {
    fc.assert(
      fc.property(message, fc.boolean(), ({ buf, off, end }, stream) => {
        expect(sipMessageEnd(buf, off, end, stream)).toBe(expectedEnd(buf, off, end, stream));
      }),
      { seed: 20261125, numRuns: 20000 },
    );
  });

  it.each([
    ['the first Content-Length wins', 'INVITE sip:b@x SIP/2.0\r\nContent-Length: 2\r\nl: 5\r\n\r\nabcdef', false, 2],
    ['compact form, any case', 'SIP/2.0 200 OK\r\nL : 3\r\n\r\nabcdef', true, 3],
    ['a bad first value is not passed over for a later good one', 'SIP/2.0 200 OK\r\nContent-Length: x\r\nContent-Length: 3\r\n\r\nabc', true, -1],
    ['a folded value is bad', 'SIP/2.0 200 OK\r\nContent-Length:\r\n 3\r\n\r\nabc', false, -1],
    ['LF-only lines', 'SIP/2.0 200 OK\nContent-Length: 3\n\nabcd', false, 3],
    ['a datagram without Content-Length is the whole datagram', 'SIP/2.0 200 OK\r\nTo: <sip:b@x>\r\n\r\nabcd', false, 4],
    ['a stream message without Content-Length is not plain', 'SIP/2.0 200 OK\r\nTo: <sip:b@x>\r\n\r\nabcd', true, -1],
    ['a body shorter than its Content-Length is not plain', 'SIP/2.0 200 OK\r\nContent-Length: 9\r\n\r\nabcd', false, -1],
    ['a datagram without a blank line runs to its end', 'SIP/2.0 200 OK\r\nContent-Length: 1\r\n', false, 0],
  ])('%s', (_why, text, stream, bodyEnd) => {
    const buf = Buffer.from(`${text}SIP/2.0 100 Trying\r\n\r\n`, 'latin1');
    const end = text.length;
    const headerEnd = Math.max(text.indexOf('\r\n\r\n') + 4, text.indexOf('\n\n') + 2);
    const want = bodyEnd < 0 ? -1 : bodyEnd === 0 ? end : headerEnd + bodyEnd;
    expect(sipMessageEnd(buf, 0, end, stream)).toBe(want);
    expect(expectedEnd(buf, 0, end, stream)).toBe(want);
  });
});
