// Types shared by every capture reader. capture/ knows transport framing, never SIP semantics.

/** Where a diagnostic or a message came from; every piece of evidence points back to bytes. */
export interface Endpoint {
  ip: string;
  port: number;
}

export type Transport = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss' | 'sctp' | 'unknown';

export type InputFormat =
  | 'pcap'
  | 'pcapng'
  | 'sipp-trace'
  | 'ngrep'
  | 'sngrep'
  | 'raw-sip';

export interface SourceRef {
  /** Input path as given on the command line (or found while walking a directory). */
  input: string;
  /** 1-based capture frame number (pcap/pcapng). For TCP, the frame holding the message's first byte. */
  frame?: number;
  /**
   * Stream transports: the frame holding the message's last byte, when it differs from `frame`
   * (tshark reports a reassembled PDU there).
   */
  lastFrame?: number;
  /** 1-based line number in a text log where the message starts. */
  line?: number;
  /**
   * Byte offset in the input file of the record (pcap frame record, or the message's first byte in a
   * text log). For gzip input, the offset in the decompressed stream.
   */
  offset: number;
  /** Length in bytes of the SIP message text. */
  length: number;
  /** Capture time, nanoseconds since the Unix epoch; null when the source has no timestamps. */
  timeNs: bigint | null;
  src?: Endpoint;
  dst?: Endpoint;
  transport: Transport;
  /** Set when the message came wrapped (HEP3, WebSocket, IP-in-IP, ...), e.g. "hep3", "ws". */
  encapsulation?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** Diagnostics, never exceptions: they flow beside the data and end up in the report. */
export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. "pcap.truncated-record", "sip.header.malformed". */
  code: string;
  message: string;
  /** Header name when the problem is inside a SIP header. */
  header?: string;
  /** Byte offset: in the input file for capture diagnostics, in the message for SIP diagnostics. */
  offset?: number;
  input?: string;
  frame?: number;
  line?: number;
}

/** One framed SIP message (exactly one start line + headers + Content-Length body), undecoded. */
export interface RawSipMessage {
  ref: SourceRef;
  /** The message bytes. Decode as latin1. May be a view into a reused buffer: copy to keep. */
  data: Buffer;
}

/** What a reader yields: a chunk's worth of messages and diagnostics, in capture order. */
export interface CaptureBatch {
  messages: RawSipMessage[];
  diagnostics: Diagnostic[];
  /** Bytes of the input consumed so far (compressed bytes for gzip), for progress. */
  bytesRead: number;
}

/** Running totals for one input; final once the batches are exhausted. */
export interface InputStats {
  path: string;
  format: InputFormat | 'unknown';
  /** Size of the file on disk. */
  bytesTotal: number;
  /** Packets (pcap/pcapng records) or log entries read. */
  packets: number;
  sipMessages: number;
  /** TLS-only flows seen: "encrypted, not analysed". */
  encryptedFlows: number;
  /** Timestamp of the last record in the input (capture end), ns since the epoch. */
  lastTimeNs: bigint | null;
  firstTimeNs: bigint | null;
}

export interface CaptureOptions {
  /** Force a format instead of detecting it. */
  inputFormat?: InputFormat;
  /** HEP3 is recognised on this UDP port, and on any port when the payload starts with "HEP3". */
  hepPort?: number;
  limits?: Partial<CaptureLimits>;
}

export interface CaptureLimits {
  /** Largest SIP message accepted (bytes). */
  maxMessageBytes: number;
  /** TCP flows tracked at once; the oldest is evicted with a diagnostic. */
  maxOpenFlows: number;
  /** Bytes buffered per TCP flow waiting for a complete message. */
  maxFlowBuffer: number;
  /** IP datagrams being reassembled at once. */
  maxFragmentSets: number;
  /** Fragment reassembly timeout, seconds of capture time. */
  fragmentTimeoutSec: number;
  /** Header fields kept per SIP message (applied by the sip stage's framer; default 1000). */
  maxHeaders?: number;
}

export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = {
  maxMessageBytes: 256 * 1024,
  maxOpenFlows: 100_000,
  maxFlowBuffer: 1024 * 1024,
  maxFragmentSets: 10_000,
  fragmentTimeoutSec: 60,
};

/** An opened input: iterate `batches()` once; `stats` fills in as it goes. */
export interface CaptureSource {
  readonly stats: InputStats;
  batches(): AsyncIterable<CaptureBatch>;
}
