// One reader per typed accessor: which fields, single or list, which grammar start rule, and
// whether the parsed value may be shared through the (name, value) cache.
import type {
  AcValue, BodyPart, ContactValue, ContentDisposition, EventHeader, HeaderField, HeaderValue,
  MediaType, MinSE, NameAddr, Sdp, ServerVal, SessionExpires, SipUri, SubscriptionState, Via,
} from './types.js';
import type { Diagnostic } from '../capture/types.js';
import { readList, readSingle, type HeaderReadContext, type Parsed } from './header-value.js';
import { parseWith, ruleParser } from './grammar.js';
import { sipDiagnostic } from './diagnostics.js';
import { splitBody } from './body.js';
import { findSdp } from './sdp.js';
import { fastContact, fastNameAddr } from './name-addr-fast.js';

/** What whole-message readers (Request-URI, body) see besides the header fields. */
export interface MessageReadContext extends HeaderReadContext {
  readonly requestUri?: string;
  readonly startLine: string;
  readonly startLineOffset: number;
  readonly body: string;
  readonly bodyOffset: number;
  readonly headers: readonly HeaderField[];
  /** Strict mode: the grammar reads every value (no fast path). */
  readonly strict: boolean;
  /** Records a diagnostic that does not make the value unusable (a tolerated deviation). */
  note(diagnostic: Diagnostic): void;
  contentType(): HeaderValue<MediaType>;
  bodyParts(): BodyPart[];
}

export type HeaderReader<T> = (ctx: MessageReadContext) => T;

// Values unique per transaction or dialog are not worth caching (FINDINGS: peggy section).
const fromGrammar = ruleParser<NameAddr>('From_value', false);
const toGrammar = ruleParser<NameAddr>('To_value', false);
const via = ruleParser<Via>('Via_value', false);
const contactGrammar = ruleParser<ContactValue>('Contact_value', false);
const routeGrammar = ruleParser<NameAddr>('Route_value', false);
const referredByGrammar = ruleParser<NameAddr>('Referred_By_value', false);
const referToGrammar = ruleParser<NameAddr>('Refer_To_value', false);

/** The regular-expression fast path first, the grammar when it declines; strict: grammar only. */
function withFastPath<T>(ctx: MessageReadContext, fast: (text: string) => T | undefined, grammar: (text: string) => Parsed<T>): (text: string) => Parsed<T> {
  if (ctx.strict) return grammar;
  return (text) => {
    const value = fast(text);
    return value === undefined ? grammar(text) : { ok: true, value };
  };
}
const fromFast = (text: string): NameAddr | undefined => fastNameAddr(text, 'from');
const routeFast = (text: string): NameAddr | undefined => fastNameAddr(text, 'route');
const acValue = ruleParser<AcValue>('Accept_Contact_value', true);
const rcValue = ruleParser<AcValue>('Reject_Contact_value', true);
const optionTag = ruleParser<string>('Option_tag_value', true);
const method = ruleParser<string>('Method_value', true);
const eventType = ruleParser<string>('Event_type_value', true);
const sessionExpires = ruleParser<SessionExpires>('Session_Expires_value', true);
const minSE = ruleParser<MinSE>('Min_SE_value', true);
const privacy = ruleParser<{ values: string[]; commas: boolean }>('Privacy_value', true);
const serverVals = ruleParser<ServerVal[]>('Server_value', true);
const event = ruleParser<EventHeader>('Event_value', true);
const subscriptionState = ruleParser<SubscriptionState>('Subscription_State_value', true);
const deltaSeconds = ruleParser<number>('Expires_value', true);
const acceptRange = ruleParser<MediaType>('Accept_value', true);
const mediaType = ruleParser<MediaType>('Content_Type_value', true);
const contentDisposition = ruleParser<ContentDisposition>('Content_Disposition_value', true);
const maxForwards = ruleParser<number>('Max_Forwards_value', true);
const sipDate = ruleParser<string>('Date_value', false);

function readRequestUri(ctx: MessageReadContext): HeaderValue<SipUri> {
  if (ctx.requestUri === undefined) return { state: 'absent' };
  const at = ctx.startLineOffset + Math.max(0, ctx.startLine.indexOf(ctx.requestUri));
  const bad = (index: number, message: string): HeaderValue<SipUri> => ({
    state: 'malformed', fields: [],
    diagnostic: sipDiagnostic(ctx.ref, 'error', 'sip.request-uri.malformed', `Request-URI: ${message}`, at + index),
  });
  const r = parseWith<SipUri>('Request_URI_start', ctx.requestUri);
  if (!r.ok) return bad(r.index, r.message);
  // RFC 3261 §19.1.1 (table 1): URI headers are not allowed in a Request-URI.
  if (r.value.headers.length > 0) return bad(ctx.requestUri.indexOf('?'), 'headers ("?...") are not allowed in a Request-URI');
  return { state: 'ok', value: r.value, fields: [] };
}

function readPrivacy(ctx: MessageReadContext): HeaderValue<string[]> {
  const merged = readList(ctx, 'Privacy', (text): Parsed<string[]> => {
    const r = privacy(text);
    return r.ok ? { ok: true, value: r.value.values } : r;
  }, false);
  if (merged.state !== 'ok') return merged;
  // Privacy separates values with ";" (RFC 3323 §4.2); the list split above took commas.
  if (merged.fields.some((f) => f.value.indexOf(',') !== -1)) {
    const f = merged.fields.find((x) => x.value.indexOf(',') !== -1) as HeaderField;
    ctx.note(sipDiagnostic(ctx.ref, 'info', 'sip.privacy.commas', 'Privacy values separated by commas instead of ";" (accepted)', ctx.offsetIn(f, f.value.indexOf(',')), 'Privacy'));
  }
  return { state: 'ok', value: merged.value.flat(), fields: merged.fields };
}

export const readers = {
  requestUri: readRequestUri,
  from: (ctx: MessageReadContext): HeaderValue<NameAddr> => readSingle(ctx, 'From', withFastPath(ctx, fromFast, fromGrammar)),
  to: (ctx: MessageReadContext): HeaderValue<NameAddr> => readSingle(ctx, 'To', withFastPath(ctx, fromFast, toGrammar)),
  via: (ctx: MessageReadContext): HeaderValue<Via[]> => readList(ctx, 'Via', via, false),
  contact: (ctx: MessageReadContext): HeaderValue<ContactValue[]> => readList(ctx, 'Contact', withFastPath(ctx, fastContact, contactGrammar), false),
  acceptContact: (ctx: MessageReadContext): HeaderValue<AcValue[]> => readList(ctx, 'Accept-Contact', acValue, false),
  rejectContact: (ctx: MessageReadContext): HeaderValue<AcValue[]> => readList(ctx, 'Reject-Contact', rcValue, false),
  supported: (ctx: MessageReadContext): HeaderValue<string[]> => readList(ctx, 'Supported', optionTag, true),
  require: (ctx: MessageReadContext): HeaderValue<string[]> => readList(ctx, 'Require', optionTag, false),
  proxyRequire: (ctx: MessageReadContext): HeaderValue<string[]> => readList(ctx, 'Proxy-Require', optionTag, false),
  unsupported: (ctx: MessageReadContext): HeaderValue<string[]> => readList(ctx, 'Unsupported', optionTag, false),
  allow: (ctx: MessageReadContext): HeaderValue<string[]> => readList(ctx, 'Allow', method, true),
  allowEvents: (ctx: MessageReadContext): HeaderValue<string[]> => readList(ctx, 'Allow-Events', eventType, false),
  sessionExpires: (ctx: MessageReadContext): HeaderValue<SessionExpires> => readSingle(ctx, 'Session-Expires', sessionExpires),
  minSE: (ctx: MessageReadContext): HeaderValue<MinSE> => readSingle(ctx, 'Min-SE', minSE),
  privacy: readPrivacy,
  userAgent: (ctx: MessageReadContext): HeaderValue<ServerVal[]> => readSingle(ctx, 'User-Agent', serverVals),
  server: (ctx: MessageReadContext): HeaderValue<ServerVal[]> => readSingle(ctx, 'Server', serverVals),
  event: (ctx: MessageReadContext): HeaderValue<EventHeader> => readSingle(ctx, 'Event', event),
  subscriptionState: (ctx: MessageReadContext): HeaderValue<SubscriptionState> => readSingle(ctx, 'Subscription-State', subscriptionState),
  expires: (ctx: MessageReadContext): HeaderValue<number> => readSingle(ctx, 'Expires', deltaSeconds),
  accept: (ctx: MessageReadContext): HeaderValue<MediaType[]> => readList(ctx, 'Accept', acceptRange, true),
  contentType: (ctx: MessageReadContext): HeaderValue<MediaType> => readSingle(ctx, 'Content-Type', mediaType),
  contentDisposition: (ctx: MessageReadContext): HeaderValue<ContentDisposition> => readSingle(ctx, 'Content-Disposition', contentDisposition),
  recordRoute: (ctx: MessageReadContext): HeaderValue<NameAddr[]> => readList(ctx, 'Record-Route', withFastPath(ctx, routeFast, routeGrammar), false),
  route: (ctx: MessageReadContext): HeaderValue<NameAddr[]> => readList(ctx, 'Route', withFastPath(ctx, routeFast, routeGrammar), false),
  referredBy: (ctx: MessageReadContext): HeaderValue<NameAddr> => readSingle(ctx, 'Referred-By', withFastPath(ctx, fromFast, referredByGrammar)),
  referTo: (ctx: MessageReadContext): HeaderValue<NameAddr> => readSingle(ctx, 'Refer-To', withFastPath(ctx, fromFast, referToGrammar)),
  maxForwards: (ctx: MessageReadContext): HeaderValue<number> => readSingle(ctx, 'Max-Forwards', maxForwards),
  date: (ctx: MessageReadContext): HeaderValue<string> => readSingle(ctx, 'Date', sipDate),
  bodyParts: (ctx: MessageReadContext): BodyPart[] => splitBody(ctx),
  sdp: (ctx: MessageReadContext): Sdp | undefined => findSdp(ctx),
};
