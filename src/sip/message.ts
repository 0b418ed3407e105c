// SipMessage: framed fields up front, typed header values parsed on first use and cached on the
// message. Accessors never throw; their diagnostics join the message's list once. A held message
// keeps its text and identity; its header objects and cached values are dropped when it leaves
// the ring of warm messages (hot-messages.ts) and rebuilt from the text on the next read.
import type { Diagnostic, SourceRef } from '../capture/types.js';
import type {
  AcValue, BodyPart, ContactValue, ContentDisposition, CSeq, EventHeader, HeaderField, HeaderValue,
  MediaType, MinSE, NameAddr, Sdp, ServerVal, SessionExpires, SipMessage, SipUri, SubscriptionState, Via,
} from './types.js';
import { frameMessage, type FramedMessage } from './framer.js';
import { reasonIn, requestUriIn, type StartLine } from './start-line.js';
import type { Identity } from './identity.js';
import { canonicalHeaderName } from './header-names.js';
import { appended } from './appended.js';
import { hotMessages, type Coolable } from './hot-messages.js';
import { readers, type HeaderReader, type MessageReadContext } from './readers.js';

/** One bit per accessor key (about 32 of them), given out on first use. */
const readerBits = new Map<string, number>();
function readerBit(key: string): number {
  let bit = readerBits.get(key);
  if (bit === undefined) readerBits.set(key, (bit = 2 ** readerBits.size));
  return bit;
}
/** `mask` has `bit` (a power of two below 2**53; bitwise operators stop at 32 bits). */
const hasBit = (mask: number, bit: number): boolean => Math.floor(mask / bit) % 2 === 1;

const NO_DIAGNOSTICS: Diagnostic[] = Object.freeze([]) as unknown as Diagnostic[];

/** Framed header fields, their fold maps, and accessor results (made on first use): dropped on cooling. */
class WarmState {
  headers: HeaderField[] | undefined;
  foldMaps: FramedMessage['foldMaps'] | undefined;
  cache: Map<string, unknown> | undefined = undefined;

  constructor(framed?: FramedMessage) {
    this.headers = framed?.headers;
    this.foldMaps = framed?.foldMaps;
  }
}

/** `value`, or the equal one of `a` and `b` (the string a held message already keeps). */
function sameString(value: string, a: string | undefined, b: string | undefined): string {
  return value === a ? a : value === b ? b : value;
}

// Flag bits of a message (one small integer instead of a boolean field each).
const REQUEST = 1;
const STRICT = 2;
/** In the ring of warm messages. */
const WARM = 4;
/** A reader running again after cooling: what it notes is already on the message. */
const REPLAYING = 8;
/** The start line was read as a status line: `reason` is read from it. */
const STATUS_LINE = 16;

/** A held message is the most numerous object of a run: every field here costs 8 B per message. */
export class ParsedSipMessage implements SipMessage, MessageReadContext, Coolable {
  readonly ref: SourceRef;
  readonly method?: string;
  readonly status?: number;
  readonly bodyOffset: number;
  readonly callId?: string;
  readonly cseq?: CSeq;
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly topViaBranch?: string;
  readonly topViaSentBy?: string;
  readonly viaCount: number;

  /** The whole message (latin1): what the headers are framed again from. */
  private readonly text: string;
  // The start line, Request-URI, reason and body are read from the text when asked for: a held
  // slice costs more (a 32-byte string object each) than working it out again.
  private readonly bodyLength: number;
  private flags: number;
  /** Shared empty list until the first diagnostic (most messages have none). */
  private diags: Diagnostic[];
  private readonly maxHeaders: number | undefined;
  /** What the message holds while warm (one field, not three, on every held message). */
  private warmState: WarmState | undefined;
  /** Accessors already run once (their diagnostics are on the message): see readerBit. */
  private ran = 0;

  constructor(ref: SourceRef, framed: FramedMessage, start: StartLine, identity: Identity, strict: boolean, maxHeaders?: number) {
    this.ref = ref;
    this.flags = (start.isRequest ? REQUEST : 0) | (strict ? STRICT : 0) | (start.reason !== undefined ? STATUS_LINE : 0) | WARM;
    if (start.method !== undefined) this.method = start.method;
    if (start.status !== undefined) this.status = start.status;
    this.text = framed.text;
    this.maxHeaders = maxHeaders;
    this.warmState = new WarmState(framed);
    this.bodyOffset = framed.bodyOffset;
    this.bodyLength = framed.body.length;
    this.diags = framed.diagnostics.length === 0 ? NO_DIAGNOSTICS : framed.diagnostics;
    if (identity.callId !== undefined) this.callId = identity.callId;
    if (identity.cseq !== undefined) this.cseq = identity.cseq;
    if (identity.fromTag !== undefined) this.fromTag = identity.fromTag;
    if (identity.toTag !== undefined) this.toTag = identity.toTag;
    if (identity.topViaBranch !== undefined) this.topViaBranch = identity.topViaBranch;
    if (identity.topViaSentBy !== undefined) this.topViaSentBy = identity.topViaSentBy;
    this.viaCount = identity.viaCount;
    hotMessages.admit(this);
  }

  shareIdentity(source: SipMessage): void {
    if (source === this) return;
    // The only writes to these fields after construction: the values stay equal.
    const self = this as { -readonly [K in 'callId' | 'cseq' | 'fromTag' | 'toTag' | 'topViaBranch' | 'topViaSentBy']: ParsedSipMessage[K] };
    if (self.callId !== undefined && self.callId === source.callId) self.callId = source.callId;
    const cseq = self.cseq;
    if (cseq !== undefined && source.cseq !== undefined && cseq.seq === source.cseq.seq && cseq.method === source.cseq.method) self.cseq = source.cseq;
    // In-dialog requests of the other side carry the tags the other way round.
    if (self.fromTag !== undefined) self.fromTag = sameString(self.fromTag, source.fromTag, source.toTag);
    if (self.toTag !== undefined) self.toTag = sameString(self.toTag, source.toTag, source.fromTag);
    if (self.topViaBranch !== undefined && self.topViaBranch === source.topViaBranch) self.topViaBranch = source.topViaBranch;
    if (self.topViaSentBy !== undefined && self.topViaSentBy === source.topViaSentBy) self.topViaSentBy = source.topViaSentBy;
  }

  get isRequest(): boolean {
    return (this.flags & REQUEST) !== 0;
  }

  /** Strict mode: the grammar reads every value (no fast path). */
  get strict(): boolean {
    return (this.flags & STRICT) !== 0;
  }

  /** Offset of the start line: after the empty lines the framer skips (RFC 3261 §7.5). */
  get startLineOffset(): number {
    const text = this.text;
    let pos = 0;
    while (pos < text.length && (text.charCodeAt(pos) === 0x0d || text.charCodeAt(pos) === 0x0a)) pos++;
    return pos;
  }

  /** The start line as the framer cut it: up to the first LF, without its CR. */
  get startLine(): string {
    const text = this.text;
    const start = this.startLineOffset;
    const eol = text.indexOf('\n', start);
    if (eol === -1) return text.slice(start);
    return text.slice(start, eol > start && text.charCodeAt(eol - 1) === 0x0d ? eol - 1 : eol);
  }

  /** Requests: the Request-URI as written (raw). */
  get requestUri(): string | undefined {
    return this.method === undefined ? undefined : requestUriIn(this.startLine);
  }

  /** Responses: the Reason-Phrase. */
  get reason(): string | undefined {
    return (this.flags & STATUS_LINE) === 0 ? undefined : reasonIn(this.startLine);
  }

  get body(): string {
    return this.text.slice(this.bodyOffset, this.bodyOffset + this.bodyLength);
  }

  /** Framing and parse diagnostics (read-only to callers: the message adds its own). */
  get diagnostics(): Diagnostic[] {
    return this.diags;
  }

  private addDiagnostic(diagnostic: Diagnostic): void {
    if (this.diags === NO_DIAGNOSTICS) this.diags = [diagnostic];
    else this.diags.push(diagnostic);
  }

  get headers(): readonly HeaderField[] {
    return this.warmState?.headers ?? this.reframe();
  }

  /** Frames the text again after cooling; the framing diagnostics are on the message already. */
  private reframe(): HeaderField[] {
    const framed = frameMessage(this.text, this.ref, this.maxHeaders);
    const warm = (this.warmState ??= new WarmState());
    warm.headers = framed.headers;
    warm.foldMaps = framed.foldMaps;
    this.warmUp();
    return framed.headers;
  }

  private warmUp(): void {
    if ((this.flags & WARM) !== 0) return;
    this.flags |= WARM;
    hotMessages.admit(this);
  }

  cool(): void {
    this.flags &= ~WARM;
    this.warmState = undefined;
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
    const headers = this.headers;
    let i = headers.indexOf(field);
    // A field read before the message cooled: the same header line of the new framing.
    if (i === -1) i = headers.findIndex((h) => h.offset === field.offset && h.valueOffset === field.valueOffset);
    const map = i === -1 ? undefined : this.warmState!.foldMaps![i];
    if (map === undefined) return field.valueOffset + index;
    let k = 0;
    while (k + 2 < map.length && map[k + 2] <= index) k += 2;
    return map[k + 1] + (index - map[k]);
  }

  note(diagnostic: Diagnostic): void {
    if ((this.flags & REPLAYING) === 0) this.addDiagnostic(diagnostic);
  }

  /** Runs a reader once while warm; caches its result and records its diagnostic on the message once. */
  read<T>(key: string, reader: HeaderReader<T>): T {
    this.warmUp();
    const cache = ((this.warmState ??= new WarmState()).cache ??= new Map<string, unknown>());
    if (cache.has(key)) return cache.get(key) as T;
    const bit = readerBit(key);
    const replay = hasBit(this.ran, bit);
    const outer = this.flags & REPLAYING;
    this.flags = (this.flags & ~REPLAYING) | (replay ? REPLAYING : 0);
    let result: T;
    try {
      result = reader(this);
    } finally {
      this.flags = (this.flags & ~REPLAYING) | outer;
    }
    cache.set(key, result);
    if (replay) return result;
    this.ran += bit;
    const diagnostic = (result as { diagnostic?: Diagnostic } | undefined)?.diagnostic;
    // The framer may have reported the same fault already (a From/To conflict): keep one.
    if (diagnostic !== undefined && !this.diags.some((d) => d.code === diagnostic.code && d.offset === diagnostic.offset)) {
      this.addDiagnostic(diagnostic);
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
