import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-adhoc-require.js';
import { INVITE, bodyMsgAt, ctx, msgAt, responseTo, tokens, transaction } from '../helpers/group-session.js';
import { MULTIPART, adhocDialog, multipart, oneToOneDialog } from './adhoc-invites.js';

describe('IM-ADHOC-REQUIRE (RFC 5366 §3)', () => {
  it('passes with Require: recipient-list-invite', () => {
    expect(tokens(rule.check(adhocDialog(), ctx()))).toEqual(['pass']);
  });

  it('fails when the list is sent without the option tag', () => {
    const v = rule.check(adhocDialog(INVITE), ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].evidence[0].note).toContain('Require: absent');
  });

  it('judges every attempt: a first attempt (answered 401) without the tag fails beside the passing retry', () => {
    const d = adhocDialog();
    const first = bodyMsgAt(INVITE, -1, MULTIPART, multipart());
    d.initialAttempts = [transaction(first, [msgAt(responseTo(INVITE, '401 Unauthorized'), -0.9)], 'client'), d.initialInvite];
    const v = rule.check(d, ctx());
    expect(tokens(v)).toEqual(['pass', 'fail:error']);
    expect(v[1].evidence[0].note).toContain('attempt 1 of 2');
  });

  it('is not applicable without a list', () => {
    expect(tokens(rule.check(oneToOneDialog(), ctx()))).toEqual(['not-applicable']);
  });
});
