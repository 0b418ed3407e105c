// Building SIP diagnostics: offsets are inside the message; the source (input, frame, log line)
// comes from the message's ref so a diagnostic stands on its own in a report.
import type { Diagnostic, Severity, SourceRef } from '../capture/types.js';

export function sipDiagnostic(
  ref: SourceRef,
  severity: Severity,
  code: string,
  message: string,
  offset: number,
  header?: string,
): Diagnostic {
  const d: Diagnostic = { severity, code, message, offset, input: ref.input };
  if (header !== undefined) d.header = header;
  if (ref.frame !== undefined) d.frame = ref.frame;
  if (ref.line !== undefined) d.line = ref.line;
  return d;
}

/** Shortens a quoted piece of message text for a diagnostic. */
export function clip(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? s.slice(0, max) + '…' : s);
}
