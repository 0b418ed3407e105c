import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-adhoc-require.js';
import { INVITE, ctx, tokens } from '../helpers/group-session.js';
import { adhocDialog, oneToOneDialog } from './adhoc-invites.js';

describe('IM-ADHOC-REQUIRE (RFC 5366 §3)', () => {
  it('passes with Require: recipient-list-invite', () => {
    expect(tokens(rule.check(adhocDialog(), ctx()))).toEqual(['pass']);
  });

  it('fails when the list is sent without the option tag', () => {
    const v = rule.check(adhocDialog(INVITE), ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].evidence[0].note).toContain('Require: absent');
  });

  it('is not applicable without a list', () => {
    expect(tokens(rule.check(oneToOneDialog(), ctx()))).toEqual(['not-applicable']);
  });
});
