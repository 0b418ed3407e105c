// IM-TERM-TIMER (provisional): the terminating client's 2xx to the initial INVITE follows the UAS
// session-timer duties of RFC 4028 §9 — judged exactly as IM-RFC4028-REFRESH-ANSWER judges a 2xx
// to a peer refresh (SPEC §5.7), plus Table 2's rule that the UAS keeps the UAC's refresher choice.
import { judgeAnswer, rule as refreshAnswer } from './im-rfc4028-refresh-answer.js';
import { terminatingRuleCheck, terminatingRuleMessages } from './term-form.js';
import type { Rule, RuleMeta, Verdict } from './types.js';
import { evidenceOfHeader, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-TERM-TIMER',
  title: 'Terminating 2xx answers the session timer per RFC 4028 §9',
  clause: 'RFC 4028 §9, §5; OMA-TS-SIMPLE_IM §7.1.2 [B]',
  source: 'RFC 4028',
  keyword: 'MUST',
  severity: 'error',
  basis: 'B',
  defaultEnabled: false,
  description:
    'Provisional: when the client accepts an IM session INVITE carrying Session-Expires, its 2xx copies Session-Expires ' +
    '(it may reduce it, never below Min-SE or 90 s, never increase it), MUST set the refresher and keep the UAC\'s choice ' +
    '(uas when the UAC lacks Supported: timer), MUST add Require: timer with refresher=uac (SHOULD with uas) and MUST NOT ' +
    'carry Min-SE. The timer verdict of §6 then applies with the roles swapped. Off unless --terminating.',
  messages: {
    ...refreshAnswer.meta.messages,
    ...terminatingRuleMessages,
    'no-timer': 'the INVITE carries no Session-Expires: no timer answer to judge',
    'overrides-uac': 'the INVITE asked refresher={asked} but the 2xx says {refresher}; the UAS cannot override the UAC\'s choice (RFC 4028 §9 Table 2)',
  },
};

export const rule: Rule = {
  meta,
  check: terminatingRuleCheck(meta, ({ dialog, invite, ok }) => {
    if (invite.sessionExpires().state === 'absent') {
      return [verdict(meta, { verdict: 'not-applicable', messageId: 'no-timer', evidence: evidenceOfHeader(invite, 'Session-Expires') })];
    }
    const out: Verdict[] = judgeAnswer({ ...dialog.initialInvite, request: invite }, ok, meta);
    const asked = invite.sessionExpires();
    const answered = ok.sessionExpires();
    const supported = invite.supported();
    const uacSupports = supported.state === 'ok' && supported.value.some((t) => t.toLowerCase() === 'timer');
    if (uacSupports && asked.state === 'ok' && answered.state === 'ok' && asked.value.refresher !== undefined && answered.value.refresher !== undefined && asked.value.refresher !== answered.value.refresher) {
      const evidence = [...evidenceOfHeader(invite, 'Session-Expires'), ...evidenceOfHeader(ok, 'Session-Expires')];
      const fail = verdict(meta, { verdict: 'fail', messageId: 'overrides-uac', data: { asked: asked.value.refresher, refresher: answered.value.refresher }, evidence });
      return out.every((v) => v.verdict === 'pass') ? [fail] : [...out, fail];
    }
    return out;
  }),
};
