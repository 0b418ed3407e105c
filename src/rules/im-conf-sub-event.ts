// IM-CONF-SUB-EVENT: exactly one Event header, event type "conference" byte for byte
// (RFC 6665 §3.1.2, §8.2.1; RFC 4575 §3.1).
import { CONFERENCE_EVENT } from '../dialog/conference.js';
import { evidenceOf, evidenceOfHeader, verdict } from './verdict.js';
import { formRuleCheck, formRuleMessages } from './conf-sub-form.js';
import type { Rule, RuleMeta } from './types.js';

const meta: RuleMeta = {
  id: 'IM-CONF-SUB-EVENT',
  title: 'Conference SUBSCRIBE carries Event: conference',
  clause: 'RFC 6665 §3.1.2, §8.2.1; RFC 4575 §3.1',
  source: 'RFC 6665',
  keyword: 'MUST',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  parent: 'IM-ORIG-CONF-SUBSCRIBE',
  description:
    'Subscribers MUST include exactly one Event header field (compact o); the conference package is named "conference", ' +
    'and event types are compared byte by byte, so "Conference" names another package.',
  messages: {
    ...formRuleMessages,
    conference: 'Event: {type}',
    missing: 'the SUBSCRIBE has no Event header',
    repeated: 'the SUBSCRIBE has {count} Event header fields; RFC 6665 §3.1.2 requires exactly one',
    'wrong-case': 'Event: {type} differs from "conference" in case; event types are compared byte by byte (RFC 6665 §8.2.1)',
    other: 'Event: {type} is not the conference package',
    malformed: 'the Event header cannot be read: {error}',
  },
};

export const rule: Rule = {
  meta,
  check: formRuleCheck(meta, ({ subscribe: s }) => {
    const msg = s.request;
    const fields = msg.fields('Event');
    const evidence = evidenceOfHeader(msg, 'Event');
    if (fields.length === 0) return [verdict(meta, { verdict: 'fail', messageId: 'missing', evidence })];
    if (fields.length > 1) return [verdict(meta, { verdict: 'fail', messageId: 'repeated', data: { count: fields.length }, evidence })];
    const ev = msg.event();
    if (ev.state !== 'ok') {
      const error = ev.state === 'absent' ? 'absent' : ev.diagnostic.message;
      return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { error }, evidence })];
    }
    const type = ev.value.eventType;
    if (type === CONFERENCE_EVENT) return [verdict(meta, { verdict: 'pass', messageId: 'conference', data: { type }, evidence })];
    const messageId = type.toLowerCase() === CONFERENCE_EVENT ? 'wrong-case' : 'other';
    return [verdict(meta, { verdict: 'fail', messageId, data: { type }, evidence: [evidenceOf(msg, fields[0])] })];
  }),
};
