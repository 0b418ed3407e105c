// IM-ORIG-PRIVACY-ID (SPEC §5.1, §9 D): expected verdicts written from SPEC.
import { describe, expect, test } from 'vitest';
import { rule } from '../../src/rules/im-orig-privacy-id.js';
import { ctx, msgAt, responseTo, tokens } from '../helpers/group-session.js';
import { invite, origDialog } from './orig-request.js';

const ANON = '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=9';
const judge = (changes: Record<string, string | null>, overrides = {}) => rule.check(origDialog({ invite: invite(changes) }), ctx(overrides));

describe('IM-ORIG-PRIVACY-ID', () => {
  test('not requested: not applicable', () => {
    const [v] = judge({});
    expect([v.verdict, v.messageId]).toEqual(['not-applicable', 'not-requested']);
  });

  test('SPEC §9 D: anonymous From without Privacy fails; with Privacy: id passes', () => {
    const [fail] = judge({ From: ANON });
    expect([fail.verdict, fail.severity, fail.message]).toEqual(['fail', 'error', 'anonymity requested (From display-name "Anonymous") but there is no Privacy header']);
    expect(fail.evidence.map((e) => e.header)).toEqual([`From: ${ANON}`, 'INVITE sip:+447700900123@ims.example.net SIP/2.0']);
    expect(tokens(judge({ From: ANON, Privacy: 'id' }))).toEqual(['pass']);
  });

  test.each([
    '<sip:anonymous@ims.example.net>;tag=9',
    '<sip:someone@anonymous.invalid>;tag=9',
    'anonymous <sip:x@ims.example.net>;tag=9',
  ])('anonymous From %s triggers the rule', (from) => {
    expect(judge({ From: from })[0].messageId).toBe('id-missing');
  });

  test('Privacy user;header without id fails; Privacy is a ;-list', () => {
    const [v] = judge({ Privacy: 'user;header' });
    expect([v.verdict, v.message]).toEqual(['fail', 'anonymity requested (Privacy: user;header) but Privacy is "user;header" without id']);
    expect(tokens(judge({ Privacy: 'header;id' }))).toEqual(['pass']);
  });

  test('Privacy: id with a non-anonymous From passes with the note', () => {
    const [v] = judge({ Privacy: 'id' });
    expect([v.verdict, v.messageId]).toEqual(['pass', 'privacy-only']);
  });

  test('Privacy: none with an anonymous From is contradictory', () => {
    expect(judge({ From: ANON, Privacy: 'none' })[0].messageId).toBe('contradictory');
  });

  test('--anonymous triggers it on an ordinary INVITE', () => {
    expect(judge({}, { anonymous: true })[0].messageId).toBe('id-missing');
  });

  test('a 403 to an anonymous group INVITE is only noted in the evidence', () => {
    const msg = invite({ From: ANON, Privacy: 'id' });
    const d = origDialog({ invite: msg, ok: null, kind: 'im-group' });
    const text = msg.headers.map((h) => `${h.name}: ${h.value}`).join('\n');
    d.initialInvite.final = msgAt(responseTo(`${msg.startLine}\n${text}\n`, '403 Forbidden'), 0.5);
    const [v] = rule.check(d, ctx());
    expect(v.verdict).toBe('pass');
    expect(v.evidence.at(-1)?.note).toContain('rejected the anonymous group INVITE');
  });
});
