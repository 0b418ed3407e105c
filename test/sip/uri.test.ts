// parseUri (RFC 3261 §19.1, RFC 3966, RFC 5118) and compareUris (RFC 3261 §19.1.4, SPEC §3.4).
import { describe, expect, it } from 'vitest';
import { compareUris, parseUri } from '../../src/sip/index.js';
import type { SipUri } from '../../src/sip/types.js';

const uri = (text: string): SipUri => {
  const u = parseUri(text);
  if (u === undefined) throw new Error(`not a URI: ${text}`);
  return u;
};
const equal = (a: string, b: string) => compareUris(uri(a), uri(b)).equal;

describe('parseUri', () => {
  it('reads user, password, host, port, parameters and headers', () => {
    expect(uri('sip:alice:secret@Example.COM:5061;transport=TCP;lr?Subject=hi&Priority=urgent')).toEqual({
      scheme: 'sip', user: 'alice', password: 'secret', host: 'Example.COM', port: 5061,
      params: [{ name: 'transport', value: 'TCP', quoted: false }, { name: 'lr', value: null, quoted: false }],
      headers: [{ name: 'Subject', value: 'hi', quoted: false }, { name: 'Priority', value: 'urgent', quoted: false }],
      raw: 'sip:alice:secret@Example.COM:5061;transport=TCP;lr?Subject=hi&Priority=urgent',
    });
  });
  it('lower-cases the scheme, keeps IPv6 brackets, accepts <...> around the URI', () => {
    expect(uri('SIPS:[2001:db8::1]:5061')).toMatchObject({ scheme: 'sips', host: '[2001:db8::1]', port: 5061 });
    expect(uri(' <sip:conf-7@focus.example.com> ')).toMatchObject({ user: 'conf-7', host: 'focus.example.com' });
    expect(uri('sip:user@[::ffff:192.0.2.10]').host).toBe('[::ffff:192.0.2.10]');
  });
  it('keeps escapes and ";" in the user part as written (RFC 4475 semiuri, esc01)', () => {
    expect(uri('sip:user;par=u%40example.net@example.com')).toMatchObject({ user: 'user;par=u%40example.net', host: 'example.com' });
    expect(uri('sip:sips%3Auser%40example.com@example.net').user).toBe('sips%3Auser%40example.com');
  });
  it('reads tel: and other schemes', () => {
    expect(uri('tel:+1-201-555-0123;phone-context=example.com')).toMatchObject({ scheme: 'tel', host: '+1-201-555-0123', params: [{ name: 'phone-context', value: 'example.com' }] });
    expect(uri('urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6')).toMatchObject({ scheme: 'urn', host: 'uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6' });
  });
  it('rejects what is not a URI', () => {
    for (const bad of ['', 'sip:', 'sip:user@', 'sip:a b@example.com', 'sip:host:99999', 'sip:[2001:db8:::1:2:3:4:5:6:7]', 'sip:2001:db8::10', 'example.com']) {
      expect(parseUri(bad), bad).toBeUndefined();
    }
  });
});

describe('compareUris (RFC 3261 §19.1.4)', () => {
  it('scheme and host ignore case, user does not', () => {
    expect(equal('SIP:conf@FOCUS.example.com', 'sip:conf@focus.EXAMPLE.com')).toBe(true);
    expect(equal('sip:Conf@focus.example.com', 'sip:conf@focus.example.com')).toBe(false);
    expect(equal('sip:conf@focus.example.com', 'sips:conf@focus.example.com')).toBe(false);
  });
  it('compares users after unescaping', () => {
    expect(equal('sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp')).toBe(true);
  });
  it('a port present in one URI only is a mismatch, even the default one', () => {
    const r = compareUris(uri('sip:conf@f.example.com'), uri('sip:conf@f.example.com:5060'));
    expect(r.equal).toBe(false);
    expect(r.reason).toMatch(/port/);
  });
  it('transport, user, ttl, method and maddr must appear in both; other parameters only when in both', () => {
    expect(equal('sip:c@f.example.com;transport=udp', 'sip:c@f.example.com')).toBe(false);
    expect(equal('sip:c@f.example.com;maddr=239.255.255.1', 'sip:c@f.example.com')).toBe(false);
    expect(equal('sip:c@f.example.com;user=phone', 'sip:c@f.example.com')).toBe(false);
    expect(equal('sip:c@f.example.com;lr;foo=1', 'sip:c@f.example.com')).toBe(true);
    expect(equal('sip:c@f.example.com;foo=1', 'sip:c@f.example.com;foo=2')).toBe(false);
    expect(equal('sip:c@f.example.com;FOO=Bar;newparam=x', 'sip:c@f.example.com;foo=bar;security=on')).toBe(true);
  });
  it('URI headers must match', () => {
    expect(equal('sip:c@f.example.com?Subject=a', 'sip:c@f.example.com')).toBe(false);
    expect(equal('sip:c@f.example.com?Subject=a&Priority=b', 'sip:c@f.example.com?priority=b&subject=a')).toBe(true);
  });
  it('tel: numbers ignore visual separators', () => {
    expect(equal('tel:+1-201-555-0123', 'tel:+1.201.555.0123')).toBe(true);
    expect(equal('tel:+1-201-555-0123', 'tel:+1-201-555-0124')).toBe(false);
  });
});
