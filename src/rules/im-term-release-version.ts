// IM-TERM-RELEASE-VERSION (provisional, [B]; Appendix F title "Release version in User-agent and
// Server headers"): the terminating client's responses carry Server with IM-client/OMA<maj>.<min>
// (rcsjta does this) and its requests carry a User-Agent judged as IM-ORIG-USER-AGENT judges one.
import { judgedCopy, vantageLabel } from '../dialog/vantage.js';
import type { SipMessage } from '../sip/types.js';
import { checkUserAgent } from './im-orig-user-agent.js';
import { vantageOfCopy } from './orig-general.js';
import { terminatingRuleCheck, terminatingRuleMessages } from './term-form.js';
import type { Evidence, Rule, RuleMeta, Verdict } from './types.js';
import { evidenceOfHeader, verdict } from './verdict.js';

/** Appendix F best reading (SPEC §1.2): IM-client/OMA<major>.<minor>. */
const RELEASE_VERSION = /^OMA[0-9]+\.[0-9]+$/i;

const meta: RuleMeta = {
  id: 'IM-TERM-RELEASE-VERSION',
  title: 'Terminating client names its IM release in Server and User-Agent',
  clause: 'OMA-TS-SIMPLE_IM §7.1.2, Appendix F [B]',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'B',
  defaultEnabled: false,
  description:
    'Provisional (§7.1.2 and Appendix F not found): when the client answers an IM session, each response it sends in the dialog ' +
    'carries Server with IM-client/OMA<major>.<minor> (--im-release narrows the version), and each request it sends (ACK aside) ' +
    'carries such a User-Agent. Off unless --terminating.',
  messages: {
    ...terminatingRuleMessages,
    named: '{count} client message(s) name the IM release ({product})',
    'server-missing': '{count} client response(s) lack Server: IM-client/OMA<major>.<minor>{release}',
    'user-agent-missing': '{count} client request(s) lack User-Agent: IM-client/OMA<major>.<minor>',
  },
};

export const rule: Rule = {
  meta,
  check: terminatingRuleCheck(meta, ({ dialog, ok }, ctx) => {
    const release = ctx.config.imRelease;
    const responses = [
      ...dialog.initialInvite.responses.filter((r) => r !== ok && r.toTag !== undefined),
      ok,
      ...dialog.transactions.filter((t) => t.from === 'peer').flatMap((t) => t.responses),
    ];
    const requests = dialog.transactions.filter((t) => t.from === 'client' && t.method !== 'ACK').map(judgedCopy);
    const serverBad = responses.filter((r) => serverRelease(r, release) === undefined);
    const uaBad: Verdict[] = [];
    for (const msg of requests) {
      const vantage = vantageOfCopy(msg);
      uaBad.push(...checkUserAgent({ msg, vantage, note: `vantage=${vantageLabel(vantage)}`, dialog }, ctx).filter((v) => v.verdict !== 'pass'));
    }
    const out: Verdict[] = [];
    if (serverBad.length > 0) {
      const evidence: Evidence[] = serverBad.flatMap((r) => evidenceOfHeader(r, 'Server'));
      out.push(verdict(meta, { verdict: 'fail', messageId: 'server-missing', data: { count: serverBad.length, release: release ? ` (--im-release ${release})` : '' }, evidence }));
    }
    if (uaBad.length > 0) {
      out.push(verdict(meta, { verdict: 'fail', messageId: 'user-agent-missing', data: { count: uaBad.length }, evidence: uaBad.flatMap((v) => v.evidence) }));
    }
    if (out.length > 0) return out;
    const evidence = [...responses.flatMap((r) => evidenceOfHeader(r, 'Server')), ...requests.flatMap((r) => evidenceOfHeader(r, 'User-Agent'))];
    return [verdict(meta, { verdict: 'pass', messageId: 'named', data: { count: responses.length + requests.length, product: serverRelease(ok, release) ?? '' }, evidence })];
  }),
};

/** The IM-client/OMA<maj>.<min> product of a response's Server header, if any. */
function serverRelease(msg: SipMessage, release: string | undefined): string | undefined {
  const server = msg.server();
  if (server.state !== 'ok') return undefined;
  for (const v of server.value) {
    if (!('product' in v) || v.product.toLowerCase() !== 'im-client' || v.version === undefined) continue;
    if (!RELEASE_VERSION.test(v.version)) continue;
    if (release !== undefined && v.version.toUpperCase() !== `OMA${release}`) continue;
    return `${v.product}/${v.version}`;
  }
  return undefined;
}
