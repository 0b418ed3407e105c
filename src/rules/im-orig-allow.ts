// IM-ORIG-ALLOW: the initial INVITE SHOULD carry Allow with all supported methods (OMA §7.1.1.1
// (3)); when present, RFC 3261 §20.5 makes the core methods a MUST, and the methods the client
// is seen using in the dialog stand in for "all supported" (SPEC §5.1).
import type { Dialog } from '../dialog/types.js';
import type { SipMessage } from '../sip/types.js';
import { headerEvidence, initialRequestCheck, initialRequestMessages, type JudgedRequest } from './orig-general.js';
import type { Evidence, Rule, RuleMeta, Verdict } from './types.js';
import { evidenceOf, verdict } from './verdict.js';

/** RFC 3261 §20.5: "All methods, including ACK and CANCEL, understood by the UA MUST be included". */
const CORE_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE'];

const meta: RuleMeta = {
  id: 'IM-ORIG-ALLOW',
  title: 'Initial INVITE carries Allow listing all supported methods',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (3); RFC 3261 §20.5',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHOULD',
  severity: 'warning',
  basis: 'V',
  defaultEnabled: true,
  description:
    'The IM Client SHOULD include an Allow header with all supported SIP methods; absent is a warning. When present, ' +
    'RFC 3261 §20.5 requires every method the UA understands, including ACK and CANCEL: missing INVITE, ACK, CANCEL or ' +
    'BYE fails at error severity. As a stand-in for "all supported", every method the client later sends in the dialog ' +
    'or its conference subscription, or accepts there with a 2xx, should be listed (warning). Methods are compared ' +
    'case-sensitively; all Allow lines are merged.',
  messages: {
    ...initialRequestMessages,
    complete: 'Allow lists {methods}',
    absent: 'no Allow header in the initial INVITE',
    'rfc3261-missing': 'Allow lacks {missing} (RFC 3261 §20.5: all methods understood, including ACK and CANCEL, MUST be listed)',
    'unlisted-methods': 'Allow lacks methods the client uses in this dialog: {missing}',
    malformed: 'inconclusive: Allow unreadable ({problem})',
  },
};

/** Methods the client sends in the dialog or its conference subscriptions, or accepts with a 2xx. */
function methodsUsed(dialog: Dialog): Map<string, SipMessage> {
  const used = new Map<string, SipMessage>();
  const note = (method: string, msg: SipMessage): void => {
    if (method !== 'ACK' && method !== 'CANCEL' && !used.has(method)) used.set(method, msg);
  };
  for (const tx of dialog.transactions) {
    if (tx.from === 'client') note(tx.method, tx.request);
    else if (tx.final && tx.final.status! >= 200 && tx.final.status! < 300) note(tx.method, tx.final);
  }
  for (const sub of dialog.subscriptions) {
    for (const tx of sub.subscribes) if (tx.from === 'client') note(tx.method, tx.request);
    for (const tx of sub.notifies) if (tx.final && tx.final.status! >= 200 && tx.final.status! < 300) note(tx.method, tx.final);
  }
  return used;
}

function judge(req: JudgedRequest): Verdict[] {
  const allow = req.msg.allow();
  const evidence = headerEvidence(req, 'Allow', undefined, allow);
  if (allow.state === 'absent') return [verdict(meta, { verdict: 'fail', messageId: 'absent', evidence })];
  if (allow.state !== 'ok') return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { problem: allow.diagnostic.message }, evidence })];
  const listed = new Set(allow.value);
  const out: Verdict[] = [];
  const coreMissing = CORE_METHODS.filter((m) => !listed.has(m));
  if (coreMissing.length > 0) {
    out.push(verdict(meta, { verdict: 'fail', messageId: 'rfc3261-missing', data: { missing: coreMissing.join(', ') }, evidence, severity: 'error' }));
  }
  if (req.dialog) {
    const unlisted = [...methodsUsed(req.dialog)].filter(([m]) => !listed.has(m) && !coreMissing.includes(m));
    if (unlisted.length > 0) {
      const used: Evidence[] = unlisted.map(([m, msg]) => evidenceOf(msg, undefined, `${m} used in the dialog (${msg.isRequest ? 'sent' : 'accepted with this 2xx'} by the client)`));
      out.push(verdict(meta, { verdict: 'fail', messageId: 'unlisted-methods', data: { missing: unlisted.map(([m]) => m).join(', ') }, evidence: [...evidence, ...used] }));
    }
  }
  if (out.length === 0) out.push(verdict(meta, { verdict: 'pass', messageId: 'complete', data: { methods: allow.value.join(', ') }, evidence }));
  return out;
}

export const rule: Rule = { meta, check: initialRequestCheck(meta, judge) };
