import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-adhoc-sdp-accept-types.js';
import { SDP, ctx, tokens } from '../helpers/group-session.js';
import { adhocDialog, multipart } from './adhoc-invites.js';

describe('IM-ADHOC-SDP-ACCEPT-TYPES', () => {
  it('passes with message/cpim among the accept-types', () => {
    expect(tokens(rule.check(adhocDialog(), ctx()))).toEqual(['pass']);
  });

  it('fails when only "*" is offered', () => {
    const d = adhocDialog(undefined, multipart(SDP.replace('message/cpim text/plain', '*')));
    const v = rule.check(d, ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].messageId).toBe('lacks');
  });

  it('fails without an MSRP media line', () => {
    const d = adhocDialog(undefined, multipart(SDP.replace('m=message 9 TCP/MSRP *', 'm=audio 4000 RTP/AVP 0')));
    expect(rule.check(d, ctx())[0].messageId).toBe('no-msrp');
  });
});
