// IM-ORIG-SESSION-EXPIRES (SPEC §5.1, §2.2): expected verdicts written from SPEC.
import { describe, expect, test } from 'vitest';
import { rule } from '../../src/rules/im-orig-session-expires.js';
import { ctx, tokens } from '../helpers/group-session.js';
import { invite, origDialog, rejectedAttempt } from './orig-request.js';

const judge = (changes: Record<string, string | null>, overrides = {}) => rule.check(origDialog({ invite: invite(changes) }), ctx(overrides));

describe('IM-ORIG-SESSION-EXPIRES', () => {
  test('x: 1800;refresher=uac passes, mixed case accepted', () => {
    expect(tokens(judge({}))).toEqual(['pass']);
    expect(tokens(judge({ x: null, 'SESSION-EXPIRES': '3600;REFRESHER=UAC' }))).toEqual(['pass']);
  });

  test.each([
    [null, 'absent'],
    ['1800', 'no-refresher'],
    ['1800;refresher=uas', 'refresher-uas'],
  ])('%s fails at warning (%s)', (value, id) => {
    const [v] = judge({ x: value });
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'warning', id]);
  });

  test('RFC 4028 sub-findings are errors, the recommendation is info, all reported in SPEC order', () => {
    const vs = judge({ x: '60;refresher=uac', 'Min-SE': '80' });
    expect(vs.map((v) => [v.messageId, v.verdict, v.severity])).toEqual([
      ['refresher-uac', 'pass', 'warning'],
      ['below-90', 'fail', 'error'],
      ['below-min-se', 'fail', 'error'],
      ['min-se-below-90', 'fail', 'error'],
      ['below-1800', 'fail', 'info'],
    ]);
    expect(vs[2].evidence.map((e) => e.header)).toEqual(['x: 60;refresher=uac', 'Min-SE: 80']);
  });

  test('Session-Expires 900 with Min-SE 90: refresher fine, only the info under 1800 s', () => {
    expect(tokens(judge({ x: '900;refresher=uac', 'Min-SE': '90' }))).toEqual(['pass', 'fail:info']);
  });

  test('Min-SE below 90 is checked even without Session-Expires', () => {
    expect(judge({ x: null, 'Min-SE': '60' }).map((v) => v.messageId)).toEqual(['absent', 'min-se-below-90']);
  });

  test('two different Session-Expires values are inconclusive', () => {
    const vs = judge({ x: '1800;refresher=uac, 900;refresher=uac' });
    expect(vs[0].verdict).toBe('inconclusive');
  });

  test('downstream copy: pass by default, inconclusive under --strict-vantage (sub-findings still fail)', () => {
    const d = origDialog({ invite: invite({ x: '1800;refresher=uac', 'Min-SE': '60', Via: 'SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKp, SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bK1' }) });
    d.vantage = { kind: 'downstream', hops: 1 };
    expect(tokens(rule.check(d, ctx()))).toEqual(['pass', 'fail:error']);
    expect(tokens(rule.check(d, ctx({ strictVantage: true })))).toEqual(['inconclusive', 'fail:error']);
  });

  test('the 422 retry is the primary evidence; the first attempt\'s low value is still reported', () => {
    const first = invite({ x: '60;refresher=uac' });
    const retry = invite({ CSeq: '2 INVITE', x: '1800;refresher=uac', 'Min-SE': '1800' }, 0.2);
    const vs = rule.check(origDialog({ invite: retry, earlier: [rejectedAttempt(first, '422 Session Interval Too Small')] }), ctx());
    expect(vs.map((v) => [v.messageId, v.severity])).toEqual([
      ['refresher-uac', 'warning'],
      ['below-90', 'error'],
      ['below-1800', 'info'],
    ]);
    expect(vs[1].evidence[0].note).toContain('attempt 1 of 2 (CSeq 1, answered 422)');
  });
});
