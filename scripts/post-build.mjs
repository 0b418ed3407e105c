// Makes the CLI entry executable after tsc (npm links it as the `imlint` bin).
import { chmodSync, existsSync } from 'node:fs';
const main = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(main)) chmodSync(main, 0o755);
