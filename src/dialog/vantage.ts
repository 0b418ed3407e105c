// Which copy of a request the header rules judge (SPEC §2.2): the client's own copy (one Via)
// when the capture holds it, else the copy with the fewest hops, marked downstream.
import type { SipMessage } from '../sip/types.js';
import type { Party, Transaction, Vantage } from './types.js';

/** The copy header rules judge: the one closest to the client. Timing stays on `tx.request`. */
export function judgedCopy(tx: Transaction): SipMessage {
  return tx.clientCopy ?? tx.request;
}

/**
 * Picks the copy closest to the sender's side and records it in `tx.clientCopy` when it is not
 * the first copy. For a request the client sent, that is the copy with the fewest Vias; for a
 * request the client received, the one with the most (the last hop).
 */
export function chooseClientCopy(tx: Transaction, sender: Party): Vantage {
  let best = tx.request;
  for (const c of tx.requestCopies) {
    if (sender === 'client' ? c.viaCount < best.viaCount : c.viaCount > best.viaCount) best = c;
  }
  if (best !== tx.request) tx.clientCopy = best;
  // Only when there is one: deleting a field a class declares makes the object a slow dictionary.
  else if (tx.clientCopy !== undefined) delete tx.clientCopy;
  if (sender === 'peer') return { kind: 'client' };
  return best.viaCount <= 1 ? { kind: 'client' } : { kind: 'downstream', hops: best.viaCount - 1 };
}

export function vantageLabel(v: Vantage): string {
  return v.kind === 'client' ? 'client' : `downstream(hops=${v.hops})`;
}
