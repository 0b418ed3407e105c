// IM-RFC4028-REFRESH-ANSWER per SPEC §5.5 (RFC 4028 §9, §5): the client's 2xx to a peer refresh.
import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-rfc4028-refresh-answer.js';
import { config, INVITE_HEADERS, ok, timerDialog, type RequestStep } from './timer-dialog.js';

const peerRefresh = (reqHeaders: string[], answer: string[]): RequestStep => ({ at: 900, from: 'peer', method: 'UPDATE', headers: reqHeaders, responses: [ok(900.1, ...answer)] });
const ids = (steps: RequestStep[]) =>
  rule
    .check(timerDialog({ invite: INVITE_HEADERS, inviteResponses: [ok(0, 'Session-Expires: 1800;refresher=uac', 'Require: timer')], steps, captureEnd: 1000 }), { config: config() })
    .map((v) => (v.verdict === 'fail' ? `${v.messageId}:${v.severity}` : v.messageId));

const req = ['Supported: timer', 'Session-Expires: 1800', 'Min-SE: 600'];

describe('IM-RFC4028-REFRESH-ANSWER', () => {
  it('2xx copying SE with refresher=uac and Require: timer → pass', () => {
    expect(ids([peerRefresh(req, ['Session-Expires: 1800;refresher=uac', 'Require: timer'])])).toEqual(['wellFormed']);
  });

  it('reduced to Min-SE is allowed; raised or below Min-SE fails', () => {
    expect(ids([peerRefresh(req, ['Session-Expires: 600;refresher=uas', 'Require: timer'])])).toEqual(['wellFormed']);
    expect(ids([peerRefresh(req, ['Session-Expires: 3600;refresher=uac', 'Require: timer'])])).toEqual(['seIncreased:error']);
    expect(ids([peerRefresh(req, ['Session-Expires: 300;refresher=uac', 'Require: timer'])])).toEqual(['seBelowMin:error']);
  });

  it('no refresher → error; no Require with uac → error, with uas → warning; Min-SE in the 2xx → error', () => {
    expect(ids([peerRefresh(req, ['Session-Expires: 1800', 'Require: timer'])])).toEqual(['noRefresher:error']);
    expect(ids([peerRefresh(req, ['Session-Expires: 1800;refresher=uac'])])).toEqual(['noRequire:error']);
    expect(ids([peerRefresh(req, ['Session-Expires: 1800;refresher=uas'])])).toEqual(['noRequire:warning']);
    expect(ids([peerRefresh(req, ['Session-Expires: 1800;refresher=uac', 'Require: timer', 'Min-SE: 600'])])).toEqual(['minSeInResponse:error']);
  });

  it('no Session-Expires in the 2xx → error; uac for a request without Supported: timer → error', () => {
    expect(ids([peerRefresh(req, [])])).toEqual(['seAbsent:error']);
    expect(ids([peerRefresh(['Session-Expires: 1800'], ['Session-Expires: 1800;refresher=uac', 'Require: timer'])])).toEqual(['uacWithoutSupport:error']);
  });

  it('no peer refresh → not-applicable', () => {
    expect(ids([])).toEqual(['noPeerRefresh']);
  });
});
