// Walks every message a dialog holds: initial attempts (with ACK and CANCEL), in-dialog
// transactions, linked subscriptions. Used for the ladder and to collect late parse diagnostics.
import type { SipMessage } from '../sip/types.js';
import type { Dialog, Transaction } from './types.js';

export interface HeldMessage {
  msg: SipMessage;
  /** Part of a linked SUBSCRIBE/NOTIFY dialog. */
  linked: boolean;
  /** From one of the initial INVITE attempts (shared by every fork of that INVITE). */
  initial: boolean;
}

function* transactionMessages(tx: Transaction, copies: boolean): Generator<SipMessage> {
  yield tx.request;
  if (copies) yield* tx.requestCopies;
  yield* tx.responses;
  if (tx.ack) yield tx.ack;
  if (tx.cancel) yield* transactionMessages(tx.cancel, copies);
}

/** Messages in the order the dialog holds them (not sorted by time); `copies` adds request copies. */
export function* dialogMessages(dialog: Dialog, copies = false): Generator<HeldMessage> {
  const attempts = dialog.initialAttempts.length > 0 ? dialog.initialAttempts : [dialog.initialInvite];
  for (const a of attempts) for (const msg of transactionMessages(a, copies)) yield { msg, linked: false, initial: !dialog.midDialog };
  for (const t of dialog.transactions) for (const msg of transactionMessages(t, copies)) yield { msg, linked: false, initial: false };
  for (const s of dialog.subscriptions) {
    for (const t of [...s.subscribes, ...s.notifies]) for (const msg of transactionMessages(t, copies)) yield { msg, linked: true, initial: false };
  }
}
