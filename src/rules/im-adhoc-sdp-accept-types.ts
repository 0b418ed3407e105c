// IM-ADHOC-SDP-ACCEPT-TYPES: the ad-hoc INVITE's MSRP media line SHALL carry
// a=accept-types with message/cpim; other formats or '*' MAY be listed too (OMA V1.0 fragment).
import { adhocRuleCheck, adhocRuleMessages, unlessAdhoc } from './adhoc-form.js';
import type { Rule, RuleMeta } from './types.js';
import { evidenceOf, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ADHOC-SDP-ACCEPT-TYPES',
  title: 'Ad-hoc SDP offers accept-types message/cpim',
  clause: 'OMA-TS-SIMPLE_IM V1.0, extending a 1-1 session to an ad-hoc session',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'In an ad-hoc or extension INVITE the SDP "accept-types" attribute of the MSRP media line SHALL include message/cpim ' +
    '(compared ignoring case); the client MAY list other formats or "*" beside it.',
  messages: {
    ...adhocRuleMessages,
    cpim: 'a=accept-types:{types} includes message/cpim',
    lacks: 'a=accept-types:{types} does not include message/cpim',
    'no-accept-types': 'the MSRP media line has no a=accept-types attribute',
    'no-msrp': 'the SDP offer has no MSRP media line (m=message … TCP/MSRP)',
    'no-sdp': 'the INVITE has no SDP offer',
  },
};

export const rule: Rule = {
  meta,
  check: adhocRuleCheck(meta, unlessAdhoc, ({ invite }) => {
    const sdp = invite.sdp();
    if (!sdp) return [verdict(meta, { verdict: 'fail', messageId: 'no-sdp', evidence: [evidenceOf(invite)] })];
    const msrp = sdp.media.find((m) => m.media === 'message' && m.proto.toUpperCase().includes('MSRP'));
    if (!msrp) return [verdict(meta, { verdict: 'fail', messageId: 'no-msrp', evidence: [evidenceOf(invite, undefined, 'SDP media: ' + sdp.media.map((m) => `m=${m.media} ${m.proto}`).join(', '))] })];
    const attrs = msrp.attributes.filter((a) => a.name.toLowerCase() === 'accept-types');
    const mline = `m=${msrp.media} ${msrp.port} ${msrp.proto} ${msrp.formats.join(' ')}`;
    if (attrs.length === 0) return [verdict(meta, { verdict: 'fail', messageId: 'no-accept-types', evidence: [evidenceOf(invite, mline)] })];
    const types = attrs.flatMap((a) => a.value.split(/\s+/).filter((t) => t.length > 0));
    const evidence = attrs.map((a) => evidenceOf(invite, `a=accept-types:${a.value}`, mline));
    const data = { types: types.join(' ') };
    if (types.some((t) => t.toLowerCase() === 'message/cpim')) return [verdict(meta, { verdict: 'pass', messageId: 'cpim', data, evidence })];
    return [verdict(meta, { verdict: 'fail', messageId: 'lacks', data, evidence })];
  }),
};
