// IM-ADHOC-RESOURCE-LIST: the invited users travel in a MIME resource-list body with disposition
// recipient-list (OMA V1.0 fragment; RFC 5366 §3).
import { isRecipientListPart, isResourceListsPart, primaryListPart, resourceListOf } from '../dialog/conference.js';
import { adhocRuleCheck, adhocRuleMessages, unlessAdhoc } from './adhoc-form.js';
import type { Rule, RuleMeta } from './types.js';
import { evidenceOf, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ADHOC-RESOURCE-LIST',
  title: 'Ad-hoc INVITE lists the invitees in a recipient-list body',
  clause: 'OMA-TS-SIMPLE_IM V1.0, extending a 1-1 session to an ad-hoc session; RFC 5366 §3',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'An ad-hoc or extension INVITE SHALL add the invited users in a MIME resource-list body: a part with Content-Type ' +
    'application/resource-lists+xml and Content-Disposition: recipient-list whose XML parses and has at least one <entry uri=…>.',
  messages: {
    ...adhocRuleMessages,
    listed: 'recipient-list body with {count} entries',
    'no-list': 'the ad-hoc INVITE has no resource-list body part',
    'no-disposition': 'the resource-lists part has Content-Disposition {disposition}, not recipient-list',
    'wrong-type': 'the recipient-list part has Content-Type {type}, not application/resource-lists+xml',
    unreadable: 'the resource list does not parse: {error}',
    empty: 'the resource list has no <entry uri=…>',
  },
};

export const rule: Rule = {
  meta,
  check: adhocRuleCheck(meta, unlessAdhoc, ({ invite }) => {
    const part = primaryListPart(invite);
    if (!part) return [verdict(meta, { verdict: 'fail', messageId: 'no-list', evidence: [evidenceOf(invite)] })];
    // A single-part body carries its Content-Type / Content-Disposition in the message headers.
    const wholeBody = invite.bodyParts().length === 1 && part.headers.length === 0;
    const header = (name: string): string => {
      const f = wholeBody ? invite.fields(name)[0] : part.headers.find((h) => h.canonical === name);
      return f ? `${f.name}: ${f.value}` : `${name}: absent`;
    };
    const evidence = [evidenceOf(invite, header('Content-Type'), 'resource-list body part'), evidenceOf(invite, header('Content-Disposition'))];
    if (!isResourceListsPart(part)) {
      const type = part.contentType ? `${part.contentType.type}/${part.contentType.subtype}` : '(none)';
      return [verdict(meta, { verdict: 'fail', messageId: 'wrong-type', data: { type }, evidence })];
    }
    if (!isRecipientListPart(part)) {
      const disposition = part.contentDisposition?.dispositionType ?? '(absent)';
      return [verdict(meta, { verdict: 'fail', messageId: 'no-disposition', data: { disposition }, evidence })];
    }
    const list = resourceListOf(part);
    if (!list.ok) return [verdict(meta, { verdict: 'fail', messageId: 'unreadable', data: { error: list.error }, evidence })];
    if (list.value.length === 0) return [verdict(meta, { verdict: 'fail', messageId: 'empty', evidence })];
    return [verdict(meta, { verdict: 'pass', messageId: 'listed', data: { count: list.value.length }, evidence })];
  }),
};
