// Timer cycles over hand-built dialogs (SPEC §6.2, §6.3, §6.6). Expected numbers are worked out from
// the SPEC text: E = t0 + I, half mark = t0 + I/2, Bye_due = E − min(32, I/3), tolHalf = max(2, I/20).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timerCycles } from '../../src/dialog/session-timer.js';
import { rule as honoured } from '../../src/rules/im-orig-timer-honoured.js';
import { rule as beforeExpiry } from '../../src/rules/im-timer-refresh-before-expiry.js';
import { rule as atHalf } from '../../src/rules/im-timer-refresh-at-half.js';
import { rule as afterFailed } from '../../src/rules/im-timer-bye-after-failed-refresh.js';
import { rule as onExpiry } from '../../src/rules/im-timer-bye-on-expiry.js';
import { rule as retry422 } from '../../src/rules/im-rfc4028-422-retry.js';
import { rule as refreshForm } from '../../src/rules/im-rfc4028-refresh-form.js';
import { rule as refreshAnswer } from '../../src/rules/im-rfc4028-refresh-answer.js';
import { rule as supportedEvery } from '../../src/rules/im-rfc4028-supported-every-request.js';
import { atNs, bye, config, INVITE_HEADERS, ok, timerDialog, update } from '../rules/timer-dialog.js';

const uac1800 = ['Session-Expires: 1800;refresher=uac', 'Require: timer'];

describe('timerCycles', () => {
  it('SPEC §9 B: 2xx at 10 s with 1800;refresher=uac gives E 1810, half 910, tolHalf 90', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(10, ...uac1800)], captureEnd: 2000 });
    const a = timerCycles(d, config());
    expect(a.status).toBe('running');
    expect(a.cycles).toHaveLength(1);
    const c = a.cycles[0];
    expect(c.intervalSec).toBe(1800);
    expect(c.refresher).toBe('client');
    expect(c.t0Ns).toBe(atNs(10));
    expect(c.expiryNs).toBe(atNs(1810));
    expect(c.halfMarkNs).toBe(atNs(910));
    expect(c.tolHalfNs).toBe(90_000_000_000n);
    expect(c.byeDueNs).toBe(atNs(1810 - 32));
    expect(c.close.kind).toBe('capture-end');
    expect(c.sessionExpiresField?.value).toBe('1800;refresher=uac');
  });

  it('I = 90: half mark at 45 s, Bye_due at 60 s (SPEC §6.5 worked numbers)', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, 'Session-Expires: 90;refresher=uas')], captureEnd: 200 });
    const c = timerCycles(d, config()).cycles[0];
    expect(c.refresher).toBe('peer');
    expect(c.halfMarkNs).toBe(atNs(45));
    expect(c.byeDueNs).toBe(atNs(60));
    expect(c.tolHalfNs).toBe(4_500_000_000n); // max(2, 90/20)
  });

  it('a 2xx to a refresh starts a new cycle; the refresher maps per transaction', () => {
    const d = timerDialog({
      invite: INVITE_HEADERS,
      inviteResponses: [ok(1, ...uac1800)],
      steps: [
        update(900, 'client', '1800;refresher=uac', ok(900.2, ...uac1800)),
        // The peer's re-INVITE answered with refresher=uac: the peer now refreshes.
        { at: 1500, from: 'peer', method: 'INVITE', headers: ['Supported: timer', 'Session-Expires: 1800'], responses: [ok(1500.3, 'Session-Expires: 1800;refresher=uac', 'Require: timer')] },
        bye(2000, 'client'),
      ],
      captureEnd: 2100,
    });
    const a = timerCycles(d, config());
    expect(a.cycles.map((c) => c.refresher)).toEqual(['client', 'client', 'peer']);
    expect(a.cycles.map((c) => c.close.kind)).toEqual(['refresh', 'refresh', 'bye']);
    expect(a.cycles[1].t0Ns).toBe(atNs(900.2));
    expect(a.cycles[2].t0Ns).toBe(atNs(1500.3));
    expect(a.cycles[0].refreshes.map((r) => r.method)).toEqual(['UPDATE']);
  });

  it('a refresh answered 491 does not move E (RFC 4028 §10)', () => {
    const d = timerDialog({
      invite: INVITE_HEADERS,
      inviteResponses: [ok(0, ...uac1800)],
      steps: [update(900, 'client', '1800;refresher=uac', { at: 900.1, status: 491 })],
      captureEnd: 1000,
    });
    const a = timerCycles(d, config());
    expect(a.cycles).toHaveLength(1);
    expect(a.cycles[0].refreshes[0].status).toBe(491);
    expect(a.cycles[0].expiryNs).toBe(atNs(1800));
  });

  it('no Session-Expires in the 2xx: no cycle; the requested value is kept for the info note', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(1)], captureEnd: 4000 });
    const a = timerCycles(d, config());
    expect(a.status).toBe('no-session-expires');
    expect(a.requested?.deltaSeconds).toBe(1800);
  });

  it('profile 3gpp without SE in the 2xx: one cycle with I = SE_req and the client refreshing (SPEC §6.2)', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(1)], captureEnd: 4000 });
    const a = timerCycles(d, config({ profile: '3gpp' }));
    expect(a.status).toBe('running');
    expect(a.cycles[0].assumed).toBe('3gpp-no-session-expires');
    expect(a.cycles[0].refresher).toBe('client');
    expect(a.cycles[0].expiryNs).toBe(atNs(1801));
  });

  it('refresher missing with Supported: timer → cycle problem; without it → uas assumed (Table 2)', () => {
    const withTimer = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, 'Session-Expires: 1800')], captureEnd: 10 });
    const a = timerCycles(withTimer, config());
    expect(a.cycles[0].refresher).toBe('unknown');
    expect(a.cycles[0].problem).toMatch(/refresher parameter missing/);
    expect(a.peerFindings.map((f) => f.code)).toContain('timer.peer.no-refresher');
    const noTimer = timerDialog({ invite: ['Session-Expires: 1800'], inviteResponses: [ok(0, 'Session-Expires: 1800')], captureEnd: 10 });
    const b = timerCycles(noTimer, config());
    expect(b.cycles[0].refresher).toBe('peer');
    expect(b.cycles[0].problem).toBeUndefined();
  });

  it('records peer findings: uac overridden, SE increased, Min-SE in 2xx, uac without Require', () => {
    const d = timerDialog({
      invite: ['Supported: timer', 'Session-Expires: 1800;refresher=uac'],
      inviteResponses: [ok(0, 'Session-Expires: 3600;refresher=uas', 'Min-SE: 90')],
      captureEnd: 10,
    });
    const codes = timerCycles(d, config()).peerFindings.map((f) => f.code);
    expect(codes).toEqual(['timer.peer.override-uac', 'timer.peer.increased', 'timer.peer.min-se-in-2xx']);
    const d2 = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, 'Session-Expires: 1800;refresher=uac')], captureEnd: 10 });
    expect(timerCycles(d2, config()).peerFindings.map((f) => f.code)).toEqual(['timer.peer.no-require']);
  });

  it('a mid-dialog 2xx without Session-Expires turns the timer off', () => {
    const d = timerDialog({
      invite: INVITE_HEADERS,
      inviteResponses: [ok(0, ...uac1800)],
      steps: [update(900, 'client', null, ok(900.1))],
      captureEnd: 5000,
    });
    const a = timerCycles(d, config());
    expect(a.cycles).toHaveLength(1);
    expect(a.turnedOffBy?.status).toBe(200);
    expect(a.cycles[0].close.kind).toBe('refresh');
  });

  it('a later 2xx with Session-Expires turns it on again (the latest 2xx governs, RFC 4028 §7.2)', () => {
    const d = timerDialog({
      invite: INVITE_HEADERS,
      inviteResponses: [ok(0, ...uac1800)],
      steps: [update(900, 'client', null, ok(900.1)), update(1000, 'client', '1800;refresher=uac', ok(1000.1, ...uac1800))],
      captureEnd: 5000,
    });
    const a = timerCycles(d, config());
    expect(a.cycles.map((c) => c.t0Ns)).toEqual([atNs(0), atNs(1000.1)]);
    expect(a.turnedOffBy?.ref.timeNs).toBe(atNs(900.1));
  });

  it('CANCELled or failed INVITE: no dialog, no timer (SPEC §6.6)', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [{ at: 1, status: 487 }], captureEnd: 10 });
    expect(timerCycles(d, config()).status).toBe('no-dialog');
  });

  it('missing timestamps → no-timestamps; encrypted → no-cleartext', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteAt: null, inviteResponses: [ok(null, ...uac1800)], captureEnd: null });
    expect(timerCycles(d, config()).status).toBe('no-timestamps');
    const e = timerDialog({
      invite: INVITE_HEADERS,
      inviteResponses: [ok(0, ...uac1800)],
      captureEnd: 10,
      diagnostics: [{ severity: 'warning', code: 'capture.encrypted', message: 'TLS on 5061' }],
    });
    expect(timerCycles(e, config()).status).toBe('no-cleartext');
  });

  it('capture starting mid-dialog: cycles start at the first 2xx carrying Session-Expires', () => {
    const d = timerDialog({
      midDialog: true,
      invite: ['Supported: timer'],
      inviteResponses: [ok(0)],
      steps: [update(100, 'client', '1800;refresher=uac', ok(100.1, ...uac1800))],
      captureEnd: 200,
    });
    const a = timerCycles(d, config());
    expect(a.midDialog).toBe(true);
    expect(a.cycles).toHaveLength(1);
    expect(a.cycles[0].t0Ns).toBe(atNs(100.1));
    expect(a.cycles[0].refresher).toBe('client');
  });

  it('repeated Session-Expires with different values in the 2xx → malformed', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, 'Session-Expires: 1800;refresher=uac', 'Session-Expires: 900')], captureEnd: 10 });
    expect(timerCycles(d, config()).status).toBe('malformed');
  });

  it('terminating-side dialogs: out of scope unless --terminating, then roles follow the transaction', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, ...uac1800)], captureEnd: 10 });
    d.originator = 'peer';
    d.initialInvite.from = 'peer';
    expect(timerCycles(d, config()).status).toBe('out-of-scope');
    const a = timerCycles(d, config({ terminating: true }));
    expect(a.status).toBe('running');
    expect(a.cycles[0].refresher).toBe('peer'); // uac = the sender of the INVITE, here the peer
  });

  it('memoises per dialog and config', () => {
    const d = timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, ...uac1800)], captureEnd: 10 });
    const cfg = config();
    expect(timerCycles(d, cfg)).toBe(timerCycles(d, cfg));
    expect(timerCycles(d, config())).not.toBe(timerCycles(d, cfg));
  });
});

describe('refresher read relative to the dialog (SPEC §6.2)', () => {
  it('notes when the other party refreshes at the half mark, not for an early peer re-INVITE', () => {
    const uac = ['Session-Expires: 1800;refresher=uac', 'Require: timer'];
    const peerUpdateAt = (at: number) =>
      update(at, 'peer', '1800', ok(at + 0.1, 'Session-Expires: 1800;refresher=uas', 'Require: timer'));
    const late = timerCycles(timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, ...uac)], steps: [peerUpdateAt(900)], captureEnd: 1000 }), config());
    expect(late.cycles[0].notes.join(' ')).toMatch(/relative to the dialog/);
    const early = timerCycles(timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, ...uac)], steps: [peerUpdateAt(300)], captureEnd: 1000 }), config());
    expect(early.cycles[0].notes).toEqual([]);
  });
});

describe('properties over random dialogs', () => {
  const rules = [honoured, beforeExpiry, atHalf, afterFailed, onExpiry, retry422, refreshForm, refreshAnswer, supportedEvery];
  const subRules = [beforeExpiry, atHalf, afterFailed, onExpiry];
  const step = fc.record({
    gap: fc.integer({ min: 1, max: 1500 }),
    from: fc.constantFrom<'client' | 'peer'>('client', 'peer'),
    method: fc.constantFrom('UPDATE', 'INVITE', 'BYE', 'MESSAGE'),
    status: fc.constantFrom(200, 200, 481, 408, 491, 0),
    se: fc.constantFrom('90;refresher=uac', '1800;refresher=uas', '1800', '600;refresher=uac', null),
  });
  const scenario = fc.record({
    okSe: fc.constantFrom('1800;refresher=uac', '90;refresher=uas', '1800', null),
    steps: fc.array(step, { maxLength: 6 }),
    tail: fc.integer({ min: 0, max: 4000 }),
    profile: fc.constantFrom<undefined | '3gpp'>(undefined, '3gpp'),
  });

  it('never throw; sub-rules give one verdict per cycle; the umbrella follows the expiry sub-rules', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        let at = 10;
        const steps = s.steps.map((st) => {
          at += st.gap;
          const responses = st.status === 0 ? [] : [ok(at + 0.1, ...(st.se === null || st.method === 'MESSAGE' || st.method === 'BYE' ? [] : [`Session-Expires: ${st.se}`]))];
          if (st.status !== 200 && st.status !== 0) responses[0] = { at: at + 0.1, status: st.status };
          return { at, from: st.from, method: st.method, headers: st.se === null ? [] : ['Supported: timer', `Session-Expires: ${st.se}`], responses };
        });
        const d = timerDialog({
          invite: INVITE_HEADERS,
          inviteResponses: [ok(10, ...(s.okSe === null ? [] : [`Session-Expires: ${s.okSe}`, 'Require: timer']))],
          steps,
          captureEnd: at + s.tail,
        });
        const cfg = config({ profile: s.profile });
        const analysis = timerCycles(d, cfg);
        for (let i = 1; i < analysis.cycles.length; i++) expect(analysis.cycles[i].t0Ns >= analysis.cycles[i - 1].t0Ns).toBe(true);
        for (const c of analysis.cycles) expect(c.expiryNs - c.t0Ns).toBe(BigInt(c.intervalSec) * 1_000_000_000n);
        const out = new Map(rules.map((r) => [r.meta.id, r.check(d, { config: cfg })]));
        for (const r of subRules) expect(out.get(r.meta.id)!.length).toBe(Math.max(1, analysis.cycles.length));
        const [umbrella] = out.get(honoured.meta.id)!;
        expect(out.get(honoured.meta.id)!.length).toBe(1);
        const expiry = [beforeExpiry, afterFailed, onExpiry].flatMap((r) => out.get(r.meta.id)!);
        const fails = expiry.filter((v) => v.verdict === 'fail');
        if (fails.some((v) => v.severity === 'error')) expect([umbrella.verdict, umbrella.severity]).toEqual(['fail', 'error']);
        else if (fails.length > 0) expect([umbrella.verdict, umbrella.severity]).toEqual(['fail', 'warning']);
        else expect(umbrella.verdict).not.toBe('fail');
      }),
      { numRuns: 300 },
    );
  });
});
