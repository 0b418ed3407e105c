// IM-ADHOC-MULTIPART: an INVITE that carries a resource list SHALL be multipart/mixed, with the SDP
// and the list as parts (OMA V1.0 fragment). Never applied to 1-1 INVITEs: the change request
// behind 7.1.1.1 removed multipart/mixed from the general rules (SPEC §5.1 note).
import { adhocRuleCheck, adhocRuleMessages, unlessListCarried } from './adhoc-form.js';
import type { Rule, RuleMeta } from './types.js';
import { evidenceOfHeader, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ADHOC-MULTIPART',
  title: 'Resource-list INVITE is multipart/mixed with SDP and list parts',
  clause: 'OMA-TS-SIMPLE_IM V1.0, extending a 1-1 session to an ad-hoc session',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'An INVITE that carries a resource list SHALL have Content-Type multipart/mixed with a boundary, one application/sdp part ' +
    'and one resource-list part. A 1-1 INVITE with an application/sdp body is correct and is never judged here.',
  messages: {
    ...adhocRuleMessages,
    multipart: 'multipart/mixed body with an SDP part and a resource-list part',
    'not-multipart': 'the INVITE carries a resource list but its Content-Type is {type}, not multipart/mixed',
    'no-boundary': 'Content-Type multipart/mixed has no boundary parameter',
    'no-sdp-part': 'the multipart body has no application/sdp part',
    unreadable: 'the Content-Type header cannot be read: {error}',
  },
};

export const rule: Rule = {
  meta,
  check: adhocRuleCheck(meta, unlessListCarried, ({ invite }) => {
    const evidence = evidenceOfHeader(invite, 'Content-Type');
    const ct = invite.contentType();
    if (ct.state === 'absent') return [verdict(meta, { verdict: 'fail', messageId: 'not-multipart', data: { type: '(absent)' }, evidence })];
    if (ct.state !== 'ok') return [verdict(meta, { verdict: 'inconclusive', messageId: 'unreadable', data: { error: ct.diagnostic.message }, evidence })];
    const type = `${ct.value.type}/${ct.value.subtype}`;
    if (type !== 'multipart/mixed') return [verdict(meta, { verdict: 'fail', messageId: 'not-multipart', data: { type }, evidence })];
    if (!ct.value.params.some((p) => p.name.toLowerCase() === 'boundary' && p.value)) {
      return [verdict(meta, { verdict: 'fail', messageId: 'no-boundary', evidence })];
    }
    // The list part is there (the trigger found it); the SDP offer must be a part beside it.
    if (!invite.bodyParts().some((p) => p.contentType?.type === 'application' && p.contentType.subtype === 'sdp')) {
      return [verdict(meta, { verdict: 'fail', messageId: 'no-sdp-part', evidence })];
    }
    return [verdict(meta, { verdict: 'pass', messageId: 'multipart', evidence })];
  }),
};
