// The dialog layer's view: transactions and dialogs hold references to parsed messages.
import type { Diagnostic, Endpoint } from '../capture/types.js';
import type { SipMessage, SipUri } from '../sip/types.js';

export type Party = 'client' | 'peer';

/** One transaction: the first copy of the request, first copies of its distinct responses. */
export interface Transaction {
  /** Top Via branch + sent-by + CSeq method (RFC 2543 fallback: Call-ID + From tag + CSeq). */
  key: string;
  method: string;
  /** First copy seen (timing always from the first copy). */
  request: SipMessage;
  /** Copies of the request seen after the first (retransmissions, or other vantages). */
  requestCopies: SipMessage[];
  /** First copy of each distinct response (by status + To tag), in arrival order. */
  responses: SipMessage[];
  /** First final response (>= 200), if any. */
  final?: SipMessage;
  /** Who sent the request. */
  from: Party;
  // Added by the dialog engine (issue 4); optional so hand-built test dialogs stay valid.
  /**
   * The copy closest to the client when it is not `request` (SPEC §2.2): header rules judge
   * `judgedCopy(tx)` (src/dialog/vantage.ts) = `clientCopy ?? request`; timing stays on `request`.
   */
  clientCopy?: SipMessage;
  /** ACK for a non-2xx final response (same transaction as the INVITE, RFC 3261 §17.1.1.3). */
  ack?: SipMessage;
  /** CANCEL of this INVITE (its own transaction; its 200 is in `cancel.responses`). */
  cancel?: Transaction;
}

export type DialogKind = 'im-1-1' | 'im-group' | 'not-im';

export type Vantage = { kind: 'client' } | { kind: 'downstream'; hops: number };

/** A SUBSCRIBE dialog linked to the IM dialog (conference state, SPEC §7). */
export interface Subscription {
  callId: string;
  /** The SUBSCRIBE transactions (initial, refreshes, unsubscribe), in order. */
  subscribes: Transaction[];
  /** NOTIFY transactions received in this subscription, in order. */
  notifies: Transaction[];
  /** Target of the initial SUBSCRIBE, parsed. */
  target?: SipUri;
  /** True when the SUBSCRIBE was sent inside the INVITE dialog (same Call-ID and tags). */
  insideInviteDialog: boolean;
}

export interface Dialog {
  /** Stable id: Call-ID + client tag + peer tag. */
  id: string;
  callId: string;
  /** From tag of the initial request (the client's tag when the client originated it). */
  localTag: string;
  /** To tag of the response that created the dialog; absent when no response had one. */
  remoteTag?: string;
  kind: DialogKind;
  /** The signal that decided `kind` (SPEC §2.4, §2.5), e.g. "sdp:msrp", "2xx-contact:isfocus". */
  classifiedBy: string;
  /** When the dialog is an IM-looking session outside 7.1.1 (large-message, OMA CPM, ...). */
  outOfScope?: string;
  /** Which party originated: 'client' for originating-side dialogs (7.1.1). */
  originator: Party;
  client: { endpoint?: Endpoint; aor?: string; label: string };
  peer: { endpoint?: Endpoint; aor?: string; label: string };
  /** Every attempt of the initial INVITE (retries after 401/407/422/3xx), in order. */
  initialAttempts: Transaction[];
  /** The attempt that produced the final response (the primary evidence). */
  initialInvite: Transaction;
  /** Vantage of the initial INVITE copy judged. */
  vantage: Vantage;
  /** First copy of the 2xx to the initial INVITE that created this dialog (confirmed dialogs). */
  confirmed?: SipMessage;
  /** Early dialog only, or ended without 2xx (CANCEL / error). */
  state: 'early' | 'confirmed' | 'terminated-early' | 'failed';
  /** In-dialog transactions after the initial INVITE, ordered by first request time. */
  transactions: Transaction[];
  /** Conference URI: Contact of the 2xx (group sessions). */
  conferenceUri?: SipUri;
  /** Linked conference subscriptions sent by the client (SPEC §7.2). */
  subscriptions: Subscription[];
  /** First BYE from either side. */
  bye?: Transaction;
  startNs: bigint | null;
  endNs: bigint | null;
  /** Time of the last record in the capture this dialog was seen in. */
  captureEndNs: bigint | null;
  notes: string[];
  diagnostics: Diagnostic[];
  // Added by the dialog engine (issue 4); optional so hand-built test dialogs stay valid.
  /**
   * 0 for the first dialog created by its initial INVITE, 1.. for further forks (one dialog per
   * To tag). Initial-request rules (IM-ORIG-*) may judge only forkIndex 0 to avoid repeats.
   */
  forkIndex?: number;
  /** Input path the dialog was read from (the first input when merged). */
  input?: string;
  /** Judged before it ended because `maxOpenDialogs` was reached (a diagnostic says so). */
  evicted?: boolean;
  /**
   * The capture started mid-dialog (SPEC §2.1, §6.6): no initial INVITE was seen. `initialInvite`
   * is the first in-dialog INVITE/UPDATE captured (it has a To tag), `initialAttempts` is empty,
   * `originator` is 'client' and `localTag` is the client's tag. Initial-request rules do not apply.
   */
  midDialog?: boolean;
  /**
   * The client's confirmed, not yet ended IM 1-1 dialogs (same client AoR) when this dialog's
   * initial INVITE was sent, for IM-EXTEND-REPLACES (SPEC §5.4): those whose peer AoR (user
   * unescaped, host ignoring case) an entry of the INVITE's resource list names, in list order.
   * Only client-originated INVITEs carrying a resource list can extend a session; absent when none.
   */
  openSessionsAtStart?: OpenOneToOneSession[];
}

/** An open IM 1-1 dialog of the client, named the way RFC 3891 Replaces names it. */
export interface OpenOneToOneSession {
  callId: string;
  /** The client's tag in that dialog (whichever side sent the INVITE). */
  localTag: string;
  /** The peer's tag in that dialog. */
  remoteTag: string;
  /** The peer's AoR as written (To of the client's INVITE, or From of the peer's). */
  peerAor: string;
  peerUri?: SipUri;
}
