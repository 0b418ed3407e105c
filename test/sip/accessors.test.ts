// Typed accessors: list merging, feature tags, Accept-Contact, Session-Expires, Privacy,
// User-Agent, conflicts and malformed values with offsets inside the message.
import { describe, expect, it } from 'vitest';
import { featureTag } from '../../src/sip/index.js';
import type { HeaderValue } from '../../src/sip/types.js';
import { sipMessage } from '../helpers/sip.js';

const msg = (...headers: string[]) => sipMessage(['INVITE sip:bob@example.com SIP/2.0', ...headers, '', ''].join('\n'));
function ok<T>(v: HeaderValue<T>): T {
  if (v.state !== 'ok') throw new Error(`expected ok, got ${v.state}: ${JSON.stringify(v)}`);
  return v.value;
}

describe('list headers merge as if comma-joined', () => {
  it('merges Supported lines and the compact k, in order', () => {
    const m = msg('Supported: timer, 100rel', 'k: replaces', 'supported:  gruu ,  path');
    expect(ok(m.supported())).toEqual(['timer', '100rel', 'replaces', 'gruu', 'path']);
    const v = m.supported();
    expect(v.state === 'ok' && v.fields.length).toBe(3);
  });
  it('splits Contact only outside quotes and <...>', () => {
    const m = msg('Contact: "Doe, John" <sip:j,k@a.example;x=a>;q=0.5, <sip:k@b.example>', 'm: sip:l@c.example;expires=60');
    const contacts = ok(m.contact());
    expect(contacts.map((c) => (c.star ? '*' : c.uri.raw))).toEqual(['sip:j,k@a.example;x=a', 'sip:k@b.example', 'sip:l@c.example']);
    expect(contacts[0]).toMatchObject({ star: false, displayName: 'Doe, John', bracketed: true });
    expect(contacts[2]).toMatchObject({ bracketed: false, params: [{ name: 'expires', value: '60', quoted: false }] });
  });
  it('accepts an empty Supported and Allow but not an empty list element', () => {
    expect(ok(msg('Supported:').supported())).toEqual([]);
    const bad = msg('Allow: INVITE,, ACK').allow();
    expect(bad.state).toBe('malformed');
  });
  it('reads Allow-Events through the compact u', () => {
    expect(ok(msg('u: conference, presence.winfo').allowEvents())).toEqual(['conference', 'presence.winfo']);
  });
});

describe('feature tags (RFC 3840 §5, SPEC §3.3)', () => {
  const contactParams = (value: string) => {
    const c = ok(msg(`Contact: ${value}`).contact())[0];
    if (c.star) throw new Error('star');
    return c;
  };
  it('bare tag is TRUE; "TRUE" too; "FALSE" and "!..." negate', () => {
    expect(featureTag(contactParams('<sip:a@b>;+g.oma.sip-im').params, '+g.oma.sip-im')).toBe('present');
    expect(featureTag(contactParams('<sip:a@b>;+g.oma.sip-im="TRUE"').params, '+g.oma.sip-im')).toBe('present');
    expect(featureTag(contactParams('<sip:a@b>;+g.oma.sip-im=TRUE').params, '+g.oma.sip-im')).toBe('present');
    expect(featureTag(contactParams('<sip:a@b>;+g.oma.sip-im="FALSE"').params, '+g.oma.sip-im')).toBe('negated');
    expect(featureTag(contactParams('<sip:a@b>;+g.oma.sip-im="!TRUE"').params, '+g.oma.sip-im')).toBe('negated');
  });
  it('matches the whole name ignoring case, never a prefix', () => {
    const c = contactParams('<sip:a@b>;+G.OMA.SIP-IM.large-message');
    expect(featureTag(c.params, '+g.oma.sip-im')).toBe('absent');
    expect(featureTag(c.params, '+g.oma.sip-im.LARGE-MESSAGE')).toBe('present');
  });
  it('a tag inside <...> is a URI parameter, not a header parameter', () => {
    const c = contactParams('<sip:a@b;+g.oma.sip-im;isfocus>');
    expect(featureTag(c.params, '+g.oma.sip-im')).toBe('absent');
    expect(featureTag(c.params, 'isfocus')).toBe('absent');
    expect(c.uri.params.map((p) => p.name)).toEqual(['+g.oma.sip-im', 'isfocus']);
  });
  it('with a bare addr-spec every ;param is a header parameter', () => {
    const c = contactParams('sip:conf@focus.example;isfocus');
    expect(featureTag(c.params, 'isfocus')).toBe('present');
    expect(c.uri.params).toEqual([]);
  });
  it('keeps quoted string values unquoted with quoted=true', () => {
    const c = contactParams('<sip:a@b>;+sip.instance="<urn:uuid:1-2>";+g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session"');
    expect(c.params[0]).toEqual({ name: '+sip.instance', value: '<urn:uuid:1-2>', quoted: true });
    expect(featureTag(c.params, '+g.3gpp.icsi-ref')).toBe('present');
  });
});

describe('Accept-Contact and Reject-Contact (RFC 3841 §10)', () => {
  it('reads "*" values with feature tags, require and explicit, across a and Accept-Contact lines', () => {
    const m = msg('Accept-Contact: *;+g.oma.sip-im', 'a: *;+g.poc.talkburst;require;explicit');
    const values = ok(m.acceptContact());
    expect(values.map((v) => [v.star, v.require, v.explicit])).toEqual([[true, false, false], [true, true, true]]);
    expect(featureTag(values[0].params, '+g.oma.sip-im')).toBe('present');
  });
  it('reads a value without the leading "*" as star=false so a rule can report it', () => {
    const values = ok(msg('Accept-Contact: +g.oma.sip-im;explicit').acceptContact());
    expect(values[0]).toMatchObject({ star: false, explicit: true });
    expect(featureTag(values[0].params, '+g.oma.sip-im')).toBe('present');
  });
  it('keeps Reject-Contact (j) apart from Accept-Contact', () => {
    const m = msg('j: *;+g.oma.sip-im');
    expect(m.acceptContact().state).toBe('absent');
    expect(featureTag(ok(m.rejectContact())[0].params, '+g.oma.sip-im')).toBe('present');
  });
  it('parses a tag-value list in quotes', () => {
    const v = ok(msg('Accept-Contact: *;+g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel";methods="INVITE,MESSAGE"').acceptContact());
    expect(v).toHaveLength(1);
    expect(v[0].params[1]).toEqual({ name: 'methods', value: 'INVITE,MESSAGE', quoted: true });
  });
});

describe('Session-Expires and Min-SE (RFC 4028 §4)', () => {
  it('lower-cases the refresher whatever its case, through the compact x', () => {
    expect(ok(msg('x: 1800;REFRESHER=UAC').sessionExpires())).toMatchObject({ deltaSeconds: 1800, refresher: 'uac' });
    expect(ok(msg('Session-Expires: 90 ; refresher = Uas').sessionExpires())).toMatchObject({ deltaSeconds: 90, refresher: 'uas' });
    expect(ok(msg('Session-Expires: 600').sessionExpires()).refresher).toBeUndefined();
  });
  it('keeps other parameters and reads Min-SE', () => {
    expect(ok(msg('Session-Expires: 600;x=1').sessionExpires()).params).toEqual([{ name: 'x', value: '1', quoted: false }]);
    expect(ok(msg('Min-SE: 90').minSE())).toEqual({ deltaSeconds: 90, params: [] });
  });
  it('repeated with different values is a conflict; repeated identically is fine', () => {
    const conflict = msg('Session-Expires: 1800', 'x: 90').sessionExpires();
    expect(conflict.state).toBe('conflict');
    expect(msg('Session-Expires: 1800', 'x: 1800').sessionExpires().state).toBe('ok');
  });
  it('a malformed value gives a diagnostic pointing into the message', () => {
    const m = msg('Session-Expires: soon');
    const v = m.sessionExpires();
    expect(v.state).toBe('malformed');
    if (v.state !== 'malformed') return;
    const text = m.headers[0];
    expect(v.diagnostic).toMatchObject({ severity: 'error', code: 'sip.header.malformed', header: 'Session-Expires', offset: text.valueOffset });
    expect(m.diagnostics).toContain(v.diagnostic);
  });
});

describe('Privacy (RFC 3323 §4.2, RFC 3325)', () => {
  it('reads semicolon-separated values, lower-cased', () => {
    expect(ok(msg('Privacy: id;Header; user').privacy())).toEqual(['id', 'header', 'user']);
  });
  it('accepts commas with an info diagnostic', () => {
    const m = msg('Privacy: id, header');
    expect(ok(m.privacy())).toEqual(['id', 'header']);
    expect(m.diagnostics.map((d) => d.code)).toContain('sip.privacy.commas');
  });
});

describe('User-Agent and Server (RFC 3261 §20.41)', () => {
  it('splits products and comments', () => {
    const m = msg('User-Agent: ExttoExt-client/Ext1.0 IM-client/OMA1.0 (Pixel 7; build (A1)) Google/x-9');
    expect(ok(m.userAgent())).toEqual([
      { product: 'ExttoExt-client', version: 'Ext1.0' },
      { product: 'IM-client', version: 'OMA1.0' },
      { comment: 'Pixel 7; build (A1)' },
      { product: 'Google', version: 'x-9' },
    ]);
  });
  it('reads Server the same way and a product without a version', () => {
    const m = sipMessage('SIP/2.0 200 OK\nServer: IM-serv/OMA2.0 SylkServer\n\n');
    expect(ok(m.server())).toEqual([{ product: 'IM-serv', version: 'OMA2.0' }, { product: 'SylkServer' }]);
  });
});

describe('other typed headers', () => {
  it('From/To with display names, tags and unfolded values', () => {
    const m = msg('From: "J Rosenberg \\"" <sip:jdrosen@example.com>', '  ;', '  tag = 98asjd8', 'To: Bob <sips:bob@[2001:db8::10]:5061;transport=tls>');
    expect(ok(m.from())).toMatchObject({ displayName: 'J Rosenberg "', tag: '98asjd8', uri: { scheme: 'sip', user: 'jdrosen', host: 'example.com' } });
    expect(ok(m.to())).toMatchObject({ displayName: 'Bob', uri: { scheme: 'sips', host: '[2001:db8::10]', port: 5061 } });
  });
  it('Via list with branch, received (IPv6 with or without brackets) and rport', () => {
    const m = msg('Via: SIP/2.0/udp h1.example.com:5060;branch=z9hG4bK1;rport=5070;received=2001:db8::9:255, SIP/2.0/TCP [2001:db8::1];rport;received=[2001:db8::2]');
    const vias = ok(m.via());
    expect(vias[0]).toMatchObject({ transport: 'UDP', host: 'h1.example.com', port: 5060, branch: 'z9hG4bK1', rport: 5070, received: '2001:db8::9:255' });
    expect(vias[1]).toMatchObject({ transport: 'TCP', host: '[2001:db8::1]', rport: true, received: '[2001:db8::2]' });
  });
  it('Event is byte-exact, Subscription-State lower-cased with its parameters', () => {
    const m = msg('o: Conference;id=7', 'Subscription-State: Terminated;reason=Timeout;retry-after=30');
    expect(ok(m.event())).toEqual({ eventType: 'Conference', id: '7', params: [{ name: 'id', value: '7', quoted: false }] });
    expect(ok(m.subscriptionState())).toMatchObject({ state: 'terminated', reason: 'timeout', retryAfter: 30 });
  });
  it('Expires, Max-Forwards and Date', () => {
    const m = msg('Expires: 3600', 'Max-Forwards: 0068', 'Date: Sat, 13 Nov 2010 23:29:00 GMT');
    expect(ok(m.expires())).toBe(3600);
    expect(ok(m.maxForwards())).toBe(68);
    expect(ok(m.date())).toBe('Sat, 13 Nov 2010 23:29:00 GMT');
    expect(msg('Max-Forwards: 256').maxForwards().state).toBe('malformed');
    expect(msg('Expires: 4294967296').expires().state).toBe('malformed');
  });
  it('Accept, Content-Type with parameters, Content-Disposition', () => {
    const m = msg('Accept: application/conference-info+xml, Application/SDP;q=0.5', 'c: multipart/mixed;boundary="b 1"', 'Content-Disposition: recipient-list');
    expect(ok(m.accept()).map((t) => `${t.type}/${t.subtype}`)).toEqual(['application/conference-info+xml', 'application/sdp']);
    expect(ok(m.contentType())).toEqual({ type: 'multipart', subtype: 'mixed', params: [{ name: 'boundary', value: 'b 1', quoted: true }] });
    expect(ok(m.contentDisposition()).dispositionType).toBe('recipient-list');
  });
  it('Record-Route/Route need name-addr; Refer-To and Referred-By take either form', () => {
    const m = msg('Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>', 'r: <sip:conf@f.example?Replaces=abc%3Bto-tag%3D1>', 'b: sip:alice@example.com');
    expect(ok(m.recordRoute()).map((r) => r.uri.host)).toEqual(['p1.example.com', 'p2.example.com']);
    expect(ok(m.referTo()).uri.headers).toEqual([{ name: 'Replaces', value: 'abc%3Bto-tag%3D1', quoted: false }]);
    expect(ok(m.referredBy())).toMatchObject({ bracketed: false, uri: { user: 'alice' } });
    expect(msg('Route: sip:p1.example.com;lr').route().state).toBe('malformed');
  });
  it('absent headers are absent; accessors are cached', () => {
    const m = msg('Supported: timer');
    expect(m.minSE()).toEqual({ state: 'absent' });
    expect(m.supported()).toBe(m.supported());
  });
  it('the diagnostic offset follows folding into the continuation line', () => {
    const text = 'INVITE sip:b@x SIP/2.0\r\nSession-Expires: 90;\r\n refresher=uac;;\r\n\r\n';
    const m = sipMessage(text, {}, { keepLineEndings: true });
    const v = m.sessionExpires();
    expect(v.state).toBe('malformed');
    if (v.state === 'malformed') expect(v.diagnostic.offset).toBe(text.indexOf(';;') + 1);
  });
});

describe('strict mode and the Accept-Contact "*"', () => {
  it('an ac-value without "*" is an error in strict mode only', () => {
    const text = 'INVITE sip:b@x SIP/2.0\nAccept-Contact: *;audio, +g.oma.sip-im;explicit\n\n';
    const strict = sipMessage(text, {}, { strict: true });
    const d = strict.diagnostics.find((x) => x.header === 'Accept-Contact');
    expect(d).toMatchObject({ severity: 'error', code: 'sip.header.malformed' });
    expect(d?.offset).toBe(text.replace(/\n/g, '\r\n').indexOf('+g.oma.sip-im'));
    expect(sipMessage(text).diagnostics).toEqual([]);
    expect(sipMessage(text.replace('+g.oma', '*;+g.oma'), {}, { strict: true }).diagnostics).toEqual([]);
  });
});
