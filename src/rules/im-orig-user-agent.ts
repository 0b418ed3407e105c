// IM-ORIG-USER-AGENT: every initial request SHALL carry User-Agent naming the IM release version
// (OMA §7.1.1.1 (2), Appendix F). The Appendix F string was not found: best reading
// `IM-client/OMA<maj>.<min>` (SPEC §1.2, §5.1).
import type { ServerVal } from '../sip/types.js';
import { headerEvidence, initialRequestCheck, initialRequestMessages, type JudgedRequest } from './orig-general.js';
import type { Rule, RuleContext, RuleMeta, Verdict } from './types.js';
import { verdict } from './verdict.js';

const RELEASE_VERSION = /^OMA[0-9]+\.[0-9]+$/i;

const meta: RuleMeta = {
  id: 'IM-ORIG-USER-AGENT',
  title: 'Initial request carries User-Agent with the IM release version (IM-client/OMAx.y)',
  clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (2), Appendix F',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'B',
  defaultEnabled: true,
  description:
    'The IM Client SHALL include a User-Agent header indicating the IM release version as specified in Appendix F ' +
    '("Release version in User-agent and Server headers"). Appendix F was not found; the best supported reading is a ' +
    'product token IM-client/OMA<major>.<minor> anywhere among the server-vals (rcsjta puts ExttoExt-client/Ext1.0 ' +
    'first). --im-release 1.0|2.0 requires that exact version. A server token (IM-serv/...) does not count. An SBC may ' +
    'rewrite User-Agent, so a downstream copy is weaker evidence.',
  messages: {
    ...initialRequestMessages,
    release: 'User-Agent names the IM release: {product}',
    absent: 'no User-Agent header in the initial {method}',
    'wrong-release': 'User-Agent names {product}, but --im-release {release} asks for IM-client/OMA{release}',
    'bad-version': 'User-Agent has {product}, whose version is not an IM release (expected OMA<major>.<minor>)',
    'server-token': 'User-Agent carries only the server token {product}; a client uses IM-client/OMA<major>.<minor>',
    'no-token': 'User-Agent has no IM-client/OMA<major>.<minor> product (products: {products})',
    malformed: 'inconclusive: User-Agent unreadable ({problem})',
  },
};

function productText(p: { product: string; version?: string }): string {
  return p.version === undefined ? p.product : `${p.product}/${p.version}`;
}

function products(vals: ServerVal[]): { product: string; version?: string }[] {
  return vals.filter((v): v is { product: string; version?: string } => 'product' in v);
}

/**
 * The User-Agent verdicts for one initial request, reported under IM-ORIG-USER-AGENT.
 * Exported for the conference SUBSCRIBE (IM-CONF-SUB-GENERAL), which re-labels them.
 */
export function checkUserAgent(req: JudgedRequest, ctx: RuleContext): Verdict[] {
  const ua = req.msg.userAgent();
  const evidence = headerEvidence(req, 'User-Agent', undefined, ua);
  if (ua.state === 'absent') return [verdict(meta, { verdict: 'fail', messageId: 'absent', data: { method: req.msg.method ?? 'request' }, evidence })];
  if (ua.state !== 'ok') return [verdict(meta, { verdict: 'inconclusive', messageId: 'malformed', data: { problem: ua.diagnostic.message }, evidence })];
  const all = products(ua.value);
  const clients = all.filter((p) => p.product.toLowerCase() === 'im-client');
  const released = clients.filter((p) => p.version !== undefined && RELEASE_VERSION.test(p.version));
  const release = ctx.config.imRelease;
  if (released.length > 0) {
    if (release === undefined) return [verdict(meta, { verdict: 'pass', messageId: 'release', data: { product: productText(released[0]) }, evidence })];
    const exact = released.find((p) => p.version!.toUpperCase() === `OMA${release}`);
    if (exact) return [verdict(meta, { verdict: 'pass', messageId: 'release', data: { product: productText(exact) }, evidence })];
    return [verdict(meta, { verdict: 'fail', messageId: 'wrong-release', data: { product: productText(released[0]), release }, evidence })];
  }
  if (clients.length > 0) return [verdict(meta, { verdict: 'fail', messageId: 'bad-version', data: { product: productText(clients[0]) }, evidence })];
  const server = all.find((p) => p.product.toLowerCase() === 'im-serv');
  if (server) return [verdict(meta, { verdict: 'fail', messageId: 'server-token', data: { product: productText(server) }, evidence })];
  return [verdict(meta, { verdict: 'fail', messageId: 'no-token', data: { products: all.length > 0 ? all.map(productText).join(' ') : 'none' }, evidence })];
}

export const rule: Rule = { meta, check: initialRequestCheck(meta, checkUserAgent) };
