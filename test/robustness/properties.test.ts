// The fuzz targets (test/robustness/targets.ts) as fixed-seed property tests: the same
// properties `npm run fuzz` checks for longer with random seeds.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { targets } from './targets.js';

describe('fuzz targets, fixed seed', () => {
  for (const target of targets) {
    it(`${target.name}: ${target.property}`, async () => {
      await fc.assert(fc.asyncProperty(target.arbitrary, (input) => target.check(input)), { seed: 0x1a7e, numRuns: target.testRuns });
    });
  }
});
