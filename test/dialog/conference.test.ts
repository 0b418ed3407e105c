import { describe, expect, it } from 'vitest';
import { readConferenceInfo, readResourceList, replacesOf, subscribeTarget } from '../../src/dialog/conference.js';
import { parseUri } from '../../src/sip/index.js';
import { SUBSCRIBE, withHeaders, withStartLine } from '../helpers/group-session.js';
import { sipMessage } from '../helpers/sip.js';

describe('conference-info (RFC 4575)', () => {
  it('reads entity, state and version with a prefixed namespace', () => {
    const r = readConferenceInfo('<ci:conference-info xmlns:ci="urn:ietf:params:xml:ns:conference-info" entity="sip:c@h" state="partial" version="7"/>');
    expect(r).toEqual({ ok: true, value: { entity: 'sip:c@h', state: 'partial', version: '7' } });
  });

  it('reports where a document breaks', () => {
    const r = readConferenceInfo('<conference-info entity="sip:c@h">\n<users>\n</conference-info>');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/line \d+/);
  });

  it('rejects another root element', () => {
    expect(readConferenceInfo('<resource-lists/>').ok).toBe(false);
  });
});

describe('resource lists (RFC 4826)', () => {
  it('flattens nested lists in document order, single entries included', () => {
    const r = readResourceList(
      '<resource-lists xmlns="urn:ietf:params:xml:ns:resource-lists"><list><entry uri="sip:a@h"/>' +
        '<list><entry uri="sip:b@h"/></list></list><list><entry uri="sip:c@h"/><entry uri="sip:d@h"/></list></resource-lists>',
    );
    expect(r.ok && r.value.map((e) => e.uri)).toEqual(['sip:a@h', 'sip:b@h', 'sip:c@h', 'sip:d@h']);
  });

  it('keeps escaped Replaces headers intact in entry URIs', () => {
    const r = readResourceList('<resource-lists><list><entry uri="sip:b@h?Replaces=x%40y%3Bto-tag%3D1%3Bfrom-tag%3D2"/></list></resource-lists>');
    expect(r.ok && r.value[0].uri).toBe('sip:b@h?Replaces=x%40y%3Bto-tag%3D1%3Bfrom-tag%3D2');
  });
});

describe('Replaces in a URI (RFC 3891 §6.1)', () => {
  it('unescapes Call-ID and both tags', () => {
    expect(replacesOf(parseUri('sip:b@h?Replaces=x%40y%3Bto-tag%3D1%3Bfrom-tag%3D2')!)).toEqual({ callId: 'x@y', toTag: '1', fromTag: '2', raw: 'x@y;to-tag=1;from-tag=2' });
  });

  it('is undefined without a Replaces header', () => {
    expect(replacesOf(parseUri('sip:b@h')!)).toBeUndefined();
  });
});

describe('SUBSCRIBE target (SPEC §7.2)', () => {
  it('is the Request-URI under loose routing', () => {
    const msg = sipMessage(withHeaders(SUBSCRIBE, { Route: '<sip:p.h;lr>' }));
    expect(subscribeTarget(msg)).toMatchObject({ raw: 'sip:conf-77@im.example.net', from: 'request-uri' });
  });

  it('is the last Route under strict routing', () => {
    const msg = sipMessage(withHeaders(withStartLine(SUBSCRIBE, 'SUBSCRIBE sip:p.h SIP/2.0'), { Route: '<sip:p.h>, <sip:conf-77@im.example.net>' }));
    expect(subscribeTarget(msg)).toMatchObject({ raw: 'sip:conf-77@im.example.net', from: 'strict-route' });
  });
});
