import { describe, expect, it } from 'vitest';
import { formatMessage } from '../src/rules/verdict.js';

describe('verdict messages', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('SE {se}s below {min}', { se: 60 })).toBe('SE 60s below {min}');
  });
});
