// IM-CONF-NOTIFY-ANSWERED: every NOTIFY of the conference subscription gets a final 2xx from the
// client; a 481 means the client lost the subscription (RFC 6665 §4.1.3).
import { groupSessionSkipReason } from '../dialog/conference.js';
import type { Transaction } from '../dialog/types.js';
import type { Evidence, Rule, RuleMeta } from './types.js';
import { evidenceOf, notApplicable, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-CONF-NOTIFY-ANSWERED',
  title: 'Conference NOTIFYs answered with 2xx',
  clause: 'RFC 6665 §4.1.3',
  source: 'RFC 6665',
  keyword: 'MUST',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  parent: 'IM-ORIG-CONF-SUBSCRIBE',
  description:
    'A subscriber answers each NOTIFY matching its subscription with a 2xx; an unmatched NOTIFY gets 481. A 481 (or any ' +
    'other final non-2xx) to the focus\'s NOTIFY means the client lost or refused its conference subscription. ' +
    'A NOTIFY with no answer after 64*T1 of capture time fails; earlier, the capture cannot tell.',
  messages: {
    'not-applicable': 'not applicable: {reason}',
    'no-notify': 'no NOTIFY from the focus in the conference subscription',
    answered: 'all {total} NOTIFYs answered with 2xx',
    lost: '{failed} of {total} NOTIFYs not answered with 2xx; the client answered {status}: it lost the subscription',
    rejected: '{failed} of {total} NOTIFYs not answered with 2xx; first answer: {status}',
    unanswered: '{failed} of {total} NOTIFYs never answered within 64*T1 ({timeout}s)',
    pending: 'NOTIFY sent {delta}s before the capture ended, less than 64*T1 ({timeout}s): its answer may be missing',
  },
};

type Outcome = 'ok' | 'lost' | 'rejected' | 'unanswered' | 'pending';

export const rule: Rule = {
  meta,
  check(dialog, { config }) {
    const reason = groupSessionSkipReason(dialog);
    if (reason !== undefined) return [notApplicable(meta, 'not-applicable', reason)];
    const notifies = dialog.subscriptions.flatMap((s) => s.notifies.filter((n) => n.from === 'peer'));
    if (notifies.length === 0) return [notApplicable(meta, 'no-notify')];

    const timeout = 64 * config.t1Sec;
    const timeoutNs = BigInt(Math.round(timeout * 1e9));
    const end = dialog.captureEndNs;
    const judged = notifies.map((n) => ({ n, outcome: outcomeOf(n, end, timeoutNs) }));
    const bad = judged.filter((j) => j.outcome !== 'ok');
    const total = notifies.length;
    if (bad.length === 0) {
      return [verdict(meta, { verdict: 'pass', messageId: 'answered', data: { total }, evidence: judged.map((j) => answerEvidence(j.n)) })];
    }
    const evidence = bad.map((j) => answerEvidence(j.n));
    const failing = bad.filter((j) => j.outcome !== 'pending');
    if (failing.length === 0) {
      const t = bad[0].n.request.ref.timeNs;
      const delta = t !== null && end !== null ? (Number(end - t) / 1e9).toFixed(3) : '?';
      return [verdict(meta, { verdict: 'inconclusive', messageId: 'pending', data: { delta, timeout }, evidence })];
    }
    const first = failing[0];
    const status = first.n.final?.status ?? 'none';
    const messageId = first.outcome === 'lost' ? 'lost' : first.outcome === 'rejected' ? 'rejected' : 'unanswered';
    return [verdict(meta, { verdict: 'fail', messageId, data: { failed: failing.length, total, status, timeout }, evidence })];
  },
};

function outcomeOf(n: Transaction, captureEnd: bigint | null, timeoutNs: bigint): Outcome {
  const final = n.final;
  if (final?.status !== undefined) {
    if (final.status >= 200 && final.status < 300) return 'ok';
    return final.status === 481 ? 'lost' : 'rejected';
  }
  const t = n.request.ref.timeNs;
  if (t === null || captureEnd === null || captureEnd < t + timeoutNs) return 'pending';
  return 'unanswered';
}

function answerEvidence(n: Transaction): Evidence {
  const final = n.final;
  if (final) return evidenceOf(final, undefined, `answer to NOTIFY CSeq ${n.request.cseq?.seq ?? '?'}`);
  return evidenceOf(n.request, undefined, 'no final response from the client');
}
