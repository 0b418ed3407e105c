// Resolved configuration: imlint.config.json merged with flags, validated once up front.
// A leaf module: every stage may import it, it imports nothing from the pipeline.
import type { Severity } from '../capture/types.js';

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity; // overrides the keyword's default
}

export interface ImlintConfig {
  /** Rule id → setting; ids missing here take the rule's defaults. */
  rules: Record<string, RuleSetting>;
  /** The device under test, `ip[:port]` (SPEC §2.3). */
  client?: string;
  /** The client's address of record, a SIP URI (SPEC §2.3). */
  aor?: string;
  conferenceFactory?: string;
  groupUri?: string;
  /** "1.0" | "2.0"; undefined accepts any OMA<maj>.<min>. */
  imRelease?: '1.0' | '2.0';
  profile?: '3gpp';
  strictVantage: boolean;
  lenient: boolean;
  anonymous: boolean;
  /** `invite`: the general rules are not also run on the conference SUBSCRIBE. */
  generalScope: 'all' | 'invite';
  maxAdhocGroupSize?: number;
  /** Enable the provisional terminating-side IM-TERM-* rules (SPEC §5.7). */
  terminating: boolean;
  /** Capture-point latency tolerance, seconds (SPEC §6.4, default 2). */
  tolSec: number;
  /** Minimum half-interval tolerance, seconds; the rule uses max(this, I/20) (default 2). */
  tolHalfSec: number;
  /** SPEC §7.3 window W, seconds (default 32). */
  confSubscribeWindowSec: number;
  /** RFC 3261 T1, seconds (default 0.5); 64*T1 bounds transaction timeouts. */
  t1Sec: number;
  /** Capture seconds a dialog stays open after its BYE/final response before it is judged. */
  dialogGraceSec: number;
  /** Open dialogs tracked at once; the oldest is judged early with a diagnostic. */
  maxOpenDialogs: number;
}

export const DEFAULT_CONFIG: ImlintConfig = {
  rules: {},
  strictVantage: false,
  lenient: false,
  anonymous: false,
  generalScope: 'all',
  terminating: false,
  tolSec: 2,
  tolHalfSec: 2,
  confSubscribeWindowSec: 32,
  t1Sec: 0.5,
  dialogGraceSec: 64,
  maxOpenDialogs: 200_000,
};
