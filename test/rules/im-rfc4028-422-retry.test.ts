// IM-RFC4028-422-RETRY per SPEC §5.5 and the RFC 4028 §13 flow as corrected by erratum EID 1681:
// INVITE SE 50 → 422 Min-SE 3600 → retry with Session-Expires 3600 and Min-SE 3600.
import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-rfc4028-422-retry.js';
import { config, ok, timerDialog, type ResponseStep } from './timer-dialog.js';

const r422 = (at: number, minSe?: number): ResponseStep => ({ at, status: 422, headers: minSe === undefined ? [] : [`Min-SE: ${minSe}`] });
const run = (retryHeaders: string[] | null, first422: ResponseStep, cfg = config(), captureEnd = 100) =>
  rule.check(
    timerDialog({
      attempts: [{ at: 0, headers: ['Supported: timer', 'Session-Expires: 50'], responses: [first422] }],
      invite: retryHeaders ?? [],
      inviteAt: retryHeaders === null ? 0 : 1,
      inviteResponses: retryHeaders === null ? [first422] : [ok(2, 'Session-Expires: 3600;refresher=uac', 'Require: timer')],
      captureEnd,
    }),
    { config: cfg },
  );

describe('IM-RFC4028-422-RETRY', () => {
  it('EID 1681 flow: retry with Session-Expires 3600 and Min-SE 3600 → pass', () => {
    const [v] = run(['Supported: timer', 'Session-Expires: 3600', 'Min-SE: 3600'], r422(0.5, 3600));
    expect([v.verdict, v.messageId]).toEqual(['pass', 'retryOk']);
  });

  it('retry with a wrong Min-SE → fail (error)', () => {
    const [v] = run(['Supported: timer', 'Session-Expires: 3600', 'Min-SE: 1800'], r422(0.5, 3600));
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'error', 'retryMinSeWrong']);
  });

  it('retry without Min-SE, or with SE below it → fail', () => {
    expect(run(['Supported: timer', 'Session-Expires: 3600'], r422(0.5, 3600))[0].messageId).toBe('retryMinSeAbsent');
    expect(run(['Supported: timer', 'Session-Expires: 1800', 'Min-SE: 3600'], r422(0.5, 3600))[0].messageId).toBe('retrySeLow');
  });

  it('no retry → not-applicable (MAY); under profile 3gpp → fail, or inconclusive if the capture ends at once', () => {
    // The single attempt is the one answered 422.
    const noRetry = (cfg = config(), end = 100) =>
      rule.check(
        timerDialog({ invite: ['Supported: timer', 'Session-Expires: 50'], inviteResponses: [r422(0.5, 3600)], captureEnd: end }),
        { config: cfg },
      );
    expect(noRetry()[0].messageId).toBe('noRetry');
    expect(noRetry(config({ profile: '3gpp' }))[0].verdict).toBe('fail');
    expect(noRetry(config({ profile: '3gpp' }), 5)[0].verdict).toBe('inconclusive');
  });

  it('a 422 without Min-SE is a peer violation → not-applicable', () => {
    expect(run(['Session-Expires: 3600'], r422(0.5))[0].messageId).toBe('no422MinSe');
  });

  it('no 422 → not-applicable', () => {
    const d = timerDialog({ invite: ['Session-Expires: 1800'], inviteResponses: [ok(1, 'Session-Expires: 1800;refresher=uac')], captureEnd: 5 });
    expect(rule.check(d, { config: config() })[0].messageId).toBe('no422');
  });
});
