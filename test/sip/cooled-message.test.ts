// A held message cools (issue 6): leaving the ring of warm messages drops its header objects and
// cached values; the next read frames the text again and gives the same values, offsets and
// diagnostics, never a diagnostic twice.
import { describe, expect, it } from 'vitest';
import { sipMessage } from '../helpers/sip.js';
import { HotRing, type Coolable } from '../../src/sip/hot-messages.js';
import type { SipMessage } from '../../src/sip/types.js';

const cool = (m: SipMessage): void => (m as unknown as Coolable).cool();

const msg = (...headers: string[]) =>
  sipMessage(['INVITE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/UDP a.example;branch=z9hG4bK1', 'From: <sip:alice@a.example>;tag=x', 'To: <sip:bob@b.example>', 'Call-ID: c1', 'CSeq: 1 INVITE', ...headers, '', ''].join('\r\n'));

describe('cooled message', () => {
  it('reads the same values after cooling, each diagnostic once', () => {
    const m = msg('Privacy: id, header', 'Session-Expires: abc', 'Subject: first', ' second');
    const privacy = m.privacy();
    const se = m.sessionExpires();
    const from = m.from();
    const subject = m.fields('Subject')[0];
    const codes = m.diagnostics.map((d) => d.code);
    expect(codes).toContain('sip.privacy.commas');
    expect(codes).toContain('sip.header.malformed');
    cool(m);
    expect(m.privacy()).toEqual(privacy);
    expect(m.sessionExpires()).toEqual(se);
    expect(m.from()).toEqual(from);
    expect(m.diagnostics.map((d) => d.code)).toEqual(codes);
    // A field read before cooling still maps its folded value to the message text.
    expect(m.offsetIn(subject, 'first '.length)).toBe(m.offsetIn(m.fields('Subject')[0], 'first '.length));
    expect(m.fields('Subject')[0]).toEqual(subject);
  });

  it('records the diagnostic of an accessor first read after cooling', () => {
    const m = msg('Min-SE: x');
    cool(m);
    expect(m.diagnostics).toEqual([]);
    expect(m.minSE().state).toBe('malformed');
    expect(m.diagnostics.map((d) => d.code)).toEqual(['sip.header.malformed']);
    cool(m);
    expect(m.minSE().state).toBe('malformed');
    expect(m.diagnostics).toHaveLength(1);
  });

  it('keeps identity, start line and body through cooling', () => {
    const m = msg('Content-Type: text/plain', 'Content-Length: 5');
    cool(m);
    expect([m.callId, m.fromTag, m.cseq?.seq, m.topViaBranch, m.method, m.startLine]).toEqual(['c1', 'x', 1, 'z9hG4bK1', 'INVITE', 'INVITE sip:bob@example.com SIP/2.0']);
    expect(m.headers.map((h) => h.name)).toEqual(['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Content-Type', 'Content-Length']);
    expect(m.has('content-type')).toBe(true);
  });
});

describe('HotRing', () => {
  it('cools the message admitted `size` admissions ago, and only that one', () => {
    const cooled: string[] = [];
    const item = (name: string): Coolable => ({ cool: () => cooled.push(name) });
    const ring = new HotRing(2);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(item);
    ring.admit(a);
    ring.admit(b);
    expect(cooled).toEqual([]);
    ring.admit(c);
    expect(cooled).toEqual(['a']);
    ring.admit(d);
    expect(cooled).toEqual(['a', 'b']);
  });
});

describe('held message parts', () => {
  it('gives the start line and the Content-Length body as written, and one diagnostic list', () => {
    const m = sipMessage('INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 5\r\n\r\nhello\r\n', undefined, { keepLineEndings: true });
    expect(m.startLine).toBe('INVITE sip:bob@example.com SIP/2.0');
    expect(m.body).toBe('hello');
    expect(m.diagnostics.map((d) => d.code)).toEqual(['sip.framing.trailing-empty-lines']);
    const clean = msg();
    expect(clean.diagnostics).toEqual([]);
    expect(clean.minSE().state).toBe('absent');
    expect(clean.privacy().state).toBe('absent');
    const bad = msg('Privacy: id, user');
    bad.privacy();
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['sip.privacy.commas']);
    // Each message has its own list once it has a diagnostic.
    expect(clean.diagnostics).toEqual([]);
  });
});
