import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-extend-replaces.js';
import { RESOURCE_LIST, ctx, tokens } from '../helpers/group-session.js';
import { adhocDialog, multipart } from './adhoc-invites.js';

const withEntry = (uri: string) => multipart(undefined, RESOURCE_LIST.replace('sip:bob@im.example.net', uri));

describe('IM-EXTEND-REPLACES (RFC 3891)', () => {
  it('passes when the original peer carries ?Replaces= with Call-ID, to-tag and from-tag', () => {
    const v = rule.check(adhocDialog(undefined, withEntry('sip:bob@im.example.net?Replaces=c1%4010.0.0.5%3Bto-tag%3Db1%3Bfrom-tag%3Da1')), ctx());
    expect(tokens(v)).toEqual(['pass']);
    expect(v[0].message).toContain('c1@10.0.0.5');
    expect(v[0].message).toContain('to-tag b1');
  });

  it('fails when the Replaces value lacks the from-tag', () => {
    const v = rule.check(adhocDialog(undefined, withEntry('sip:bob@im.example.net?Replaces=c1%4010.0.0.5%3Bto-tag%3Db1')), ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].message).toContain('from-tag');
  });

  it('is not applicable to an ad-hoc INVITE without Replaces', () => {
    expect(tokens(rule.check(adhocDialog(), ctx()))).toEqual(['not-applicable']);
  });
});
