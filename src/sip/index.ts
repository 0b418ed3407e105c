// The sip/ stage: raw message bytes in, SipMessage out. Framing is by hand (fast, never throws);
// header values are parsed by the grammar on first use, or up front in strict mode.
import type { RawSipMessage } from '../capture/types.js';
import type { ParseOptions, SipMessage } from './types.js';
import { frameMessage } from './framer.js';
import { readStartLine } from './start-line.js';
import { readIdentity } from './identity.js';
import { ParsedSipMessage } from './message.js';
import { validateStrict } from './strict.js';

export type * from './types.js';
export { canonicalHeaderName } from './header-names.js';
export { splitList } from './list.js';
export { parseUri, compareUris } from './uri.js';
export { featureTag } from './feature-tag.js';
export { parseSdp } from './sdp.js';

export function parseMessage(raw: RawSipMessage, opts: ParseOptions = {}): SipMessage {
  const text = raw.data.toString('latin1');
  const framed = frameMessage(text, raw.ref, opts.maxHeaders);
  const start = readStartLine(framed.startLine, framed.startLineOffset, raw.ref, framed.diagnostics);
  const identity = readIdentity(framed.headers, start.method, raw.ref, framed.diagnostics);
  const message = new ParsedSipMessage(raw.ref, framed, start, identity, opts.strict === true, opts.maxHeaders);
  if (opts.strict === true) validateStrict(message);
  return message;
}
