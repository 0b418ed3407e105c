// The rule registry: the one place that lists every rule. Adding a rule = its module, its test,
// one import and one entry here.
import type { Severity } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import type { Dialog } from '../dialog/types.js';
import type { Rule, Verdict } from './types.js';
import { rule as imOrigAcceptContact } from './im-orig-accept-contact.js';
import { rule as imOrigUserAgent } from './im-orig-user-agent.js';
import { rule as imOrigAllow } from './im-orig-allow.js';
import { rule as imOrigContactFeatureTag } from './im-orig-contact-feature-tag.js';
import { rule as imOrigPrivacyId } from './im-orig-privacy-id.js';
import { rule as imOrigSupportedTimer } from './im-orig-supported-timer.js';
import { rule as imOrigSessionExpires } from './im-orig-session-expires.js';
import { rule as imOrigStoreContact } from './im-orig-store-contact.js';
import { rule as imOrigStoreAllow } from './im-orig-store-allow.js';
import { rule as imOrigTimerHonoured } from './im-orig-timer-honoured.js';
import { rule as imTimerRefreshBeforeExpiry } from './im-timer-refresh-before-expiry.js';
import { rule as imTimerRefreshAtHalf } from './im-timer-refresh-at-half.js';
import { rule as imTimerByeAfterFailedRefresh } from './im-timer-bye-after-failed-refresh.js';
import { rule as imTimerByeOnExpiry } from './im-timer-bye-on-expiry.js';
import { rule as imRfc4028422Retry } from './im-rfc4028-422-retry.js';
import { rule as imRfc4028RefreshForm } from './im-rfc4028-refresh-form.js';
import { rule as imRfc4028RefreshAnswer } from './im-rfc4028-refresh-answer.js';
import { rule as imRfc4028SupportedEveryRequest } from './im-rfc4028-supported-every-request.js';
import { rule as imOrigConfSubscribe } from './im-orig-conf-subscribe.js';
import { rule as imOrigImsCore } from './im-orig-ims-core.js';
import { rule as imAdhocFactoryUri } from './im-adhoc-factory-uri.js';
import { rule as imAdhocResourceList } from './im-adhoc-resource-list.js';
import { rule as imAdhocRequire } from './im-adhoc-require.js';
import { rule as imAdhocMultipart } from './im-adhoc-multipart.js';
import { rule as imAdhocSdpAcceptTypes } from './im-adhoc-sdp-accept-types.js';
import { rule as imAdhocMaxSize } from './im-adhoc-max-size.js';
import { rule as imExtendReplaces } from './im-extend-replaces.js';
import { rule as imAdhocNoListInReinvite } from './im-adhoc-no-list-in-reinvite.js';
import { rule as imConfSubTarget } from './im-conf-sub-target.js';
import { rule as imConfSubEvent } from './im-conf-sub-event.js';
import { rule as imConfSubAccept } from './im-conf-sub-accept.js';
import { rule as imConfSubNewDialog } from './im-conf-sub-new-dialog.js';
import { rule as imConfSubExpires } from './im-conf-sub-expires.js';
import { rule as imConfSubContact } from './im-conf-sub-contact.js';
import { rule as imConfSubGeneral } from './im-conf-sub-general.js';
import { rule as imConfNotifyAnswered } from './im-conf-notify-answered.js';
import { rule as imTermContactFeatureTag } from './im-term-contact-feature-tag.js';
import { rule as imTermReleaseVersion } from './im-term-release-version.js';
import { rule as imTermTimer } from './im-term-timer.js';
import { rule as imTermConfSubscribe } from './im-term-conf-subscribe.js';

export const registry: readonly Rule[] = [
  // Keep SPEC.md order: §5.1, §5.2, §5.3 (timer, conference), §5.4, §5.5, §5.6, §5.7.
  // §5.1 the initial request (OMA §7.1.1.1 items 1-7)
  imOrigAcceptContact,
  imOrigUserAgent,
  imOrigAllow,
  imOrigContactFeatureTag,
  imOrigPrivacyId,
  imOrigSupportedTimer,
  imOrigSessionExpires,
  // §5.2 handling responses
  imOrigStoreContact,
  imOrigStoreAllow,
  // §5.3 timer (SPEC §6): umbrella, then its sub-rules
  imOrigTimerHonoured,
  imTimerRefreshBeforeExpiry,
  imTimerRefreshAtHalf,
  imTimerByeAfterFailedRefresh,
  imTimerByeOnExpiry,
  // §5.3 conference subscription (SPEC §7), then IMS core (profile 3gpp)
  imOrigConfSubscribe,
  imOrigImsCore,
  // §5.4 group session initiation (ad-hoc and extension)
  imAdhocFactoryUri,
  imAdhocResourceList,
  imAdhocRequire,
  imAdhocMultipart,
  imAdhocSdpAcceptTypes,
  imAdhocMaxSize,
  imExtendReplaces,
  imAdhocNoListInReinvite,
  // §5.5 RFC 4028 supporting rules
  imRfc4028422Retry,
  imRfc4028RefreshForm,
  imRfc4028RefreshAnswer,
  imRfc4028SupportedEveryRequest,
  // §5.6 conference subscription form (under IM-ORIG-CONF-SUBSCRIBE)
  imConfSubTarget,
  imConfSubEvent,
  imConfSubAccept,
  imConfSubNewDialog,
  imConfSubExpires,
  imConfSubContact,
  imConfSubGeneral,
  imConfNotifyAnswered,
  // §5.7 terminating client (off unless config.terminating)
  imTermContactFeatureTag,
  imTermReleaseVersion,
  imTermTimer,
  imTermConfSubscribe,
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

/** What judging needs from a configuration, worked out once per configuration, not per dialog. */
interface JudgePlan {
  rules: Rule[];
  /** Severity overrides by rule id (sub-findings carry their own id), when any are set. */
  overrides?: Map<string, Severity>;
}

const plans = new WeakMap<ImlintConfig, JudgePlan>();

function planFor(config: ImlintConfig): JudgePlan {
  let plan = plans.get(config);
  if (plan === undefined) {
    const overrides = new Map<string, Severity>();
    for (const [id, setting] of Object.entries(config.rules)) if (setting?.severity) overrides.set(id, setting.severity);
    plan = { rules: registry.filter((rule) => ruleEnabled(rule, config)) };
    if (overrides.size > 0) plan.overrides = overrides;
    plans.set(config, plan);
  }
  return plan;
}

/** Run every enabled rule over a closed dialog; severity overrides applied; order deterministic. */
export function judgeDialog(dialog: Dialog, config: ImlintConfig): Verdict[] {
  const { rules, overrides } = planFor(config);
  const ctx = { config };
  const out: Verdict[] = [];
  for (let r = 0; r < rules.length; r++) {
    const verdicts = rules[r].check(dialog, ctx);
    for (let i = 0; i < verdicts.length; i++) {
      const v = verdicts[i];
      const override = overrides?.get(v.rule);
      out.push(override ? { ...v, severity: override } : v);
    }
  }
  return out;
}
