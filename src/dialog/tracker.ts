// The dialog engine (SPEC §2): folds copies into transactions, transactions into dialogs, joins
// retries of an initial INVITE, links conference subscriptions, and hands each dialog over once
// it has ended and its grace period of capture time has passed. Memory is O(open dialogs).
import type { Diagnostic, Endpoint } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import { compareUris, parseUri } from '../sip/index.js';
import type { SipMessage, SipUri } from '../sip/types.js';
import {
  classifyIm,
  contactUri,
  requestFocusSignal,
  requestGroupSignal,
  responseFocusSignal,
  type GroupSignal,
  type ImClassification,
} from './classify.js';
import { aorKey, ClientIdentity, endpointLabel, uacAddress } from './client.js';
import { primaryListPart, resourceListOf } from './conference.js';
import { DeadlineQueue } from './deadline-queue.js';
import { Forks } from './forks.js';
import { KeyIndex } from './key-index.js';
import { HeldTransaction } from './held-transaction.js';
import { KnownConferences } from './known-conferences.js';
import { endToEndKey, joinKey, sameResponse, transactionKey } from './transaction-key.js';
import { appendedTight, pairAppendedTight } from '../sip/appended.js';
import type { Dialog, OpenOneToOneSession, Party, Subscription, Transaction, Vantage } from './types.js';
import { chooseClientCopy } from './vantage.js';

/** One initial INVITE from one UAC: every attempt (Call-ID + From tag), and its dialogs by To tag. */
interface InviteSession {
  key: string;
  callId: string;
  fromTag: string;
  originator: Party;
  attempts: Transaction[];
  dialogs: Forks<DialogState>;
  im: ImClassification;
  notes: string[];
  input: string;
  startNs: bigint | null;
  /** Bumped whenever a pending sweep becomes stale (new attempt, new final response). */
  sweepGen: number;
  /** The latest attempt's outcome has been settled (final + grace, or timed out). */
  swept: boolean;
  retired: boolean;
  /**
   * Index entries to remove when the session leaves the tracker, in pairs: a request and its
   * transaction (filed under the request's keys), a copy's branch key and its transaction, or a
   * key and its dialog or subscription.
   */
  entries: (string | SipMessage | TxOwner | DialogState | SubState)[];
  /** Messages held for this INVITE and its dialogs, and those refused past the limit. */
  kept: number;
  dropped: number;
  /** The client's open 1-1 dialogs when this INVITE was sent, if it may extend one (SPEC §5.4). */
  openSessions?: OpenOneToOneSession[];
}

interface DialogState {
  dialog: Dialog;
  session: InviteSession;
  /** Handed over to the caller; later messages are no longer joined. */
  closed: boolean;
  group?: GroupSignal;
  /** AoR key (user@host) of the client in this dialog, for subscription linking. */
  clientKey?: string;
  clientEndpoint?: Endpoint;
  indexedAsGroup: boolean;
  /** The peer's AoR, parsed (To of the client's INVITE, From of the peer's). */
  peerUri?: SipUri;
  /** Its key in `oneToOneByPeer` while it is a confirmed IM 1-1 dialog, not yet ended. */
  oneToOneKey?: string;
}

interface SubState {
  sub: Subscription;
  owner: DialogState;
}

type TxOwner =
  | { kind: 'attempt'; session: InviteSession; tx: Transaction }
  | { kind: 'cancel'; session: InviteSession; tx: Transaction }
  | { kind: 'in-dialog'; state: DialogState; tx: Transaction }
  /** The first request of a dialog whose start the capture missed; its 2xx may show a focus. */
  | { kind: 'mid-dialog'; state: DialogState; tx: Transaction }
  | { kind: 'subscription'; sub: SubState; tx: Transaction };

type Deadline =
  | { kind: 'close'; state: DialogState }
  | { kind: 'sweep'; session: InviteSession; gen: number };

const NS_PER_SEC = 1_000_000_000;
/**
 * Messages one INVITE with its dialogs and subscriptions may hold (copies, responses, in-dialog
 * and subscription transactions). A hostile or broken capture (a MESSAGE flood inside one dialog,
 * endless forks) must not grow memory without bound; what is refused is counted and reported.
 */
export const MAX_MESSAGES_PER_INVITE = 20_000;
const toNs = (sec: number): bigint => BigInt(Math.round(sec * NS_PER_SEC));

/**
 * The keys of the message being pushed, computed once: a message is looked up and registered
 * under the same keys by several handlers.
 */
class MessageKeys {
  private msg?: SipMessage;
  private key?: string;
  private e2e?: string;
  private hasE2e = false;

  reset(msg: SipMessage): void {
    this.msg = msg;
    this.key = transactionKey(msg);
    this.e2e = undefined;
    this.hasE2e = false;
  }

  keyOf(msg: SipMessage): string | undefined {
    return msg === this.msg ? this.key : transactionKey(msg);
  }

  e2eOf(msg: SipMessage): string | undefined {
    if (msg !== this.msg) return endToEndKey(msg);
    if (!this.hasE2e) {
      this.e2e = endToEndKey(msg);
      this.hasE2e = true;
    }
    return this.e2e;
  }
}

const keys = new MessageKeys();

/** Shared empties for a dialog's transactions and subscriptions, a subscription's NOTIFYs (see `appendedTight`). */
const NO_TRANSACTIONS = Object.freeze([]) as unknown as Transaction[];
const NO_SUBSCRIPTIONS = Object.freeze([]) as unknown as Subscription[];
const NO_NOTES = Object.freeze([]) as unknown as string[];
/** Every open dialog's vantage until emit chooses the judged copy. */
const CLIENT_VANTAGE: Vantage = Object.freeze({ kind: 'client' });
const NO_DIAGNOSTICS = Object.freeze([]) as unknown as Diagnostic[];

/** A held message keeps the strings of the message it joins where they are equal (one copy per dialog). */
function share(msg: SipMessage, source: SipMessage): void {
  msg.shareIdentity?.(source);
}

function newTransaction(msg: SipMessage, from: Party): Transaction {
  return new HeldTransaction(msg, from);
}

function ownerSession(o: TxOwner): InviteSession {
  switch (o.kind) {
    case 'attempt':
    case 'cancel':
      return o.session;
    case 'in-dialog':
    case 'mid-dialog':
      return o.state.session;
    case 'subscription':
      return o.sub.owner.session;
  }
}

export class DialogTracker {
  readonly diagnostics: Diagnostic[] = [];
  private readonly client: ClientIdentity;
  private readonly conferenceFactory?: SipUri;
  private readonly groupUri?: SipUri;
  private readonly known = new KnownConferences();
  private readonly graceNs: bigint;
  private readonly timerBNs: bigint;

  private readonly sessions = new Map<string, InviteSession>();
  private readonly txByKey = new KeyIndex<TxOwner>((m) => transactionKey(m), (o) => o.tx.request);
  private readonly txByE2e = new KeyIndex<TxOwner>((m) => endToEndKey(m), (o) => o.tx.request);
  private readonly dialogsByTags = new Map<string, DialogState>();
  private readonly subsByTag = new Map<string, SubState>();
  private readonly groupsByConference = new Map<string, Set<DialogState>>();
  private readonly groupsByClient = new Map<string, Set<DialogState>>();
  /** Confirmed, not yet ended IM 1-1 dialogs by client and peer AoR, for IM-EXTEND-REPLACES. */
  private readonly oneToOneByPeer = new Map<string, Set<DialogState>>();
  private readonly deadlines = new DeadlineQueue<Deadline>();
  private lastNs: bigint | null = null;
  /** Dialogs not yet handed over, plus initial INVITEs that have no dialog yet. */
  private open = 0;
  /** Messages that belong to no INVITE dialog (REGISTER, OPTIONS, MESSAGE, unlinked SUBSCRIBE...). */
  private outside = 0;
  /** Messages for a dialog already handed over (arrived after its grace period). */
  private late = 0;

  private readonly maxMessages: number;

  constructor(
    private readonly config: ImlintConfig,
    opts: { maxMessagesPerInvite?: number } = {},
  ) {
    this.maxMessages = opts.maxMessagesPerInvite ?? MAX_MESSAGES_PER_INVITE;
    this.client = new ClientIdentity(config);
    this.diagnostics.push(...this.client.diagnostics);
    this.conferenceFactory = this.configUri('conferenceFactory', config.conferenceFactory);
    this.groupUri = this.configUri('groupUri', config.groupUri);
    this.graceNs = toNs(config.dialogGraceSec);
    this.timerBNs = toNs(64 * config.t1Sec);
  }

  private configUri(key: string, text: string | undefined): SipUri | undefined {
    if (text === undefined) return undefined;
    const uri = parseUri(text);
    if (!uri) {
      this.diagnostics.push({ severity: 'error', code: 'dialog.config.bad-uri', message: `config ${key} "${text}" is not a SIP URI; ignored` });
    }
    return uri;
  }

  /** Feeds one message (capture order); returns the dialogs whose grace period ended. */
  push(msg: SipMessage): Dialog[] {
    const out: Dialog[] = [];
    keys.reset(msg);
    const now = msg.ref.timeNs;
    if (now !== null) {
      if (this.lastNs === null || now > this.lastNs) this.lastNs = now;
      this.drainDue(this.lastNs, out);
    }
    if (msg.callId === undefined || msg.cseq === undefined) {
      this.outside++;
    } else if (!msg.isRequest) {
      this.onResponse(msg);
    } else if (msg.method === 'ACK') {
      this.onAck(msg);
    } else if (msg.method === 'CANCEL') {
      this.onCancel(msg);
    } else if (msg.toTag === undefined) {
      if (msg.method === 'INVITE') this.onInitialInvite(msg);
      else if (msg.method === 'SUBSCRIBE') this.onInitialSubscribe(msg);
      else this.outside++;
    } else {
      this.onInDialogRequest(msg);
    }
    this.evictOverflow(out);
    return out;
  }

  /** End of input: every dialog still held is handed over, judged against `captureEndNs`. */
  finish(captureEndNs: bigint | null): Dialog[] {
    const out: Dialog[] = [];
    this.finishEach(captureEndNs, (dialogs) => out.push(...dialogs));
    return out;
  }

  /**
   * `finish`, one INVITE at a time: `hand` gets each one's dialogs (in `finish` order) before the
   * next is settled, so the thousands still open at the end of a capture are not all held, with
   * what handing over adds to each, until the last is settled.
   */
  finishEach(captureEndNs: bigint | null, hand: (dialogs: Dialog[]) => void): void {
    if (captureEndNs !== null && (this.lastNs === null || captureEndNs > this.lastNs)) this.lastNs = captureEndNs;
    for (const session of [...this.sessions.values()]) {
      const out: Dialog[] = [];
      this.settle(session, out, captureEndNs);
      if (out.length > 0) hand(out);
    }
    if (this.outside > 0) {
      this.diagnostics.push({
        severity: 'info',
        code: 'dialog.outside-invite-dialogs',
        message: `${this.outside} message(s) belong to no INVITE dialog (REGISTER, OPTIONS, MESSAGE, unlinked SUBSCRIBE, orphan responses); not judged`,
      });
      this.outside = 0;
    }
    if (this.late > 0) {
      this.diagnostics.push({
        severity: 'warning',
        code: 'dialog.late-messages',
        message: `${this.late} message(s) arrived after their dialog's grace period (dialogGraceSec=${this.config.dialogGraceSec}) and were not joined`,
      });
      this.late = 0;
    }
  }

  /** Dialogs currently held (an initial INVITE without any dialog yet counts as one). */
  get openCount(): number {
    return this.open;
  }

  /** Room for one more message of this INVITE (SPEC-free memory bound, see MAX_MESSAGES_PER_INVITE). */
  private keep(session: InviteSession): boolean {
    if (session.kept >= this.maxMessages) {
      session.dropped++;
      return false;
    }
    session.kept++;
    return true;
  }

  // ---- requests -------------------------------------------------------------------------

  /** A copy of a request already seen (retransmission, or the same request at another hop)? */
  private foldCopy(msg: SipMessage): boolean {
    const key = keys.keyOf(msg);
    let owner = key !== undefined ? this.txByKey.get(key) : undefined;
    if (owner && owner.tx.method !== msg.method) owner = undefined;
    if (!owner) {
      const e2e = keys.e2eOf(msg);
      owner = e2e !== undefined ? this.txByE2e.get(e2e) : undefined;
      if (owner && owner.tx.method !== msg.method) owner = undefined;
      // Another vantage point: its responses carry this hop's Via, so index it too.
      if (owner && key !== undefined) {
        this.txByKey.set(key, msg, owner);
        const session = ownerSession(owner);
        session.entries = pairAppendedTight(session.entries, key, owner);
      }
    }
    if (!owner) return false;
    if (this.keep(ownerSession(owner))) {
      share(msg, owner.tx.request);
      owner.tx.requestCopies = appendedTight(owner.tx.requestCopies, msg);
    }
    return true;
  }

  private registerTx(session: InviteSession, owner: TxOwner, msg: SipMessage): void {
    const key = keys.keyOf(msg);
    const e2e = keys.e2eOf(msg);
    if (key !== undefined) this.txByKey.set(key, msg, owner);
    if (e2e !== undefined) this.txByE2e.set(e2e, msg, owner);
    if (key !== undefined || e2e !== undefined) session.entries = pairAppendedTight(session.entries, msg, owner);
  }

  private index<V extends DialogState | SubState>(session: InviteSession, map: Map<string, V>, key: string, value: V): void {
    map.set(key, value);
    session.entries = pairAppendedTight(session.entries, key, value);
  }

  private onInitialInvite(msg: SipMessage): void {
    if (this.foldCopy(msg)) return;
    const key = joinKey(msg.callId!, msg.fromTag ?? '');
    const existing = this.sessions.get(key);
    if (existing) {
      // A retry (after 401/407/422/3xx): same Call-ID and From tag, no To tag, CSeq+1 (SPEC §2.1).
      const tx = newTransaction(msg, existing.originator);
      if ([...existing.dialogs.values()].some((d) => d.dialog.confirmed)) {
        existing.notes.push(`initial INVITE CSeq ${msg.cseq?.seq} reuses the Call-ID and From tag of an answered INVITE; joined as another attempt`);
      }
      if (!this.keep(existing)) return;
      share(msg, existing.attempts[0].request);
      existing.attempts.push(tx);
      existing.swept = false;
      existing.sweepGen++;
      this.registerTx(existing, { kind: 'attempt', session: existing, tx }, msg);
      this.scheduleTimeout(existing, msg.ref.timeNs);
      return;
    }
    const who = this.client.originatorOf(msg);
    const im = classifyIm(msg);
    const tx = newTransaction(msg, who.originator);
    const session: InviteSession = {
      key,
      callId: msg.callId!,
      fromTag: msg.fromTag ?? '',
      originator: who.originator,
      attempts: [tx],
      dialogs: new Forks(),
      im,
      notes: [originatorNote(who), ...im.notes],
      input: msg.ref.input,
      startNs: msg.ref.timeNs,
      sweepGen: 0,
      swept: false,
      retired: false,
      entries: [],
      kept: 1,
      dropped: 0,
    };
    if (msg.fromTag === undefined) session.notes.push('initial INVITE has no From tag (RFC 3261 §8.1.1.3 MUST)');
    if (who.originator === 'client') session.openSessions = this.openOneToOne(msg);
    this.sessions.set(key, session);
    this.open++; // counted as one dialog until its first dialog exists
    this.registerTx(session, { kind: 'attempt', session, tx }, msg);
    this.scheduleTimeout(session, msg.ref.timeNs);
  }

  private onAck(msg: SipMessage): void {
    // ACK for a non-2xx final shares the INVITE's branch (RFC 3261 §17.1.1.3).
    const inviteKey = transactionKey(msg, 'INVITE');
    const invite = inviteKey !== undefined ? this.txByKey.get(inviteKey) : undefined;
    if (invite?.kind === 'attempt' && invite.tx.final !== undefined && invite.tx.final.status! >= 300) {
      if (invite.tx.ack === undefined) {
        share(msg, invite.tx.request);
        invite.tx.ack = msg;
      }
      return;
    }
    this.onInDialogRequest(msg);
  }

  private onCancel(msg: SipMessage): void {
    if (this.foldCopy(msg)) return;
    const inviteKey = transactionKey(msg, 'INVITE');
    const e2e = endToEndKey(msg, 'INVITE');
    const invite = (inviteKey !== undefined ? this.txByKey.get(inviteKey) : undefined) ?? (e2e !== undefined ? this.txByE2e.get(e2e) : undefined);
    if (invite?.kind !== 'attempt') {
      this.outside++;
      return;
    }
    const tx = newTransaction(msg, invite.tx.from);
    share(msg, invite.tx.request);
    invite.tx.cancel ??= tx;
    this.registerTx(invite.session, { kind: 'cancel', session: invite.session, tx }, msg);
  }

  private onInDialogRequest(msg: SipMessage): void {
    if (this.foldCopy(msg)) return;
    const callId = msg.callId!;
    const state = this.dialogsByTags.get(`${callId}\0${msg.fromTag ?? ''}\0${msg.toTag ?? ''}`) ?? this.dialogsByTags.get(`${callId}\0${msg.toTag ?? ''}\0${msg.fromTag ?? ''}`);
    if (state?.closed) {
      this.late++;
      return;
    }
    if (state && (msg.method === 'SUBSCRIBE' || msg.method === 'NOTIFY')) {
      if (this.joinSubscription(msg)) return;
      if (msg.method === 'SUBSCRIBE' && this.isConferenceEvent(msg) && this.partyOf(state, msg) === 'client') {
        this.linkSubscription(msg, state, true);
        return;
      }
    }
    if (state) {
      if (!this.keep(state.session)) return;
      share(msg, state.dialog.confirmed ?? state.dialog.initialInvite.request);
      const tx = newTransaction(msg, this.partyOf(state, msg));
      state.dialog.transactions = appendedTight(state.dialog.transactions, tx);
      this.registerTx(state.session, { kind: 'in-dialog', state, tx }, msg);
      if (msg.method === 'BYE' && !state.dialog.bye) {
        state.dialog.bye = tx;
        state.dialog.endNs = msg.ref.timeNs;
        this.unindexGroup(state);
        this.unindexOneToOne(state);
        if (msg.ref.timeNs !== null) this.deadlines.push(msg.ref.timeNs + this.graceNs, { kind: 'close', state });
      }
      return;
    }
    if (this.joinSubscription(msg)) return;
    if (msg.method === 'INVITE' || msg.method === 'UPDATE') {
      this.startMidDialog(msg);
      return;
    }
    this.outside++;
  }

  /**
   * An INVITE or UPDATE with a To tag for no known dialog: the capture started mid-dialog (SPEC
   * §2.1). It becomes a dialog of its own so the timer can start at the first 2xx carrying
   * Session-Expires (§6.6); it is never judged as an initial request.
   */
  private startMidDialog(msg: SipMessage): void {
    const who = this.client.originatorOf(msg);
    const clientSent = who.originator === 'client';
    const clientTag = (clientSent ? msg.fromTag : msg.toTag) ?? '';
    const peerTag = (clientSent ? msg.toTag : msg.fromTag) ?? '';
    const im = classifyIm(msg);
    const session: InviteSession = {
      key: joinKey('mid', msg.callId!, clientTag, peerTag),
      callId: msg.callId!,
      fromTag: clientTag,
      originator: 'client',
      attempts: [],
      dialogs: new Forks(),
      im,
      notes: [`capture starts mid-dialog: first seen ${msg.method} CSeq ${msg.cseq?.seq} from the ${clientSent ? 'client' : 'peer'} (${who.reason})`, ...im.notes],
      input: msg.ref.input,
      startNs: msg.ref.timeNs,
      sweepGen: 0,
      swept: true,
      retired: false,
      entries: [],
      kept: 1,
      dropped: 0,
    };
    const tx = newTransaction(msg, clientSent ? 'client' : 'peer');
    const state = this.createDialog(session, tx, peerTag, true);
    state.dialog.midDialog = true;
    state.dialog.state = 'confirmed';
    session.dialogs.set(peerTag, state);
    this.sessions.set(session.key, session);
    this.open++;
    this.index(session, this.dialogsByTags, joinKey(session.callId, clientTag, peerTag), state);
    this.registerTx(session, { kind: 'mid-dialog', state, tx }, msg);
    if (im.im) this.indexOneToOne(state);
    this.diagnostics.push({
      severity: 'info',
      code: 'dialog.mid-dialog',
      message: `${msg.method} with To tag for no known dialog (Call-ID ${msg.callId}): the capture started mid-dialog; judged from here, not as an initial request`,
      input: msg.ref.input,
      frame: msg.ref.frame,
      line: msg.ref.line,
      offset: msg.ref.offset,
    });
  }

  /** Which party sent an in-dialog request: the client's tag is in From. */
  private partyOf(state: DialogState, msg: SipMessage): Party {
    const d = state.dialog;
    const clientTag = d.originator === 'client' ? d.localTag : d.remoteTag;
    return msg.fromTag === clientTag ? 'client' : 'peer';
  }

  // ---- conference subscriptions (SPEC §7.2) --------------------------------------------

  private isConferenceEvent(msg: SipMessage): boolean {
    const ev = msg.event();
    // Linked ignoring case; IM-CONF-SUB-EVENT checks the byte-exact spelling.
    return ev.state === 'ok' && ev.value.eventType.toLowerCase() === 'conference';
  }

  /** Refresh SUBSCRIBEs (subscriber's tag in From) and NOTIFYs (in To) of a linked subscription. */
  private joinSubscription(msg: SipMessage): boolean {
    const subscriberTag = msg.method === 'NOTIFY' ? msg.toTag : msg.fromTag;
    if (msg.method !== 'NOTIFY' && msg.method !== 'SUBSCRIBE') return false;
    const sub = this.subsByTag.get(`${msg.callId}\0${subscriberTag ?? ''}`);
    if (!sub) return false;
    // Inside the INVITE dialog the tags are shared with other packages (refer, ...).
    if (sub.sub.insideInviteDialog && !this.isConferenceEvent(msg)) return false;
    if (sub.owner.closed) {
      this.late++;
      return true;
    }
    if (!this.keep(sub.owner.session)) return true;
    share(msg, sub.sub.subscribes[0].request);
    const tx = newTransaction(msg, msg.method === 'NOTIFY' ? 'peer' : 'client');
    if (msg.method === 'NOTIFY') {
      sub.sub.notifies = appendedTight(sub.sub.notifies, tx);
      this.known.addFromConferenceInfo(msg.body);
    } else sub.sub.subscribes = appendedTight(sub.sub.subscribes, tx);
    this.registerTx(sub.owner.session, { kind: 'subscription', sub, tx }, msg);
    return true;
  }

  private onInitialSubscribe(msg: SipMessage): void {
    if (this.foldCopy(msg)) return;
    if (!this.isConferenceEvent(msg)) {
      this.outside++;
      return;
    }
    const now = msg.ref.timeNs;
    const ruri = msg.requestUriParsed();
    const target = ruri.state === 'ok' ? ruri.value : undefined;
    const eligible = (s: DialogState): boolean =>
      !s.closed &&
      !s.dialog.bye &&
      s.dialog.confirmed !== undefined &&
      (now === null || s.dialog.confirmed.ref.timeNs === null || s.dialog.confirmed.ref.timeNs <= now) &&
      this.sentByDialogClient(msg, s);
    let owner: DialogState | undefined;
    if (target) {
      for (const s of this.groupsByConference.get(aorKey(target)) ?? []) {
        if (eligible(s) && compareUris(target, s.dialog.conferenceUri!).equal) {
          owner = s;
          break;
        }
      }
    }
    if (!owner) {
      // Wrong target: linked when the client has exactly one open group dialog (the rule says so).
      const from = msg.from();
      const key = from.state === 'ok' ? aorKey(from.value.uri) : undefined;
      // Stop at the second: a load-test client may hold thousands of group dialogs.
      let found = 0;
      for (const s of (key !== undefined ? this.groupsByClient.get(key) : undefined) ?? []) {
        if (!eligible(s)) continue;
        if (++found > 1) break;
        owner = s;
      }
      if (found !== 1) owner = undefined;
    }
    if (!owner) {
      this.outside++;
      return;
    }
    this.linkSubscription(msg, owner, false);
  }

  private sentByDialogClient(msg: SipMessage, s: DialogState): boolean {
    if (this.client.sentByClientEndpoint(msg)) return true;
    const from = msg.from();
    if (from.state === 'ok' && s.clientKey !== undefined && aorKey(from.value.uri) === s.clientKey) return true;
    const src = msg.ref.src;
    return src !== undefined && s.clientEndpoint !== undefined && src.ip === s.clientEndpoint.ip && src.port === s.clientEndpoint.port;
  }

  private linkSubscription(msg: SipMessage, owner: DialogState, inside: boolean): void {
    if (!this.keep(owner.session)) return;
    share(msg, owner.dialog.confirmed ?? owner.dialog.initialInvite.request);
    const ruri = msg.requestUriParsed();
    const tx = newTransaction(msg, 'client');
    const sub: Subscription = {
      callId: msg.callId!,
      subscribes: [tx],
      notifies: NO_TRANSACTIONS,
      target: ruri.state === 'ok' ? ruri.value : undefined,
      insideInviteDialog: inside,
    };
    owner.dialog.subscriptions = appendedTight(owner.dialog.subscriptions, sub);
    const state: SubState = { sub, owner };
    this.index(owner.session, this.subsByTag, joinKey(msg.callId!, msg.fromTag ?? ''), state);
    this.registerTx(owner.session, { kind: 'subscription', sub: state, tx }, msg);
  }

  // ---- responses ------------------------------------------------------------------------

  private onResponse(msg: SipMessage): void {
    const key = keys.keyOf(msg);
    let owner = key !== undefined ? this.txByKey.get(key) : undefined;
    if (!owner) {
      const e2e = keys.e2eOf(msg);
      owner = e2e !== undefined ? this.txByE2e.get(e2e) : undefined;
    }
    if (!owner) {
      this.outside++;
      return;
    }
    if (((owner.kind === 'in-dialog' || owner.kind === 'mid-dialog') && owner.state.closed) || (owner.kind === 'subscription' && owner.sub.owner.closed)) {
      this.late++;
      return;
    }
    const tx = owner.tx;
    for (const r of tx.responses) if (sameResponse(r, msg)) return; // retransmission or another hop's copy
    if (!this.keep(ownerSession(owner))) return;
    share(msg, tx.request);
    // The To tag of a response is on the earlier responses of the transaction, not on its request.
    if (tx.responses.length > 0) share(msg, tx.responses[tx.responses.length - 1]);
    // Most transactions keep one or two responses: arrays of exactly those, not push()'s 17 slots.
    tx.responses = appendedTight(tx.responses, msg);
    const status = msg.status ?? 0;
    if (status >= 200 && tx.final === undefined) tx.final = msg;
    if (owner.kind === 'attempt') this.onInviteResponse(owner.session, tx, msg);
    else if (owner.kind === 'mid-dialog' && status >= 200 && status < 300 && !owner.state.group) this.midDialogFocus(owner.state, msg);
  }

  private onInviteResponse(session: InviteSession, tx: Transaction, msg: SipMessage): void {
    const status = msg.status ?? 0;
    const latest = session.attempts[session.attempts.length - 1] === tx;
    if (status > 100 && status < 200 && msg.toTag !== undefined) {
      this.dialogFor(session, tx, msg.toTag);
    } else if (status >= 200 && status < 300) {
      if (msg.toTag === undefined) {
        session.notes.push(`${status} to the initial INVITE has no To tag (RFC 3261 §8.2.6.2 MUST)`);
      }
      const state = this.dialogFor(session, tx, msg.toTag ?? '');
      // A 2xx for an early dialog already handed over (terminated) comes too late to join it.
      if (state.closed) this.late++;
      else if (!state.dialog.confirmed) this.confirm(state, msg);
    }
    if (status >= 200 && latest && tx.final === msg) {
      // Wait for retries (after a failure) or other forks (after a 2xx) before settling.
      session.sweepGen++;
      if (msg.ref.timeNs !== null) this.deadlines.push(msg.ref.timeNs + this.graceNs, { kind: 'sweep', session, gen: session.sweepGen });
    }
  }

  private dialogFor(session: InviteSession, tx: Transaction, toTag: string): DialogState {
    const existing = session.dialogs.get(toTag);
    if (existing) return existing;
    const state = this.createDialog(session, tx, toTag === '' ? undefined : toTag);
    // The session was counted as one open dialog until its first dialog existed.
    if (session.dialogs.size > 0) this.open++;
    session.dialogs.set(toTag, state);
    if (toTag !== '') this.index(session, this.dialogsByTags, joinKey(session.callId, session.fromTag, toTag), state);
    return state;
  }

  private createDialog(session: InviteSession, tx: Transaction, remoteTag: string | undefined, midDialog = false): DialogState {
    const invite = tx.request;
    const from = invite.from();
    const to = invite.to();
    const fromUri = from.state === 'ok' ? from.value.uri : undefined;
    const toUri = to.state === 'ok' ? to.value.uri : undefined;
    const oneHop = invite.viaCount <= 1;
    const uac = uacAddress(invite);
    const uacEndpoint: Endpoint | undefined = oneHop && invite.ref.src ? invite.ref.src : uac ? { ip: uac.host, port: uac.port ?? 5060 } : undefined;
    const uasEndpoint: Endpoint | undefined = oneHop ? invite.ref.dst : undefined;
    const uacSide = { endpoint: uacEndpoint, aor: fromUri?.raw, label: fromUri?.raw ?? (uacEndpoint ? endpointLabel(uacEndpoint) : 'unknown') };
    const uasSide = { endpoint: uasEndpoint, aor: toUri?.raw, label: toUri?.raw ?? (uasEndpoint ? endpointLabel(uasEndpoint) : 'unknown') };
    // Mid-dialog the request may come from either side: the client is the UAC only if it sent it.
    const clientIsUac = midDialog ? tx.from === 'client' : session.originator === 'client';
    const dialog: Dialog = {
      // Written at hand-over (dialogId): nothing reads it while the dialog is open.
      id: '',
      callId: session.callId,
      localTag: session.fromTag,
      remoteTag,
      kind: session.im.im ? 'im-1-1' : 'not-im',
      classifiedBy: session.im.signal,
      originator: session.originator,
      client: clientIsUac ? uacSide : uasSide,
      peer: clientIsUac ? uasSide : uacSide,
      initialAttempts: session.attempts,
      initialInvite: tx,
      vantage: CLIENT_VANTAGE,
      state: 'early',
      transactions: NO_TRANSACTIONS,
      subscriptions: NO_SUBSCRIPTIONS,
      startNs: session.startNs,
      endNs: null,
      captureEndNs: null,
      // Shared empties while open; emit gives every handed-over dialog arrays of its own.
      notes: NO_NOTES,
      diagnostics: NO_DIAGNOSTICS,
      forkIndex: session.dialogs.size,
      input: session.input,
    };
    // Set only when there is one: `delete` would turn the dialog into a slow dictionary object (~1.5 KB).
    if (session.im.outOfScope !== undefined) dialog.outOfScope = session.im.outOfScope;
    if (session.openSessions) dialog.openSessionsAtStart = session.openSessions;
    const clientUri = clientIsUac ? fromUri : toUri;
    return {
      dialog,
      session,
      closed: false,
      clientKey: clientUri ? aorKey(clientUri) : undefined,
      clientEndpoint: clientIsUac ? uacEndpoint : uasEndpoint,
      indexedAsGroup: false,
      peerUri: clientIsUac ? toUri : fromUri,
    };
  }

  /** The 2xx that confirms a dialog: group classification and the conference URI (SPEC §2.5). */
  private confirm(state: DialogState, ok: SipMessage): void {
    const d = state.dialog;
    d.confirmed = ok;
    d.state = 'confirmed';
    const invite = d.initialInvite.request;
    if (d.originator === 'client') {
      const focus = responseFocusSignal(ok);
      state.group = focus ?? this.requestGroup(invite);
      if (state.group) {
        d.conferenceUri = contactUri(ok);
        if (!focus) d.notes = appendedTight(d.notes, 'group session, but the 2xx Contact has no isfocus: the focus did not identify itself');
      }
      if (focus && d.conferenceUri) this.known.add(d.conferenceUri);
    } else {
      state.group = requestFocusSignal(invite);
      if (state.group) d.conferenceUri = contactUri(invite);
    }
    if (state.group?.note) d.notes = appendedTight(d.notes, state.group.note);
    if (state.group && d.conferenceUri) {
      state.indexedAsGroup = true;
      this.addToSet(this.groupsByConference, aorKey(d.conferenceUri), state);
      if (state.clientKey !== undefined) this.addToSet(this.groupsByClient, state.clientKey, state);
    }
    if (!state.group && state.session.im.im) this.indexOneToOne(state);
  }

  /** Mid-dialog: a focus shows itself by isfocus in its own Contact (the peer's side). */
  private midDialogFocus(state: DialogState, ok: SipMessage): void {
    const tx = state.dialog.initialInvite;
    const peerMsg = tx.from === 'client' ? ok : tx.request;
    const focus = peerMsg === ok ? responseFocusSignal(ok) : requestFocusSignal(peerMsg);
    if (!focus) return;
    this.unindexOneToOne(state);
    state.group = { signal: `mid-dialog:${focus.signal}`, note: focus.note };
    state.dialog.conferenceUri = contactUri(peerMsg);
    if (state.dialog.conferenceUri) this.known.add(state.dialog.conferenceUri);
  }

  private requestGroup(invite: SipMessage): GroupSignal | undefined {
    return requestGroupSignal(
      invite,
      { conferenceFactory: this.conferenceFactory, groupUri: this.groupUri, isKnownConference: (u) => this.known.has(u) },
      (a, b) => compareUris(a, b).equal,
    );
  }

  private addToSet(map: Map<string, Set<DialogState>>, key: string, state: DialogState): void {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(state);
  }

  private unindexGroup(state: DialogState): void {
    if (!state.indexedAsGroup) return;
    state.indexedAsGroup = false;
    const d = state.dialog;
    const remove = (map: Map<string, Set<DialogState>>, key: string): void => {
      const set = map.get(key);
      set?.delete(state);
      if (set?.size === 0) map.delete(key);
    };
    if (d.conferenceUri) remove(this.groupsByConference, aorKey(d.conferenceUri));
    if (state.clientKey !== undefined) remove(this.groupsByClient, state.clientKey);
  }

  // ---- open 1-1 sessions (SPEC §5.4 IM-EXTEND-REPLACES) -----------------------------------

  private indexOneToOne(state: DialogState): void {
    if (state.clientKey === undefined || state.peerUri === undefined || state.oneToOneKey !== undefined) return;
    state.oneToOneKey = joinKey(state.clientKey, peerKey(state.peerUri));
    this.addToSet(this.oneToOneByPeer, state.oneToOneKey, state);
  }

  private unindexOneToOne(state: DialogState): void {
    const key = state.oneToOneKey;
    if (key === undefined) return;
    state.oneToOneKey = undefined;
    const set = this.oneToOneByPeer.get(key);
    set?.delete(state);
    if (set?.size === 0) this.oneToOneByPeer.delete(key);
  }

  /**
   * The client's open 1-1 dialogs with a peer named in this INVITE's resource list (only such an
   * INVITE can extend one): one lookup per list entry, nothing when no 1-1 dialog is open. The
   * list is read once per body part and cached for the §5.4 rules.
   */
  private openOneToOne(invite: SipMessage): OpenOneToOneSession[] | undefined {
    if (this.oneToOneByPeer.size === 0) return undefined;
    const part = primaryListPart(invite);
    const from = invite.from();
    if (!part || from.state !== 'ok') return undefined;
    const list = resourceListOf(part);
    if (!list.ok) return undefined;
    const clientKey = aorKey(from.value.uri);
    let out: OpenOneToOneSession[] | undefined;
    const seen = new Set<DialogState>();
    for (const entry of list.value) {
      const uri = parseUri(entry.uri);
      const open = uri ? this.oneToOneByPeer.get(`${clientKey}\0${peerKey(uri)}`) : undefined;
      for (const s of open ?? []) {
        if (seen.has(s)) continue;
        seen.add(s);
        (out ??= []).push(openSession(s));
      }
    }
    return out;
  }

  // ---- closing --------------------------------------------------------------------------

  /** An attempt with no final response is given up after Timer B (64*T1) plus the grace period. */
  private scheduleTimeout(session: InviteSession, at: bigint | null): void {
    if (at !== null) this.deadlines.push(at + this.timerBNs + this.graceNs, { kind: 'sweep', session, gen: session.sweepGen });
  }

  private drainDue(now: bigint, out: Dialog[]): void {
    for (let due = this.deadlines.popDue(now); due !== undefined; due = this.deadlines.popDue(now)) {
      if (due.kind === 'close') {
        if (!due.state.closed) this.emit(due.state, out, this.lastNs);
        this.maybeRetire(due.state.session);
      } else if (due.gen === due.session.sweepGen && !due.session.retired) {
        this.sweep(due.session, out, false);
      }
    }
  }

  /**
   * Settles the latest attempt's outcome: early dialogs of an INVITE that got its final response
   * become terminated-early; an INVITE that formed no dialog becomes one failed dialog.
   */
  private sweep(session: InviteSession, out: Dialog[], atEnd: boolean): void {
    const latest = session.attempts[session.attempts.length - 1];
    const final = latest.final;
    if (!final) {
      const elapsed = this.lastNs !== null && session.startNs !== null ? this.lastNs - session.startNs : null;
      const timedOut = elapsed !== null && elapsed >= this.timerBNs;
      if (!atEnd && (session.dialogs.size > 0 || !timedOut)) {
        // Ringing (early dialogs) can last minutes (Timer C): look again one grace period later.
        if (this.lastNs !== null) this.deadlines.push(this.lastNs + this.graceNs, { kind: 'sweep', session, gen: session.sweepGen });
        return;
      }
      if (session.dialogs.size === 0) {
        const state = this.dialogFor(session, latest, '');
        state.dialog.state = timedOut ? 'failed' : 'early';
        state.dialog.notes = appendedTight(state.dialog.notes, timedOut ? 'no final response to the initial INVITE within 64*T1 (Timer B)' : 'capture ended before any final response to the initial INVITE');
      }
    } else {
      const failed = (final.status ?? 0) >= 300;
      if (failed && session.dialogs.size === 0) {
        const state = this.dialogFor(session, latest, '');
        state.dialog.state = 'failed';
        state.dialog.endNs = final.ref.timeNs;
      }
      // The INVITE transaction is over: early dialogs that got no 2xx are gone (RFC 3261 §13.2.2.4).
      for (const state of session.dialogs.values()) {
        if (state.dialog.state === 'early') {
          state.dialog.state = 'terminated-early';
          state.dialog.endNs = final.ref.timeNs;
        }
      }
    }
    session.swept = true;
    for (const state of session.dialogs.values()) {
      if (!state.closed && state.dialog.state !== 'confirmed') this.emit(state, out, this.lastNs);
    }
    this.maybeRetire(session);
  }

  /** Hands every dialog of a session over now: end of input, or eviction. */
  private settle(session: InviteSession, out: Dialog[], captureEndNs: bigint | null): void {
    if (!session.swept) this.sweep(session, out, true);
    for (const state of session.dialogs.values()) if (!state.closed) this.emit(state, out, captureEndNs);
    this.maybeRetire(session);
  }

  private emit(state: DialogState, out: Dialog[], captureEndNs: bigint | null): void {
    state.closed = true;
    this.open--;
    this.unindexGroup(state);
    this.unindexOneToOne(state);
    const d = state.dialog;
    const session = state.session;
    d.id = dialogId(d, session);
    d.notes = d.notes === NO_NOTES ? [] : [...d.notes];
    d.diagnostics = d.diagnostics === NO_DIAGNOSTICS ? [] : [...d.diagnostics];
    d.captureEndNs = captureEndNs;
    d.vantage = chooseClientCopy(d.initialInvite, d.initialInvite.from);
    for (const a of session.attempts) if (a !== d.initialInvite) chooseClientCopy(a, a.from);
    for (const t of d.transactions) if (t.requestCopies.length > 0) chooseClientCopy(t, t.from);
    for (const sub of d.subscriptions) for (const t of [...sub.subscribes, ...sub.notifies]) if (t.requestCopies.length > 0) chooseClientCopy(t, t.from);
    this.noteVantages(d);
    // Group classification: the 2xx decided it for confirmed dialogs; otherwise the request alone.
    const group = state.group ?? (d.confirmed || d.midDialog ? undefined : d.originator === 'client' ? this.requestGroup(d.initialInvite.request) : requestFocusSignal(d.initialInvite.request));
    if (session.im.im && group) {
      d.kind = 'im-group';
      d.classifiedBy = group.signal;
      d.notes.push(`IM session by ${session.im.signal}`);
    }
    d.notes.unshift(...session.notes);
    if (session.dropped > 0) {
      d.diagnostics.push({
        severity: 'warning',
        code: 'dialog.message-limit',
        message: `${session.dropped} message(s) of this INVITE's dialogs were not kept: more than ${this.maxMessages} held; verdicts are judged on the first ${this.maxMessages}`,
        input: d.input,
      });
    }
    out.push(d);
  }

  /** SPEC §6.6 "Clocks": one dialog seen in several merged captures may mix drifting clocks. */
  private noteVantages(d: Dialog): void {
    const tx = d.initialInvite;
    if (tx.requestCopies.length === 0) return;
    const inputs = new Set([tx.request.ref.input, ...tx.requestCopies.map((c) => c.ref.input)]);
    if (inputs.size < 2) return;
    d.diagnostics.push({
      severity: 'warning',
      code: 'dialog.several-vantages',
      message: `dialog ${d.callId} seen in ${inputs.size} merged inputs (${[...inputs].join(', ')}): their clocks may drift; times come from the first copy`,
      input: d.input,
      frame: tx.request.ref.frame,
      line: tx.request.ref.line,
    });
  }

  private maybeRetire(session: InviteSession): void {
    if (session.retired || !session.swept) return;
    for (const state of session.dialogs.values()) if (!state.closed) return;
    session.retired = true;
    const entries = session.entries;
    for (let i = 0; i < entries.length; i += 2) {
      const key = entries[i];
      const value = entries[i + 1] as TxOwner | DialogState | SubState;
      if ('tx' in value) {
        // A request filed under its keys, or a copy from another hop filed under its branch key.
        if (typeof key === 'string') this.txByKey.deleteKeyIf(key, value);
        else {
          this.txByKey.deleteIf(key as SipMessage, value);
          this.txByE2e.deleteIf(key as SipMessage, value);
        }
      } else {
        const map: Map<string, unknown> = 'owner' in value ? this.subsByTag : this.dialogsByTags;
        if (map.get(key as string) === value) map.delete(key as string);
      }
    }
    session.entries.length = 0;
    if (this.sessions.get(session.key) === session) this.sessions.delete(session.key);
  }

  private evictOverflow(out: Dialog[]): void {
    while (this.open > this.config.maxOpenDialogs && this.sessions.size > 0) {
      const oldest = this.sessions.values().next().value as InviteSession;
      const before = out.length;
      this.settle(oldest, out, this.lastNs);
      const diagnostic: Diagnostic = {
        severity: 'warning',
        code: 'dialog.evicted',
        message: `more than ${this.config.maxOpenDialogs} open dialogs: Call-ID ${oldest.callId} judged early, before it ended`,
        input: oldest.input,
      };
      this.diagnostics.push(diagnostic);
      for (const d of out.slice(before)) {
        d.evicted = true;
        d.diagnostics.push(diagnostic);
      }
      if (this.sessions.get(oldest.key) === oldest) this.sessions.delete(oldest.key);
    }
  }
}

/** The note naming who originated an INVITE: one string per reason (a handful), shared by every session. */
const originatorNotes = new Map<string, string>();
function originatorNote(who: { originator: Party; reason: string }): string {
  const key = `${who.originator}\0${who.reason}`;
  let note = originatorNotes.get(key);
  if (note === undefined) originatorNotes.set(key, (note = `originator: ${who.originator} (${who.reason})`));
  return note;
}

/** Call-ID + client tag + peer tag, as `createDialog` names the two sides. */
function dialogId(d: Dialog, session: InviteSession): string {
  const midDialog = d.midDialog === true;
  // Mid-dialog the request may come from either side: the client is the UAC only if it sent it.
  const clientIsUac = midDialog ? d.initialInvite.from === 'client' : session.originator === 'client';
  // Mid-dialog, `session.fromTag` is already the client's tag whoever sent the request.
  const clientTag = clientIsUac || midDialog ? session.fromTag : d.remoteTag ?? '';
  const peerTag = clientIsUac || midDialog ? d.remoteTag ?? '' : session.fromTag;
  return [session.callId, clientTag, peerTag].join('|');
}

/** A peer's AoR as an index key: user unescaped (compared exactly, SPEC §3.4), host ignoring case. */
function peerKey(uri: SipUri): string {
  let user = uri.user ?? '';
  if (user.includes('%')) {
    try {
      user = decodeURIComponent(user);
    } catch {
      // A bad escape stays as written: compareUris decides on it later.
    }
  }
  return `${user}@${uri.host.toLowerCase()}`;
}

/** An open 1-1 dialog named the way Replaces names it: the client's tag is localTag (RFC 3891 §3). */
function openSession(s: DialogState): OpenOneToOneSession {
  const d = s.dialog;
  // The client's tag is the From tag of its own INVITE, the To tag of the peer's (mid-dialog: localTag).
  const clientFirst = d.originator === 'client' || d.midDialog === true;
  const session: OpenOneToOneSession = {
    callId: d.callId,
    localTag: (clientFirst ? d.localTag : d.remoteTag) ?? '',
    remoteTag: (clientFirst ? d.remoteTag : d.localTag) ?? '',
    peerAor: d.peer.aor ?? d.peer.label,
  };
  if (s.peerUri) session.peerUri = s.peerUri;
  return session;
}
