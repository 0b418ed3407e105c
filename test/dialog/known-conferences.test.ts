// Known conferences (SPEC §2.5 item 4) are held as URI text and compared as URIs (RFC 3261 §19.1.4).
import { describe, expect, it } from 'vitest';
import { KnownConferences } from '../../src/dialog/known-conferences.js';
import { parseUri } from '../../src/sip/index.js';
import type { SipUri } from '../../src/sip/types.js';

const uri = (text: string): SipUri => parseUri(text)!;

describe('KnownConferences', () => {
  it('knows a URI by URI comparison, not by text', () => {
    const known = new KnownConferences();
    known.add(uri('sip:conf-7@focus.example.com;transport=tcp;foo=1'));
    expect(known.has(uri('sip:conf-7@focus.example.com;transport=tcp;foo=1'))).toBe(true);
    // Host case and parameter order do not matter; an unknown parameter in one URI only is ignored.
    expect(known.has(uri('sip:conf-7@FOCUS.example.com;foo=1;transport=TCP'))).toBe(true);
    expect(known.has(uri('sip:conf-7@focus.example.com;transport=tcp'))).toBe(true);
    // transport must match when present in either; the user part is case-sensitive.
    expect(known.has(uri('sip:conf-7@focus.example.com'))).toBe(false);
    expect(known.has(uri('sip:CONF-7@focus.example.com;transport=tcp'))).toBe(false);
    expect(known.has(uri('sip:conf-8@focus.example.com;transport=tcp'))).toBe(false);
  });

  it('adds a URI once and lets the oldest go past the limit', () => {
    const known = new KnownConferences(3);
    known.add(uri('sip:c1@f.example'));
    known.add(uri('sip:c1@F.example'));
    known.add(uri('sip:c2@f.example'));
    known.add(uri('sip:c3@f.example'));
    expect(known.has(uri('sip:c1@f.example'))).toBe(true);
    known.add(uri('sip:c4@f.example'));
    expect(known.has(uri('sip:c1@f.example'))).toBe(false);
    for (const c of ['c2', 'c3', 'c4']) expect(known.has(uri(`sip:${c}@f.example`))).toBe(true);
  });

  it('holds several conferences of one user@host (they differ in a parameter that must match)', () => {
    const known = new KnownConferences();
    known.add(uri('sip:conf-9@f.example;transport=tcp'));
    known.add(uri('sip:conf-9@f.example;transport=udp'));
    known.add(uri('sip:conf-9@f.example'));
    for (const t of [';transport=tcp', ';transport=udp', '']) expect(known.has(uri(`sip:conf-9@f.example${t}`))).toBe(true);
    expect(known.has(uri('sip:conf-9@f.example;transport=tls'))).toBe(false);
  });

  it('keeps a URI whose text does not parse back to it', () => {
    const known = new KnownConferences();
    const odd: SipUri = { ...uri('sip:conf@f.example;transport=tcp'), raw: 'not a uri' };
    known.add(odd);
    expect(known.has(uri('sip:conf@f.example;transport=tcp'))).toBe(true);
    expect(known.has(uri('sip:conf@f.example'))).toBe(false);
  });

  it('records the entity of a conference-info document', () => {
    const known = new KnownConferences();
    known.addFromConferenceInfo('<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="sip:conf-9@focus.example.com" state="full" version="1"/>');
    known.addFromConferenceInfo('<presence entity="sip:alice@example.com"/>');
    expect(known.has(uri('sip:conf-9@focus.example.com'))).toBe(true);
    expect(known.has(uri('sip:alice@example.com'))).toBe(false);
  });
});
