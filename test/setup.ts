// Property tests run with one fixed seed unless a test names its own, so CI runs are reproducible
// (a random failure found by `npm run fuzz` is kept in fixtures/fuzz/ instead).
import fc from 'fast-check';

fc.configureGlobal({ seed: 20261125 });
