import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-term-release-version.js';
import { ctx, msgAt, tokens, transaction } from '../helpers/group-session.js';
import { CLIENT_OK_HEADERS, terminatingDialog } from './term-dialogs.js';

const CLIENT_BYE = `BYE sip:conf-77@im.example.net SIP/2.0
Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bKcb1
From: <sip:alice@im.example.net>;tag=a1
To: <sip:conf-77@im.example.net>;tag=f1
Call-ID: t1@192.0.2.7
CSeq: 1 BYE
`;

describe('IM-TERM-RELEASE-VERSION ([B], Appendix F)', () => {
  it('passes when the 2xx has Server: IM-client/OMA1.0 and the client BYE a User-Agent with it', () => {
    const byeTx = transaction(msgAt(`${CLIENT_BYE}User-Agent: IM-client/OMA1.0 Acme/X1\n`, 50), [], 'client');
    expect(tokens(rule.check(terminatingDialog(undefined, undefined, { transactions: [byeTx] }), ctx()))).toEqual(['pass']);
  });

  it('fails when the 2xx has no Server and the BYE no User-Agent', () => {
    const byeTx = transaction(msgAt(CLIENT_BYE, 50), [], 'client');
    const v = rule.check(terminatingDialog(undefined, { ...CLIENT_OK_HEADERS, Server: null }, { transactions: [byeTx] }), ctx());
    expect(tokens(v)).toEqual(['fail:error', 'fail:error']);
    expect(v.map((x) => x.messageId)).toEqual(['server-missing', 'user-agent-missing']);
  });

  it('narrows the version with --im-release', () => {
    expect(tokens(rule.check(terminatingDialog(), ctx({ imRelease: '2.0' })))).toEqual(['fail:error']);
  });
});
