// Pure readers for group-session evidence (SPEC §5.4, §7): the client's conference SUBSCRIBEs
// (§7.2), conference-info documents (RFC 4575) and resource lists (RFC 4826 / RFC 5366).
// Rules call these; nothing here decides a verdict.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { compareUris, parseUri } from '../sip/index.js';
import type { BodyPart, SipMessage, SipUri } from '../sip/types.js';
import type { Dialog, Subscription, Transaction } from './types.js';
import { memoized } from './memo.js';
import { judgedCopy } from './vantage.js';
import { plainXmlRoot } from './xml-root.js';

/** RFC 4575 §3.1: "The name of this event package is "conference"" (compared byte by byte). */
export const CONFERENCE_EVENT = 'conference';
export const CONFERENCE_INFO_TYPE = 'application/conference-info+xml';
export const RESOURCE_LISTS_TYPE = 'application/resource-lists+xml';

// ---------------------------------------------------------------------------------------------
// Group-session trigger shared by §7 and §5.6

/** Why a dialog is not an originating 7.1.1 IM session, or undefined when it is. */
export function originatingImSkipReason(dialog: Dialog): string | undefined {
  if (dialog.midDialog) return 'the capture starts mid-dialog: the initial INVITE was not captured';
  if (dialog.originator !== 'client') return 'terminating-side dialog (7.1.2)';
  if (dialog.kind === 'not-im') return 'not an IM session';
  if (dialog.outOfScope !== undefined) return `outside 7.1.1: ${dialog.outOfScope}`;
  return undefined;
}

/** Why §7 does not apply to a dialog, or undefined when it does (confirmed originating group). */
export function groupSessionSkipReason(dialog: Dialog): string | undefined {
  const notIm = originatingImSkipReason(dialog);
  if (notIm !== undefined) return notIm;
  if (dialog.kind !== 'im-group') return '1-1 session';
  if (dialog.confirmed === undefined) return 'the INVITE ended without a 2xx';
  return undefined;
}

/** Conference URI C (§7.1): the engine's value, else the Contact URI of the 2xx. */
export function conferenceUriOf(dialog: Dialog): SipUri | undefined {
  if (dialog.conferenceUri) return dialog.conferenceUri;
  return dialog.confirmed ? contactUri(dialog.confirmed) : undefined;
}

/** The single Contact URI of a message, when it has exactly one (not `*`). */
export function contactUri(msg: SipMessage): SipUri | undefined {
  const c = msg.contact();
  if (c.state !== 'ok' || c.value.length !== 1) return undefined;
  const v = c.value[0];
  return v.star ? undefined : v.uri;
}

// ---------------------------------------------------------------------------------------------
// §7.2: which SUBSCRIBE counts

export interface ConferenceSubscribe {
  subscription: Subscription;
  transaction: Transaction;
  request: SipMessage;
  timeNs: bigint | null;
  /** URI compared with C: the Request-URI, or the last Route under strict routing. */
  target?: SipUri;
  targetRaw: string;
  /** How the target was taken: "request-uri" or "strict-route". */
  targetFrom: 'request-uri' | 'strict-route';
  targetMatches: boolean;
  /** compareUris' reason when the target differs from C. */
  targetMismatch?: string;
  /** `Event` present once and its event-type is byte-exact "conference". */
  eventExact: boolean;
  /** Expires value; undefined when absent; 'malformed' when unreadable or repeated. */
  expires: number | undefined | 'malformed';
  /** Meets every §7.2 condition. */
  qualifies: boolean;
}

/**
 * The client's SUBSCRIBEs linked to this dialog, at or after `sinceNs` (t200), in time order,
 * each checked against §7.2 for conference URI `c`.
 */
export function conferenceSubscribes(dialog: Dialog, c: SipUri | undefined, sinceNs: bigint | null): ConferenceSubscribe[] {
  return subscribesOf(dialog, c, sinceNs);
}

// The umbrella and the eight form rules ask the same question of one dialog: answer it once.
const subscribesOf = memoized(describeSubscribes);

function describeSubscribes(dialog: Dialog, c: SipUri | undefined, sinceNs: bigint | null): ConferenceSubscribe[] {
  const out: ConferenceSubscribe[] = [];
  for (const subscription of dialog.subscriptions) {
    for (const transaction of subscription.subscribes) {
      if (transaction.from !== 'client') continue;
      const timeNs = transaction.request.ref.timeNs;
      if (sinceNs !== null && timeNs !== null && timeNs < sinceNs) continue;
      out.push(describeSubscribe(subscription, transaction, c));
    }
  }
  // Stable: equal or missing times keep link order.
  return out
    .map((s, i) => ({ s, i }))
    .sort((a, b) => compareTimes(a.s.timeNs, b.s.timeNs) || a.i - b.i)
    .map((x) => x.s);
}

function compareTimes(a: bigint | null, b: bigint | null): number {
  if (a === null || b === null) return 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeSubscribe(subscription: Subscription, transaction: Transaction, c: SipUri | undefined): ConferenceSubscribe {
  // Headers from the copy closest to the client (SPEC §2.2); time from the first copy.
  const request = judgedCopy(transaction);
  const { uri, raw, from } = subscribeTarget(request);
  let targetMatches = false;
  let targetMismatch: string | undefined;
  if (uri && c) {
    const cmp = compareUris(uri, c);
    targetMatches = cmp.equal;
    targetMismatch = cmp.equal ? undefined : cmp.reason ?? 'URIs differ';
  } else {
    targetMismatch = uri ? 'no conference URI to compare with' : 'unreadable target URI';
  }
  const ev = request.event();
  const eventExact = ev.state === 'ok' && request.fields('Event').length === 1 && ev.value.eventType === CONFERENCE_EVENT;
  const ex = request.expires();
  const expires = ex.state === 'absent' ? undefined : ex.state === 'ok' ? ex.value : 'malformed';
  const expiresOk = expires === undefined || (typeof expires === 'number' && expires > 0);
  return {
    subscription,
    transaction,
    request,
    timeNs: transaction.request.ref.timeNs,
    target: uri,
    targetRaw: raw,
    targetFrom: from,
    targetMatches,
    targetMismatch,
    eventExact,
    expires,
    qualifies: targetMatches && eventExact && expiresOk,
  };
}

/**
 * The URI a SUBSCRIBE is addressed to (SPEC §7.2): its Request-URI, or under strict routing (first
 * Route without `lr`, RFC 3261 §12.2.1.1) the last Route value, which carries the remote target.
 */
export function subscribeTarget(request: SipMessage): { uri?: SipUri; raw: string; from: 'request-uri' | 'strict-route' } {
  const routes = request.route();
  if (routes.state === 'ok' && routes.value.length > 0) {
    const first = routes.value[0];
    const loose = first.uri.params.some((p) => p.name.toLowerCase() === 'lr');
    if (!loose) {
      const last = routes.value[routes.value.length - 1];
      return { uri: last.uri, raw: last.uri.raw, from: 'strict-route' };
    }
  }
  const ruri = request.requestUriParsed();
  return {
    uri: ruri.state === 'ok' ? ruri.value : undefined,
    raw: request.requestUri ?? '',
    from: 'request-uri',
  };
}

/**
 * What a wrong SUBSCRIBE target is, when it can be named (SPEC §7.2: "the usual cause is the
 * Request-URI or group URI being used instead of the IM Session Identity").
 */
export function wrongTargetHint(target: SipUri | undefined, dialog: Dialog, config: { conferenceFactory?: string; groupUri?: string }): string | undefined {
  if (!target) return undefined;
  if (config.conferenceFactory !== undefined && sameUri(target, config.conferenceFactory)) return 'the conference factory URI';
  if (config.groupUri !== undefined && sameUri(target, config.groupUri)) return 'the group URI';
  const ruri = dialog.initialInvite.request.requestUriParsed();
  if (ruri.state === 'ok' && compareUris(target, ruri.value).equal) return "the INVITE's Request-URI";
  return undefined;
}

/**
 * The SUBSCRIBE the §5.6 form rules judge: the first qualifying one (§7.2), else the client's first
 * conference SUBSCRIBE after t200 (wrong target, wrong Event case, Expires: 0...).
 */
export function judgedSubscribe(dialog: Dialog): ConferenceSubscribe | undefined {
  const t200 = dialog.confirmed?.ref.timeNs ?? null;
  const all = conferenceSubscribes(dialog, conferenceUriOf(dialog), t200);
  return all.find((s) => s.qualifies) ?? all[0];
}

// ---------------------------------------------------------------------------------------------
// XML bodies

export type XmlRead<T> = { ok: true; value: T } | { ok: false; error: string };

// One parser for every document: namespace prefixes dropped (documents use `ci:`, `rl:`, default
// namespaces interchangeably), attributes kept as strings.
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: true,
});

type XmlNode = Record<string, unknown>;

function parseXml(text: string): XmlRead<XmlNode> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const e = valid.err;
    return { ok: false, error: `${e.msg} (line ${e.line}, column ${e.col})` };
  }
  try {
    return { ok: true, value: xml.parse(text) as XmlNode };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function asNodes(v: unknown): XmlNode[] {
  if (v === undefined || v === null) return [];
  const arr = Array.isArray(v) ? v : [v];
  return arr.map((x) => (typeof x === 'object' && x !== null ? (x as XmlNode) : {}));
}

function attr(node: XmlNode, name: string): string | undefined {
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** The root attributes of an RFC 4575 conference-info document. */
export interface ConferenceInfo {
  entity?: string;
  state?: string;
  version?: string;
}

/** The conference-info document of a NOTIFY body, read once per message. */
export function conferenceInfoOf(msg: SipMessage): XmlRead<ConferenceInfo> {
  let read = infoCache.get(msg);
  if (!read) infoCache.set(msg, (read = readConferenceInfo(msg.body)));
  return read;
}

const infoCache = new WeakMap<SipMessage, XmlRead<ConferenceInfo>>();

export function readConferenceInfo(text: string): XmlRead<ConferenceInfo> {
  // Most bodies are plain XML: their root attributes need no tree (src/dialog/xml-root.ts).
  const plain = plainXmlRoot(text);
  if (plain !== undefined && plain.name === 'conference-info') {
    const a = plain.attributes;
    return { ok: true, value: { entity: a.get('entity'), state: a.get('state'), version: a.get('version') } };
  }
  return parseConferenceInfo(text);
}

/** The same reading through fast-xml-parser: any document, with the validator's error position. */
export function parseConferenceInfo(text: string): XmlRead<ConferenceInfo> {
  const doc = parseXml(text);
  if (!doc.ok) return doc;
  const roots = asNodes(doc.value['conference-info']);
  if (roots.length !== 1) return { ok: false, error: 'no <conference-info> root element' };
  const root = roots[0];
  return { ok: true, value: { entity: attr(root, 'entity'), state: attr(root, 'state'), version: attr(root, 'version') } };
}

/** An `<entry uri=…>` of a resource list (RFC 4826 §3.2), nested lists flattened in order. */
export interface ResourceListEntry {
  uri: string;
}

/** The entries of a list body part, read once per part (several ad-hoc rules ask). */
export function resourceListOf(part: BodyPart): XmlRead<ResourceListEntry[]> {
  let read = listCache.get(part);
  if (!read) listCache.set(part, (read = readResourceList(part.body)));
  return read;
}

const listCache = new WeakMap<BodyPart, XmlRead<ResourceListEntry[]>>();

export function readResourceList(text: string): XmlRead<ResourceListEntry[]> {
  const doc = parseXml(text);
  if (!doc.ok) return doc;
  const roots = asNodes(doc.value['resource-lists']);
  if (roots.length !== 1) return { ok: false, error: 'no <resource-lists> root element' };
  const entries: ResourceListEntry[] = [];
  const walk = (lists: XmlNode[]): void => {
    for (const list of lists) {
      for (const entry of asNodes(list.entry)) {
        const uri = attr(entry, 'uri');
        if (uri !== undefined) entries.push({ uri });
      }
      walk(asNodes(list.list));
    }
  };
  walk(asNodes(roots[0].list));
  return { ok: true, value: entries };
}

// ---------------------------------------------------------------------------------------------
// Resource-list body parts (RFC 5366 §3)

export function isResourceListsPart(part: BodyPart): boolean {
  const t = part.contentType;
  return t !== undefined && `${t.type}/${t.subtype}` === RESOURCE_LISTS_TYPE;
}

export function isRecipientListPart(part: BodyPart): boolean {
  return part.contentDisposition?.dispositionType === 'recipient-list';
}

/** Parts that carry a list of invitees: resource-lists content or recipient-list disposition. */
export function listParts(msg: SipMessage): BodyPart[] {
  if (msg.body.length === 0) return [];
  return msg.bodyParts().filter((p) => isResourceListsPart(p) || isRecipientListPart(p));
}

/** The part that carries the invitees: the recipient-list resource list, else the first list part. */
export function primaryListPart(msg: SipMessage): BodyPart | undefined {
  const parts = listParts(msg);
  return parts.find((p) => isResourceListsPart(p) && isRecipientListPart(p)) ?? parts[0];
}

/** `Require` lists an option tag (tokens compare ignoring case). */
export function requires(msg: SipMessage, tag: string): boolean {
  const r = msg.require();
  return r.state === 'ok' && r.value.some((t) => t.toLowerCase() === tag);
}

/** Configured URIs (--conference-factory, ...) parsed once; a run has a handful. */
const configuredUris = new Map<string, SipUri | undefined>();

/** Does the URI text equal a configured URI (SPEC §3.4)? undefined when either is unreadable. */
export function sameUri(a: SipUri | undefined, configured: string): boolean | undefined {
  let b = configuredUris.get(configured);
  if (b === undefined && !configuredUris.has(configured)) {
    b = parseUri(configured);
    configuredUris.set(configured, b);
  }
  if (!a || !b) return undefined;
  return compareUris(a, b).equal;
}

/** The ad-hoc signals of an initial INVITE (SPEC §2.5 (2), §5.4), each judged on its own. */
export interface AdhocSignals {
  /** Any part carrying a list (resource-lists content or recipient-list disposition). */
  listCarried: boolean;
  /** `Require: recipient-list-invite`. */
  requireTag: boolean;
  /** Request-URI equals the configured conference factory; undefined when none is configured. */
  factoryUri: boolean | undefined;
}

export function adhocSignals(invite: SipMessage, conferenceFactory: string | undefined): AdhocSignals {
  const parts = listParts(invite);
  const ruri = invite.requestUriParsed();
  return {
    listCarried: parts.length > 0,
    requireTag: requires(invite, 'recipient-list-invite'),
    factoryUri: conferenceFactory === undefined ? undefined : sameUri(ruri.state === 'ok' ? ruri.value : undefined, conferenceFactory) === true,
  };
}

/** The dialog a `Replaces` value names (RFC 3891 §6.1), from the unescaped header value. */
export interface ReplacesTarget {
  callId: string;
  toTag?: string;
  fromTag?: string;
  raw: string;
}

/**
 * The `?Replaces=` URI header of a resource-list entry (SPEC §5.4 IM-EXTEND-REPLACES): undefined
 * when the URI has none. The value is %-escaped inside the URI (`;` as %3B, `=` as %3D).
 */
export function replacesOf(uri: SipUri): ReplacesTarget | undefined {
  const h = uri.headers.find((p) => p.name.toLowerCase() === 'replaces');
  if (!h) return undefined;
  let raw = h.value ?? '';
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // Keep the escaped text: a bad escape leaves the tags unreadable, which the rule reports.
  }
  const [callId, ...params] = raw.split(';');
  const target: ReplacesTarget = { callId: callId.trim(), raw };
  for (const p of params) {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : p.slice(eq + 1).trim();
    if (name === 'to-tag') target.toTag = value;
    else if (name === 'from-tag') target.fromTag = value;
  }
  return target;
}
