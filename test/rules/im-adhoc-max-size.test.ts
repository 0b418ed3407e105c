import { describe, expect, it } from 'vitest';
import { rule } from '../../src/rules/im-adhoc-max-size.js';
import { RESOURCE_LIST, ctx, tokens } from '../helpers/group-session.js';
import { adhocDialog, multipart } from './adhoc-invites.js';

describe('IM-ADHOC-MAX-SIZE', () => {
  it('passes within MAX-ADHOC-GROUP-SIZE', () => {
    expect(tokens(rule.check(adhocDialog(), ctx({ maxAdhocGroupSize: 2 })))).toEqual(['pass']);
  });

  it('fails above it', () => {
    const v = rule.check(adhocDialog(), ctx({ maxAdhocGroupSize: 1 }));
    expect(tokens(v)).toEqual(['fail:error']);
    expect(v[0].message).toContain('2 invited users exceed MAX-ADHOC-GROUP-SIZE 1');
  });

  it('is inconclusive when the list cannot be read, not applicable when unconfigured', () => {
    const broken = adhocDialog(undefined, multipart(undefined, RESOURCE_LIST.replace('</list>', '')));
    expect(tokens(rule.check(broken, ctx({ maxAdhocGroupSize: 5 })))).toEqual(['inconclusive']);
    expect(tokens(rule.check(adhocDialog(), ctx()))).toEqual(['not-applicable']);
  });
});
