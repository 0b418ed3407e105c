// IM-TIMER-REFRESH-AT-HALF, decided per SPEC §6.5 and the SPEC §9 B cases (2xx at 10 s, I = 1800,
// refresher=uac: half mark 910 s, tolHalf 90 s, E 1810 s).
import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-timer-refresh-at-half.js';
import { bye, config, INVITE_HEADERS, ok, timerDialog, update, type RequestStep } from './timer-dialog.js';

const uac = ['Session-Expires: 1800;refresher=uac', 'Require: timer'];
const run = (steps: RequestStep[], captureEnd: number, cfg = config()) =>
  rule.check(timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(10, ...uac)], steps, captureEnd }), { config: cfg });

describe('IM-TIMER-REFRESH-AT-HALF', () => {
  it('B1: UPDATE at 905 s with a 2xx → pass', () => {
    const [v] = run([update(905, 'client', '1800;refresher=uac', ok(905.1, ...uac))], 1000);
    expect([v.verdict, v.messageId]).toEqual(['pass', 'onTime']);
  });

  it('B2: UPDATE only at 1790 s → fail (warning)', () => {
    const [v] = run([update(1790, 'client', '1800;refresher=uac', ok(1790.1, ...uac))], 1795);
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'warning', 'late']);
  });

  it('B4: capture ends at 1500 s with no refresh → fail (warning)', () => {
    const [v] = run([], 1500);
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'warning', 'missing']);
  });

  it('refresh at the edge of the tolerance (910 + 90 = 1000 s) passes, just after fails', () => {
    expect(run([update(1000, 'client', '1800;refresher=uac', ok(1000.1, ...uac))], 1100)[0].verdict).toBe('pass');
    expect(run([update(1000.5, 'client', '1800;refresher=uac', ok(1000.6, ...uac))], 1100)[0].verdict).toBe('fail');
  });

  it('capture ends before the half mark + tolHalf → inconclusive', () => {
    expect(run([], 950)[0].verdict).toBe('inconclusive');
  });

  it('peer is the refresher → not-applicable', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(10, 'Session-Expires: 1800;refresher=uas')], captureEnd: 3000 });
    expect(rule.check(d, { config: config() })[0].messageId).toBe('otherRefresher');
  });

  it('BYE before the half mark, no refresh → not-applicable (closed before any refresh was due)', () => {
    const [v] = run([bye(300, 'peer')], 400);
    expect([v.verdict, v.messageId]).toEqual(['not-applicable', 'closedEarly']);
  });

  it('one verdict per cycle, with deadlines in the evidence note', () => {
    const vs = run(
      [update(905, 'client', '1800;refresher=uac', ok(905.5, ...uac)), update(1850, 'client', '1800;refresher=uac', ok(1850.1, ...uac))],
      2000,
    );
    // cycle 2: t0 905.5, half 1805.5 (+90): 1850 is in time; cycle 3 is open at capture end.
    expect(vs.map((v) => v.verdict)).toEqual(['pass', 'pass', 'inconclusive']);
    expect(vs[0].evidence[0].note).toContain('E=+1810.000 s');
    expect(vs[0].evidence[0].header).toBe('Session-Expires: 1800;refresher=uac');
    expect(vs[1].evidence[0].note).toContain('t0=+905.500 s');
  });
});
