// Strict mode (--strict): the start line and every header the grammar knows are validated up
// front, so each malformed part leaves an error diagnostic naming it.
import type { ParsedSipMessage } from './message.js';
import type { StartRule } from './grammar.js';
import type { AcValue, HeaderValue } from './types.js';
import { parseWith } from './grammar.js';
import { sipDiagnostic } from './diagnostics.js';
import { splitList } from './list.js';

/** Headers checked by their own accessor (list merging, conflicts, typed values). */
const ACCESSORS: [string, (m: ParsedSipMessage) => unknown][] = [
  ['From', (m) => m.from()], ['To', (m) => m.to()], ['Via', (m) => m.via()], ['Contact', (m) => m.contact()],
  ['Accept-Contact', (m) => m.acceptContact()], ['Reject-Contact', (m) => m.rejectContact()],
  ['Supported', (m) => m.supported()], ['Require', (m) => m.require()], ['Proxy-Require', (m) => m.proxyRequire()],
  ['Unsupported', (m) => m.unsupported()], ['Allow', (m) => m.allow()], ['Allow-Events', (m) => m.allowEvents()],
  ['Session-Expires', (m) => m.sessionExpires()], ['Min-SE', (m) => m.minSE()], ['Privacy', (m) => m.privacy()],
  ['User-Agent', (m) => m.userAgent()], ['Server', (m) => m.server()], ['Event', (m) => m.event()],
  ['Subscription-State', (m) => m.subscriptionState()], ['Expires', (m) => m.expires()], ['Accept', (m) => m.accept()],
  ['Content-Type', (m) => m.contentType()], ['Content-Disposition', (m) => m.contentDisposition()],
  ['Record-Route', (m) => m.recordRoute()], ['Route', (m) => m.route()], ['Referred-By', (m) => m.referredBy()],
  ['Refer-To', (m) => m.referTo()], ['Max-Forwards', (m) => m.maxForwards()], ['Date', (m) => m.date()],
];

/** Headers with no accessor: every field (every element, for list headers) against a start rule. */
const FIELD_RULES: [string, StartRule, boolean][] = [
  ['Call-ID', 'Call_ID_value', false], ['CSeq', 'CSeq_value', false], ['Content-Length', 'Content_Length_value', false],
  ['Retry-After', 'Retry_After_value', false], ['Warning', 'Warning_value', true],
  ['Min-Expires', 'Expires_value', false], ['In-Reply-To', 'Call_ID_value', true], ['Reply-To', 'From_value', false],
  ['Content-Encoding', 'Option_tag_value', true], ['Priority', 'Option_tag_value', false],
  // RFC 3325 §9.1: name-addr / addr-spec lists.
  ['P-Asserted-Identity', 'Refer_To_value', true], ['P-Preferred-Identity', 'Refer_To_value', true],
];

export function validateStrict(message: ParsedSipMessage): void {
  validateStartLine(message);
  if (message.isRequest) message.requestUriParsed();
  for (const [name, read] of ACCESSORS) if (message.has(name)) read(message);
  requireStar(message, 'Accept-Contact', message.acceptContact());
  requireStar(message, 'Reject-Contact', message.rejectContact());
  for (const [name, rule, isList] of FIELD_RULES) {
    for (const field of message.fields(name)) {
      for (const item of isList ? splitList(field.value) : [{ text: field.value, start: 0 }]) {
        const r = parseWith(rule, item.text);
        if (!r.ok) {
          message.note(sipDiagnostic(message.ref, 'error', 'sip.header.malformed', `${name}: ${r.message}`, message.offsetIn(field, item.start + r.index), name));
        }
      }
    }
  }
}

/** The accessor reads an ac-value without "*" (star: false) so rules can name it; the ABNF does not allow it. */
function requireStar(message: ParsedSipMessage, name: string, value: HeaderValue<AcValue[]>): void {
  if (value.state !== 'ok') return;
  for (const ac of value.value) {
    if (ac.star) continue;
    const field = value.fields.find((f) => f.value.includes(ac.raw)) ?? value.fields[0];
    const at = message.offsetIn(field, Math.max(0, field.value.indexOf(ac.raw)));
    message.note(sipDiagnostic(message.ref, 'error', 'sip.header.malformed', `${name}: ac-value ${JSON.stringify(ac.raw)} does not start with "*" (RFC 3841 §10)`, at, name));
  }
}

function validateStartLine(message: ParsedSipMessage): void {
  // Only when the lenient reading understood the line; otherwise it has reported already.
  if (message.method === undefined && message.status === undefined) return;
  const r = parseWith(message.isRequest ? 'Request_Line_start' : 'Status_Line_start', message.startLine);
  if (!r.ok) {
    message.note(sipDiagnostic(message.ref, 'error', 'sip.start-line.malformed', `${message.isRequest ? 'Request-Line' : 'Status-Line'}: ${r.message}`, message.startLineOffset + r.index));
  }
}
