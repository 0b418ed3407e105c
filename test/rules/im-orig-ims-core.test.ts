import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { ruleEnabled } from '../../src/rules/index.js';
import { rule } from '../../src/rules/im-orig-ims-core.js';
import { INVITE, ctx, groupDialog, msgAt, tokens, withHeaders } from '../helpers/group-session.js';

describe('IM-ORIG-IMS-CORE (profile 3gpp, info)', () => {
  it('runs only under --profile 3gpp', () => {
    expect(ruleEnabled(rule, DEFAULT_CONFIG)).toBe(false);
    expect(ruleEnabled(rule, { ...DEFAULT_CONFIG, profile: '3gpp' })).toBe(true);
  });

  it('lists the TS 24.229 mechanisms seen on the INVITE', () => {
    const invite = msgAt(
      withHeaders(INVITE, {
        'P-Preferred-Identity': '<sip:+447700900001@ims.example.net>',
        'P-Access-Network-Info': '3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=2344500010000001',
        Contact: '<sip:alice@10.0.0.5:5060>;+g.oma.sip-im;+g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session"',
      }),
      0,
    );
    const v = rule.check(groupDialog({ invite, captureEnd: 100 }), ctx({ profile: '3gpp' }));
    expect(tokens(v)).toEqual(['pass']);
    expect(v[0].severity).toBe('info');
    expect(v[0].message).toContain('P-Preferred-Identity, P-Access-Network-Info, Contact +g.3gpp.icsi-ref');
  });

  it('reports (info) an INVITE with none of them', () => {
    expect(tokens(rule.check(groupDialog({ captureEnd: 100 }), ctx({ profile: '3gpp' })))).toEqual(['fail:info']);
  });
});
