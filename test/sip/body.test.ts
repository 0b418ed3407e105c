// Multipart bodies (RFC 2046 §5.1) and the SDP reader.
import { describe, expect, it } from 'vitest';
import { sipMessage } from '../helpers/sip.js';

const SDP = ['v=0', 'o=alice 2890844526 2890844527 IN IP4 10.0.0.5', 's=-', 'c=IN IP4 10.0.0.5', 't=0 0',
  'a=sendrecv', 'm=message 7394 TCP/MSRP *', 'a=accept-types:message/cpim text/plain', 'a=path:msrp://10.0.0.5:7394/s1x9;tcp',
  'a=setup:active', 'm=audio 49170 RTP/AVP 0 8', 'a=rtpmap:0 PCMU/8000', ''].join('\n');

describe('SDP reader', () => {
  it('reads origin, session attributes, and per media the m= line and its a= lines', () => {
    const sdp = sipMessage(`INVITE sip:b@example.com SIP/2.0\nContent-Type: application/sdp\n\n${SDP}`).sdp();
    expect(sdp?.origin).toEqual({ username: 'alice', sessId: '2890844526', sessVersion: '2890844527', raw: 'alice 2890844526 2890844527 IN IP4 10.0.0.5' });
    expect(sdp?.sessionAttributes).toEqual([{ name: 'sendrecv', value: '' }]);
    expect(sdp?.media.map((m) => [m.media, m.port, m.proto, m.formats])).toEqual([['message', 7394, 'TCP/MSRP', ['*']], ['audio', 49170, 'RTP/AVP', ['0', '8']]]);
    expect(sdp?.media[0].attributes).toEqual([
      { name: 'accept-types', value: 'message/cpim text/plain' },
      { name: 'path', value: 'msrp://10.0.0.5:7394/s1x9;tcp' },
      { name: 'setup', value: 'active' },
    ]);
  });
  it('no SDP without an application/sdp body', () => {
    expect(sipMessage('MESSAGE sip:b@example.com SIP/2.0\nContent-Type: text/plain\n\nhello').sdp()).toBeUndefined();
    expect(sipMessage('INVITE sip:b@example.com SIP/2.0\n\n').sdp()).toBeUndefined();
    expect(sipMessage('INVITE sip:b@example.com SIP/2.0\n\n').bodyParts()).toEqual([]);
  });
});

describe('multipart bodies', () => {
  const adhoc = [
    'INVITE sip:conference-factory@example.com SIP/2.0',
    'Content-Type: multipart/mixed;boundary="boundary1"',
    'Content-Disposition: session',
    '',
    'preamble is ignored',
    '--boundary1',
    'Content-Type: application/sdp',
    '',
    SDP.trimEnd(),
    '--boundary1',
    'Content-Type: application/resource-lists+xml',
    'Content-Disposition: recipient-list',
    '',
    '<?xml version="1.0"?><resource-lists/>',
    '--boundary1--',
    'epilogue',
  ].join('\n');

  it('splits by boundary, with each part\'s own headers and Content-Disposition', () => {
    const m = sipMessage(adhoc);
    const parts = m.bodyParts();
    expect(parts.map((p) => `${p.contentType?.type}/${p.contentType?.subtype}`)).toEqual(['application/sdp', 'application/resource-lists+xml']);
    expect(parts[1].contentDisposition?.dispositionType).toBe('recipient-list');
    expect(parts[1].body).toBe('<?xml version="1.0"?><resource-lists/>');
    expect(parts[0].body.endsWith('a=rtpmap:0 PCMU/8000')).toBe(true);
    // Part header offsets are message offsets.
    const text = adhoc.replace(/\n/g, '\r\n');
    expect(parts[1].headers[1].offset).toBe(text.indexOf('Content-Disposition: recipient-list'));
  });
  it('finds the SDP inside the multipart body', () => {
    expect(sipMessage(adhoc).sdp()?.media[0].proto).toBe('TCP/MSRP');
  });
  it('a single-part body is one part carrying the message Content-Type and Content-Disposition', () => {
    const parts = sipMessage('MESSAGE sip:b@x SIP/2.0\nContent-Type: text/plain\nContent-Disposition: render\n\nhi').bodyParts();
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ body: 'hi', contentType: { type: 'text', subtype: 'plain' }, contentDisposition: { dispositionType: 'render' } });
  });
  it('a multipart body without its boundary stays whole, with a diagnostic', () => {
    const m = sipMessage('INVITE sip:b@x SIP/2.0\nContent-Type: multipart/mixed;boundary=zz\n\nno delimiters here');
    expect(m.bodyParts()).toHaveLength(1);
    expect(m.diagnostics.map((d) => d.code)).toContain('sip.body.boundary-not-found');
  });
  it('a missing close delimiter is reported and the last part kept', () => {
    const m = sipMessage('INVITE sip:b@x SIP/2.0\nContent-Type: multipart/mixed;boundary=zz\n\n--zz\nContent-Type: text/plain\n\nonly part');
    expect(m.bodyParts().map((p) => p.body)).toEqual(['only part']);
    expect(m.diagnostics.map((d) => d.code)).toContain('sip.body.unterminated-multipart');
  });
});
