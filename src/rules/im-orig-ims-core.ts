// IM-ORIG-IMS-CORE (informational, profile 3gpp): with 3GPP IMS as the SIP/IP core the client uses
// the TS 24.229 session-establishment mechanisms (OMA §7.1.1.1; SPEC §5.3). Reported at summary
// level: which IMS mechanisms the initial INVITE shows.
import type { GenericParam, SipMessage } from '../sip/types.js';
import { initialRequestMessages, initialRequestSkip, judgedAttempts } from './orig-general.js';
import type { Rule, RuleMeta } from './types.js';
import { evidenceOf, evidenceOfHeader, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ORIG-IMS-CORE',
  title: 'IMS session-establishment mechanisms (TS 24.229) in use',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1; 3GPP TS 24.229 §5.1.2A.1.1',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'INFO',
  severity: 'info',
  basis: 'S',
  defaultEnabled: true,
  profile: '3gpp',
  description:
    'Under --profile 3gpp: lists the TS 24.229 mechanisms the initial INVITE shows — P-Preferred-Identity, ' +
    'P-Access-Network-Info, a preloaded Route (Service-Route), sec-agree, and ICSI/IARI feature tags beside +g.oma.sip-im ' +
    'in Contact and Accept-Contact. Informational: none of them seen is reported, never an error.',
  messages: {
    ...initialRequestMessages,
    seen: 'TS 24.229 mechanisms seen: {mechanisms}',
    none: 'no TS 24.229 mechanism seen on the INVITE (P-Preferred-Identity, P-Access-Network-Info, Route, sec-agree, ICSI/IARI tags)',
  },
};

const HEADERS = ['P-Preferred-Identity', 'P-Access-Network-Info', 'Route', 'Security-Verify'];

export const rule: Rule = {
  meta,
  check(dialog) {
    const skip = initialRequestSkip(meta, dialog);
    if (skip) return [skip];
    const invite = judgedAttempts(dialog)[0].msg;
    const seen: string[] = [];
    const evidence = [];
    for (const name of HEADERS) {
      if (!invite.has(name)) continue;
      seen.push(name);
      evidence.push(...evidenceOfHeader(invite, name));
    }
    if (listsSecAgree(invite)) {
      seen.push('sec-agree');
      evidence.push(...evidenceOfHeader(invite, 'Require'));
    }
    for (const tag of imsTags(invite)) {
      seen.push(tag.name);
      evidence.push(evidenceOf(invite, tag.field));
    }
    if (seen.length === 0) return [verdict(meta, { verdict: 'fail', messageId: 'none', evidence: [evidenceOf(invite)] })];
    return [verdict(meta, { verdict: 'pass', messageId: 'seen', data: { mechanisms: seen.join(', ') }, evidence })];
  },
};

function listsSecAgree(msg: SipMessage): boolean {
  for (const h of [msg.require(), msg.proxyRequire()]) {
    if (h.state === 'ok' && h.value.some((t) => t.toLowerCase() === 'sec-agree')) return true;
  }
  return false;
}

/** ICSI / IARI tags (TS 24.229) in Contact and Accept-Contact, e.g. "Contact +g.3gpp.icsi-ref". */
function imsTags(msg: SipMessage): { name: string; field: string }[] {
  const out: { name: string; field: string }[] = [];
  const scan = (header: string, params: GenericParam[]): void => {
    for (const p of params) {
      const n = p.name.toLowerCase();
      if (n === '+g.3gpp.icsi-ref' || n === '+g.3gpp.iari-ref') out.push({ name: `${header} ${n}`, field: `${header}: …;${p.name}${p.value === null ? '' : `="${p.value}"`}` });
    }
  };
  const contact = msg.contact();
  if (contact.state === 'ok') for (const c of contact.value) if (!c.star) scan('Contact', c.params);
  const ac = msg.acceptContact();
  if (ac.state === 'ok') for (const v of ac.value) scan('Accept-Contact', v.params);
  return out;
}
