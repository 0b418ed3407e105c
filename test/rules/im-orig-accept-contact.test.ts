// IM-ORIG-ACCEPT-CONTACT (SPEC §5.1, §3.3, §2.2): expected verdicts written from SPEC.
import { describe, expect, test } from 'vitest';
import { checkAcceptContact, rule } from '../../src/rules/im-orig-accept-contact.js';
import { ctx, msgAt, SUBSCRIBE, tokens, withHeaders } from '../helpers/group-session.js';
import { invite, origDialog, rejectedAttempt } from './orig-request.js';

const judge = (changes: Record<string, string | null>, overrides = {}) => rule.check(origDialog({ invite: invite(changes) }), ctx(overrides));

describe('IM-ORIG-ACCEPT-CONTACT', () => {
  test('compact a: *;+g.oma.sip-im passes, the header line and vantage in evidence', () => {
    const [v] = judge({});
    expect(v).toMatchObject({ rule: 'IM-ORIG-ACCEPT-CONTACT', verdict: 'pass', messageId: 'present' });
    expect(v.evidence[0]).toMatchObject({ header: 'a: *;+g.oma.sip-im', note: 'vantage=client' });
  });

  test('require and explicit are allowed and recorded; case of the tag name is ignored', () => {
    const [v] = judge({ a: '*;+G.OMA.SIP-IM;require;explicit' });
    expect(v.verdict).toBe('pass');
    expect(v.message).toContain('require;explicit');
  });

  test('several lines are merged: the tag on the second line counts', () => {
    const msg = invite({ a: null, 'Accept-Contact': '*;+g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel"' });
    const text = msg.headers.map((h) => `${h.name}: ${h.value}`).join('\n');
    const two = msgAt(`${msg.startLine}\n${text}\nAccept-Contact: *;+g.oma.sip-im\n`, 0);
    expect(tokens(rule.check(origDialog({ invite: two }), ctx()))).toEqual(['pass']);
  });

  test('absent fails (error); a tag only in Reject-Contact does not count', () => {
    const [v] = judge({ a: null, 'Reject-Contact': '*;+g.oma.sip-im' });
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'error', 'absent']);
    expect(v.evidence[0].note).toContain('Accept-Contact: absent');
  });

  test('other tags only fail and are listed; .large-message is a different tag', () => {
    const [v] = judge({ a: '*;+g.oma.sip-im.large-message;+g.3gpp.icsi-ref="x"' });
    expect([v.verdict, v.messageId]).toEqual(['fail', 'tag-missing']);
    expect(v.message).toContain('+g.oma.sip-im.large-message, +g.3gpp.icsi-ref');
  });

  test.each(['"!TRUE"', '"FALSE"', 'FALSE'])('negated with %s fails', (value) => {
    const [v] = judge({ a: `*;+g.oma.sip-im=${value}` });
    expect([v.verdict, v.messageId]).toEqual(['fail', 'negated']);
  });

  test('without the leading "*" it is malformed: error, warning under --lenient', () => {
    expect(tokens(judge({ a: '+g.oma.sip-im' }))).toEqual(['fail:error']);
    const [lenient] = judge({ a: '+g.oma.sip-im' }, { lenient: true });
    expect([lenient.verdict, lenient.severity, lenient.messageId]).toEqual(['fail', 'warning', 'no-star']);
  });

  test('downstream copy: pass noted with its vantage; inconclusive under --strict-vantage', () => {
    const d = origDialog({ invite: invite({ Via: 'SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKp, SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bK1' }) });
    d.vantage = { kind: 'downstream', hops: 1 };
    const [plain] = rule.check(d, ctx());
    expect(plain.verdict).toBe('pass');
    expect(plain.evidence[0].note).toBe('vantage=downstream(hops=1)');
    const [strict] = rule.check(d, ctx({ strictVantage: true }));
    expect([strict.verdict, strict.messageId]).toEqual(['inconclusive', 'downstream-only']);
  });

  test('every attempt is judged: the final attempt first, a failing earlier attempt after it', () => {
    const first = invite({ a: null });
    const retry = invite({ CSeq: '2 INVITE' }, 0.2);
    const d = origDialog({ invite: retry, earlier: [rejectedAttempt(first, '407 Proxy Authentication Required')] });
    const vs = rule.check(d, ctx());
    expect(tokens(vs)).toEqual(['pass', 'fail:error']);
    expect(vs[1].evidence[0].note).toBe('vantage=client; attempt 1 of 2 (CSeq 1, answered 407); Accept-Contact: absent');
  });

  test('the same failure on both attempts is one verdict with the evidence of both', () => {
    const first = invite({ a: null });
    const retry = invite({ a: null, CSeq: '2 INVITE' }, 0.2);
    const vs = rule.check(origDialog({ invite: retry, earlier: [rejectedAttempt(first, '401 Unauthorized')] }), ctx());
    expect(tokens(vs)).toEqual(['fail:error']);
    expect(vs[0].evidence.map((e) => e.note)).toEqual([
      'vantage=client; attempt 2 of 2 (CSeq 2, answered 200); Accept-Contact: absent',
      'vantage=client; attempt 1 of 2 (CSeq 1, answered 401); Accept-Contact: absent',
    ]);
  });

  test('not applicable: not IM, out of scope, terminating side, a later fork', () => {
    expect(tokens(rule.check(origDialog({ kind: 'not-im' }), ctx()))).toEqual(['not-applicable']);
    const large = origDialog();
    large.outOfScope = 'large-message mode';
    expect(rule.check(large, ctx())[0].message).toContain('large-message mode');
    const term = origDialog();
    term.originator = 'peer';
    expect(tokens(rule.check(term, ctx()))).toEqual(['not-applicable']);
    const fork = origDialog();
    fork.forkIndex = 1;
    expect(rule.check(fork, ctx())[0].messageId).toBe('later-fork');
  });

  test('exported check judges any initial request, e.g. the conference SUBSCRIBE', () => {
    const sub = msgAt(withHeaders(SUBSCRIBE, { 'Accept-Contact': null }), 2);
    const [v] = checkAcceptContact({ msg: sub, vantage: { kind: 'client' }, note: 'vantage=client' }, ctx());
    expect([v.verdict, v.message]).toEqual(['fail', 'no Accept-Contact header in the initial SUBSCRIBE']);
  });
});
