// IM-ADHOC-NO-LIST-IN-REINVITE: re-INVITEs in an ad-hoc dialog SHOULD NOT carry a recipient list
// again (RFC 5366 §3.2): the list was consumed when the focus created the conference.
import { isRecipientListPart, listParts } from '../dialog/conference.js';
import { adhocRuleCheck, adhocRuleMessages, unlessAdhoc } from './adhoc-form.js';
import type { Dialog } from '../dialog/types.js';
import type { SipMessage } from '../sip/types.js';
import type { Rule, RuleMeta } from './types.js';
import { evidenceOf, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ADHOC-NO-LIST-IN-REINVITE',
  title: 'No recipient list in re-INVITEs of an ad-hoc session',
  clause: 'RFC 5366 §3.2',
  source: 'RFC 5366',
  keyword: 'SHOULD NOT',
  severity: 'warning',
  basis: 'V',
  defaultEnabled: true,
  description:
    'Once an ad-hoc session exists, re-INVITEs the client sends in it SHOULD NOT carry a body part with ' +
    'Content-Disposition: recipient-list.',
  messages: {
    ...adhocRuleMessages,
    clean: '{count} re-INVITE(s) without a recipient-list part',
    'list-repeated': '{count} re-INVITE(s) carry a recipient-list part again',
  },
};

export const rule: Rule = {
  meta,
  check: adhocRuleCheck(
    meta,
    (t) => unlessAdhoc(t) ?? (reInvites(t.dialog).length === 0 ? 'no re-INVITE from the client' : undefined),
    ({ dialog }) => {
      const all = reInvites(dialog);
      const withList = all.filter((m) => listParts(m).some(isRecipientListPart));
      if (withList.length === 0) {
        return [verdict(meta, { verdict: 'pass', messageId: 'clean', data: { count: all.length }, evidence: all.map((m) => evidenceOf(m)) })];
      }
      const evidence = withList.map((m) => evidenceOf(m, m.fields('Content-Type')[0], 'carries Content-Disposition: recipient-list'));
      return [verdict(meta, { verdict: 'fail', messageId: 'list-repeated', data: { count: withList.length }, evidence })];
    },
    false,
  ),
};

function reInvites(dialog: Dialog): SipMessage[] {
  return dialog.transactions.filter((t) => t.method === 'INVITE' && t.from === 'client').map((t) => t.clientCopy ?? t.request);
}
