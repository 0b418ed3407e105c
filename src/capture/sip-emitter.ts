// What the transport handlers (UDP, TCP, WebSocket, SCTP, HEP) hand framed SIP messages to.
import type { FrameInfo } from './frame-info.js';
import type { Diagnostic, Endpoint, Transport } from './types.js';

export interface SipEmitter {
  /**
   * One framed message. `data` may be a view into the read window (valid for the batch).
   * `lastFrame` is the frame holding the message's last byte when it differs from `at.frame`.
   */
  emitSip(data: Buffer, at: FrameInfo, lastFrame: number | undefined, transport: Transport, src: Endpoint, dst: Endpoint, encapsulation?: string): void;
  diagnosticAt(d: Omit<Diagnostic, 'input' | 'frame' | 'offset'>, at: FrameInfo): void;
}
