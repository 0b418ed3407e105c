import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-term-timer.js';
import { ctx, tokens } from '../helpers/group-session.js';
import { CLIENT_OK_HEADERS, FOCUS_INVITE, terminatingDialog, withHeaders } from './term-dialogs.js';

describe('IM-TERM-TIMER (RFC 4028 §9 on the client 2xx)', () => {
  it('passes when the 2xx copies Session-Expires, keeps refresher=uac and requires timer', () => {
    expect(tokens(rule.check(terminatingDialog(), ctx()))).toEqual(['pass']);
  });

  it('fails when the 2xx raises Session-Expires', () => {
    const v = rule.check(terminatingDialog(undefined, { ...CLIENT_OK_HEADERS, 'Session-Expires': '3600;refresher=uac' }), ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].rule).toBe('IM-TERM-TIMER');
  });

  it('fails when refresher=uac lacks Require: timer, and when the 2xx overrides the UAC choice', () => {
    expect(tokens(rule.check(terminatingDialog(undefined, { ...CLIENT_OK_HEADERS, Require: null }), ctx()))).toEqual(['fail:error']);
    const v = rule.check(terminatingDialog(undefined, { ...CLIENT_OK_HEADERS, 'Session-Expires': '1800;refresher=uas' }), ctx());
    expect(v.map((x) => x.messageId)).toContain('overrides-uac');
  });

  it('is not applicable when the INVITE carries no Session-Expires', () => {
    const invite = withHeaders(FOCUS_INVITE, { 'Session-Expires': null });
    expect(tokens(rule.check(terminatingDialog(invite, { ...CLIENT_OK_HEADERS, 'Session-Expires': null, Require: null }), ctx()))).toEqual(['not-applicable']);
  });
});
