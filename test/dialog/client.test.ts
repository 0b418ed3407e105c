import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { ClientIdentity, parseHostPort } from '../../src/dialog/client.js';
import { DialogTracker } from '../../src/dialog/tracker.js';
import { sipMessage } from '../helpers/sip.js';

describe('parseHostPort (--client)', () => {
  it.each([
    ['10.0.0.5', { host: '10.0.0.5' }],
    ['10.0.0.5:5070', { host: '10.0.0.5', port: 5070 }],
    ['[2001:DB8::5]:5060', { host: '2001:db8::5', port: 5060 }],
    ['2001:db8::5', { host: '2001:db8::5' }],
    ['Host.Example.NET', { host: 'host.example.net' }],
  ])('%s', (text, want) => {
    expect(parseHostPort(text)).toEqual(want);
  });

  it.each(['', '10.0.0.5:0', '10.0.0.5:99999', '[2001:db8::5', ':5060'])('rejects %j', (text) => {
    expect(parseHostPort(text)).toBeUndefined();
  });
});

describe('ClientIdentity', () => {
  const ipv6Invite = sipMessage(
    [
      'INVITE sip:bob@example.net SIP/2.0',
      'Via: SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bK-px',
      'Via: SIP/2.0/UDP [2001:db8::5]:5060;branch=z9hG4bK-1',
      'From: <sip:alice@example.net>;tag=a1',
      'To: <sip:bob@example.net>',
      'Call-ID: v6@x',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
    ].join('\n'),
    { src: { ip: '2001:db8::9', port: 5060 }, dst: { ip: '2001:db8::1', port: 5060 } },
  );

  it('recognises the client by the bottom Via of a downstream IPv6 copy', () => {
    expect(new ClientIdentity({ ...DEFAULT_CONFIG, client: '[2001:db8::5]:5060' }).originatorOf(ipv6Invite).originator).toBe('client');
    expect(new ClientIdentity({ ...DEFAULT_CONFIG, client: '2001:db8::9' }).originatorOf(ipv6Invite).originator).toBe('client'); // the proxy sent this copy
    expect(new ClientIdentity({ ...DEFAULT_CONFIG, client: '2001:db8::7' }).originatorOf(ipv6Invite).originator).toBe('peer');
  });

  it('an unusable --client or --aor is a diagnostic naming the key, and the client is guessed instead', () => {
    const tracker = new DialogTracker({ ...DEFAULT_CONFIG, client: 'not an address:x', aor: '<<<', conferenceFactory: 'nope' });
    const codes = tracker.diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(codes.some((c) => c.startsWith('dialog.config.bad-client') && c.includes('config client'))).toBe(true);
    expect(codes.some((c) => c.startsWith('dialog.config.bad-client') && c.includes('config aor'))).toBe(true);
    expect(codes.some((c) => c.startsWith('dialog.config.bad-uri') && c.includes('conferenceFactory'))).toBe(true);
  });
});
