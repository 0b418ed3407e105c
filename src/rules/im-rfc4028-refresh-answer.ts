// IM-RFC4028-REFRESH-ANSWER: the client's 2xx to a session refresh from the peer (RFC 4028 §9):
// Session-Expires copied (reduced at most to Min-SE or 90, never increased), refresher set, Require:
// timer with refresher=uac (SHOULD with uas), no Min-SE in the response (§5). SPEC §5.5.
import type { Severity } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import { isSuccess, timerScope } from '../dialog/session-timer.js';
import type { Dialog, Transaction } from '../dialog/types.js';
import type { SipMessage } from '../sip/types.js';
import type { Evidence, Rule, RuleMeta, Verdict } from './types.js';
import { evidenceOf, evidenceOfHeader, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-RFC4028-REFRESH-ANSWER',
  title: "The client's 2xx to a peer's session refresh follows RFC 4028 §9",
  clause: 'RFC 4028 §9, §5',
  source: 'RFC 4028',
  keyword: 'MUST',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'When the peer sends a re-INVITE or UPDATE carrying Session-Expires and the client answers 2xx, the 2xx ' +
    'copies Session-Expires (it "MAY reduce its value" but not below Min-SE or 90 s, and "MUST NOT increase" ' +
    'it), "MUST set the value of the refresher parameter", carries Require: timer when refresher=uac (SHOULD ' +
    'when uas), and carries no Min-SE (RFC 4028 §5). A request without Supported: timer leaves the UAS as ' +
    'refresher (Table 2).',
  messages: {
    outOfScope: 'not applicable: {reason}',
    noPeerRefresh: 'not applicable: the client answered no peer re-INVITE/UPDATE carrying Session-Expires with a 2xx',
    wellFormed: '2xx to the peer {method}: Session-Expires {se};refresher={refresher} formed as RFC 4028 §9 asks',
    seAbsent: '2xx to the peer {method} has no Session-Expires although the request carried {asked}',
    seIncreased: '2xx to the peer {method} raises Session-Expires from {asked} to {se} (MUST NOT increase)',
    seBelowMin: '2xx to the peer {method} lowers Session-Expires to {se}, below {min}',
    noRefresher: '2xx to the peer {method} has Session-Expires without refresher (MUST set it)',
    uacWithoutSupport: '2xx to the peer {method} says refresher=uac but the request lacked Supported: timer (Table 2: uas)',
    noRequire: '2xx to the peer {method} with refresher={refresher} lacks Require: timer ({keyword})',
    minSeInResponse: '2xx to the peer {method} carries Min-SE (RFC 4028 §5: not in responses other than 422)',
    unreadable: 'inconclusive: {header} unreadable in {where}',
  },
};

function hasTag(v: ReturnType<SipMessage['supported']>, tag: string): boolean {
  return v.state === 'ok' && v.value.some((t) => t.toLowerCase() === tag);
}

/** Exported for IM-TERM-TIMER, which judges the client's 2xx to the initial INVITE the same way under its own id. */
export function judgeAnswer(t: Transaction, answer: SipMessage, m: RuleMeta = meta): Verdict[] {
  const req = t.request;
  const asked = req.sessionExpires();
  const data: Record<string, string | number> = { method: t.method };
  const reqEvidence = evidenceOfHeader(req, 'Session-Expires', 'peer refresh');
  if (asked.state !== 'ok')
    return [verdict(m, { verdict: 'inconclusive', messageId: 'unreadable', data: { header: 'Session-Expires', where: 'the peer refresh' }, evidence: reqEvidence })];
  data.asked = asked.value.deltaSeconds;
  const se = answer.sessionExpires();
  const out: Verdict[] = [];
  const fail = (messageId: string, evidence: Evidence[], severity: Severity = 'error') =>
    out.push(verdict(m, { verdict: 'fail', messageId, severity, data, evidence: [...reqEvidence, ...evidence] }));
  if (se.state === 'absent') fail('seAbsent', [evidenceOf(answer, undefined, 'Session-Expires: absent')]);
  else if (se.state !== 'ok')
    return [verdict(m, { verdict: 'inconclusive', messageId: 'unreadable', data: { header: 'Session-Expires', where: 'the 2xx' }, evidence: evidenceOfHeader(answer, 'Session-Expires') })];
  else {
    const seEvidence = [evidenceOf(answer, se.fields[0])];
    data.se = se.value.deltaSeconds;
    data.refresher = se.value.refresher ?? 'none';
    const minReq = req.minSE();
    const floor = Math.max(90, minReq.state === 'ok' ? minReq.value.deltaSeconds : 0);
    data.min = minReq.state === 'ok' ? `Min-SE ${floor}` : '90 s';
    if (se.value.deltaSeconds > asked.value.deltaSeconds) fail('seIncreased', seEvidence);
    else if (se.value.deltaSeconds < floor) fail('seBelowMin', seEvidence);
    if (se.value.refresher === undefined) fail('noRefresher', seEvidence);
    else {
      if (se.value.refresher === 'uac' && !hasTag(req.supported(), 'timer')) fail('uacWithoutSupport', seEvidence);
      if (!hasTag(answer.require(), 'timer')) {
        data.keyword = se.value.refresher === 'uac' ? 'MUST' : 'SHOULD';
        fail('noRequire', evidenceOfHeader(answer, 'Require'), se.value.refresher === 'uac' ? 'error' : 'warning');
      }
    }
  }
  if (answer.minSE().state !== 'absent') fail('minSeInResponse', evidenceOfHeader(answer, 'Min-SE'));
  if (out.length === 0) out.push(verdict(m, { verdict: 'pass', messageId: 'wellFormed', data, evidence: [...reqEvidence, ...evidenceOfHeader(answer, 'Session-Expires')] }));
  return out;
}

function check(dialog: Dialog, _config: ImlintConfig): Verdict[] {
  const reason = timerScope(dialog);
  if (reason !== undefined)
    return [verdict(meta, { verdict: 'not-applicable', messageId: 'outOfScope', data: { reason }, evidence: [evidenceOf(dialog.initialInvite.request)] })];
  const out: Verdict[] = [];
  for (const t of dialog.transactions) {
    if (t.from !== 'peer' || (t.method !== 'INVITE' && t.method !== 'UPDATE')) continue;
    if (t.request.sessionExpires().state === 'absent') continue;
    const answer = t.responses.find((r) => isSuccess(r));
    if (answer) out.push(...judgeAnswer(t, answer));
  }
  if (out.length === 0)
    return [verdict(meta, { verdict: 'not-applicable', messageId: 'noPeerRefresh', evidence: [evidenceOf(dialog.confirmed ?? dialog.initialInvite.request)] })];
  return out;
}

export const rule: Rule = { meta, check: (dialog, ctx) => check(dialog, ctx.config) };
