// IM-RFC4028-SUPPORTED-EVERY-REQUEST per SPEC §5.5 (RFC 4028 §7.1): off by default, severity info.
import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-rfc4028-supported-every-request.js';
import { bye, config, INVITE_HEADERS, ok, timerDialog, type RequestStep } from './timer-dialog.js';

const ids = (invite: string[], steps: RequestStep[]) =>
  rule.check(timerDialog({ invite, inviteResponses: [ok(0, 'Session-Expires: 1800;refresher=uac')], steps, captureEnd: 100 }), { config: config() }).map((v) => `${v.verdict}:${v.messageId}`);

describe('IM-RFC4028-SUPPORTED-EVERY-REQUEST', () => {
  it('is off by default at severity info', () => {
    expect([rule.meta.defaultEnabled, rule.meta.severity]).toEqual([false, 'info']);
  });

  it('BYE listing timer → pass; BYE without → fail', () => {
    const byeWith: RequestStep = { ...bye(50, 'client'), headers: ['Supported: timer'] };
    expect(ids(INVITE_HEADERS, [byeWith])).toEqual(['pass:allListed']);
    expect(ids(INVITE_HEADERS, [bye(50, 'client')])).toEqual(['fail:missing']);
  });

  it('ACK is exempt; peer requests are not the client\'s', () => {
    const ack: RequestStep = { at: 0.1, from: 'client', method: 'ACK' };
    expect(ids(INVITE_HEADERS, [ack, bye(50, 'peer')])).toEqual(['not-applicable:noLaterRequest']);
  });

  it('timer support never shown → not-applicable', () => {
    expect(ids(['Session-Expires: 1800'], [bye(50, 'client')])).toEqual(['not-applicable:neverShown']);
  });
});
