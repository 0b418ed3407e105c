// IM-RFC4028-422-RETRY: after a 422 to its initial INVITE, a retry MUST carry Min-SE equal to the
// largest Min-SE of all 422s on that Call-ID, and Session-Expires ≥ Min-SE (RFC 4028 §7.4). The
// retry itself is MAY (§7.3), SHALL under profile 3gpp (TS 24.229 §5.1.2A.1.1). SPEC §5.5, §8.
import type { ImlintConfig } from '../config/types.js';
import { nsToSec, secToNs, timerScope } from '../dialog/session-timer.js';
import type { Dialog, Transaction } from '../dialog/types.js';
import type { Evidence, Rule, RuleMeta, Verdict } from './types.js';
import { evidenceOf, evidenceOfHeader, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-RFC4028-422-RETRY',
  title: 'Retry after 422 carries the largest Min-SE',
  clause: 'RFC 4028 §7.4 (retry MAY per §7.3; SHALL per TS 24.229 §5.1.2A.1.1 under profile 3gpp)',
  source: 'RFC 4028',
  keyword: 'MUST',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'After a 422 (Session Interval Too Small) to an initial INVITE, a retry (same Call-ID and From tag, no To ' +
    'tag, CSeq+1) MUST carry Min-SE equal to "the largest value among all Min-SE header field values returned in ' +
    'all 422 responses for an INVITE request with the same Call-ID", and Session-Expires at least that value. ' +
    'Not retrying is allowed (MAY), except under profile 3gpp where TS 24.229 makes the retry a SHALL. A 422 ' +
    'without Min-SE is a peer violation (RFC 4028 §6) and leaves the rule not applicable.',
  messages: {
    outOfScope: 'not applicable: {reason}',
    no422: 'not applicable: no 422 to the initial INVITE',
    laterFork: 'not applicable: the 422 retries are judged on the first dialog of this INVITE (fork {fork})',
    no422MinSe: 'not applicable: the 422 carries no Min-SE (peer violation, RFC 4028 §6: "The 422 response MUST contain a Min-SE header field")',
    unreadable: 'inconclusive: {header} unreadable in {where}',
    retryOk: 'retry carries Min-SE {minSe} (largest 422 Min-SE {largest}) and Session-Expires {se}',
    retryMinSeAbsent: 'retry after 422 has no Min-SE; expected {largest}',
    retryMinSeWrong: 'retry after 422 has Min-SE {minSe}; expected the largest 422 Min-SE, {largest}',
    retrySeAbsent: 'retry after 422 has no Session-Expires; expected at least {largest}',
    retrySeLow: 'retry after 422 has Session-Expires {se}, below Min-SE {largest}',
    noRetry: 'not applicable: the client did not retry after the 422 (allowed: RFC 4028 §7.3 MAY)',
    noRetry3gpp: 'no retry after the 422 with Min-SE {largest} (TS 24.229 §5.1.2A.1.1: shall retry)',
    noRetryYet: 'inconclusive: capture ends {after} s after the 422, before a retry was due',
  },
};

function isRetryOf(prev: Transaction, next: Transaction | undefined): next is Transaction {
  if (!next) return false;
  const a = prev.request;
  const b = next.request;
  return a.callId === b.callId && a.fromTag === b.fromTag && b.toTag === undefined;
}

function judge422(dialog: Dialog, config: ImlintConfig, i: number, largest: number): Verdict {
  const attempt = dialog.initialAttempts[i];
  const reply = attempt.final!;
  const evidence: Evidence[] = [...evidenceOfHeader(reply, 'Min-SE', `largest Min-SE of the 422s so far: ${largest}`)];
  const next = dialog.initialAttempts[i + 1];
  const data: Record<string, string | number> = { largest };
  if (!isRetryOf(attempt, next)) {
    if (config.profile !== '3gpp') return verdict(meta, { verdict: 'not-applicable', messageId: 'noRetry', data, evidence });
    const at = reply.ref.timeNs;
    const end = dialog.captureEndNs;
    if (at !== null && end !== null && end < at + secToNs(64 * config.t1Sec)) {
      data.after = nsToSec(end - at).toFixed(3);
      return verdict(meta, { verdict: 'inconclusive', messageId: 'noRetryYet', data, evidence });
    }
    return verdict(meta, { verdict: 'fail', messageId: 'noRetry3gpp', data, evidence });
  }
  const retry = next.request;
  const cseqNote =
    attempt.request.cseq && retry.cseq && retry.cseq.seq !== attempt.request.cseq.seq + 1
      ? `; CSeq ${retry.cseq.seq} is not ${attempt.request.cseq.seq}+1 (RFC 4028 §7.4 should)`
      : '';
  const minSe = retry.minSE();
  const se = retry.sessionExpires();
  evidence.push(...evidenceOfHeader(retry, 'Min-SE', `retry of the INVITE${cseqNote}`), ...evidenceOfHeader(retry, 'Session-Expires'));
  for (const [header, v] of [['Min-SE', minSe], ['Session-Expires', se]] as const)
    if (v.state === 'malformed' || v.state === 'conflict')
      return verdict(meta, { verdict: 'inconclusive', messageId: 'unreadable', data: { header, where: `the retry (${v.diagnostic.message})` }, evidence });
  if (minSe.state !== 'ok') return verdict(meta, { verdict: 'fail', messageId: 'retryMinSeAbsent', data, evidence });
  data.minSe = minSe.value.deltaSeconds;
  if (minSe.value.deltaSeconds !== largest) return verdict(meta, { verdict: 'fail', messageId: 'retryMinSeWrong', data, evidence });
  if (se.state !== 'ok') return verdict(meta, { verdict: 'fail', messageId: 'retrySeAbsent', data, evidence });
  data.se = se.value.deltaSeconds;
  if (se.value.deltaSeconds < largest) return verdict(meta, { verdict: 'fail', messageId: 'retrySeLow', data, evidence });
  return verdict(meta, { verdict: 'pass', messageId: 'retryOk', data, evidence });
}

function check(dialog: Dialog, config: ImlintConfig): Verdict[] {
  const reason = timerScope(dialog);
  const first = dialog.initialAttempts[0]?.request ?? dialog.initialInvite.request;
  if (reason !== undefined) return [verdict(meta, { verdict: 'not-applicable', messageId: 'outOfScope', data: { reason }, evidence: [evidenceOf(first)] })];
  // The attempts are shared by every fork of the INVITE: judge them once.
  if ((dialog.forkIndex ?? 0) > 0)
    return [verdict(meta, { verdict: 'not-applicable', messageId: 'laterFork', data: { fork: dialog.forkIndex ?? 0 }, evidence: [evidenceOf(first)] })];
  const out: Verdict[] = [];
  let largest = 0;
  dialog.initialAttempts.forEach((attempt, i) => {
    const reply = attempt.final;
    if (reply?.status !== 422) return;
    const m = reply.minSE();
    if (m.state === 'absent') {
      out.push(verdict(meta, { verdict: 'not-applicable', messageId: 'no422MinSe', evidence: [evidenceOf(reply, undefined, 'Min-SE: absent')] }));
      return;
    }
    if (m.state !== 'ok') {
      out.push(verdict(meta, { verdict: 'inconclusive', messageId: 'unreadable', data: { header: 'Min-SE', where: `the 422 (${m.diagnostic.message})` }, evidence: evidenceOfHeader(reply, 'Min-SE') }));
      return;
    }
    largest = Math.max(largest, m.value.deltaSeconds);
    out.push(judge422(dialog, config, i, largest));
  });
  if (out.length === 0) return [verdict(meta, { verdict: 'not-applicable', messageId: 'no422', evidence: [evidenceOf(first)] })];
  return out;
}

export const rule: Rule = { meta, check: (dialog, ctx) => check(dialog, ctx.config) };
