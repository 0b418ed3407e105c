import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-adhoc-factory-uri.js';
import { ctx, tokens } from '../helpers/group-session.js';
import { ADHOC_HEAD, adhocDialog, oneToOneDialog } from './adhoc-invites.js';

describe('IM-ADHOC-FACTORY-URI', () => {
  it('passes when the Request-URI is the configured factory', () => {
    expect(tokens(rule.check(adhocDialog(), ctx({ conferenceFactory: 'sip:conf-factory@im.example.net' })))).toEqual(['pass']);
  });

  it('fails when the ad-hoc INVITE goes elsewhere', () => {
    const d = adhocDialog(ADHOC_HEAD.replace('INVITE sip:conf-factory@', 'INVITE sip:bob@'));
    const v = rule.check(d, ctx({ conferenceFactory: 'sip:conf-factory@im.example.net' }));
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].message).toContain('sip:bob@im.example.net');
  });

  it('is inconclusive without --conference-factory', () => {
    expect(tokens(rule.check(adhocDialog(), ctx()))).toEqual(['inconclusive']);
  });

  it('is not applicable to a 1-1 INVITE', () => {
    expect(tokens(rule.check(oneToOneDialog(), ctx({ conferenceFactory: 'sip:conf-factory@im.example.net' })))).toEqual(['not-applicable']);
  });
});
