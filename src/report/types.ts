// The JSON report contract (version 1). Every format (text, junit, sarif, the Ink UI) reads this.
// Times are strings: seconds since the epoch with exactly 9 decimals ("1700000000.000137091"),
// so nanoseconds survive JSON; null where the input has no timestamps.

export type JsonSeverity = 'error' | 'warning' | 'info';
export type JsonVerdictValue = 'pass' | 'fail' | 'not-applicable' | 'inconclusive';

export interface ReportDiagnostic {
  severity: JsonSeverity;
  code: string;
  message: string;
  frame?: number;
  line?: number;
  offset?: number;
}

export interface ReportInput {
  path: string;
  format: string;
  packets: number;
  sipMessages: number;
  diagnostics: ReportDiagnostic[];
}

export interface ReportEvidence {
  input: string;
  frame?: number;
  line?: number;
  time: string | null;
  header?: string;
  note?: string;
}

export interface ReportVerdict {
  rule: string;
  verdict: JsonVerdictValue;
  severity: JsonSeverity;
  clause: string;
  messageId: string;
  message: string;
  evidence: ReportEvidence[];
}

/** One message of the dialog's ladder (call flow), in time order. */
export interface LadderEntry {
  input: string;
  frame?: number;
  line?: number;
  time: string | null;
  src: string; // "ip:port" or a party label when the input has no addresses
  dst: string;
  transport: string;
  /** "INVITE", "200 OK", "SUBSCRIBE", ... */
  label: string;
  cseq?: string;
  callId: string;
  /** True for messages of a linked SUBSCRIBE/NOTIFY dialog. */
  linked: boolean;
  /** Sanitised raw text; only filled when the caller asks (the interactive UI). */
  raw?: string;
}

/** Timer timeline of one cycle (SPEC §6), for the UI and for evidence. */
export interface TimerCycle {
  t0: string | null;
  intervalSec: number;
  refresher: 'client' | 'peer' | 'unknown';
  halfMark: string | null;
  expiry: string | null;
  byeDue?: string | null;
  refreshes: string[];
  closedBy: string;
}

export interface ReportDialog {
  input: string;
  callId: string;
  fromTag: string;
  toTag: string | null;
  kind: 'im-1-1' | 'im-group' | 'not-im';
  classifiedBy: string;
  client: string;
  peer: string;
  start: string | null;
  end: string | null;
  conferenceUri?: string;
  verdicts: ReportVerdict[];
  ladder?: LadderEntry[];
  timer?: TimerCycle[];
}

export interface ReportSummary {
  inputs: number;
  dialogs: number;
  imDialogs: number;
  verdicts: Record<JsonVerdictValue, number>;
  /** fail verdicts by severity. */
  failures: Record<JsonSeverity, number>;
  diagnostics: number;
}

export interface Report {
  version: 1;
  tool: { name: 'imlint'; version: string };
  inputs: ReportInput[];
  dialogs: ReportDialog[];
  summary: ReportSummary;
}
