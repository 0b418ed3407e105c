import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-orig-conf-subscribe.js';
import {
  CONFERENCE_INFO,
  NOTIFY,
  OK,
  SUBSCRIBE,
  bodyMsgAt,
  ctx,
  groupDialog,
  msgAt,
  responseTo,
  subscription,
  tokens,
  transaction,
  withHeaders,
  withStartLine,
} from '../helpers/group-session.js';

const BYE = `BYE sip:conf-77@im.example.net SIP/2.0
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bKbye1
From: <sip:alice@im.example.net>;tag=a1
To: <sip:conf-factory@im.example.net>;tag=f1
Call-ID: g1@10.0.0.5
CSeq: 2 BYE
`;

function subscribed(text: string, sec: number, status = '200 OK', notifies: ReturnType<typeof transaction>[] = []) {
  const req = msgAt(text, sec);
  const resp = msgAt(responseTo(text, status, status.startsWith('2') ? { Expires: '3600' } : {}), sec + 0.05);
  return subscription([transaction(req, [resp], 'client')], notifies);
}

function bye(sec: number, from: 'client' | 'peer' = 'client') {
  return transaction(msgAt(BYE, sec), [msgAt(responseTo(BYE, '200 OK'), sec + 0.05)], from);
}

const check = (d: ReturnType<typeof groupDialog>, c = ctx()) => rule.check(d, c);

describe('IM-ORIG-CONF-SUBSCRIBE (SPEC §7.4)', () => {
  it('§9 C: SUBSCRIBE to the conference URI 0.3 s after the 2xx passes, with Allow-Events recorded', () => {
    const d = groupDialog({ subscriptions: [subscribed(SUBSCRIBE, 1.3)], captureEnd: 100 });
    const v = check(d);
    expect(tokens(v)).toEqual(['pass']);
    expect(v[0].messageId).toBe('subscribed');
    expect(v[0].message).toContain('0.300s');
    const notes = v[0].evidence.map((e) => e.note ?? '').join('\n');
    expect(notes).toContain('conference URI C = sip:conf-77@im.example.net');
    expect(notes).toContain('advertises the conference package');
    expect(notes).toContain('subscription lasts 3600s');
    expect(notes).not.toContain('expired');
  });

  it('§9 C: a SUBSCRIBE to the factory is a wrong target, quoting both URIs', () => {
    const wrong = withStartLine(SUBSCRIBE, 'SUBSCRIBE sip:factory@im.example.net SIP/2.0');
    const v = check(groupDialog({ subscriptions: [subscribed(wrong, 1.3)], captureEnd: 100 }));
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].messageId).toBe('wrong-target');
    expect(v[0].message).toContain('sip:factory@im.example.net');
    expect(v[0].message).toContain('sip:conf-77@im.example.net');
  });

  it('names a wrong target when it is the INVITE Request-URI or a configured URI', () => {
    const toInviteRuri = withStartLine(SUBSCRIBE, 'SUBSCRIBE sip:conf-factory@im.example.net SIP/2.0');
    expect(check(groupDialog({ subscriptions: [subscribed(toInviteRuri, 1.3)], captureEnd: 100 }))[0].message).toContain("the INVITE's Request-URI");
    const toGroup = withStartLine(SUBSCRIBE, 'SUBSCRIBE sip:friends@im.example.net SIP/2.0');
    const v = check(groupDialog({ subscriptions: [subscribed(toGroup, 1.3)], captureEnd: 100 }), ctx({ groupUri: 'sip:friends@im.example.net' }));
    expect(v[0].message).toContain('the group URI');
  });

  it('§9 C: no SUBSCRIBE and the session still up 60 s later fails', () => {
    const v = check(groupDialog({ captureEnd: 61 }));
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].messageId).toBe('missing');
    const windowEnd = v[0].evidence.find((e) => e.note?.includes('window closed'));
    expect(windowEnd?.timeNs).toBe(33_000_000_000n + 1_700_000_000n * 1_000_000_000n);
  });

  it('a SUBSCRIBE after the window while the session is up fails at warning severity, with the delay', () => {
    const v = check(groupDialog({ subscriptions: [subscribed(SUBSCRIBE, 41)], captureEnd: 100 }));
    expect(tokens(v)).toEqual(['fail:warning']);
    expect(v[0].messageId).toBe('late');
    expect(v[0].message).toContain('late by 8.000s');
  });

  it('the window is configurable', () => {
    const v = check(groupDialog({ subscriptions: [subscribed(SUBSCRIBE, 41)], captureEnd: 100 }), ctx({ confSubscribeWindowSec: 60 }));
    expect(tokens(v)).toEqual(['pass']);
  });

  it('a session released within tol of the 200 OK is inconclusive', () => {
    const v = check(groupDialog({ bye: bye(2.5), captureEnd: 100 }));
    expect(tokens(v)).toEqual(['inconclusive']);
    expect(v[0].messageId).toBe('released-early');
  });

  it('a session that ends later without any SUBSCRIBE fails', () => {
    const v = check(groupDialog({ bye: bye(20, 'peer'), captureEnd: 100 }));
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].messageId).toBe('ended-without');
    expect(v[0].message).toContain('19.000s');
  });

  it('a capture that ends before the window closes is inconclusive', () => {
    const v = check(groupDialog({ captureEnd: 10 }));
    expect(tokens(v)).toEqual(['inconclusive']);
    expect(v[0].messageId).toBe('capture-ended');
  });

  it('Expires: 0 alone is not a subscription; it is recorded as info', () => {
    const fetch = withHeaders(SUBSCRIBE, { Expires: '0' });
    const v = check(groupDialog({ subscriptions: [subscribed(fetch, 1.3)], captureEnd: 100 }));
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].messageId).toBe('missing');
    expect(v[0].evidence.some((e) => e.note?.includes('Expires: 0 is a fetch or unsubscribe'))).toBe(true);
  });

  it('Event: Conference (other case) does not count (RFC 6665 §8.2.1)', () => {
    const cased = withHeaders(SUBSCRIBE, { o: 'Conference' });
    const v = check(groupDialog({ subscriptions: [subscribed(cased, 1.3)], captureEnd: 100 }));
    expect(v[0].messageId).toBe('missing');
    expect(v[0].evidence.some((e) => e.note?.includes('byte-exact'))).toBe(true);
  });

  it('a SUBSCRIBE inside the INVITE dialog still counts', () => {
    const inside = withHeaders(SUBSCRIBE, { 'Call-ID': 'g1@10.0.0.5', From: '<sip:alice@im.example.net>;tag=a1', To: '<sip:conf-77@im.example.net>;tag=f1' });
    const req = msgAt(inside, 1.5);
    const sub = subscription([transaction(req, [msgAt(responseTo(inside, '200 OK', { Expires: '3600' }), 1.6)], 'client')], [], true);
    expect(tokens(check(groupDialog({ subscriptions: [sub], captureEnd: 100 })))).toEqual(['pass']);
  });

  it('489 from the focus: the client tried, so it passes; the refusal is evidence', () => {
    const v = check(groupDialog({ subscriptions: [subscribed(SUBSCRIBE, 1.3, '489 Bad Event')], captureEnd: 100 }));
    expect(tokens(v)).toEqual(['pass']);
    expect(v[0].evidence.some((e) => e.note?.includes('focus refused the subscription (489)'))).toBe(true);
  });

  it('reports the first NOTIFY: timing, state and the full conference-info document', () => {
    const notify = bodyMsgAt(NOTIFY, 1.5, 'application/conference-info+xml', CONFERENCE_INFO);
    const n = transaction(notify, [msgAt(responseTo(NOTIFY, '200 OK'), 1.55)], 'peer');
    const v = check(groupDialog({ subscriptions: [subscribed(SUBSCRIBE, 1.3, '200 OK', [n])], captureEnd: 100 }));
    const note = v[0].evidence.find((e) => e.note?.startsWith('first NOTIFY'))?.note ?? '';
    expect(note).toContain('0.200s after the SUBSCRIBE');
    expect(note).toContain('Subscription-State: active;expires=3600');
    expect(note).toContain('entity = C');
    expect(note).toContain('state="full"');
    expect(note).toContain('version=1');
  });

  it('a subscription that lapses while the session is up, unrefreshed, is recorded as info', () => {
    const v = check(groupDialog({ subscriptions: [subscribed(SUBSCRIBE, 1.3)], captureEnd: 4000 }));
    expect(tokens(v)).toEqual(['pass']);
    expect(v[0].evidence.some((e) => e.note?.includes('expired 3600s after it was accepted'))).toBe(true);
  });

  it('no NOTIFY within Timer N is recorded as info', () => {
    const v = check(groupDialog({ subscriptions: [subscribed(SUBSCRIBE, 1.3)], captureEnd: 100 }));
    expect(v[0].evidence.some((e) => e.note?.includes('RFC 6665 §4.1.2.4'))).toBe(true);
  });

  it('two NOTIFY dialogs accepted for one SUBSCRIBE fail (RFC 4575 §3.8)', () => {
    const n1 = transaction(msgAt(NOTIFY, 1.5), [msgAt(responseTo(NOTIFY, '200 OK'), 1.55)], 'peer');
    const forked = withHeaders(NOTIFY, { From: '<sip:conf-77@im.example.net>;tag=f10', Via: 'SIP/2.0/TCP 192.0.2.8:5060;branch=z9hG4bKn2' });
    const n2 = transaction(msgAt(forked, 1.6), [msgAt(responseTo(forked, '200 OK'), 1.65)], 'peer');
    const v = check(groupDialog({ subscriptions: [subscribed(SUBSCRIBE, 1.3, '200 OK', [n1, n2])], captureEnd: 100 }));
    expect(tokens(v)).toEqual(['pass', 'fail:error']);
    expect(v[1].messageId).toBe('forked-notify');
  });

  it('strict routing: the last Route carries the conference URI', () => {
    const strict = withHeaders(withStartLine(SUBSCRIBE, 'SUBSCRIBE sip:proxy.im.example.net SIP/2.0'), {
      Route: '<sip:proxy.im.example.net>, <sip:conf-77@im.example.net>',
    });
    expect(tokens(check(groupDialog({ subscriptions: [subscribed(strict, 1.3)], captureEnd: 100 })))).toEqual(['pass']);
  });

  it('without timestamps the window cannot be measured', () => {
    const d = groupDialog({ ok: msgAt(OK, null), captureEnd: null });
    expect(tokens(check(d))).toEqual(['inconclusive']);
  });

  it('is not applicable to 1-1 sessions, unanswered INVITEs and terminating dialogs', () => {
    expect(tokens(check(groupDialog({ kind: 'im-1-1', captureEnd: 100 })))).toEqual(['not-applicable']);
    expect(tokens(check(groupDialog({ ok: null, captureEnd: 100 })))).toEqual(['not-applicable']);
    expect(tokens(check(groupDialog({ originator: 'peer', captureEnd: 100 })))).toEqual(['not-applicable']);
  });

  it('a group session whose 2xx lacks isfocus subscribes to the 2xx Contact, noting the hidden focus (§2.5)', () => {
    const ok = msgAt(withHeaders(OK, { Contact: '<sip:conf-77@im.example.net>' }), 1);
    const v = check(groupDialog({ ok, classifiedBy: 'require:recipient-list-invite', subscriptions: [subscribed(SUBSCRIBE, 1.3)], captureEnd: 100 }));
    expect(tokens(v)).toEqual(['pass']);
    expect(v[0].evidence[0].note).toContain('the focus did not identify itself');
    expect(v[0].evidence.some((e) => e.note?.includes('vantage=client'))).toBe(true);
  });

  it('without Allow-Events the rule is not waived (§7.1)', () => {
    const ok = msgAt(withHeaders(OK, { 'Allow-Events': null }), 1);
    const v = check(groupDialog({ ok, captureEnd: 61 }));
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].evidence.some((e) => e.header === 'Allow-Events: absent')).toBe(true);
  });
});
