// IM-ORIG-TIMER-HONOURED: the umbrella over all cycles, from the expiry obligations only (SPEC §6.5),
// with the SPEC §9 B cases and the fixture list of the brief.
import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-orig-timer-honoured.js';
import { bye, config, INVITE_HEADERS, ok, timerDialog, update, type RequestStep } from './timer-dialog.js';

const uac = ['Session-Expires: 1800;refresher=uac', 'Require: timer'];
const run = (steps: RequestStep[], captureEnd: number, se: string[] = uac, cfg = config()) =>
  rule.check(timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(10, ...se)], steps, captureEnd }), { config: cfg });
const token = (vs: ReturnType<typeof run>) => vs.map((v) => (v.verdict === 'fail' ? `fail:${v.severity}` : v.verdict));

describe('IM-ORIG-TIMER-HONOURED', () => {
  it('B1: UPDATE at 905 s with a 2xx, BYE later → pass', () => {
    expect(token(run([update(905, 'client', '1800;refresher=uac', ok(905.1, ...uac)), bye(1000, 'client')], 1100))).toEqual(['pass']);
  });

  it('B2: UPDATE only at 1790 s → pass (AT-HALF never changes the umbrella)', () => {
    expect(token(run([update(1790, 'client', '1800;refresher=uac', ok(1790.1, ...uac)), bye(1795, 'client')], 1800))).toEqual(['pass']);
  });

  it('B3: no refresh, capture to 2000 s, no BYE → fail (error)', () => {
    const vs = run([], 2000);
    expect(token(vs)).toEqual(['fail:error']);
    expect(vs[0].message).toContain('IM-TIMER-REFRESH-BEFORE-EXPIRY');
  });

  it('B4: capture ends at 1500 s with no refresh → inconclusive', () => {
    expect(token(run([], 1500))).toEqual(['inconclusive']);
  });

  it('refreshed cycle, then the last cycle left open by capture end → pass, noted', () => {
    const vs = run([update(905, 'client', '1800;refresher=uac', ok(905.1, ...uac))], 1500);
    expect([vs[0].verdict, vs[0].messageId]).toEqual(['pass', 'honouredOpen']);
  });

  it('peer refresher with client BYE at Bye_due → pass; never refreshing and no BYE → fail (warning)', () => {
    const uas = ['Session-Expires: 1800;refresher=uas'];
    expect(token(run([bye(1778, 'client')], 1900, uas))).toEqual(['pass']);
    expect(token(run([], 2500, uas))).toEqual(['fail:warning']);
  });

  it('refresh answered 481 then BYE → pass; without BYE → fail (warning)', () => {
    const failed = update(905, 'client', '1800;refresher=uac', { at: 905.1, status: 481 });
    expect(token(run([failed, bye(905.5, 'client')], 1000))).toEqual(['pass']);
    expect(token(run([failed], 1000))).toEqual(['fail:warning']);
  });

  it('a session ended by BYE before any refresh was due → pass ("session ended before expiry")', () => {
    expect(token(run([bye(100, 'peer')], 200))).toEqual(['pass']);
  });

  it('no Session-Expires in the 2xx → not-applicable, with the info about the value asked', () => {
    const vs = run([], 4000, []);
    expect([vs[0].verdict, vs[0].messageId]).toEqual(['not-applicable', 'noSessionExpiresAsked']);
  });

  it('profile 3gpp without SE: judged on the client value at warning', () => {
    expect(token(run([], 4000, [], config({ profile: '3gpp' })))).toEqual(['fail:warning']);
  });

  it('refresher missing while Supported: timer → inconclusive; peer finding in evidence', () => {
    const vs = run([], 4000, ['Session-Expires: 1800']);
    expect(token(vs)).toEqual(['inconclusive']);
    expect(vs[0].evidence.some((e) => e.note?.includes('timer.peer.no-refresher'))).toBe(true);
  });

  it('re-INVITE from the peer taking over refreshing, peer then silent, client BYE at Bye_due → pass', () => {
    const takeover: RequestStep = {
      at: 905,
      from: 'client',
      method: 'UPDATE',
      headers: ['Supported: timer', 'Session-Expires: 1800;refresher=uac'],
      responses: [ok(905.1, ...uac)],
    };
    const peerInvite: RequestStep = {
      at: 1200,
      from: 'peer',
      method: 'INVITE',
      headers: ['Supported: timer', 'Session-Expires: 1800'],
      responses: [ok(1200, 'Session-Expires: 1800;refresher=uac', 'Require: timer')],
    };
    // Cycle 3: t0 = 1200 with the peer refreshing, E = 3000, Bye_due = 2968.
    expect(token(run([takeover, peerInvite, bye(2970, 'client')], 3100))).toEqual(['pass']);
    expect(token(run([takeover, peerInvite], 3100))).toEqual(['fail:warning']);
  });

  it('a further fork the client BYEs at once → not-applicable (SPEC §6.6); the first fork is judged normally', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(10, ...uac)], steps: [bye(10.2, 'client')], captureEnd: 20 });
    expect(rule.check({ ...d, forkIndex: 1 }, { config: config() })[0].messageId).toBe('forkReleased');
    expect(rule.check({ ...d, forkIndex: 0 }, { config: config() })[0].verdict).toBe('pass');
  });

  it('CANCELled INVITE (487) → not-applicable', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [{ at: 1, status: 487 }], captureEnd: 10 });
    expect(rule.check(d, { config: config() })[0].messageId).toBe('noDialog');
  });

  it('encrypted → inconclusive', () => {
    const d = timerDialog({
      invite: INVITE_HEADERS,
      inviteResponses: [ok(0, ...uac)],
      captureEnd: 10,
      diagnostics: [{ severity: 'warning', code: 'capture.encrypted', message: 'TLS on 5061' }],
    });
    expect(rule.check(d, { config: config() })[0].verdict).toBe('inconclusive');
  });
});
