import { describe, expect, it } from 'vitest';
import type { RuleMeta } from '../../src/rules/types.js';
import { notApplicable, verdict } from '../../src/rules/verdict.js';

const meta: RuleMeta = {
  id: 'IM-TEST-RULE',
  title: 'test',
  clause: 'SPEC §0',
  source: 'SPEC',
  keyword: 'SHALL',
  severity: 'error',
  basis: 'V',
  defaultEnabled: true,
  description: 'test',
  messages: { 'not-applicable': 'not applicable: {reason}', 'no-subscribe': 'nothing to judge' },
};

describe('notApplicable (shared not-applicable verdicts)', () => {
  it('reads exactly as verdict() builds it', () => {
    expect(notApplicable(meta, 'not-applicable', '1-1 session')).toEqual(
      verdict(meta, { verdict: 'not-applicable', messageId: 'not-applicable', data: { reason: '1-1 session' } }),
    );
    expect(notApplicable(meta, 'no-subscribe')).toEqual(verdict(meta, { verdict: 'not-applicable', messageId: 'no-subscribe' }));
  });

  it('is one frozen object per rule, message id and reason', () => {
    const a = notApplicable(meta, 'not-applicable', '1-1 session');
    expect(notApplicable(meta, 'not-applicable', '1-1 session')).toBe(a);
    expect(notApplicable(meta, 'not-applicable', 'terminating-side dialog (7.1.2)')).not.toBe(a);
    expect(notApplicable(meta, 'no-subscribe')).not.toBe(notApplicable(meta, 'not-applicable'));
    expect(Object.isFrozen(a) && Object.isFrozen(a.evidence)).toBe(true);
    expect(() => a.evidence.push({ input: 'x', timeNs: null })).toThrow(TypeError);
  });
});
