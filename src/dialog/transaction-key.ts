// Transaction identity (RFC 3261 §17.1.3, §17.2.3; SPEC §2.1): which messages are copies of one
// request or of one response, whatever the vantage point.
import type { SipMessage } from '../sip/types.js';

/**
 * A key of several parts as one flat string. A template literal builds a rope (a cons string per
 * piece, ~200 B) that a held key keeps for as long as its dialog is open; join copies the parts
 * into one flat string.
 */
export function joinKey(...parts: string[]): string {
  return parts.join('\0');
}

/** RFC 3261 magic cookie: branches starting with it are unique per transaction. */
const MAGIC_COOKIE = 'z9hG4bK';

/**
 * Top Via branch + sent-by + method (the CSeq method for responses, so CANCEL and ACK stay apart
 * from their INVITE). Without the magic cookie (RFC 2543 peers) the branch is not unique, so the
 * key falls back to Call-ID + From tag + CSeq + sent-by. `method` overrides the message's method
 * (to find the INVITE a CANCEL or non-2xx ACK belongs to).
 */
export function transactionKey(msg: SipMessage, method?: string): string | undefined {
  const m = method ?? (msg.isRequest ? msg.method : msg.cseq?.method);
  if (m === undefined) return undefined;
  const sentBy = (msg.topViaSentBy ?? '').toLowerCase();
  const branch = msg.topViaBranch;
  if (branch !== undefined && branch.startsWith(MAGIC_COOKIE)) return joinKey('b', branch, sentBy, m);
  if (msg.callId === undefined || msg.cseq === undefined) return undefined;
  return joinKey('r', msg.callId, msg.fromTag ?? '', String(msg.cseq.seq), m, sentBy);
}

/**
 * End-to-end identity of a request: the same at every hop (proxies add a Via, never change
 * Call-ID, From tag or CSeq). Folds copies seen at other vantage points and finds the request
 * of a response whose top Via we never saw. ACKs carry the To tag: forks get one ACK each.
 */
export function endToEndKey(msg: SipMessage, method?: string): string | undefined {
  const m = method ?? (msg.isRequest ? msg.method : msg.cseq?.method);
  if (m === undefined || msg.callId === undefined || msg.cseq === undefined) return undefined;
  const seq = String(msg.cseq.seq);
  return m === 'ACK' ? joinKey('e', msg.callId, msg.fromTag ?? '', seq, m, msg.toTag ?? '') : joinKey('e', msg.callId, msg.fromTag ?? '', seq, m);
}

/** Distinct responses of one transaction: status + To tag (forks answer with their own tag). */
export function sameResponse(a: SipMessage, b: SipMessage): boolean {
  return (a.status ?? 0) === (b.status ?? 0) && (a.toTag ?? '') === (b.toTag ?? '');
}
