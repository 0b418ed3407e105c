// IM-TIMER-REFRESH-BEFORE-EXPIRY per SPEC §6.5 and the SPEC §9 B cases (2xx at 10 s, I = 1800, uac).
import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-timer-refresh-before-expiry.js';
import { bye, config, INVITE_HEADERS, ok, timerDialog, update, type RequestStep } from './timer-dialog.js';

const uac = ['Session-Expires: 1800;refresher=uac', 'Require: timer'];
const run = (steps: RequestStep[], captureEnd: number | null, cfg = config()) =>
  rule.check(timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(10, ...uac)], steps, captureEnd }), { config: cfg });

describe('IM-TIMER-REFRESH-BEFORE-EXPIRY', () => {
  it('B1: UPDATE at 905 s → pass', () => {
    expect(run([update(905, 'client', '1800;refresher=uac', ok(905.1, ...uac))], 1000)[0].verdict).toBe('pass');
  });

  it('B2: UPDATE only at 1790 s → pass', () => {
    const [v] = run([update(1790, 'client', '1800;refresher=uac', ok(1790.1, ...uac))], 1795);
    expect([v.verdict, v.messageId]).toEqual(['pass', 'refreshed']);
  });

  it('B3: no refresh, capture continues to 2000 s with no BYE → fail (error)', () => {
    const [v] = run([], 2000);
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'error', 'noRefresh']);
    expect(v.message).toContain('capture end +2000.000 s');
  });

  it('B4: capture ends at 1500 s with no refresh → inconclusive ("capture ends 310 s before E")', () => {
    const [v] = run([], 1500);
    expect([v.verdict, v.messageId]).toEqual(['inconclusive', 'captureEnds']);
    expect(v.message).toContain('310.000 s before E');
  });

  it('capture ends within tol after E → still inconclusive; at E + tol → fail', () => {
    expect(run([], 1811)[0].verdict).toBe('inconclusive');
    expect(run([], 1812)[0].verdict).toBe('fail');
  });

  it('a refresh only after E → fail (error), naming the late refresh', () => {
    const [v] = run([update(1850, 'client', '1800;refresher=uac', ok(1850.1, ...uac))], 1900);
    expect([v.verdict, v.severity]).toEqual(['fail', 'error']);
    expect(v.message).toContain('SIP/2.0 200');
  });

  it('a refresh answered 491 and never retried does not meet the MUST; a successful retry does (SPEC §6.5)', () => {
    const glare = update(905, 'client', '1800;refresher=uac', { at: 905.1, status: 491 });
    const [v] = run([glare], 2000);
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'error', 'noRefresh']);
    expect(v.message).toContain('refresh answered 491');
    expect(run([glare, update(910, 'client', '1800;refresher=uac', ok(910.1, ...uac))], 1000)[0].verdict).toBe('pass');
  });

  it('the session ended before expiry → pass', () => {
    const [v] = run([bye(1200, 'peer')], 1300);
    expect([v.verdict, v.messageId]).toEqual(['pass', 'endedBeforeExpiry']);
  });

  it('the peer refreshed before E → pass (info)', () => {
    const vs = run([{ at: 1200, from: 'peer', method: 'UPDATE', headers: ['Supported: timer', 'Session-Expires: 1800;refresher=uas'], responses: [ok(1200.1, 'Session-Expires: 1800;refresher=uas', 'Require: timer')] }], 1300);
    expect([vs[0].verdict, vs[0].severity, vs[0].messageId]).toEqual(['pass', 'info', 'peerRefreshed']);
  });

  it('profile 3gpp, no SE in the 2xx: judged on SE_req, failure capped at warning', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(10)], captureEnd: 2000 });
    const [v] = rule.check(d, { config: config({ profile: '3gpp' }) });
    expect([v.verdict, v.severity]).toEqual(['fail', 'warning']);
    expect(rule.check(d, { config: config() })[0].verdict).toBe('not-applicable');
  });

  it('missing timestamps → inconclusive', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteAt: null, inviteResponses: [ok(null, ...uac)], captureEnd: null });
    expect(rule.check(d, { config: config() })[0].messageId).toBe('noTimestamps');
  });
});
