import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-conf-sub-new-dialog.js';
import { SUBSCRIBE, ctx, groupDialog, msgAt, subscription, tokens, transaction, withHeaders } from '../helpers/group-session.js';

describe('IM-CONF-SUB-NEW-DIALOG (RFC 4579 §3.4)', () => {
  it('passes for a new Call-ID without To tag', () => {
    const d = groupDialog({ subscriptions: [subscription([transaction(msgAt(SUBSCRIBE, 1.3), [], 'client')])], captureEnd: 100 });
    expect(tokens(rule.check(d, ctx()))).toEqual(['pass']);
  });

  it('fails at warning severity inside the INVITE dialog', () => {
    const inside = withHeaders(SUBSCRIBE, { 'Call-ID': 'g1@10.0.0.5', From: '<sip:alice@im.example.net>;tag=a1', To: '<sip:conf-77@im.example.net>;tag=f1' });
    const d = groupDialog({ subscriptions: [subscription([transaction(msgAt(inside, 1.3), [], 'client')], [], true)], captureEnd: 100 });
    const v = rule.check(d, ctx());
    expect(tokens(v)).toEqual(['fail:warning']);
    expect(v[0].messageId).toBe('inside-invite-dialog');
  });

  it('fails at warning severity with a To tag of another dialog', () => {
    const tagged = withHeaders(SUBSCRIBE, { To: '<sip:conf-77@im.example.net>;tag=zz' });
    const d = groupDialog({ subscriptions: [subscription([transaction(msgAt(tagged, 1.3), [], 'client')])], captureEnd: 100 });
    expect(rule.check(d, ctx())[0].messageId).toBe('to-tag');
  });
});
