// IM-ORIG-STORE-CONTACT: the client SHALL store the Contact of responses (OMA §7.1.1.1, on
// responses (2)); observable through RFC 3261 §12.2.1.1: its in-dialog requests go to the stored
// remote target (SPEC §5.2). For group sessions this is the IM Session Identity.
import { originatingImSkipReason } from '../dialog/conference.js';
import { judgedCopy, vantageLabel } from '../dialog/vantage.js';
import type { Dialog, Transaction } from '../dialog/types.js';
import { compareUris } from '../sip/index.js';
import type { SipMessage, SipUri } from '../sip/types.js';
import { replay, type Replayed } from './dialog-order.js';
import { vantageOfCopy } from './orig-general.js';
import type { Evidence, Rule, RuleMeta, Verdict } from './types.js';
import { evidenceOf, notApplicable, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ORIG-STORE-CONTACT',
  title: 'In-dialog requests go to the stored remote target (Contact)',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1, on responses (2); RFC 3261 §12.2.1.1',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'S',
  defaultEnabled: true,
  description:
    'On a provisional or final response the IM Client SHALL store the content of the Contact header. Storing is internal; ' +
    'it shows in RFC 3261 §12.2.1.1: "If the route set is empty, the UAC MUST place the remote target URI into the ' +
    'Request-URI" (likewise when the first Route has lr; under strict routing the remote target is the last Route). The ' +
    'remote target is the Contact of the latest 1xx/2xx that created the dialog, 2xx to a target refresh (re-INVITE, ' +
    'UPDATE) or target refresh from the peer. Every in-dialog request the client sends (PRACK, ACK for a 2xx, BYE, ' +
    're-INVITE, UPDATE, INFO, MESSAGE, ...) is compared per RFC 3261 §19.1.4; the first mismatch fails. For group ' +
    'sessions this covers storing the IM Session Identity (the conference URI).',
  messages: {
    'not-applicable': 'not applicable: {reason}',
    'no-requests': 'not applicable: no in-dialog request from the client was captured',
    'all-match': '{count} in-dialog request(s) from the client ({methods}) went to the remote target',
    mismatch: '{method} sent to {sent}, not to the remote target {target} from the Contact of {source} ({reason})',
    'target-unknown': 'inconclusive: {method} sent before any readable Contact set the remote target',
    unreadable: 'inconclusive: the {what} of {method} is unreadable',
  },
};

type Event =
  | { kind: 'target'; msg: SipMessage }
  | { kind: 'request'; tx: Transaction };

const isTargetRefresh = (method: string): boolean => method === 'INVITE' || method === 'UPDATE';
const is2xx = (msg: SipMessage | undefined): boolean => msg !== undefined && msg.status! >= 200 && msg.status! < 300;

/** The dialog's history: what set the remote target, and the client's requests. */
function history(dialog: Dialog): Replayed<Event>[] {
  const events: Replayed<Event>[] = [];
  for (const r of dialog.initialInvite.responses) {
    if (r.status! > 100 && r.status! < 300 && r.toTag !== undefined && r.toTag === dialog.remoteTag) events.push({ at: r, event: { kind: 'target', msg: r } });
  }
  for (const tx of dialog.transactions) {
    if (tx.from === 'peer') {
      if (isTargetRefresh(tx.method)) events.push({ at: tx.request, event: { kind: 'target', msg: tx.request } });
      continue;
    }
    if (tx.method !== 'CANCEL') events.push({ at: tx.request, event: { kind: 'request', tx } });
    if (isTargetRefresh(tx.method) && is2xx(tx.final)) events.push({ at: tx.final!, event: { kind: 'target', msg: tx.final! } });
  }
  return replay(events);
}

function contactOf(msg: SipMessage): SipUri | undefined {
  const c = msg.contact();
  if (c.state !== 'ok' || c.value.length !== 1 || c.value[0].star) return undefined;
  return c.value[0].uri;
}

function sourceLabel(msg: SipMessage): string {
  return msg.isRequest ? `the peer's ${msg.method}` : `the ${msg.status} to ${msg.cseq?.method ?? 'the request'}`;
}

/**
 * The URI the request must carry the remote target in: the Request-URI, or under strict routing the
 * last Route. A Request-URI written exactly as the remote target is that URI (§19.1.4 comparison is
 * reflexive, and the grammar reads the same text the same way): it is not parsed a second time.
 */
function targetCarrier(request: SipMessage, target: SipUri | undefined): { uri?: SipUri; raw: string; what: string } {
  const route = request.route();
  if (route.state === 'ok' && route.value.length > 0 && !route.value[0].uri.params.some((p) => p.name.toLowerCase() === 'lr')) {
    const last = route.value[route.value.length - 1];
    return { uri: last.uri, raw: last.uri.raw, what: 'last Route (strict routing)' };
  }
  const raw = request.requestUri ?? '';
  if (target !== undefined && raw === target.raw) return { uri: target, raw, what: 'Request-URI' };
  const ruri = request.requestUriParsed();
  return { uri: ruri.state === 'ok' ? ruri.value : undefined, raw, what: 'Request-URI' };
}

export const rule: Rule = {
  meta,
  check(dialog) {
    const reason = originatingImSkipReason(dialog);
    if (reason !== undefined) return [notApplicable(meta, 'not-applicable', reason)];
    let target: { uri?: SipUri; msg: SipMessage } | undefined;
    const checked: Evidence[] = [];
    const methods: string[] = [];
    let pending: Verdict | undefined;
    for (const { event } of history(dialog)) {
      if (event.kind === 'target') {
        // A response or refresh without Contact (a 180, a 2xx to UPDATE) leaves the target as it was.
        if (event.msg.has('Contact')) target = { uri: contactOf(event.msg), msg: event.msg };
        continue;
      }
      const request = judgedCopy(event.tx);
      const method = request.method ?? event.tx.method;
      const note = `vantage=${vantageLabel(vantageOfCopy(request))}`;
      const carrier = targetCarrier(request, target?.uri);
      const requestEvidence = evidenceOf(request, undefined, `${note}; ${carrier.what} ${carrier.raw}`);
      if (!target?.uri || !carrier.uri) {
        pending ??= !target?.uri
          ? verdict(meta, { verdict: 'inconclusive', messageId: 'target-unknown', data: { method }, evidence: [requestEvidence, ...(target ? [evidenceOf(target.msg, target.msg.fields('Contact')[0])] : [])] })
          : verdict(meta, { verdict: 'inconclusive', messageId: 'unreadable', data: { what: carrier.what, method }, evidence: [requestEvidence] });
        continue;
      }
      const same = compareUris(carrier.uri, target.uri);
      if (!same.equal) {
        const contactEvidence = evidenceOf(target.msg, target.msg.fields('Contact')[0], `remote target ${target.uri.raw}`);
        return [
          verdict(meta, {
            verdict: 'fail',
            messageId: 'mismatch',
            data: { method, sent: carrier.raw, target: target.uri.raw, source: sourceLabel(target.msg), reason: same.reason ?? 'different URIs' },
            evidence: [requestEvidence, contactEvidence],
          }),
        ];
      }
      checked.push(requestEvidence);
      if (!methods.includes(method)) methods.push(method);
    }
    if (pending) return [pending];
    if (checked.length === 0) return [notApplicable(meta, 'no-requests')];
    return [verdict(meta, { verdict: 'pass', messageId: 'all-match', data: { count: checked.length, methods: methods.join(', ') }, evidence: checked })];
  },
};
