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

/** Verdicts without evidence, per rule, message id and reason (see notApplicable). */
const shared = new WeakMap<RuleMeta, Map<string, Map<string, Verdict>>>();

/**
 * A not-applicable verdict with no evidence, whose message depends on `reason` alone: made once per
 * rule, message id and reason and shared by every dialog it applies to (60 % of all verdicts are
 * not-applicable). Frozen, evidence array included: nothing may change a shared verdict.
 */
export function notApplicable(meta: RuleMeta, messageId: string, reason?: string): Verdict {
  let byId = shared.get(meta);
  if (byId === undefined) shared.set(meta, (byId = new Map()));
  let byReason = byId.get(messageId);
  if (byReason === undefined) byId.set(messageId, (byReason = new Map()));
  const key = reason ?? '';
  let v = byReason.get(key);
  if (v === undefined) {
    v = verdict(meta, { verdict: 'not-applicable', messageId, data: reason === undefined ? undefined : { reason } });
    Object.freeze(v.evidence);
    byReason.set(key, Object.freeze(v));
  }
  return v;
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
