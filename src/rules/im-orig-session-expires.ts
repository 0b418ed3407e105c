// IM-ORIG-SESSION-EXPIRES: the initial INVITE SHOULD carry Session-Expires with refresher=uac
// (OMA §7.1.1.1 (7)), plus the RFC 4028 MUSTs on its value and Min-SE (SPEC §5.1).
import { headerEvidence, initialRequestCheck, initialRequestMessages, strictVantageHolds, type JudgedRequest } from './orig-general.js';
import type { Severity } from '../capture/types.js';
import type { Evidence, Rule, RuleContext, RuleMeta, Verdict } from './types.js';
import { verdict } from './verdict.js';

/** RFC 4028 §4: "The absolute minimum for the Session-Expires header field is 90 seconds". */
const ABSOLUTE_MINIMUM = 90;
/** RFC 4028 §4: "1800 seconds (30 minutes) is RECOMMENDED". */
const RECOMMENDED = 1800;

const meta: RuleMeta = {
  id: 'IM-ORIG-SESSION-EXPIRES',
  title: 'Initial INVITE carries Session-Expires with refresher=uac',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (7); RFC 4028 §4, §5, §7.1',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHOULD',
  severity: 'warning',
  basis: 'V',
  defaultEnabled: true,
  description:
    'The IM Client SHOULD include Session-Expires (compact x) with refresher=uac per RFC 4028; absent, without refresher ' +
    'or with refresher=uas is a warning. RFC 4028 MUSTs are checked beside it at error severity: the value is at least 90 s ' +
    '(§4), at least Min-SE (§7.1), and Min-SE is at least 90 s (§5); under 1800 s is reported as info (§4 RECOMMENDED). ' +
    'RFC 4028 §7.1 recommends omitting the refresher, but the OMA profile governs, so no RFC finding is raised for it. ' +
    'A proxy may insert or lower Session-Expires and Min-SE, so a pass on a downstream copy is inconclusive under ' +
    '--strict-vantage.',
  messages: {
    ...initialRequestMessages,
    'refresher-uac': 'Session-Expires: {se} with refresher=uac',
    'downstream-only': 'inconclusive: Session-Expires {se} with refresher=uac, but only a downstream copy was captured and a proxy may have changed it (--strict-vantage)',
    absent: 'no Session-Expires header in the initial INVITE',
    'no-refresher': 'Session-Expires: {se} has no refresher parameter (OMA asks for refresher=uac)',
    'refresher-uas': 'Session-Expires: {se} has refresher=uas (OMA asks for refresher=uac)',
    malformed: 'inconclusive: Session-Expires unreadable ({problem})',
    'below-90': 'Session-Expires {se} is below the absolute minimum of 90 s (RFC 4028 §4)',
    'below-min-se': 'Session-Expires {se} is below Min-SE {minSe} (RFC 4028 §7.1: MUST be greater than or equal to Min-SE)',
    'min-se-below-90': 'Min-SE {minSe} is below 90 s (RFC 4028 §5: MUST NOT be less than 90 seconds)',
    'min-se-malformed': 'inconclusive: Min-SE unreadable ({problem})',
    'below-1800': 'Session-Expires {se} is under the RECOMMENDED 1800 s (RFC 4028 §4)',
  },
};

function judge(req: JudgedRequest, ctx: RuleContext): Verdict[] {
  const se = req.msg.sessionExpires();
  const minSe = req.msg.minSE();
  const seEvidence = headerEvidence(req, 'Session-Expires', undefined, se);
  const out: Verdict[] = [];
  let seconds: number | undefined;
  if (se.state === 'absent') {
    out.push(verdict(meta, { verdict: 'fail', messageId: 'absent', evidence: seEvidence }));
  } else if (se.state !== 'ok') {
    out.push(verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { problem: se.diagnostic.message }, evidence: seEvidence }));
  } else {
    seconds = se.value.deltaSeconds;
    const data = { se: seconds };
    if (se.value.refresher === 'uac') {
      const strict = strictVantageHolds(req, ctx);
      out.push(verdict(meta, { verdict: strict ? 'inconclusive' : 'pass', messageId: strict ? 'downstream-only' : 'refresher-uac', data, evidence: seEvidence }));
    } else {
      out.push(verdict(meta, { verdict: 'fail', messageId: se.value.refresher === 'uas' ? 'refresher-uas' : 'no-refresher', data, evidence: seEvidence }));
    }
  }
  // The RFC 4028 sub-findings: MUSTs at error severity, the recommendation as info.
  const minSeEvidence = headerEvidence(req, 'Min-SE', undefined, minSe);
  const rfc = (messageId: string, data: Record<string, number>, evidence: Evidence[], severity: Severity = 'error'): void => {
    out.push(verdict(meta, { verdict: 'fail', messageId, data, evidence, severity }));
  };
  let minSeconds: number | undefined;
  if (minSe.state === 'ok') minSeconds = minSe.value.deltaSeconds;
  else if (minSe.state !== 'absent') {
    out.push(verdict(meta, { verdict: 'inconclusive', messageId: 'min-se-malformed', data: { problem: minSe.diagnostic.message }, evidence: minSeEvidence }));
  }
  if (seconds !== undefined && seconds < ABSOLUTE_MINIMUM) rfc('below-90', { se: seconds }, seEvidence);
  if (seconds !== undefined && minSeconds !== undefined && seconds < minSeconds) rfc('below-min-se', { se: seconds, minSe: minSeconds }, [...seEvidence, ...minSeEvidence]);
  if (minSeconds !== undefined && minSeconds < ABSOLUTE_MINIMUM) rfc('min-se-below-90', { minSe: minSeconds }, minSeEvidence);
  if (seconds !== undefined && seconds < RECOMMENDED) rfc('below-1800', { se: seconds }, seEvidence, 'info');
  return out;
}

export const rule: Rule = { meta, check: initialRequestCheck(meta, judge) };
