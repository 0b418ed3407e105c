// A rule is one module: metadata plus a pure check over a closed dialog.
import type { Severity } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import type { Dialog } from '../dialog/types.js';

export type VerdictValue = 'pass' | 'fail' | 'not-applicable' | 'inconclusive';

export type Keyword = 'SHALL' | 'MUST' | 'SHOULD' | 'SHOULD NOT' | 'MAY' | 'INFO';

/** SPEC evidence tags: [V] verified primary text, [S] secondary, [B] best reading. */
export type Basis = 'V' | 'S' | 'B';

export interface RuleMeta {
  /** Exactly as in SPEC.md, e.g. "IM-ORIG-ACCEPT-CONTACT". */
  id: string;
  title: string;
  /** e.g. "OMA-TS-SIMPLE_IM §7.1.1.1 (1)", "RFC 4028 §7.2". */
  clause: string;
  /** Source document, e.g. "OMA-TS-SIMPLE_IM", "RFC 4028". */
  source: string;
  keyword: Keyword;
  /** Default severity from the keyword (SHALL/MUST → error, SHOULD → warning, INFO → info). */
  severity: Severity;
  basis: Basis;
  /** Off-by-default rules (IM-TERM-*, IM-RFC4028-SUPPORTED-EVERY-REQUEST). */
  defaultEnabled: boolean;
  /** Only under this profile (e.g. IM-ORIG-IMS-CORE under "3gpp"). */
  profile?: '3gpp';
  /** The umbrella rule this sub-rule reports under (IM-TIMER-* → IM-ORIG-TIMER-HONOURED). */
  parent?: string;
  /** One-paragraph help text (SARIF, `imlint rules`, docs). */
  description: string;
  /** Message templates keyed by id; verdict messages are built from these. */
  messages: Record<string, string>;
}

export interface Evidence {
  input: string;
  frame?: number;
  line?: number;
  timeNs: bigint | null;
  /** The header line read, as `Name: value`, or a start line. */
  header?: string;
  /** Computed values: deadlines, intervals, vantage, URIs compared. */
  note?: string;
}

export interface Verdict {
  rule: string;
  verdict: VerdictValue;
  severity: Severity;
  clause: string;
  /** The message id from meta.messages used to build `message` (tests assert ids). */
  messageId: string;
  message: string;
  evidence: Evidence[];
}

export interface RuleContext {
  config: ImlintConfig;
}

export interface Rule {
  meta: RuleMeta;
  check(dialog: Dialog, ctx: RuleContext): Verdict[];
}
