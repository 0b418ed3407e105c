// IM-TIMER-BYE-ON-EXPIRY per SPEC §6.5: the peer refreshes (refresher=uas in the 2xx to the client's
// INVITE). I = 1800 from t0 = 0: E = 1800, Bye_due = 1768, tol = 2 s.
import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-timer-bye-on-expiry.js';
import { bye, config, INVITE_HEADERS, ok, timerDialog, type RequestStep } from './timer-dialog.js';

const uas = 'Session-Expires: 1800;refresher=uas';
const run = (steps: RequestStep[], captureEnd: number, se = uas) =>
  rule.check(timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, se)], steps, captureEnd }), { config: config() });

describe('IM-TIMER-BYE-ON-EXPIRY', () => {
  it('client BYE at Bye_due (1768 s) → pass', () => {
    const [v] = run([bye(1768, 'client')], 1800);
    expect([v.verdict, v.messageId]).toEqual(['pass', 'byeInWindow']);
  });

  it('client BYE at E (rcsjta behaviour) → pass; at E + 5 s → fail (warning)', () => {
    expect(run([bye(1800, 'client')], 1900)[0].verdict).toBe('pass');
    const [v] = run([bye(1805, 'client')], 1900);
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'warning', 'byeLate']);
  });

  it('peer never refreshes, no BYE, capture runs on → fail (warning)', () => {
    const [v] = run([], 2500);
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'warning', 'noBye']);
  });

  it('capture ends before E + tol → inconclusive', () => {
    expect(run([], 1801)[0].verdict).toBe('inconclusive');
  });

  it('the peer refreshed before E → not-applicable; a refresh within half + tolHalf closes the cycle early', () => {
    const refreshAt = (at: number): RequestStep => ({
      at,
      from: 'peer',
      method: 'UPDATE',
      headers: ['Session-Expires: 1800;refresher=uac'],
      responses: [ok(at + 0.1, 'Session-Expires: 1800;refresher=uac', 'Require: timer')],
    });
    // Cycle 2 (peer still refreshing, t0 = refresh 2xx) is open at capture end.
    expect(run([refreshAt(1200)], 1300).map((v) => v.messageId)).toEqual(['peerRefreshed', 'captureEnds']);
    expect(run([refreshAt(900)], 1000).map((v) => v.messageId)).toEqual(['closedEarly', 'captureEnds']);
  });

  it('session ended early by a client BYE → not-applicable', () => {
    const [v] = run([bye(1200, 'client')], 1300);
    expect([v.verdict, v.messageId]).toEqual(['not-applicable', 'endedBeforeExpiry']);
  });

  it('a peer BYE within tol after E → not-applicable; a peer BYE well after E → fail (client kept the session)', () => {
    expect(run([bye(1801, 'peer')], 1900)[0].messageId).toBe('peerEndedAtExpiry');
    expect(run([bye(1900, 'peer')], 1950)[0].messageId).toBe('byeLate');
  });

  it('I = 90: Bye_due = 60 s; a BYE at 59 s (within tol) passes', () => {
    expect(run([bye(59, 'client')], 100, 'Session-Expires: 90;refresher=uas')[0].verdict).toBe('pass');
    expect(run([bye(50, 'client')], 100, 'Session-Expires: 90;refresher=uas')[0].verdict).toBe('not-applicable');
  });
});
