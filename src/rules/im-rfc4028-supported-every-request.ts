// IM-RFC4028-SUPPORTED-EVERY-REQUEST: a UAC that supports session timers "MUST include a Supported
// header field in each request (except ACK), listing the option tag 'timer'" (RFC 4028 §7.1).
// Off by default and informational (SPEC §5.5): many stacks only list it in INVITE and UPDATE.
import { timerScope } from '../dialog/session-timer.js';
import type { Dialog } from '../dialog/types.js';
import type { SipMessage } from '../sip/types.js';
import type { Rule, RuleMeta, Verdict } from './types.js';
import { evidenceOf, evidenceOfHeader, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-RFC4028-SUPPORTED-EVERY-REQUEST',
  title: 'Supported: timer in every request once timer support is shown',
  clause: 'RFC 4028 §7.1',
  source: 'RFC 4028',
  keyword: 'MUST',
  severity: 'info',
  basis: 'V',
  defaultEnabled: false,
  description:
    'RFC 4028 §7.1: a UAC that supports the session timer "MUST include a Supported header field in each ' +
    'request (except ACK), listing the option tag \'timer\'". Once the client has listed timer in a request ' +
    'of this dialog, every later request it sends in the dialog or its conference subscription (BYE, UPDATE, ' +
    'SUBSCRIBE, …) is checked. Off by default; severity info.',
  messages: {
    outOfScope: 'not applicable: {reason}',
    neverShown: 'not applicable: the client never listed Supported: timer',
    noLaterRequest: 'not applicable: no request after the first Supported: timer',
    allListed: 'all {count} later request(s) list Supported: timer',
    missing: '{method} at line/frame {where} does not list timer in Supported',
  },
};

function listsTimer(msg: SipMessage): boolean {
  const s = msg.supported();
  return s.state === 'ok' && s.value.some((t) => t.toLowerCase() === 'timer');
}

function where(msg: SipMessage): string {
  return String(msg.ref.frame ?? msg.ref.line ?? '?');
}

function clientRequests(dialog: Dialog): SipMessage[] {
  const all = [
    ...dialog.initialAttempts,
    ...dialog.transactions.filter((t) => t.from === 'client'),
    ...dialog.subscriptions.flatMap((s) => s.subscribes.filter((t) => t.from === 'client')),
  ]
    .filter((t) => t.method !== 'ACK')
    .map((t) => t.clientCopy ?? t.request);
  // Time order; messages without a time keep their position (stable sort).
  return all.sort((a, b) => (a.ref.timeNs === null || b.ref.timeNs === null ? 0 : a.ref.timeNs < b.ref.timeNs ? -1 : a.ref.timeNs > b.ref.timeNs ? 1 : 0));
}

function check(dialog: Dialog): Verdict[] {
  const reason = timerScope(dialog);
  const first = dialog.initialAttempts[0]?.request ?? dialog.initialInvite.request;
  if (reason !== undefined) return [verdict(meta, { verdict: 'not-applicable', messageId: 'outOfScope', data: { reason }, evidence: [evidenceOf(first)] })];
  const requests = clientRequests(dialog);
  const shown = requests.findIndex(listsTimer);
  if (shown < 0) return [verdict(meta, { verdict: 'not-applicable', messageId: 'neverShown', evidence: evidenceOfHeader(first, 'Supported') })];
  const later = requests.slice(shown + 1);
  if (later.length === 0) return [verdict(meta, { verdict: 'not-applicable', messageId: 'noLaterRequest', evidence: evidenceOfHeader(requests[shown], 'Supported') })];
  const out = later
    .filter((m) => !listsTimer(m))
    .map((m) =>
      verdict(meta, {
        verdict: 'fail',
        messageId: 'missing',
        data: { method: m.method ?? '?', where: where(m) },
        evidence: [...evidenceOfHeader(requests[shown], 'Supported', 'timer support shown here'), ...evidenceOfHeader(m, 'Supported')],
      }),
    );
  if (out.length > 0) return out;
  return [verdict(meta, { verdict: 'pass', messageId: 'allListed', data: { count: later.length }, evidence: evidenceOfHeader(requests[shown], 'Supported') })];
}

export const rule: Rule = { meta, check: (dialog) => check(dialog) };
