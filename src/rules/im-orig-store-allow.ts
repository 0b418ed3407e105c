// IM-ORIG-STORE-ALLOW: the client SHALL store the peer's Allow list (OMA §7.1.1.1, on responses
// (1)); observable only when it then sends a method that list lacks, typically UPDATE for a
// session refresh (RFC 4028 §7.4). Weakly observable, so reported as a warning (SPEC §5.2).
import { originatingImSkipReason } from '../dialog/conference.js';
import { judgedCopy } from '../dialog/vantage.js';
import type { Dialog } from '../dialog/types.js';
import type { SipMessage } from '../sip/types.js';
import { replay, type Replayed } from './dialog-order.js';
import type { Evidence, Rule, RuleMeta } from './types.js';
import { evidenceOf, evidenceOfHeader, notApplicable, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ORIG-STORE-ALLOW',
  title: 'The client uses only methods the peer\'s stored Allow lists',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1, on responses (1); RFC 4028 §7.4',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'warning',
  basis: 'V',
  defaultEnabled: true,
  description:
    'On a provisional or final response the IM Client SHALL store the list of methods the IM Server supports if received ' +
    'in Allow. Storing is internal, so it is judged from later behaviour and reported as a warning: the peer\'s Allow is ' +
    'taken from the latest response in the dialog that carries one (2xx, or 1xx with a To tag); an in-dialog request ' +
    'from the client whose method that list lacks fails (typically UPDATE for a refresh: RFC 4028 §7.4, a UA knows UPDATE ' +
    'is supported "if it has seen an Allow header field from its peer with the value \'UPDATE\'"). An ACK for a 2xx ' +
    'counts when listed but never fails (it is mandatory); CANCEL is not judged. With nothing observable the verdict is ' +
    'inconclusive.',
  messages: {
    'not-applicable': 'not applicable: {reason}',
    'all-listed': 'the client\'s in-dialog methods ({methods}) are all in the peer\'s Allow',
    'not-allowed': 'the client sent {methods} although the peer\'s Allow does not list {them}',
    'nothing-observable': 'inconclusive: {why}',
  },
};

type Event = { kind: 'allow'; msg: SipMessage } | { kind: 'request'; msg: SipMessage };

/** Peer responses carrying Allow, and the client's in-dialog requests, in capture order. */
function history(dialog: Dialog): Replayed<Event>[] {
  const events: Replayed<Event>[] = [];
  const response = (r: SipMessage): void => {
    if (r.status! > 100 && r.status! < 300 && r.toTag !== undefined && r.has('Allow')) events.push({ at: r, event: { kind: 'allow', msg: r } });
  };
  for (const r of dialog.initialInvite.responses) if (r.toTag === dialog.remoteTag) response(r);
  for (const tx of dialog.transactions) {
    if (tx.from !== 'client') continue;
    tx.responses.forEach(response);
    if (tx.method !== 'CANCEL') events.push({ at: tx.request, event: { kind: 'request', msg: judgedCopy(tx) } });
  }
  return replay(events);
}

function storedAllowEvidence(msg: SipMessage): Evidence {
  return evidenceOf(msg, msg.fields('Allow')[0], "the peer's stored Allow");
}

export const rule: Rule = {
  meta,
  check(dialog) {
    const reason = originatingImSkipReason(dialog);
    if (reason !== undefined) return [notApplicable(meta, 'not-applicable', reason)];
    let allow: { methods?: string[]; msg: SipMessage } | undefined;
    const listed: string[] = [];
    const unlisted: string[] = [];
    const passEvidence: Evidence[] = [];
    const failEvidence: Evidence[] = [];
    let sent = 0;
    let shown: SipMessage | undefined;
    for (const { event } of history(dialog)) {
      if (event.kind === 'allow') {
        const a = event.msg.allow();
        allow = { methods: a.state === 'ok' ? a.value : undefined, msg: event.msg };
        continue;
      }
      sent++;
      const method = event.msg.method ?? '';
      if (!allow?.methods) continue;
      if (allow.methods.includes(method)) {
        if (!listed.includes(method)) listed.push(method);
        // Each Allow the requests were judged against, before the requests it covers.
        if (shown !== allow.msg) passEvidence.push(storedAllowEvidence(allow.msg));
        shown = allow.msg;
        passEvidence.push(evidenceOf(event.msg));
      } else if (method !== 'ACK') {
        // The ACK for a 2xx is never optional (RFC 3261 §13.2.2.4), so an Allow without it proves nothing.
        if (!unlisted.includes(method)) unlisted.push(method);
        failEvidence.push(evidenceOf(event.msg, undefined, `${method} is not in the peer's Allow`), storedAllowEvidence(allow.msg));
      }
    }
    if (unlisted.length > 0) {
      return [verdict(meta, { verdict: 'fail', messageId: 'not-allowed', data: { methods: unlisted.join(', '), them: unlisted.length === 1 ? 'it' : 'them' }, evidence: failEvidence })];
    }
    if (listed.length > 0) return [verdict(meta, { verdict: 'pass', messageId: 'all-listed', data: { methods: listed.join(', ') }, evidence: passEvidence })];
    const why = sent === 0 ? 'the client sent no in-dialog request' : 'no in-dialog request of the client could be checked against an Allow from the peer';
    // Point at what was read, so the reader can check that nothing was observable.
    const anchor = allow?.msg ?? dialog.confirmed;
    const evidence = anchor
      ? evidenceOfHeader(anchor, 'Allow', allow ? "the peer's stored Allow" : 'no Allow from the peer')
      : [evidenceOf(dialog.initialInvite.request, undefined, 'no 2xx from the peer')];
    return [verdict(meta, { verdict: 'inconclusive', messageId: 'nothing-observable', data: { why }, evidence })];
  },
};
