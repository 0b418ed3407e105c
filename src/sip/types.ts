// The SIP message model. The framer fills the cheap fields; typed accessors parse on first use
// through the peggy grammar (one start rule per header) and never throw.
import type { Diagnostic, SourceRef } from '../capture/types.js';

export interface HeaderField {
  /** Name as written (may be compact, any case). */
  name: string;
  /** Canonical name, e.g. "Accept-Contact" for "a" or "accept-contact". */
  canonical: string;
  /** Raw value, folding (CRLF + WSP) replaced by a single space, surrounding whitespace trimmed. */
  value: string;
  /** Byte offset of the header line inside the message. */
  offset: number;
  /** Byte offset of the value's first byte inside the message (peggy offsets map from here). */
  valueOffset: number;
  /** 1-based line of the header inside the message. */
  line: number;
}

export interface GenericParam {
  /** Parameter name as written. Compare case-insensitively. */
  name: string;
  /** Unquoted value; null for a bare parameter (`;lr`, `;isfocus`). */
  value: string | null;
  /** True when the value was a quoted string in the text. */
  quoted: boolean;
}

export interface SipUri {
  scheme: string; // lower case: "sip" | "sips" | "tel" | other absoluteURI schemes
  user?: string; // still escaped as written
  password?: string;
  /** Host as written; IPv6 keeps its brackets. For tel: the number. */
  host: string;
  port?: number;
  params: GenericParam[];
  headers: GenericParam[];
  raw: string;
}

export interface NameAddr {
  displayName?: string; // unquoted
  uri: SipUri;
  /** True for the name-addr form `<...>`; false for a bare addr-spec. */
  bracketed: boolean;
  /** Header parameters (after `>` or after the bare URI): tag, expires, q, feature tags, isfocus... */
  params: GenericParam[];
  tag?: string;
  raw: string;
}

export interface Via {
  protocolName: string; // "SIP"
  protocolVersion: string; // "2.0"
  transport: string; // upper case as written: "UDP", "TCP", "WS", ...
  host: string;
  port?: number;
  branch?: string;
  received?: string;
  /** `;rport` bare → true; `;rport=N` → N. */
  rport?: number | true;
  params: GenericParam[];
  raw: string;
}

export interface CSeq {
  seq: number;
  method: string;
}

export type ContactValue = { star: true; raw: string } | ({ star: false } & NameAddr);

/** RFC 3841 ac-value / rc-value. */
export interface AcValue {
  /** True when the value starts with `*` as the ABNF requires. */
  star: boolean;
  params: GenericParam[];
  require: boolean;
  explicit: boolean;
  raw: string;
}

export interface SessionExpires {
  deltaSeconds: number;
  refresher?: 'uac' | 'uas'; // lower-cased
  params: GenericParam[];
}

export interface MinSE {
  deltaSeconds: number;
  params: GenericParam[];
}

export type ServerVal = { product: string; version?: string } | { comment: string };

export interface EventHeader {
  /** Byte-exact as written (RFC 6665 §8.2.1). */
  eventType: string;
  id?: string;
  params: GenericParam[];
}

export interface SubscriptionState {
  state: string; // lower-cased substate
  expires?: number;
  reason?: string;
  retryAfter?: number;
  params: GenericParam[];
}

export interface MediaType {
  type: string; // lower-cased
  subtype: string; // lower-cased
  params: GenericParam[];
}

export interface ContentDisposition {
  dispositionType: string; // lower-cased
  params: GenericParam[];
}

/**
 * The result of reading one header (or one merged list header). Rules distinguish "absent"
 * (the client left it out) from "malformed" or "conflict" (the capture cannot settle it).
 */
export type HeaderValue<T> =
  | { state: 'absent' }
  | { state: 'ok'; value: T; fields: HeaderField[] }
  | { state: 'malformed'; fields: HeaderField[]; diagnostic: Diagnostic }
  /** A single-valued header repeated with different values. */
  | { state: 'conflict'; fields: HeaderField[]; diagnostic: Diagnostic };

export interface BodyPart {
  contentType?: MediaType;
  contentDisposition?: ContentDisposition;
  headers: HeaderField[];
  /** latin1 text of the part's body. */
  body: string;
}

export interface SdpMedia {
  media: string; // "message", "audio"
  port: number;
  proto: string; // "TCP/MSRP", "TCP/TLS/MSRP", "RTP/AVP"
  formats: string[];
  /** a= lines of this media section: name → values (in order; flag attributes have value ""). */
  attributes: { name: string; value: string }[];
}

export interface Sdp {
  origin?: { username: string; sessId: string; sessVersion: string; raw: string };
  sessionAttributes: { name: string; value: string }[];
  media: SdpMedia[];
}

export interface SipMessage {
  readonly ref: SourceRef;
  readonly isRequest: boolean;
  readonly method?: string; // requests: case-sensitive as written
  readonly requestUri?: string; // raw
  readonly status?: number; // responses
  readonly reason?: string;
  readonly startLine: string;
  readonly headers: readonly HeaderField[];
  /** Body bytes as latin1 text (exactly Content-Length bytes when it is present and valid). */
  readonly body: string;
  /** Framing and parse diagnostics; typed accessors append theirs on first use. */
  readonly diagnostics: Diagnostic[];

  // Identity fields, filled by the framer with a cheap scan (needed for every message):
  readonly callId?: string;
  readonly cseq?: CSeq;
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly topViaBranch?: string;
  /** Sent-by (host[:port]) of the top Via, as written. */
  readonly topViaSentBy?: string;
  /** Number of Via values (all Via / v lines, comma-split). */
  readonly viaCount: number;
  /**
   * Points identity fields equal in value to `source`'s (a message of the same dialog or
   * transaction) at `source`'s strings and CSeq, so held messages keep one copy each. Values
   * never change; optional so hand-built messages stay valid.
   */
  shareIdentity?(source: SipMessage): void;

  /** All header fields with this name (canonical or compact, any case), in order. */
  fields(name: string): HeaderField[];
  has(name: string): boolean;

  // Typed accessors: parsed on first use, cached on the message, never throw.
  requestUriParsed(): HeaderValue<SipUri>;
  from(): HeaderValue<NameAddr>;
  to(): HeaderValue<NameAddr>;
  via(): HeaderValue<Via[]>;
  contact(): HeaderValue<ContactValue[]>;
  acceptContact(): HeaderValue<AcValue[]>;
  rejectContact(): HeaderValue<AcValue[]>;
  supported(): HeaderValue<string[]>;
  require(): HeaderValue<string[]>;
  proxyRequire(): HeaderValue<string[]>;
  unsupported(): HeaderValue<string[]>;
  allow(): HeaderValue<string[]>;
  allowEvents(): HeaderValue<string[]>;
  sessionExpires(): HeaderValue<SessionExpires>;
  minSE(): HeaderValue<MinSE>;
  /** Privacy values (semicolon list; commas accepted with a diagnostic). Lower-cased. */
  privacy(): HeaderValue<string[]>;
  userAgent(): HeaderValue<ServerVal[]>;
  server(): HeaderValue<ServerVal[]>;
  event(): HeaderValue<EventHeader>;
  subscriptionState(): HeaderValue<SubscriptionState>;
  expires(): HeaderValue<number>;
  accept(): HeaderValue<MediaType[]>;
  contentType(): HeaderValue<MediaType>;
  contentDisposition(): HeaderValue<ContentDisposition>;
  recordRoute(): HeaderValue<NameAddr[]>;
  route(): HeaderValue<NameAddr[]>;
  referredBy(): HeaderValue<NameAddr>;
  referTo(): HeaderValue<NameAddr>;
  maxForwards(): HeaderValue<number>;
  date(): HeaderValue<string>;

  /** Multipart bodies split by boundary; a single-part body gives one part. */
  bodyParts(): BodyPart[];
  /** The SDP of the body (the application/sdp part of a multipart body), if any. */
  sdp(): Sdp | undefined;
}

export interface ParseOptions {
  /** Validate every header the grammar knows, up front (--strict). */
  strict?: boolean;
  /** Header fields kept per message; later ones are dropped with a `sip.header.too-many` diagnostic (default 1000). */
  maxHeaders?: number;
}
