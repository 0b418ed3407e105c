// IM-TERM-CONF-SUBSCRIBE (provisional, [B]): invited into a group session by a focus (isfocus in the
// INVITE's own Contact) and accepting, the client subscribes to the conference state as in SPEC §7,
// with the conference URI taken from the request's Contact.
import { contactUri } from '../dialog/conference.js';
import { featureTag } from '../sip/index.js';
import type { SipMessage } from '../sip/types.js';
import { conferenceSubscribeMessages, judgeConferenceSubscription } from './im-orig-conf-subscribe.js';
import { terminatingRuleCheck } from './term-form.js';
import type { Rule, RuleMeta } from './types.js';
import { verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-TERM-CONF-SUBSCRIBE',
  title: 'Terminating client subscribes to the conference it was invited to',
  clause: 'OMA-TS-SIMPLE_IM §7.1.2 [B]; RFC 4579 §3.4',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'B',
  defaultEnabled: false,
  description:
    'Provisional (§7.1.2 not found): when a focus (isfocus in the INVITE\'s Contact) invites the client and the client ' +
    'accepts, the §7 decision applies with the conference URI taken from the request\'s Contact. Off unless --terminating.',
  messages: conferenceSubscribeMessages,
};

export const rule: Rule = {
  meta,
  check: terminatingRuleCheck(meta, ({ dialog, invite, ok }, ctx) => {
    if (!fromFocus(invite)) {
      return [verdict(meta, { verdict: 'not-applicable', messageId: 'not-applicable', data: { reason: 'the INVITE does not come from a focus (no isfocus in its Contact)' } })];
    }
    return judgeConferenceSubscription(meta, dialog, {
      conferenceUri: contactUri(invite),
      okMessage: ok,
      signal: 'request-contact:isfocus',
      conferenceUriSource: invite,
    }, ctx);
  }),
};

/** RFC 4579 §4.2: isfocus is a base tag (bare); +sip.isfocus is accepted as written by some stacks. */
function fromFocus(invite: SipMessage): boolean {
  const c = invite.contact();
  if (c.state !== 'ok' || c.value.length !== 1 || c.value[0].star) return false;
  const params = c.value[0].params;
  return featureTag(params, 'isfocus') === 'present' || featureTag(params, '+sip.isfocus') === 'present';
}
