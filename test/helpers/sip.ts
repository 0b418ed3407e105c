// Builds SipMessages from readable text for tests across the project.
import { Buffer } from 'node:buffer';
import type { SourceRef } from '../../src/capture/types.js';
import type { ParseOptions, SipMessage } from '../../src/sip/types.js';
import { parseMessage } from '../../src/sip/index.js';

export interface SipMessageOptions extends ParseOptions {
  /** Keep line endings exactly as written (default: LF becomes CRLF). */
  keepLineEndings?: boolean;
}

/**
 * Parses `text` as one SIP message. Unless `keepLineEndings` is set, LF line endings become CRLF
 * and a missing empty line after the headers is added. A Content-Length in the text is kept as
 * written; leave it out and the body runs to the end of the text. The ref defaults to input
 * "test.sip", offset 0, no time, UDP.
 */
export function sipMessage(text: string, ref?: Partial<SourceRef>, opts: SipMessageOptions = {}): SipMessage {
  let wire = text;
  if (opts.keepLineEndings !== true) {
    wire = text.replace(/\r?\n/g, '\r\n');
    if (!wire.includes('\r\n\r\n')) wire += wire.endsWith('\r\n') ? '\r\n' : '\r\n\r\n';
  }
  const data = Buffer.from(wire, 'latin1');
  const fullRef: SourceRef = { input: 'test.sip', offset: 0, length: data.length, timeNs: null, transport: 'udp', ...ref };
  return parseMessage({ ref: fullRef, data }, { strict: opts.strict === true });
}
