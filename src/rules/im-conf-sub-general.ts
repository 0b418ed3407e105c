// IM-CONF-SUB-GENERAL ([B]): a literal reading of §7.1.1.1 (1)–(2) "in all initial requests" — the
// conference SUBSCRIBE is an initial request too, so IM-ORIG-ACCEPT-CONTACT and IM-ORIG-USER-AGENT
// are run on it (their exported checks), reported under this id. `--general-scope invite` turns it off.
import { judgedCopy, vantageLabel } from '../dialog/vantage.js';
import { formRuleCheck, formRuleMessages } from './conf-sub-form.js';
import { checkAcceptContact, rule as acceptContact } from './im-orig-accept-contact.js';
import { checkUserAgent, rule as userAgent } from './im-orig-user-agent.js';
import { vantageOfCopy } from './orig-general.js';
import type { Rule, RuleMeta, Verdict } from './types.js';

/** Message ids of the borrowed checks, prefixed so the two sets cannot collide. */
const ACCEPT_CONTACT = 'accept-contact.';
const USER_AGENT = 'user-agent.';

function prefixed(prefix: string, messages: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(messages).map(([id, text]) => [prefix + id, text]));
}

const meta: RuleMeta = {
  id: 'IM-CONF-SUB-GENERAL',
  title: 'Conference SUBSCRIBE carries the general initial-request headers',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (1)–(2) [B]',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'B',
  defaultEnabled: true,
  parent: 'IM-ORIG-CONF-SUBSCRIBE',
  description:
    'Best reading of "in all initial requests": the conference SUBSCRIBE is an initial request, so it carries Accept-Contact ' +
    'with *;+g.oma.sip-im and a User-Agent naming IM-client/OMA<major>.<minor> (rcsjta sets both). Two verdicts, Accept-Contact ' +
    'then User-Agent, decided exactly as IM-ORIG-ACCEPT-CONTACT and IM-ORIG-USER-AGENT. Off with --general-scope invite.',
  messages: {
    ...formRuleMessages,
    ...prefixed(ACCEPT_CONTACT, acceptContact.meta.messages),
    ...prefixed(USER_AGENT, userAgent.meta.messages),
  },
};

function relabel(prefix: string, verdicts: Verdict[]): Verdict[] {
  return verdicts.map((v) => ({ ...v, rule: meta.id, clause: meta.clause, messageId: prefix + v.messageId }));
}

const judge = formRuleCheck(meta, ({ subscribe, dialog }, ctx) => {
  const msg = judgedCopy(subscribe.transaction);
  const vantage = vantageOfCopy(msg);
  const req = { msg, vantage, note: `conference SUBSCRIBE; vantage=${vantageLabel(vantage)}`, dialog };
  return [...relabel(ACCEPT_CONTACT, checkAcceptContact(req, ctx)), ...relabel(USER_AGENT, checkUserAgent(req, ctx))];
});

export const rule: Rule = {
  meta,
  check: (dialog, ctx) => (ctx.config.generalScope === 'invite' ? [] : judge(dialog, ctx)),
};
