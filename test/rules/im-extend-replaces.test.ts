import { describe, expect, it } from 'vitest';
import type { OpenOneToOneSession } from '../../src/dialog/types.js';
import { rule } from '../../src/rules/im-extend-replaces.js';
import { parseUri } from '../../src/sip/index.js';
import { RESOURCE_LIST, ctx, tokens } from '../helpers/group-session.js';
import { adhocDialog, multipart } from './adhoc-invites.js';

const withEntry = (uri: string) => multipart(undefined, RESOURCE_LIST.replace('sip:bob@im.example.net', uri));

/** An open 1-1 session of the client (tags as the client sees them: localTag is its own). */
function session(callId: string, peerAor: string, localTag = 'a1', remoteTag = 'b1'): OpenOneToOneSession {
  return { callId, localTag, remoteTag, peerAor, peerUri: parseUri(peerAor) };
}

/** The ad-hoc INVITE sent while `open` 1-1 sessions were confirmed and not yet ended. */
function extension(body: string, open: OpenOneToOneSession[]) {
  const d = adhocDialog(undefined, body);
  d.openSessionsAtStart = open;
  return d;
}

const BOB_1_1 = session('o1@10.0.0.5', 'sip:bob@im.example.net');

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

describe('IM-EXTEND-REPLACES: extending an open 1-1 session (SPEC §5.4)', () => {
  it('passes when the peer entry names the open 1-1 dialog: to-tag the peer\'s, from-tag the client\'s', () => {
    const v = rule.check(extension(withEntry('sip:bob@im.example.net?Replaces=o1%4010.0.0.5%3Bto-tag%3Db1%3Bfrom-tag%3Da1'), [BOB_1_1]), ctx());
    expect(tokens(v)).toEqual(['pass']);
    expect(v[0].message).toContain('open 1-1 session o1@10.0.0.5');
  });

  it('fails when the peer of an open 1-1 session is listed without Replaces', () => {
    const v = rule.check(extension(multipart(), [BOB_1_1]), ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].message).toContain('extension of o1@10.0.0.5 without Replaces');
    expect(v[0].evidence[0].header).toContain('sip:bob@im.example.net');
  });

  it('fails when the Replaces names another Call-ID', () => {
    const v = rule.check(extension(withEntry('sip:bob@im.example.net?Replaces=other%4010.0.0.5%3Bto-tag%3Db1%3Bfrom-tag%3Da1'), [BOB_1_1]), ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].message).toContain('naming other@10.0.0.5');
    expect(v[0].message).toContain('o1@10.0.0.5 (to-tag b1, from-tag a1)');
    expect(v[0].message).not.toContain('swapped');
  });

  it('fails, saying so, when to-tag and from-tag are swapped (the client\'s own tag as to-tag)', () => {
    const v = rule.check(extension(withEntry('sip:bob@im.example.net?Replaces=o1%4010.0.0.5%3Bto-tag%3Da1%3Bfrom-tag%3Db1'), [BOB_1_1]), ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].message).toContain('swapped');
  });

  it('keeps the form check for an extension entry whose Replaces lacks a tag', () => {
    const v = rule.check(extension(withEntry('sip:bob@im.example.net?Replaces=o1%4010.0.0.5%3Bto-tag%3Db1'), [BOB_1_1]), ctx());
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].message).toContain('without from-tag');
  });

  it('accepts either of two open sessions with the same peer', () => {
    const open = [BOB_1_1, session('o2@10.0.0.5', 'sip:bob@im.example.net', 'a2', 'b2')];
    const named = rule.check(extension(withEntry('sip:bob@im.example.net?Replaces=o2%4010.0.0.5%3Bto-tag%3Db2%3Bfrom-tag%3Da2'), open), ctx());
    expect(tokens(named)).toEqual(['pass']);
    const absent = rule.check(extension(multipart(), open), ctx());
    expect(absent[0].message).toContain('extension of o1@10.0.0.5 or o2@10.0.0.5 without Replaces');
  });

  it('matches the peer by URI comparison (SPEC §3.4): host ignoring case, user exactly', () => {
    const hostCase = rule.check(extension(withEntry('sip:bob@IM.Example.NET'), [BOB_1_1]), ctx());
    expect(tokens(hostCase)).toEqual(['fail:error']);
    const userCase = rule.check(extension(withEntry('sip:Bob@im.example.net'), [BOB_1_1]), ctx());
    expect(tokens(userCase)).toEqual(['not-applicable']);
  });

  it('judges each listed peer of an open session: carol listed without Replaces fails, bob\'s entry passes', () => {
    const open = [BOB_1_1, session('o3@10.0.0.5', 'sip:carol@im.example.net', 'a3', 'c3')];
    const v = rule.check(extension(withEntry('sip:bob@im.example.net?Replaces=o1%4010.0.0.5%3Bto-tag%3Db1%3Bfrom-tag%3Da1'), open), ctx());
    expect(tokens(v)).toEqual(['pass', 'fail:error']);
    expect(v[1].message).toContain('extension of o3@10.0.0.5 without Replaces');
  });

  it('is not applicable when open sessions exist but none of their peers is listed and no entry carries Replaces', () => {
    expect(tokens(rule.check(extension(multipart(), [session('o4@10.0.0.5', 'sip:dave@im.example.net')]), ctx()))).toEqual(['not-applicable']);
  });
});
