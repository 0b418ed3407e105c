// IM-CONF-SUB-NEW-DIALOG: the conference SUBSCRIBE SHOULD be sent outside any INVITE-initiated dialog
// (RFC 4579 §3.4; TS 24.379 "use a new SIP-dialog"). Inside the INVITE dialog it still counts for §7.
import { evidenceOf, verdict } from './verdict.js';
import { formRuleCheck, formRuleMessages } from './conf-sub-form.js';
import type { Rule, RuleMeta } from './types.js';

const meta: RuleMeta = {
  id: 'IM-CONF-SUB-NEW-DIALOG',
  title: 'Conference SUBSCRIBE sent in a new dialog',
  clause: 'RFC 4579 §3.4',
  source: 'RFC 4579',
  keyword: 'SHOULD',
  severity: 'warning',
  basis: 'V',
  defaultEnabled: true,
  parent: 'IM-ORIG-CONF-SUBSCRIBE',
  description:
    'The SUBSCRIBE to the conference package SHOULD be sent outside any INVITE-initiated dialog: no To tag and a Call-ID ' +
    'different from the group session. A SUBSCRIBE inside the INVITE dialog fails at warning severity but still counts ' +
    'as subscribing for IM-ORIG-CONF-SUBSCRIBE.',
  messages: {
    ...formRuleMessages,
    'new-dialog': 'SUBSCRIBE opens a new dialog (Call-ID {callId}, no To tag)',
    'inside-invite-dialog': 'SUBSCRIBE sent inside the INVITE dialog (Call-ID {callId}); it still counts as subscribed',
    'to-tag': 'SUBSCRIBE carries To tag {toTag}: it is sent inside an existing dialog, not a new one',
  },
};

export const rule: Rule = {
  meta,
  check: formRuleCheck(meta, ({ subscribe: s, dialog }) => {
    const msg = s.request;
    const callId = msg.callId ?? '';
    const data = { callId, toTag: msg.toTag ?? '' };
    const evidence = [evidenceOf(msg, msg.fields('Call-ID')[0]), evidenceOf(msg, msg.fields('To')[0])];
    if (s.subscription.insideInviteDialog || callId === dialog.callId) {
      return [verdict(meta, { verdict: 'fail', messageId: 'inside-invite-dialog', data, evidence })];
    }
    if (msg.toTag !== undefined) return [verdict(meta, { verdict: 'fail', messageId: 'to-tag', data, evidence })];
    return [verdict(meta, { verdict: 'pass', messageId: 'new-dialog', data, evidence })];
  }),
};
