import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-term-conf-subscribe.js';
import { SUBSCRIBE, ctx, msgAt, subscription, tokens, transaction } from '../helpers/group-session.js';
import { FOCUS_INVITE, terminatingDialog, withHeaders } from './term-dialogs.js';

describe('IM-TERM-CONF-SUBSCRIBE ([B], off by default)', () => {
  it('passes when the invited client subscribes to the focus Contact URI', () => {
    const sub = subscription([transaction(msgAt(SUBSCRIBE, 1.4), [], 'client')]);
    const v = rule.check(terminatingDialog(undefined, undefined, { subscriptions: [sub] }), ctx());
    expect(tokens(v)).toEqual(['pass']);
    expect(v[0].evidence[0].note).toContain('request-contact:isfocus');
  });

  it('fails when the client never subscribes while the session lasts', () => {
    expect(tokens(rule.check(terminatingDialog(), ctx()))).toEqual(['fail:error']);
  });

  it('is not applicable when the INVITE does not come from a focus', () => {
    const invite = withHeaders(FOCUS_INVITE, { Contact: '<sip:bob@192.0.2.9:5060>;+g.oma.sip-im' });
    expect(tokens(rule.check(terminatingDialog(invite), ctx()))).toEqual(['not-applicable']);
  });
});
