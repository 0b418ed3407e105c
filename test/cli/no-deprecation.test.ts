// The capture reader may reach Node's native byte search through process.binding (src/capture/
// bytes.ts). Under --pending-deprecation Node would print DEP0111 to the user's terminal for it:
// the built command must then take the public method and stay silent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './run.js';

const main = join(root, 'dist/cli/main.js');

describe.runIf(existsSync(main))('built command under --pending-deprecation', () => {
  for (const how of ['flag', 'env'] as const) {
    it(`prints no deprecation warning (${how})`, () => {
      const r = spawnSync(
        process.execPath,
        [...(how === 'flag' ? ['--pending-deprecation'] : []), main, '--format', 'text', '--fail-on', 'never', 'fixtures/sipp/group-without-subscribe.pcap'],
        { cwd: root, encoding: 'utf8', env: { ...process.env, ...(how === 'env' ? { NODE_PENDING_DEPRECATION: '1' } : {}) } },
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('IM-');
      expect(r.stderr).not.toMatch(/DeprecationWarning|DEP0/);
    });
  }
});
