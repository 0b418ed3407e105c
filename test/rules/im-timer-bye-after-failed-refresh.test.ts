// IM-TIMER-BYE-AFTER-FAILED-REFRESH per SPEC §6.5: client refresher (2xx at 0 s, I = 1800, uac),
// refresh at 900 s answered 481 / 408 / nothing; 64·T1 = 32 s.
import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-timer-bye-after-failed-refresh.js';
import { bye, config, INVITE_HEADERS, ok, timerDialog, update, type RequestStep } from './timer-dialog.js';

const uac = ['Session-Expires: 1800;refresher=uac', 'Require: timer'];
const run = (steps: RequestStep[], captureEnd: number) =>
  rule.check(timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, ...uac)], steps, captureEnd }), { config: config() });

describe('IM-TIMER-BYE-AFTER-FAILED-REFRESH', () => {
  it('refresh answered 481, then a client BYE → pass', () => {
    const [v] = run([update(900, 'client', '1800;refresher=uac', { at: 900.1, status: 481 }), bye(900.5, 'client')], 1000);
    expect([v.verdict, v.messageId]).toEqual(['pass', 'byeSent']);
  });

  it('refresh answered 481, no BYE, capture runs past 900 + 32 s → fail (warning)', () => {
    const [v] = run([update(900, 'client', '1800;refresher=uac', { at: 900.1, status: 481 })], 1000);
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'warning', 'noBye']);
  });

  it('refresh with no final response, capture ends 10 s later → inconclusive', () => {
    expect(run([update(900, 'client', '1800;refresher=uac')], 910)[0].verdict).toBe('inconclusive');
  });

  it('408 then a peer BYE → not-applicable', () => {
    expect(run([update(900, 'client', '1800;refresher=uac', { at: 900.1, status: 408 }), bye(901, 'peer')], 1000)[0].messageId).toBe('peerEnded');
  });

  it('refresh answered 491 or 2xx → not-applicable (only 408, 481 and timeouts trigger)', () => {
    expect(run([update(900, 'client', '1800;refresher=uac', { at: 900.1, status: 491 })], 1000)[0].messageId).toBe('noFailedRefresh');
    expect(run([update(900, 'client', '1800;refresher=uac', ok(900.1, ...uac))], 1000)[0].messageId).toBe('noFailedRefresh');
  });
});
