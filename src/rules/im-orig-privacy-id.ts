// IM-ORIG-PRIVACY-ID: when anonymity is requested, the initial INVITE SHALL carry Privacy with
// "id" (OMA §7.1.1.1 (5); RFC 3325 §7; SPEC §5.1). The capture cannot see what the user asked
// for, so anonymity is read from an anonymous From, a Privacy header, or --anonymous.
import type { NameAddr } from '../sip/types.js';
import { headerEvidence, initialRequestCheck, initialRequestMessages, type JudgedRequest } from './orig-general.js';
import type { Evidence, Rule, RuleContext, RuleMeta, Verdict } from './types.js';
import { evidenceOf, verdict } from './verdict.js';

/** Privacy values that ask for anonymity (RFC 3323 §4.2, RFC 3325 §9.3). */
const REQUESTING = ['user', 'header', 'session', 'id', 'critical'];

const meta: RuleMeta = {
  id: 'IM-ORIG-PRIVACY-ID',
  title: 'Anonymous initial INVITE carries Privacy: id',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (5); RFC 3325 §7; RFC 3323 §4.1.1.1',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'The IM Client SHALL include the value "id" in a Privacy header if anonymity is requested (RFC 3325). Anonymity is ' +
    'taken as requested when the From is anonymous (display-name "Anonymous", URI user "anonymous" or host ' +
    '"anonymous.invalid", RFC 3323 §4.1.1.1/§4.1.1.3), when a Privacy header asks for user, header, session, id or ' +
    'critical, or when --anonymous is given; otherwise the rule does not apply. Privacy: none with an anonymous From is ' +
    'contradictory and fails. A 403 from the group server to an anonymous group INVITE is expected (7.1.1.1 NOTE) and ' +
    'only noted.',
  messages: {
    ...initialRequestMessages,
    'not-requested': 'not applicable: anonymity not requested (From not anonymous, no Privacy, no --anonymous)',
    'id-present': 'anonymity requested ({why}) and Privacy lists id',
    'privacy-only': 'Privacy lists id; anonymity requested via Privacy only (RFC 3323 recommends also an anonymous From)',
    'id-missing': 'anonymity requested ({why}) but {privacy}',
    contradictory: 'the From is anonymous but Privacy: none asks for no privacy (contradictory)',
    malformed: 'inconclusive: Privacy unreadable ({problem})',
  },
};

/** Why the From reads as anonymous, or undefined. */
function anonymousFrom(from: NameAddr): string | undefined {
  if (from.displayName !== undefined && from.displayName.trim().toLowerCase() === 'anonymous') return 'From display-name "Anonymous"';
  if (from.uri.user !== undefined && from.uri.user.toLowerCase() === 'anonymous') return 'From user "anonymous"';
  if (from.uri.host.toLowerCase() === 'anonymous.invalid') return 'From host anonymous.invalid';
  return undefined;
}

function judge(req: JudgedRequest, ctx: RuleContext): Verdict[] {
  const from = req.msg.from();
  const privacy = req.msg.privacy();
  const fromWhy = from.state === 'ok' ? anonymousFrom(from.value) : undefined;
  const values = privacy.state === 'ok' ? privacy.value : [];
  const evidence: Evidence[] = [...headerEvidence(req, 'From', undefined, from), ...headerEvidence(req, 'Privacy', undefined, privacy)];
  const requested = values.filter((v) => REQUESTING.includes(v));
  const why = [fromWhy, requested.length > 0 ? `Privacy: ${requested.join(';')}` : undefined, ctx.config.anonymous ? '--anonymous' : undefined].filter(
    (w): w is string => w !== undefined,
  );
  if (why.length === 0 && privacy.state !== 'malformed' && privacy.state !== 'conflict') {
    return [verdict(meta, { verdict: 'not-applicable', messageId: 'not-requested', evidence })];
  }
  if (privacy.state === 'malformed' || privacy.state === 'conflict') {
    return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { problem: privacy.diagnostic.message }, evidence })];
  }
  evidence.push(...rejection(req));
  if (values.includes('id')) {
    const viaPrivacyOnly = fromWhy === undefined && !ctx.config.anonymous;
    return [verdict(meta, { verdict: 'pass', messageId: viaPrivacyOnly ? 'privacy-only' : 'id-present', data: { why: why.join(', ') }, evidence })];
  }
  if (fromWhy !== undefined && values.includes('none')) return [verdict(meta, { verdict: 'fail', messageId: 'contradictory', evidence })];
  const privacyText = privacy.state === 'absent' ? 'there is no Privacy header' : `Privacy is "${values.join(';')}" without id`;
  return [verdict(meta, { verdict: 'fail', messageId: 'id-missing', data: { why: why.join(', '), privacy: privacyText }, evidence })];
}

/** A 403 to an anonymous group INVITE: expected when the group forbids anonymity (7.1.1.1 NOTE). */
function rejection(req: JudgedRequest): Evidence[] {
  const reply = req.tx?.final;
  if (!reply || reply.status !== 403 || req.dialog?.kind !== 'im-group') return [];
  return [evidenceOf(reply, undefined, 'info: the IM server rejected the anonymous group INVITE; expected when the IM Group forbids anonymity (7.1.1.1 NOTE)')];
}

export const rule: Rule = { meta, check: initialRequestCheck(meta, judge) };
