// IM-ORIG-STORE-ALLOW (SPEC §5.2): expected verdicts written from SPEC.
import { describe, expect, test } from 'vitest';
import { rule } from '../../src/rules/im-orig-store-allow.js';
import { ctx, msgAt, tokens, transaction, withHeaders } from '../helpers/group-session.js';
import { inDialog, OK_1_1, origDialog, REMOTE_TARGET } from './orig-request.js';

const TARGET = REMOTE_TARGET;

const sent = (method: string, cseq: number, sec: number) => transaction(msgAt(inDialog(method, cseq), sec), [], 'client');

describe('IM-ORIG-STORE-ALLOW', () => {
  test('UPDATE while the 200\'s Allow lists it passes (severity warning by SPEC)', () => {
    const [v] = rule.check(origDialog({ transactions: [sent('ACK', 1, 1.1), sent('UPDATE', 2, 900)] }), ctx());
    expect([v.verdict, v.message]).toEqual(['pass', "the client's in-dialog methods (ACK, UPDATE) are all in the peer's Allow"]);
    expect(rule.meta).toMatchObject({ keyword: 'SHALL', severity: 'warning' });
  });

  test('UPDATE for a refresh when the peer\'s Allow lacks it fails at warning', () => {
    const ok = msgAt(withHeaders(OK_1_1, { Allow: 'INVITE, ACK, CANCEL, BYE' }), 1);
    const [v] = rule.check(origDialog({ ok, transactions: [sent('UPDATE', 2, 900)] }), ctx());
    expect([v.verdict, v.severity, v.message]).toEqual(['fail', 'warning', "the client sent UPDATE although the peer's Allow does not list it"]);
    expect(v.evidence.map((e) => e.header)).toEqual([`UPDATE ${TARGET} SIP/2.0`, 'Allow: INVITE, ACK, CANCEL, BYE']);
  });

  test('an ACK never fails, even when the peer leaves it out of Allow', () => {
    const ok = msgAt(withHeaders(OK_1_1, { Allow: 'INVITE, BYE' }), 1);
    expect(tokens(rule.check(origDialog({ ok, transactions: [sent('ACK', 1, 1.1)] }), ctx()))).toEqual(['inconclusive']);
  });

  test('no Allow from the peer, or no in-dialog request: inconclusive', () => {
    const ok = msgAt(withHeaders(OK_1_1, { Allow: null }), 1);
    expect(rule.check(origDialog({ ok, transactions: [sent('BYE', 2, 30)] }), ctx()).map((v) => v.messageId)).toEqual(['nothing-observable']);
    expect(rule.check(origDialog(), ctx())[0].message).toBe('inconclusive: the client sent no in-dialog request');
  });

  test('not applicable outside originating IM sessions', () => {
    expect(tokens(rule.check(origDialog({ kind: 'not-im' }), ctx()))).toEqual(['not-applicable']);
  });
});
