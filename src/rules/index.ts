// The rule registry: the one place that lists every rule. Adding a rule = its module, its test,
// one import and one entry here.
import type { ImlintConfig } from '../config/types.js';
import type { Dialog } from '../dialog/types.js';
import type { Rule, Verdict } from './types.js';
import { rule as imOrigTimerHonoured } from './im-orig-timer-honoured.js';
import { rule as imTimerRefreshBeforeExpiry } from './im-timer-refresh-before-expiry.js';
import { rule as imTimerRefreshAtHalf } from './im-timer-refresh-at-half.js';
import { rule as imTimerByeAfterFailedRefresh } from './im-timer-bye-after-failed-refresh.js';
import { rule as imTimerByeOnExpiry } from './im-timer-bye-on-expiry.js';
import { rule as imRfc4028422Retry } from './im-rfc4028-422-retry.js';
import { rule as imRfc4028RefreshForm } from './im-rfc4028-refresh-form.js';
import { rule as imRfc4028RefreshAnswer } from './im-rfc4028-refresh-answer.js';
import { rule as imRfc4028SupportedEveryRequest } from './im-rfc4028-supported-every-request.js';

export const registry: readonly Rule[] = [
  // Keep SPEC.md order: §5.1, §5.2, §5.3 (timer, conference), §5.4, §5.5, §5.6, §5.7.
  // §5.3 timer (SPEC §6): umbrella, then its sub-rules
  imOrigTimerHonoured,
  imTimerRefreshBeforeExpiry,
  imTimerRefreshAtHalf,
  imTimerByeAfterFailedRefresh,
  imTimerByeOnExpiry,
  // §5.5 RFC 4028 supporting rules
  imRfc4028422Retry,
  imRfc4028RefreshForm,
  imRfc4028RefreshAnswer,
  imRfc4028SupportedEveryRequest,
];

export function findRule(id: string): Rule | undefined {
  return registry.find((r) => r.meta.id === id);
}

/** Is the rule on under this configuration (defaults, profile, explicit settings)? */
export function ruleEnabled(rule: Rule, config: ImlintConfig): boolean {
  const setting = config.rules[rule.meta.id];
  if (setting !== undefined) return setting.enabled;
  if (rule.meta.profile !== undefined && config.profile !== rule.meta.profile) return false;
  if (rule.meta.id.startsWith('IM-TERM-')) return config.terminating;
  return rule.meta.defaultEnabled;
}

/** Run every enabled rule over a closed dialog; severity overrides applied; order deterministic. */
export function judgeDialog(dialog: Dialog, config: ImlintConfig): Verdict[] {
  const out: Verdict[] = [];
  for (const rule of registry) {
    if (!ruleEnabled(rule, config)) continue;
    for (const v of rule.check(dialog, { config })) {
      const override = config.rules[v.rule]?.severity;
      out.push(override ? { ...v, severity: override } : v);
    }
  }
  return out;
}
