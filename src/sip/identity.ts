// Identity fields every message needs (dialog and transaction keys), read by a cheap scan of the
// framed headers without the grammar. Problems that make a field unreadable are diagnosed here;
// the grammar validates the same headers in strict mode.
import type { Diagnostic, SourceRef } from '../capture/types.js';
import type { CSeq, HeaderField } from './types.js';
import { clip, sipDiagnostic } from './diagnostics.js';
import { headerParam, paramIn, splitList } from './list.js';
import { methodName } from './start-line.js';

export interface Identity {
  callId?: string;
  cseq?: CSeq;
  fromTag?: string;
  toTag?: string;
  topViaBranch?: string;
  topViaSentBy?: string;
  viaCount: number;
}

const CSEQ = /^([0-9]+)[ \t]+([^ \t]+)$/;
// sent-protocol (name / version / transport, LWS allowed around "/") then sent-by.
const VIA_HEAD = /^([^\s/;,]+)\s*\/\s*([^\s/;,]+)\s*\/\s*([^\s;,]+)\s+([^;,]+)/;
const WSP_RUN = /\s+/g;
/** RFC 3261 §8.1.1.5: the sequence number MUST be less than 2**31. */
const MAX_CSEQ = 2 ** 31 - 1;

export function readIdentity(headers: readonly HeaderField[], method: string | undefined, ref: SourceRef, diagnostics: Diagnostic[]): Identity {
  const id: Identity = { viaCount: 0 };
  let from: HeaderField | undefined;
  let to: HeaderField | undefined;
  let cseq: HeaderField | undefined;
  let callId: HeaderField | undefined;
  const conflict = (first: HeaderField | undefined, h: HeaderField): HeaderField => {
    if (first === undefined) return h;
    // The first value is used; a different repeat is reported (RFC 4475 §3.3.8 multi01).
    if (h.value !== first.value) {
      diagnostics.push(sipDiagnostic(ref, 'error', 'sip.header.conflict', `${h.canonical} appears more than once with different values (${clip(first.value)}, ${clip(h.value)})`, h.offset, h.canonical));
    }
    return first;
  };
  for (const h of headers) {
    switch (h.canonical) {
      case 'Call-ID':
        callId = conflict(callId, h);
        break;
      case 'CSeq':
        cseq = conflict(cseq, h);
        break;
      case 'From':
        from = conflict(from, h);
        break;
      case 'To':
        to = conflict(to, h);
        break;
      case 'Via':
        if (id.viaCount === 0) readTopVia(h, id);
        id.viaCount += h.value.indexOf(',') === -1 ? (h.value.length > 0 ? 1 : 0) : splitList(h.value).filter((v) => v.text.length > 0).length;
        break;
    }
  }
  if (callId !== undefined && callId.value.length > 0) id.callId = callId.value;
  if (from !== undefined) id.fromTag = tagOf(from.value);
  if (to !== undefined) id.toTag = tagOf(to.value);
  if (cseq !== undefined) {
    const m = CSEQ.exec(cseq.value);
    if (m === null) {
      diagnostics.push(sipDiagnostic(ref, 'error', 'sip.cseq.malformed', `CSeq is not "number method": ${clip(cseq.value)}`, cseq.valueOffset, 'CSeq'));
    } else {
      const seq = Number(m[1]);
      if (seq > MAX_CSEQ) {
        diagnostics.push(sipDiagnostic(ref, 'error', 'sip.cseq.overflow', `CSeq number ${clip(m[1])} is not below 2**31 (RFC 3261 §8.1.1.5)`, cseq.valueOffset, 'CSeq'));
      } else {
        id.cseq = { seq, method: methodName(m[2]) };
        if (method !== undefined && m[2] !== method) {
          diagnostics.push(sipDiagnostic(ref, 'error', 'sip.cseq.method-mismatch', `CSeq method ${m[2]} differs from the request method ${method}`, cseq.valueOffset, 'CSeq'));
        }
      }
    }
  }
  return id;
}

function tagOf(value: string): string | undefined {
  const tag = headerParam(value, 'tag');
  return tag === null || tag === undefined || tag.length === 0 ? undefined : tag;
}

function readTopVia(h: HeaderField, id: Identity): void {
  const comma = h.value.indexOf(',');
  const top = comma === -1 ? h.value : splitList(h.value)[0].text;
  const m = VIA_HEAD.exec(top);
  if (m !== null) {
    const sentBy = m[4].trimEnd();
    id.topViaSentBy = sentBy.indexOf(' ') === -1 && sentBy.indexOf('\t') === -1 ? sentBy : sentBy.replace(WSP_RUN, '');
  }
  const semi = top.indexOf(';');
  if (semi !== -1) {
    const branch = paramIn(top, semi, 'branch');
    if (branch !== null && branch !== undefined && branch.length > 0) id.topViaBranch = branch;
  }
}
