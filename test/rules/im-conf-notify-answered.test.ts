import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-conf-notify-answered.js';
import { NOTIFY, SUBSCRIBE, ctx, groupDialog, msgAt, responseTo, subscription, tokens, transaction } from '../helpers/group-session.js';

function withNotify(status: string | null, notifyAt = 1.5, captureEnd = 100) {
  const n = transaction(msgAt(NOTIFY, notifyAt), status ? [msgAt(responseTo(NOTIFY, status), notifyAt + 0.05)] : [], 'peer');
  const s = transaction(msgAt(SUBSCRIBE, 1.3), [msgAt(responseTo(SUBSCRIBE, '200 OK'), 1.35)], 'client');
  return groupDialog({ subscriptions: [subscription([s], [n])], captureEnd });
}

describe('IM-CONF-NOTIFY-ANSWERED (RFC 6665 §4.1.3)', () => {
  it('passes when the client answers 200', () => {
    expect(tokens(rule.check(withNotify('200 OK'), ctx()))).toEqual(['pass']);
  });

  it('fails on 481: the client lost the subscription', () => {
    const v = rule.check(withNotify('481 Subscription does not exist'), ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].messageId).toBe('lost');
  });

  it('fails when never answered after 64*T1, and is inconclusive before', () => {
    expect(rule.check(withNotify(null, 1.5, 100), ctx())[0].messageId).toBe('unanswered');
    expect(tokens(rule.check(withNotify(null, 1.5, 10), ctx()))).toEqual(['inconclusive']);
  });

  it('is not applicable without NOTIFY', () => {
    expect(rule.check(groupDialog({ captureEnd: 100 }), ctx())[0].messageId).toBe('no-notify');
  });
});
