// IM-RFC4028-REFRESH-FORM per SPEC §5.5 (RFC 4028 §7.4): one verdict per finding of each client refresh.
import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-rfc4028-refresh-form.js';
import { CLIENT_SDP, config, INVITE_HEADERS, ok, timerDialog, type RequestStep } from './timer-dialog.js';

const uac = ['Session-Expires: 1800;refresher=uac', 'Require: timer'];
const run = (steps: RequestStep[], okHeaders = uac) =>
  rule.check(timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, ...okHeaders)], steps, captureEnd: 2000 }), { config: config() });
const refresh = (method: string, headers: string[], body?: string): RequestStep => ({ at: 900, from: 'client', method, headers, body, responses: [ok(900.1, ...uac)] });
const ids = (steps: RequestStep[], okHeaders?: string[]) => run(steps, okHeaders).map((v) => v.messageId);

describe('IM-RFC4028-REFRESH-FORM', () => {
  it('UPDATE with Supported: timer and Session-Expires: 1800;refresher=uac → pass', () => {
    expect(ids([refresh('UPDATE', ['Supported: timer', 'Session-Expires: 1800;refresher=uac'])])).toEqual(['wellFormed']);
  });

  it('dropped Supported: timer → fail (error); no Session-Expires → fail (warning)', () => {
    const vs = run([refresh('UPDATE', [])]);
    expect(vs.map((v) => [v.messageId, v.severity])).toEqual([
      ['optionTagsDropped', 'error'],
      ['seAbsent', 'warning'],
    ]);
  });

  it('refresher=uas while the client refreshes, and a different interval → warnings', () => {
    expect(ids([refresh('UPDATE', ['Supported: timer', 'Session-Expires: 900;refresher=uas'])])).toEqual(['seValue', 'refresherWrong']);
  });

  it('Min-SE must be kept once the initial INVITE carried one', () => {
    const d = timerDialog({
      invite: [...INVITE_HEADERS, 'Min-SE: 900'],
      inviteResponses: [ok(0, ...uac)],
      steps: [refresh('UPDATE', ['Supported: timer', 'Session-Expires: 1800;refresher=uac'])],
      captureEnd: 2000,
    });
    expect(rule.check(d, { config: config() }).map((v) => v.messageId)).toEqual(['minSeMissing']);
  });

  it('after a 422 to a refresh, the retry must carry Min-SE', () => {
    const refused: RequestStep = { at: 900, from: 'client', method: 'UPDATE', headers: ['Supported: timer', 'Session-Expires: 1800;refresher=uac'], responses: [{ at: 900.1, status: 422, headers: ['Min-SE: 1800'] }] };
    const retry = (minSe: string[]): RequestStep => ({ at: 901, from: 'client', method: 'UPDATE', headers: ['Supported: timer', 'Session-Expires: 1800;refresher=uac', ...minSe], responses: [ok(901.1, ...uac)] });
    expect(ids([refused, retry([])])).toEqual(['wellFormed', 'minSeMissing']);
    expect(ids([refused, retry(['Min-SE: 1800'])])).toEqual(['wellFormed', 'wellFormed']);
  });

  it('re-INVITE without an offer → noOffer; with UPDATE allowed by the peer also preferUpdate', () => {
    expect(ids([refresh('INVITE', ['Supported: timer', 'Session-Expires: 1800;refresher=uac'])])).toEqual(['noOffer']);
    expect(ids([refresh('INVITE', ['Supported: timer', 'Session-Expires: 1800;refresher=uac'])], [...uac, 'Allow: INVITE, ACK, BYE, UPDATE'])).toEqual([
      'noOffer',
      'preferUpdate',
    ]);
  });

  it('re-INVITE with an unchanged offer: same o= version passes, a bumped version fails (error)', () => {
    const bumped = CLIENT_SDP.replace('o=c 1 1 IN', 'o=c 1 2 IN');
    expect(ids([refresh('INVITE', ['Supported: timer', 'Session-Expires: 1800;refresher=uac'], CLIENT_SDP)])).toEqual(['wellFormed']);
    expect(ids([refresh('INVITE', ['Supported: timer', 'Session-Expires: 1800;refresher=uac'], bumped)])).toEqual(['versionBumped']);
  });

  it('no client refresh → not-applicable; no timer → not-applicable', () => {
    expect(ids([])).toEqual(['noRefresh']);
    expect(ids([], [])).toEqual(['noSessionExpiresAsked']);
  });
});
