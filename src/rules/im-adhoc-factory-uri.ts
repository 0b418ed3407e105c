// IM-ADHOC-FACTORY-URI: an ad-hoc INVITE goes to the Conference-factory-URI of the home network
// (OMA V1.0 fragment, SPEC §5.4). Decided only when that URI is configured.
import { sameUri } from '../dialog/conference.js';
import { adhocRuleCheck, adhocRuleMessages } from './adhoc-form.js';
import type { Rule, RuleMeta } from './types.js';
import { evidenceOf, evidenceOfHeader, verdict } from './verdict.js';

const meta: RuleMeta = {
  id: 'IM-ADHOC-FACTORY-URI',
  title: 'Ad-hoc INVITE addressed to the conference factory',
  clause: 'OMA-TS-SIMPLE_IM V1.0, extending a 1-1 session to an ad-hoc session; SPEC §5.4',
  source: 'OMA-TS-SIMPLE_IM',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description:
    'When the INVITE creates an ad-hoc group (a recipient-list body or Require: recipient-list-invite), its Request-URI SHALL be ' +
    'the Conference-factory-URI for the IM service in the home network. Needs --conference-factory; inconclusive without it.',
  messages: {
    ...adhocRuleMessages,
    factory: 'Request-URI {ruri} is the conference factory',
    'not-factory': 'ad-hoc INVITE sent to {ruri}, not to the conference factory {factory}',
    'no-factory': 'ad-hoc INVITE to {ruri}; no --conference-factory configured to compare with',
  },
};

export const rule: Rule = {
  meta,
  check: adhocRuleCheck(
    meta,
    ({ signals: s }) => (s.listCarried || s.requireTag ? undefined : 'no ad-hoc signal in the body or Require'),
    ({ invite }, { config }) => {
      const ruri = invite.requestUri ?? '';
      const evidence = [evidenceOf(invite), ...(invite.has('Require') ? evidenceOfHeader(invite, 'Require') : [])];
      const factory = config.conferenceFactory;
      if (factory === undefined) return [verdict(meta, { verdict: 'inconclusive', messageId: 'no-factory', data: { ruri }, evidence })];
      const parsed = invite.requestUriParsed();
      const same = sameUri(parsed.state === 'ok' ? parsed.value : undefined, factory);
      const data = { ruri, factory };
      return [verdict(meta, { verdict: same ? 'pass' : 'fail', messageId: same ? 'factory' : 'not-factory', data, evidence })];
    },
  ),
};
