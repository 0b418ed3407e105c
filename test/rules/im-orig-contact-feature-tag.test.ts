// IM-ORIG-CONTACT-FEATURE-TAG (SPEC §5.1, §3.3): expected verdicts written from SPEC.
import { describe, expect, test } from 'vitest';
import { rule } from '../../src/rules/im-orig-contact-feature-tag.js';
import { ctx, tokens } from '../helpers/group-session.js';
import { invite, origDialog } from './orig-request.js';

const judge = (m: string | null) => rule.check(origDialog({ invite: invite({ m }) }), ctx());

describe('IM-ORIG-CONTACT-FEATURE-TAG', () => {
  test.each([
    '<sip:alice@10.0.0.5:5060;transport=tcp>;+g.oma.sip-im',
    '<sip:alice@10.0.0.5>;+g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session";+G.OMA.SIP-IM;+sip.instance="<urn:uuid:1>"',
    'sip:alice@10.0.0.5;+g.oma.sip-im',
    '<sips:alice@10.0.0.5>;+g.oma.sip-im="TRUE"',
  ])('passes: %s', (contact) => {
    expect(tokens(judge(contact))).toEqual(['pass']);
  });

  test('inside the brackets it is a URI parameter: fails with the RFC 3840 explanation', () => {
    const [v] = judge('<sip:alice@10.0.0.5;+g.oma.sip-im>');
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'error', 'in-uri']);
    expect(v.message).toContain('RFC 3840 §5');
  });

  test.each([
    [null, 'absent'],
    ['*', 'star'],
    ['<sip:alice@10.0.0.5>;+g.oma.sip-im="FALSE"', 'negated'],
    ['<sip:alice@10.0.0.5>;+g.oma.sip-im.large-message', 'tag-missing'],
    ['<tel:+447700900001>;+g.oma.sip-im', 'not-sip'],
  ])('%s fails (%s)', (contact, id) => {
    expect(judge(contact).map((v) => v.messageId)).toEqual([id]);
  });

  test('two Contact values fail; the tag being on neither is a second finding', () => {
    expect(judge('<sip:a@10.0.0.5>;+g.oma.sip-im, <sip:a@10.0.0.6>;+g.oma.sip-im').map((v) => v.messageId)).toEqual(['several']);
    expect(judge('<sip:a@10.0.0.5>, <sip:a@10.0.0.6>').map((v) => v.messageId)).toEqual(['several', 'tag-missing']);
  });
});
