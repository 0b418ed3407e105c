// What a parsed message keeps (issue 6): fields found by a scan over canonical names, folded
// values mapped back to message offsets when only some headers are folded, names as written.
import { describe, expect, it } from 'vitest';
import { sipMessage } from '../helpers/sip.js';

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
