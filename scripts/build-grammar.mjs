// Compiles grammar/sip.peggy to an ES module with TypeScript declarations, one start rule per
// header value. Run by `npm run build` (and so by `npm install` through `prepare`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hoistParser } from './hoist-parser.mjs';

const grammar = 'grammar/sip.peggy';
if (!existsSync(grammar)) {
  console.log('build-grammar: no grammar yet');
  process.exit(0);
}
const { default: startRules, returnTypes } = await import('../grammar/start-rules.mjs');
mkdirSync('src/sip/generated', { recursive: true });
execFileSync(
  'npx',
  ['peggy', '--format', 'es', '--dts', '--allowed-start-rules', startRules.join(','), '--return-types', JSON.stringify(returnTypes), '-o', 'src/sip/generated/sip-parser.js', grammar],
  { stdio: 'inherit' },
);
// Per-call setup of the generated parser dominates on short header values: hoist it once.
const out = 'src/sip/generated/sip-parser.js';
writeFileSync(out, hoistParser(readFileSync(out, 'utf8')));
