// IM-ORIG-USER-AGENT (SPEC §5.1, §1.2, §3.2): expected verdicts written from SPEC.
import { describe, expect, test } from 'vitest';
import { checkUserAgent, rule } from '../../src/rules/im-orig-user-agent.js';
import { ctx, msgAt, SUBSCRIBE, tokens, withHeaders } from '../helpers/group-session.js';
import { invite, origDialog, rejectedAttempt } from './orig-request.js';

const judge = (ua: string | null, overrides = {}) => rule.check(origDialog({ invite: invite({ 'User-Agent': ua }) }), ctx(overrides));

describe('IM-ORIG-USER-AGENT', () => {
  test('IM-client/OMA1.0 passes, not necessarily first; metadata marks the reading [B]', () => {
    expect(rule.meta).toMatchObject({ keyword: 'SHALL', severity: 'error', basis: 'B' });
    const [v] = judge('ExttoExt-client/Ext1.0 IM-client/OMA1.0 (Linux; Android) Acme/X1-1.2');
    expect([v.verdict, v.message]).toEqual(['pass', 'User-Agent names the IM release: IM-client/OMA1.0']);
    expect(v.evidence[0].header).toBe('User-Agent: ExttoExt-client/Ext1.0 IM-client/OMA1.0 (Linux; Android) Acme/X1-1.2');
  });

  test('the product name is compared ignoring case, the spelling is kept', () => {
    expect(judge('im-CLIENT/OMA2.0')[0].message).toContain('im-CLIENT/OMA2.0');
  });

  test('--im-release asks for that exact version', () => {
    expect(tokens(judge('IM-client/OMA1.0', { imRelease: '1.0' }))).toEqual(['pass']);
    const [v] = judge('IM-client/OMA1.0', { imRelease: '2.0' });
    expect([v.verdict, v.messageId]).toEqual(['fail', 'wrong-release']);
  });

  test.each([
    [null, 'absent'],
    ['IM-serv/OMA1.0', 'server-token'],
    ['IM-client', 'bad-version'],
    ['IM-client/1.0', 'bad-version'],
    ['Acme/X1-1.2 (IM-client/OMA1.0)', 'no-token'],
    ['Linphone/4.5 belle-sip/4.4', 'no-token'],
  ])('%s fails (%s)', (ua, id) => {
    const [v] = judge(ua);
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'error', id]);
  });

  test('a retry without User-Agent fails beside the earlier attempt that had it', () => {
    const first = invite();
    const retry = invite({ 'User-Agent': null, CSeq: '2 INVITE' }, 0.3);
    const vs = rule.check(origDialog({ invite: retry, earlier: [rejectedAttempt(first, '422 Session Interval Too Small')] }), ctx());
    expect(vs.map((v) => v.messageId)).toEqual(['absent']);
  });

  test('exported check judges the conference SUBSCRIBE', () => {
    const sub = msgAt(withHeaders(SUBSCRIBE, { 'User-Agent': 'IM-serv/OMA1.0' }), 2);
    expect(checkUserAgent({ msg: sub, vantage: { kind: 'client' }, note: 'vantage=client' }, ctx())[0].messageId).toBe('server-token');
  });
});
