// vitest configuration for `npm run fuzz` (bench/fuzz.mjs): runs only the long fuzz loop, which
// the normal suite leaves out (its file name does not end in .test.ts).
import { defineConfig } from 'vitest/config';

const seconds = Number(process.env.IMLINT_FUZZ_SECONDS ?? 60);

export default defineConfig({
  test: {
    include: ['test/robustness/fuzz-loop.fuzz.ts'],
    testTimeout: (seconds + 120) * 1000,
    pool: 'forks',
  },
});
