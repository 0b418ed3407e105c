// IM-ORIG-SUPPORTED-TIMER: the initial INVITE SHALL list the option tag "timer" in Supported
// (OMA §7.1.1.1 (6); RFC 4028 §7.1; SPEC §5.1).
import { headerEvidence, initialRequestCheck, initialRequestMessages, type JudgedRequest } from './orig-general.js';
import type { Rule, RuleMeta, Verdict } from './types.js';
import { verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ORIG-SUPPORTED-TIMER',
  title: 'Initial INVITE lists "timer" in Supported',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (6); RFC 4028 §7.1',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'The IM Client SHALL include the option tag "timer" in the Supported header. All Supported / k lines are merged and ' +
    'option tags compared ignoring case. Require: timer does not count: RFC 4028 §7.1, "The Supported header field ' +
    'containing \'timer\' MUST still be included, even if the Require or Proxy-Require header fields are present ' +
    'containing \'timer\'."',
  messages: {
    ...initialRequestMessages,
    listed: 'Supported lists timer',
    absent: 'no Supported header in the initial INVITE{requireNote}',
    missing: 'Supported does not list timer (tags: {tags}){requireNote}',
    malformed: 'inconclusive: Supported unreadable ({problem})',
  },
};

function requiresTimer(req: JudgedRequest): boolean {
  for (const h of [req.msg.require(), req.msg.proxyRequire()]) {
    if (h.state === 'ok' && h.value.some((t) => t.toLowerCase() === 'timer')) return true;
  }
  return false;
}

function judge(req: JudgedRequest): Verdict[] {
  const supported = req.msg.supported();
  const evidence = headerEvidence(req, 'Supported', undefined, supported);
  const requireNote = requiresTimer(req) ? '; Require: timer does not count (RFC 4028 §7.1)' : '';
  if (supported.state === 'absent') {
    if (requireNote) evidence.push(...headerEvidence(req, 'Require'));
    return [verdict(meta, { verdict: 'fail', messageId: 'absent', data: { requireNote }, evidence })];
  }
  if (supported.state !== 'ok') return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { problem: supported.diagnostic.message }, evidence })];
  if (supported.value.some((t) => t.toLowerCase() === 'timer')) return [verdict(meta, { verdict: 'pass', messageId: 'listed', evidence })];
  if (requireNote) evidence.push(...headerEvidence(req, 'Require'));
  return [verdict(meta, { verdict: 'fail', messageId: 'missing', data: { tags: supported.value.join(', ') || 'none', requireNote }, evidence })];
}

export const rule: Rule = { meta, check: initialRequestCheck(meta, judge) };
