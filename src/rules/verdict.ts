// Helpers every rule uses to build verdicts and evidence the same way.
import type { Severity } from '../capture/types.js';
import type { HeaderField, SipMessage } from '../sip/types.js';
import type { Evidence, RuleMeta, Verdict, VerdictValue } from './types.js';

/** Templates split once into literal text (even indexes) and placeholder names (odd indexes). */
const compiledTemplates = new Map<string, string[]>();

/** Fill `{name}` placeholders of a message template (a placeholder without data stays as written). */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  // Every verdict formats one message: split each template once, not a regex pass per verdict.
  let parts = compiledTemplates.get(template);
  if (parts === undefined) compiledTemplates.set(template, (parts = template.split(/\{(\w+)\}/)));
  if (parts.length === 1) return template;
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i];
    out += (key in data ? String(data[key]) : `{${key}}`) + parts[i + 1];
  }
  return out;
}

export interface VerdictInit {
  verdict: VerdictValue;
  messageId: string;
  data?: Record<string, string | number>;
  evidence?: Evidence[];
  /** Overrides meta.severity (e.g. an RFC MUST sub-finding inside a SHOULD rule). */
  severity?: Severity;
  /** Report under another id than meta.id (sub-findings sharing a module). */
  rule?: string;
}

export function verdict(meta: RuleMeta, init: VerdictInit): Verdict {
  const template = meta.messages[init.messageId];
  if (template === undefined) throw new Error(`${meta.id}: unknown messageId ${init.messageId}`);
  return {
    rule: init.rule ?? meta.id,
    verdict: init.verdict,
    severity: init.severity ?? meta.severity,
    clause: meta.clause,
    messageId: init.messageId,
    message: formatMessage(template, init.data),
    evidence: init.evidence ?? [],
  };
}

/** Evidence pointing at a message, optionally at one of its header lines. */
export function evidenceOf(msg: SipMessage, field?: HeaderField | string, note?: string): Evidence {
  let header: string | undefined;
  if (typeof field === 'string') header = field;
  else if (field) header = `${field.name}: ${field.value}`;
  else header = msg.startLine;
  const e: Evidence = { input: msg.ref.input, timeNs: msg.ref.timeNs, header };
  if (msg.ref.frame !== undefined) e.frame = msg.ref.frame;
  if (msg.ref.line !== undefined) e.line = msg.ref.line;
  if (note !== undefined) e.note = note;
  return e;
}

/** Evidence for every field of a header, or "absent" on the message's start line. */
export function evidenceOfHeader(msg: SipMessage, name: string, note?: string): Evidence[] {
  const fields = msg.fields(name);
  if (fields.length === 0) return [evidenceOf(msg, undefined, note ?? `${name}: absent`)];
  return fields.map((f) => evidenceOf(msg, f, note));
}
