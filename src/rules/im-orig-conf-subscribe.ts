// IM-ORIG-CONF-SUBSCRIBE: after the 200 OK to a group-session INVITE, the client SHALL subscribe to
// the conference state event package (OMA §7.1.1.1 200 OK (2)). SPEC §7: trigger §7.1, which
// SUBSCRIBE counts §7.2, window §7.3, decision §7.4, outcome evidence §7.5.
import {
  CONFERENCE_EVENT,
  CONFERENCE_INFO_TYPE,
  type ConferenceSubscribe,
  conferenceSubscribes,
  conferenceUriOf,
  groupSessionSkipReason,
  wrongTargetHint,
  conferenceInfoOf,
} from '../dialog/conference.js';
import type { Dialog, Transaction } from '../dialog/types.js';
import { vantageLabel } from '../dialog/vantage.js';
import { featureTag } from '../sip/index.js';
import { vantageOfCopy } from './orig-general.js';
import type { SipMessage, SipUri } from '../sip/types.js';
import type { Evidence, Rule, RuleContext, RuleMeta, Verdict } from './types.js';
import { evidenceOf, notApplicable, verdict } from './verdict.js';

const NS_PER_SEC = 1_000_000_000;

/** Shared with IM-TERM-CONF-SUBSCRIBE, which applies the same decision on the terminating side. */
export const conferenceSubscribeMessages: Record<string, string> = {
  'not-applicable': '§7 does not apply: {reason}',
  'no-conference-uri': 'the 2xx has no single Contact URI, so there is no conference URI to subscribe to',
  'no-timestamps': 'the capture has no timestamps; the {window}s subscription window cannot be measured',
  subscribed: 'SUBSCRIBE Event: conference to {c} sent {delta}s after the 200 OK (window {window}s)',
  late: 'subscribed, but not promptly: SUBSCRIBE Event: conference to {c} sent {delta}s after the 200 OK, late by {late}s (window {window}s)',
  'wrong-target': 'SUBSCRIBE Event: conference sent to {target} instead of the conference URI {c} ({reason})',
  'released-early': 'session released {delta}s after the 200 OK, no time to subscribe',
  'ended-without': 'session ended after {delta}s without any SUBSCRIBE Event: conference to {c}',
  'capture-ended': 'capture ended {delta}s after the 200 OK, before the {window}s window closed; no SUBSCRIBE Event: conference to {c} yet',
  missing: 'no SUBSCRIBE Event: conference to {c} within {window}s of the 200 OK; the session was still up at capture end ({delta}s)',
  'forked-notify': '{count} NOTIFY dialogs accepted for one SUBSCRIBE (tags {tags}); RFC 4575 §3.8: a subscriber MUST NOT establish more than one',
};

const meta: RuleMeta = {
  id: 'IM-ORIG-CONF-SUBSCRIBE',
  title: 'Conference-state subscription after joining a group session',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1, 200 OK (2); §7.1.1.11; RFC 4579 §3.4; RFC 4575',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'For an IM group session the client SHALL subscribe to the Conference State Event Package once the 200 OK arrives: ' +
    'a SUBSCRIBE with Event: conference to the conference URI (the 2xx Contact), Expires absent or above 0, ' +
    'within the window W (default 32 s, 64*T1). Later subscriptions fail at warning severity; a SUBSCRIBE to another URI ' +
    'fails as wrong target. The focus response, the first NOTIFY (Timer N, full-state conference-info) and forked NOTIFY ' +
    'dialogs are reported as evidence; accepting more than one NOTIFY dialog fails (RFC 4575 §3.8).',
  messages: conferenceSubscribeMessages,
};

export const rule: Rule = {
  meta,
  check(dialog: Dialog, ctx: RuleContext): Verdict[] {
    const skip = groupSessionSkipReason(dialog);
    if (skip !== undefined || !dialog.confirmed) {
      return [notApplicable(meta, 'not-applicable', skip ?? 'not confirmed')];
    }
    return judgeConferenceSubscription(meta, dialog, {
      conferenceUri: conferenceUriOf(dialog),
      okMessage: dialog.confirmed,
      signal: dialog.classifiedBy,
    }, ctx);
  },
};

export interface ConferenceTrigger {
  /** C: the conference URI the client must subscribe to. */
  conferenceUri: SipUri | undefined;
  /** The 2xx that confirmed the group session (t200 = its first copy). */
  okMessage: SipMessage;
  /** The classification signal (SPEC §2.5), shown in the evidence. */
  signal: string;
  /** The message and header that carry C, when not the 2xx Contact (terminating side). */
  conferenceUriSource?: SipMessage;
}

/** SPEC §7.4 decision plus §7.5 outcome evidence, under `meta` (originating or terminating rule). */
export function judgeConferenceSubscription(meta: RuleMeta, dialog: Dialog, trigger: ConferenceTrigger, ctx: RuleContext): Verdict[] {
  const { config } = ctx;
  const ok = trigger.okMessage;
  const window = config.confSubscribeWindowSec;
  const windowNs = secondsToNs(window);
  const tolNs = secondsToNs(config.tolSec);
  const c = trigger.conferenceUri;
  const evidence: Evidence[] = [conferenceUriEvidence(trigger), ...allowEventsEvidence(ok)];

  if (!c) return [verdict(meta, { verdict: 'inconclusive', messageId: 'no-conference-uri', evidence })];
  const t200 = ok.ref.timeNs;
  if (t200 === null) return [verdict(meta, { verdict: 'inconclusive', messageId: 'no-timestamps', data: { window }, evidence })];

  const tEnd = dialog.bye?.request.ref.timeNs ?? null;
  const captureEnd = dialog.captureEndNs;
  const windowEnd = t200 + windowNs;
  const candidates = conferenceSubscribes(dialog, c, t200);
  // §7.4: a qualifying SUBSCRIBE counts when it is inside the window or while the session is up.
  const s = candidates.find(
    (x) => x.qualifies && x.timeNs !== null && (x.timeNs <= windowEnd || tEnd === null || x.timeNs < tEnd),
  );
  // Without a qualifying one, a SUBSCRIBE to another URI counts as the wrong target (§7.2).
  const wrong = s ? undefined : candidates.find((x) => !x.targetMatches && x.eventExact && x.expires !== 0);
  for (const x of candidates) if (x !== s && x !== wrong) evidence.push(notCountedEvidence(x, t200));
  const data = { c: c.raw, window };
  const out: Verdict[] = [];

  if (s && s.timeNs !== null) {
    const delta = s.timeNs - t200;
    const vantage = vantageLabel(vantageOfCopy(s.request));
    evidence.push(evidenceOf(s.request, undefined, `Δ=${seconds(delta)}s after the 200 OK; window ends at t200+${window}s; vantage=${vantage}`));
    evidence.push(...outcomeEvidence(s, c, dialog, config.t1Sec));
    if (s.timeNs <= windowEnd) {
      out.push(verdict(meta, { verdict: 'pass', messageId: 'subscribed', data: { ...data, delta: seconds(delta) }, evidence }));
    } else {
      out.push(
        verdict(meta, {
          verdict: 'fail',
          severity: 'warning',
          messageId: 'late',
          data: { ...data, delta: seconds(delta), late: seconds(s.timeNs - windowEnd) },
          evidence,
        }),
      );
    }
  } else {
    if (wrong) {
      const at = wrong.timeNs === null ? '' : `Δ=${seconds(wrong.timeNs - t200)}s after the 200 OK; `;
      evidence.push(evidenceOf(wrong.request, undefined, `${at}target ${wrong.targetRaw} (${wrong.targetFrom}) ≠ conference URI ${c.raw}`));
      out.push(
        verdict(meta, {
          verdict: 'fail',
          messageId: 'wrong-target',
          data: { ...data, target: wrong.targetRaw, reason: targetReason(wrong, dialog, config) },
          evidence,
        }),
      );
    } else if (tEnd !== null && dialog.bye) {
      const delta = seconds(tEnd - t200);
      evidence.push(evidenceOf(dialog.bye.request, undefined, `session ended ${delta}s after the 200 OK`));
      const early = tEnd <= t200 + tolNs;
      out.push(
        verdict(meta, {
          verdict: early ? 'inconclusive' : 'fail',
          messageId: early ? 'released-early' : 'ended-without',
          data: { ...data, delta },
          evidence,
        }),
      );
    } else if (captureEnd === null || captureEnd < windowEnd) {
      const delta = captureEnd === null ? '?' : seconds(captureEnd - t200);
      evidence.push(windowEndEvidence(ok, windowEnd, `window closes at t200+${window}s, after the capture ends`));
      out.push(verdict(meta, { verdict: 'inconclusive', messageId: 'capture-ended', data: { ...data, delta }, evidence }));
    } else {
      evidence.push(windowEndEvidence(ok, windowEnd, `window closed at t200+${window}s with no SUBSCRIBE Event: conference to ${c.raw}`));
      out.push(verdict(meta, { verdict: 'fail', messageId: 'missing', data: { ...data, delta: seconds(captureEnd - t200) }, evidence }));
    }
  }

  const forked = acceptedNotifyDialogs(dialog);
  if (forked.tags.length > 1) {
    out.push(
      verdict(meta, {
        verdict: 'fail',
        messageId: 'forked-notify',
        data: { count: forked.tags.length, tags: forked.tags.join(', ') },
        evidence: forked.evidence,
      }),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evidence

function conferenceUriEvidence(trigger: ConferenceTrigger): Evidence {
  const source = trigger.conferenceUriSource ?? trigger.okMessage;
  const contact = source.fields('Contact')[0];
  // SPEC §2.5: a group session whose 2xx lacks isfocus still subscribes to the 2xx Contact URI.
  const c = source.contact();
  const isFocus = c.state === 'ok' && c.value.some((v) => !v.star && (featureTag(v.params, 'isfocus') === 'present' || featureTag(v.params, '+sip.isfocus') === 'present'));
  const hidden = isFocus ? '' : '; the focus did not identify itself (no isfocus in the Contact)';
  const note = `conference URI C = ${trigger.conferenceUri?.raw ?? '(none)'}; group signal: ${trigger.signal}${hidden}`;
  return contact ? evidenceOf(source, contact, note) : evidenceOf(source, 'Contact: absent', note);
}

/** §7.1 info: did the focus advertise the conference package (RFC 4579 §3.1)? */
function allowEventsEvidence(ok: SipMessage): Evidence[] {
  const ae = ok.allowEvents();
  const info = 'info; the OMA SHALL does not depend on Allow-Events';
  if (ae.state === 'absent') return [evidenceOf(ok, 'Allow-Events: absent', `focus did not advertise the conference package (${info})`)];
  if (ae.state !== 'ok') return ae.fields.map((f) => evidenceOf(ok, f, `Allow-Events unreadable (${info})`));
  const listed = ae.value.includes(CONFERENCE_EVENT);
  const note = listed ? 'focus advertises the conference package (RFC 4579 §3.1)' : `Allow-Events lacks conference (${info})`;
  return ae.fields.map((f) => evidenceOf(ok, f, note));
}

function notCountedEvidence(x: ConferenceSubscribe, t200: bigint): Evidence {
  const why: string[] = [];
  if (!x.eventExact) why.push('Event is not byte-exact "conference" (RFC 6665 §8.2.1)');
  if (x.expires === 0) why.push('Expires: 0 is a fetch or unsubscribe, not a subscription (info)');
  if (x.expires === 'malformed') why.push('Expires unreadable');
  if (!x.targetMatches) why.push(`target ${x.targetRaw} is not the conference URI`);
  const at = x.timeNs === null ? '' : `Δ=${seconds(x.timeNs - t200)}s; `;
  return evidenceOf(x.request, undefined, `${at}not counted: ${why.join('; ') || 'outside the session'}`);
}

function windowEndEvidence(ok: SipMessage, timeNs: bigint, note: string): Evidence {
  return { input: ok.ref.input, timeNs, note };
}

/** §7.5: the focus's answer, the first NOTIFY and its body; never changes the verdict. */
function outcomeEvidence(s: ConferenceSubscribe, c: SipUri, dialog: Dialog, t1Sec: number): Evidence[] {
  const out: Evidence[] = [];
  const final = s.transaction.final;
  if (!final) {
    out.push(evidenceOf(s.request, undefined, 'no final response to the SUBSCRIBE in the capture'));
  } else if (final.status !== undefined && final.status >= 200 && final.status < 300) {
    const ex = final.expires();
    const legacy = final.status === 202 ? '202 (legacy, same as 200 per RFC 6665 §8.3.1); ' : '';
    const note =
      ex.state === 'ok'
        ? `${legacy}accepted; subscription lasts ${ex.value}s`
        : `${legacy}accepted, but the 2xx lacks Expires (server finding, RFC 6665 §3.1.1)`;
    out.push(evidenceOf(final, undefined, note));
    if (ex.state === 'ok') {
      const lapse = refreshLapse(s, final, ex.value, dialog);
      if (lapse) out.push(lapse);
    }
  } else {
    out.push(evidenceOf(final, undefined, `focus refused the subscription (${final.status}); the client tried, so its SHALL is met`));
  }

  const timerNNs = secondsToNs(64 * t1Sec);
  const notify = s.subscription.notifies.find((n) => n.from === 'peer');
  const sentAt = s.timeNs;
  if (!notify) {
    const end = dialog.captureEndNs;
    const note =
      sentAt !== null && end !== null && end < sentAt + timerNNs
        ? 'no NOTIFY yet; the capture ends before Timer N'
        : `no NOTIFY within Timer N (${64 * t1Sec}s); subscription considered failed per RFC 6665 §4.1.2.4 (info)`;
    out.push(evidenceOf(s.request, undefined, note));
    return out;
  }
  const n = notify.request;
  const notes: string[] = [];
  if (sentAt !== null && n.ref.timeNs !== null) {
    const d = n.ref.timeNs - sentAt;
    notes.push(`first NOTIFY ${seconds(d)}s after the SUBSCRIBE${d > timerNNs ? `, after Timer N (${64 * t1Sec}s)` : ''}`);
  }
  notes.push(...notifyFormFindings(n, c, s));
  out.push(evidenceOf(n, undefined, notes.join('; ')));
  return out;
}

/**
 * §7.5 optional info (RFC 6665 §3.1.1): the subscription granted by `accepted` lapses while the
 * INVITE dialog is still up and the client sent no refresh before then.
 */
function refreshLapse(s: ConferenceSubscribe, accepted: SipMessage, grantedSec: number, dialog: Dialog): Evidence | undefined {
  const from = accepted.ref.timeNs;
  if (from === null || grantedSec <= 0) return undefined;
  const expiry = from + secondsToNs(grantedSec);
  const sessionUntil = dialog.bye?.request.ref.timeNs ?? dialog.captureEndNs;
  if (sessionUntil === null || sessionUntil <= expiry) return undefined;
  const refreshed = s.subscription.subscribes.some((t) => t !== s.transaction && t.from === 'client' && t.request.ref.timeNs !== null && t.request.ref.timeNs <= expiry);
  if (refreshed) return undefined;
  return { input: accepted.ref.input, timeNs: expiry, note: `info: the subscription expired ${grantedSec}s after it was accepted, while the session was up, with no refresh SUBSCRIBE (RFC 6665 §3.1.1)` };
}

/** RFC 6665 §4.1.3 and RFC 4575 §3.2, §4.3: what a first NOTIFY should look like. */
function notifyFormFindings(n: SipMessage, c: SipUri, s: ConferenceSubscribe): string[] {
  const f: string[] = [];
  if (n.callId !== s.request.callId || n.toTag !== s.request.fromTag) f.push('NOTIFY does not match the SUBSCRIBE dialog (Call-ID / To tag)');
  const ev = n.event();
  if (ev.state !== 'ok' || ev.value.eventType !== CONFERENCE_EVENT) f.push('NOTIFY Event is not conference');
  const ss = n.subscriptionState();
  if (ss.state !== 'ok') f.push('Subscription-State missing or unreadable');
  else if (ss.value.state === 'active' || ss.value.state === 'pending') {
    f.push(`Subscription-State: ${ss.value.state}${ss.value.expires === undefined ? ' without ;expires' : `;expires=${ss.value.expires}`}`);
  } else f.push(`Subscription-State: ${ss.value.state}${ss.value.reason ? `;reason=${ss.value.reason}` : ''}`);
  const ct = n.contentType();
  if (ct.state !== 'ok' || `${ct.value.type}/${ct.value.subtype}` !== CONFERENCE_INFO_TYPE) {
    f.push(`body is not ${CONFERENCE_INFO_TYPE}`);
    return f;
  }
  const info = conferenceInfoOf(n);
  if (!info.ok) {
    f.push(`conference-info unreadable: ${info.error}`);
    return f;
  }
  const { entity, state, version } = info.value;
  f.push(entity === c.raw ? `entity = C` : `entity ${entity ?? '(absent)'} ≠ C`);
  f.push(state === 'full' ? 'state="full"' : `state ${state ?? '(absent)'}, first NOTIFY should carry the full state (RFC 4575 §3.2)`);
  f.push(version !== undefined ? `version=${version}` : 'version missing (RFC 4575 §4.3 MUST)');
  return f;
}

/** NOTIFY dialogs (by the focus's From tag) the client accepted with a 2xx, per SUBSCRIBE. */
function acceptedNotifyDialogs(dialog: Dialog): { tags: string[]; evidence: Evidence[] } {
  const byCallId = new Map<string, Map<string, Transaction>>();
  for (const sub of dialog.subscriptions) {
    for (const n of sub.notifies) {
      if (n.from !== 'peer' || !n.responses.some((r) => r.status !== undefined && r.status >= 200 && r.status < 300)) continue;
      const tags = byCallId.get(sub.callId) ?? new Map<string, Transaction>();
      const tag = n.request.fromTag ?? '';
      if (!tags.has(tag)) tags.set(tag, n);
      byCallId.set(sub.callId, tags);
    }
  }
  let worst: Map<string, Transaction> = new Map();
  for (const tags of byCallId.values()) if (tags.size > worst.size) worst = tags;
  return {
    tags: [...worst.keys()],
    evidence: [...worst.values()].map((t) => evidenceOf(t.request, t.request.fields('From')[0], 'NOTIFY dialog accepted with a 2xx')),
  };
}

/** compareUris' reason, led by what the wrong target is when it can be named. */
export function targetReason(s: ConferenceSubscribe, dialog: Dialog, config: RuleContext['config']): string {
  const hint = wrongTargetHint(s.target, dialog, config);
  const reason = s.targetMismatch ?? 'URIs differ';
  return hint ? `${hint}; ${reason}` : reason;
}

export function seconds(ns: bigint): string {
  return (Number(ns) / NS_PER_SEC).toFixed(3);
}

function secondsToNs(s: number): bigint {
  return BigInt(Math.round(s * NS_PER_SEC));
}

