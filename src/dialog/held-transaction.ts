// The transactions the tracker builds. Its key (Transaction.key) is worked out from the request
// when read: the tracker files transactions by hashed keys (key-index.ts), and a key string held
// per open transaction cost ~64 B. Every field is set up front so all share one shape and none
// moves out of the object when a final response, ACK or CANCEL arrives.
import type { SipMessage } from '../sip/types.js';
import { transactionKey } from './transaction-key.js';
import type { Party, Transaction } from './types.js';

/** The empty start of a transaction's copies and responses, shared (see `appendedTight`). */
const NO_MESSAGES = Object.freeze([]) as unknown as SipMessage[];

export class HeldTransaction implements Transaction {
  readonly method: string;
  readonly request: SipMessage;
  requestCopies: SipMessage[] = NO_MESSAGES;
  responses: SipMessage[] = NO_MESSAGES;
  final: SipMessage | undefined = undefined;
  readonly from: Party;
  clientCopy: SipMessage | undefined = undefined;
  ack: SipMessage | undefined = undefined;
  cancel: Transaction | undefined = undefined;

  constructor(request: SipMessage, from: Party) {
    this.method = request.method ?? '';
    this.request = request;
    this.from = from;
  }

  /** Top Via branch + sent-by + method of the first copy (see `transactionKey`); '' without one. */
  get key(): string {
    return transactionKey(this.request) ?? '';
  }
}
