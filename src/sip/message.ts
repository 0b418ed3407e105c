// SipMessage: framed fields up front, typed header values parsed on first use and cached on the
// message. Accessors never throw; their diagnostics join the message's list once.
import type { Diagnostic, SourceRef } from '../capture/types.js';
import type {
  AcValue, BodyPart, ContactValue, ContentDisposition, CSeq, EventHeader, HeaderField, HeaderValue,
  MediaType, MinSE, NameAddr, Sdp, ServerVal, SessionExpires, SipMessage, SipUri, SubscriptionState, Via,
} from './types.js';
import type { FramedMessage } from './framer.js';
import type { StartLine } from './start-line.js';
import type { Identity } from './identity.js';
import { canonicalHeaderName } from './header-names.js';
import { appended } from './appended.js';
import { readers, type HeaderReader, type MessageReadContext } from './readers.js';

export class ParsedSipMessage implements SipMessage, MessageReadContext {
  readonly ref: SourceRef;
  readonly isRequest: boolean;
  readonly method?: string;
  readonly requestUri?: string;
  readonly status?: number;
  readonly reason?: string;
  readonly startLine: string;
  readonly startLineOffset: number;
  readonly headers: readonly HeaderField[];
  readonly body: string;
  readonly bodyOffset: number;
  readonly diagnostics: Diagnostic[];
  readonly callId?: string;
  readonly cseq?: CSeq;
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly topViaBranch?: string;
  readonly topViaSentBy?: string;
  readonly viaCount: number;
  readonly strict: boolean;

  private readonly foldMaps: FramedMessage['foldMaps'];
  /** Accessor results, created on first use (most messages are never asked). */
  private cache: Map<string, unknown> | undefined;

  constructor(ref: SourceRef, framed: FramedMessage, start: StartLine, identity: Identity, strict: boolean) {
    this.ref = ref;
    this.strict = strict;
    this.isRequest = start.isRequest;
    if (start.method !== undefined) this.method = start.method;
    if (start.requestUri !== undefined) this.requestUri = start.requestUri;
    if (start.status !== undefined) this.status = start.status;
    if (start.reason !== undefined) this.reason = start.reason;
    this.startLine = framed.startLine;
    this.startLineOffset = framed.startLineOffset;
    this.headers = framed.headers;
    this.foldMaps = framed.foldMaps;
    this.body = framed.body;
    this.bodyOffset = framed.bodyOffset;
    this.diagnostics = framed.diagnostics;
    if (identity.callId !== undefined) this.callId = identity.callId;
    if (identity.cseq !== undefined) this.cseq = identity.cseq;
    if (identity.fromTag !== undefined) this.fromTag = identity.fromTag;
    if (identity.toTag !== undefined) this.toTag = identity.toTag;
    if (identity.topViaBranch !== undefined) this.topViaBranch = identity.topViaBranch;
    if (identity.topViaSentBy !== undefined) this.topViaSentBy = identity.topViaSentBy;
    this.viaCount = identity.viaCount;
  }

  // A linear scan, not a per-message index: ~15 fields compared by their shared canonical
  // strings cost less than a Map and an array per name, which every held message would keep.
  fields(name: string): HeaderField[] {
    const canonical = canonicalHeaderName(name);
    let found: HeaderField[] | undefined;
    for (const h of this.headers) if (h.canonical === canonical) found = appended(found, h);
    return found ?? [];
  }

  has(name: string): boolean {
    const canonical = canonicalHeaderName(name);
    for (const h of this.headers) if (h.canonical === canonical) return true;
    return false;
  }

  /** Message offset of character `index` of a field's (unfolded) value. */
  offsetIn(field: HeaderField, index: number): number {
    const i = this.headers.indexOf(field);
    const map = i === -1 ? undefined : this.foldMaps[i];
    if (map === undefined) return field.valueOffset + index;
    let k = 0;
    while (k + 2 < map.length && map[k + 2] <= index) k += 2;
    return map[k + 1] + (index - map[k]);
  }

  note(diagnostic: Diagnostic): void {
    this.diagnostics.push(diagnostic);
  }

  /** Runs a reader once; caches its result and records its diagnostic on the message. */
  read<T>(key: string, reader: HeaderReader<T>): T {
    const cache = (this.cache ??= new Map<string, unknown>());
    if (cache.has(key)) return cache.get(key) as T;
    const result = reader(this);
    cache.set(key, result);
    const diagnostic = (result as { diagnostic?: Diagnostic } | undefined)?.diagnostic;
    // The framer may have reported the same fault already (a From/To conflict): keep one.
    if (diagnostic !== undefined && !this.diagnostics.some((d) => d.code === diagnostic.code && d.offset === diagnostic.offset)) {
      this.diagnostics.push(diagnostic);
    }
    return result;
  }

  requestUriParsed(): HeaderValue<SipUri> { return this.read('@request-uri', readers.requestUri); }
  from(): HeaderValue<NameAddr> { return this.read('From', readers.from); }
  to(): HeaderValue<NameAddr> { return this.read('To', readers.to); }
  via(): HeaderValue<Via[]> { return this.read('Via', readers.via); }
  contact(): HeaderValue<ContactValue[]> { return this.read('Contact', readers.contact); }
  acceptContact(): HeaderValue<AcValue[]> { return this.read('Accept-Contact', readers.acceptContact); }
  rejectContact(): HeaderValue<AcValue[]> { return this.read('Reject-Contact', readers.rejectContact); }
  supported(): HeaderValue<string[]> { return this.read('Supported', readers.supported); }
  require(): HeaderValue<string[]> { return this.read('Require', readers.require); }
  proxyRequire(): HeaderValue<string[]> { return this.read('Proxy-Require', readers.proxyRequire); }
  unsupported(): HeaderValue<string[]> { return this.read('Unsupported', readers.unsupported); }
  allow(): HeaderValue<string[]> { return this.read('Allow', readers.allow); }
  allowEvents(): HeaderValue<string[]> { return this.read('Allow-Events', readers.allowEvents); }
  sessionExpires(): HeaderValue<SessionExpires> { return this.read('Session-Expires', readers.sessionExpires); }
  minSE(): HeaderValue<MinSE> { return this.read('Min-SE', readers.minSE); }
  privacy(): HeaderValue<string[]> { return this.read('Privacy', readers.privacy); }
  userAgent(): HeaderValue<ServerVal[]> { return this.read('User-Agent', readers.userAgent); }
  server(): HeaderValue<ServerVal[]> { return this.read('Server', readers.server); }
  event(): HeaderValue<EventHeader> { return this.read('Event', readers.event); }
  subscriptionState(): HeaderValue<SubscriptionState> { return this.read('Subscription-State', readers.subscriptionState); }
  expires(): HeaderValue<number> { return this.read('Expires', readers.expires); }
  accept(): HeaderValue<MediaType[]> { return this.read('Accept', readers.accept); }
  contentType(): HeaderValue<MediaType> { return this.read('Content-Type', readers.contentType); }
  contentDisposition(): HeaderValue<ContentDisposition> { return this.read('Content-Disposition', readers.contentDisposition); }
  recordRoute(): HeaderValue<NameAddr[]> { return this.read('Record-Route', readers.recordRoute); }
  route(): HeaderValue<NameAddr[]> { return this.read('Route', readers.route); }
  referredBy(): HeaderValue<NameAddr> { return this.read('Referred-By', readers.referredBy); }
  referTo(): HeaderValue<NameAddr> { return this.read('Refer-To', readers.referTo); }
  maxForwards(): HeaderValue<number> { return this.read('Max-Forwards', readers.maxForwards); }
  date(): HeaderValue<string> { return this.read('Date', readers.date); }
  bodyParts(): BodyPart[] { return this.read('@body-parts', readers.bodyParts); }
  sdp(): Sdp | undefined { return this.read('@sdp', readers.sdp); }
}
