// Reading the start line (RFC 3261 §7.1, §7.2). The cheap structural reading always runs; the
// exact grammar (single SP separators, Request-URI syntax) is checked in strict mode.
import type { Diagnostic, SourceRef } from '../capture/types.js';
import { clip, sipDiagnostic } from './diagnostics.js';

export interface StartLine {
  isRequest: boolean;
  method?: string;
  requestUri?: string;
  status?: number;
  reason?: string;
  version?: string;
}

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const SIP_VERSION = /^SIP\/([0-9]+)\.([0-9]+)$/i;
const RESPONSE_PREFIX = /^SIP\//i;
const THREE_DIGITS = /^[0-9]{3}$/;
const LEADING_SP = /^ +/;

export function readStartLine(line: string, offset: number, ref: SourceRef, diagnostics: Diagnostic[]): StartLine {
  const bad = (code: string, message: string, at = offset): void => {
    diagnostics.push(sipDiagnostic(ref, 'error', code, message, at));
  };
  if (RESPONSE_PREFIX.test(line)) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    const sp1 = line.indexOf(' ');
    const version = sp1 === -1 ? line : line.slice(0, sp1);
    const rest = statusRest(line, sp1);
    const sp2 = rest.indexOf(' ');
    const code = sp2 === -1 ? rest : rest.slice(0, sp2);
    const reason = reasonAfter(rest, sp2);
    checkVersion(version, offset, bad);
    const result: StartLine = { isRequest: false, version, reason };
    if (!THREE_DIGITS.test(code)) {
      bad('sip.start-line.status', `status code is not three digits: ${clip(code)}`, offset + (sp1 === -1 ? line.length : sp1 + 1));
    } else {
      const status = Number(code);
      if (status < 100 || status > 699) bad('sip.start-line.status', `status code ${code} is outside 100-699`, offset + sp1 + 1);
      result.status = status;
    }
    return result;
  }
  // Request-Line = Method SP Request-URI SP SIP-Version; read leniently (runs of SP) here.
  const sp1 = line.indexOf(' ');
  const sp2 = versionSpace(line);
  if (sp1 === -1 || sp2 <= sp1) {
    bad('sip.start-line.malformed', `not a SIP request or status line: ${clip(line)}`);
    return { isRequest: false };
  }
  const method = methodName(line.slice(0, sp1));
  const requestUri = requestUriBetween(line, sp1, sp2);
  const version = line.slice(sp2 + 1).trimEnd();
  if (!TOKEN.test(method)) bad('sip.start-line.method', `method is not a token: ${clip(method)}`);
  checkVersion(version, offset + sp2 + 1, bad);
  return { isRequest: true, method, requestUri, version };
}

/** The status line after the version: code, then reason. */
function statusRest(line: string, sp1: number): string {
  return sp1 === -1 ? '' : line.slice(sp1 + 1).replace(LEADING_SP, '');
}

/** The Reason-Phrase: what follows the status code (`sp2`: the space after it in `rest`). */
function reasonAfter(rest: string, sp2: number): string {
  return sp2 === -1 ? '' : rest.slice(sp2 + 1);
}

/** The space before the SIP-Version of a request line (runs of SP read leniently). */
function versionSpace(line: string): number {
  return line.trimEnd().lastIndexOf(' ');
}

function requestUriBetween(line: string, sp1: number, sp2: number): string {
  return line.slice(sp1 + 1, sp2).trim();
}

/**
 * The Reason-Phrase of a status line `readStartLine` read, the same way (a held response keeps the
 * line, not a string of its own for the reason).
 */
export function reasonIn(line: string): string {
  const rest = statusRest(line, line.indexOf(' '));
  return reasonAfter(rest, rest.indexOf(' '));
}

/** The Request-URI of a request line `readStartLine` read as a request, the same way. */
export function requestUriIn(line: string): string {
  return requestUriBetween(line, line.indexOf(' '), versionSpace(line));
}

/**
 * Method names every SIP stack sends, one string each: a held message (and its CSeq) points at
 * the shared name instead of keeping its own copy of "INVITE" (~24 B per message).
 */
const METHODS = new Map(
  ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'SUBSCRIBE', 'NOTIFY', 'UPDATE', 'PRACK', 'MESSAGE', 'REFER', 'INFO', 'PUBLISH'].map((m) => [m, m]),
);

/** `name` itself, or the shared string of a well-known method spelled the same (case-sensitive). */
export function methodName(name: string): string {
  return METHODS.get(name) ?? name;
}

function checkVersion(version: string, at: number, bad: (code: string, message: string, at?: number) => void): void {
  const m = SIP_VERSION.exec(version);
  if (m === null) bad('sip.start-line.version', `not a SIP version: ${clip(version)}`, at);
  else if (Number(m[1]) !== 2 || Number(m[2]) !== 0) bad('sip.start-line.version', `SIP version ${version} is not SIP/2.0`, at);
}
