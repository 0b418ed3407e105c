import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-conf-sub-general.js';
import { SUBSCRIBE, ctx, groupDialog, msgAt, subscription, tokens, transaction, withHeaders } from '../helpers/group-session.js';

const judge = (text: string, c = ctx()) => rule.check(groupDialog({ subscriptions: [subscription([transaction(msgAt(text, 1.3), [], 'client')])], captureEnd: 100 }), c);

describe('IM-CONF-SUB-GENERAL ([B]: §7.1.1.1 (1)–(2) on the SUBSCRIBE)', () => {
  it('passes Accept-Contact then User-Agent on an rcsjta-like SUBSCRIBE, under its own id', () => {
    const v = judge(SUBSCRIBE);
    expect(tokens(v)).toEqual(['pass', 'pass']);
    expect(v.map((x) => x.rule)).toEqual(['IM-CONF-SUB-GENERAL', 'IM-CONF-SUB-GENERAL']);
    expect(v.map((x) => x.messageId)).toEqual(['accept-contact.present', 'user-agent.release']);
    for (const x of v) expect(rule.meta.messages[x.messageId]).toBeDefined();
  });

  it('fails each missing header as the general rules would', () => {
    const v = judge(withHeaders(SUBSCRIBE, { 'Accept-Contact': null, 'User-Agent': 'ExttoExt-client/Ext1.0' }));
    expect(tokens(v)).toEqual(['fail:error', 'fail:error']);
    expect(v[0].messageId).toBe('accept-contact.absent');
  });

  it('is switched off by --general-scope invite', () => {
    expect(judge(SUBSCRIBE, ctx({ generalScope: 'invite' }))).toEqual([]);
  });
});
