// The command starts Node again with the young-generation flags (src/cli/relaunch.ts): the child
// gets them, its output and exit code are the command's, and a flag the user gave wins.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shouldRelaunch, YOUNG_GENERATION_FLAGS } from '../../src/cli/relaunch.js';
import { root } from './run.js';

describe('shouldRelaunch', () => {
  it('relaunches unless a semi-space flag is given or IMLINT_NO_RELAUNCH=1', () => {
    expect(shouldRelaunch([], {})).toBe(true);
    expect(shouldRelaunch(['--cpu-prof'], { NODE_OPTIONS: '--max-old-space-size=4096' })).toBe(true);
    expect(shouldRelaunch(['--max-semi-space-size=16'], {})).toBe(false);
    expect(shouldRelaunch(['--max_semi_space_size=2'], {})).toBe(false);
    expect(shouldRelaunch([], { NODE_OPTIONS: '--trace-gc --max-semi-space-size=4' })).toBe(false);
    expect(shouldRelaunch([], { IMLINT_NO_RELAUNCH: '1' })).toBe(false);
  });
});

const main = join(root, 'dist/cli/main.js');

describe.runIf(existsSync(main))('built command', () => {
  it('runs in a child with the flags (and the parent node flags); output and exit code are the child’s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imlint-relaunch-'));
    try {
      // Preloaded in every Node process of the command: each says which flags it runs with.
      const probe = join(dir, 'probe.mjs');
      writeFileSync(probe, "process.stderr.write(`node flags: ${JSON.stringify(process.execArgv)}\\n`);\n");
      const run = (args: string[], env: Record<string, string> = {}) =>
        spawnSync(process.execPath, ['--import', probe, main, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });

      const failing = run(['--format', 'text', 'fixtures/sipp/group-subscribe-wrong-target.pcap']);
      const flags = [...failing.stderr.matchAll(/^node flags: (.*)$/gm)].map((m) => JSON.parse(m[1]) as string[]);
      expect(flags).toEqual([['--import', probe], [...YOUNG_GENERATION_FLAGS, '--import', probe]]);
      expect(failing.status).toBe(1);
      expect(failing.stdout).toContain('IM-CONF-SUB-TARGET');

      const usage = run(['--format', 'text', 'no-such-capture.pcap']);
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain('no-such-capture.pcap: cannot read');

      // Asked not to: one process, same result.
      const here = run(['--format', 'text', 'fixtures/sipp/group-subscribe-wrong-target.pcap'], { IMLINT_NO_RELAUNCH: '1' });
      expect([...here.stderr.matchAll(/^node flags: /gm)].length).toBe(1);
      expect(here.status).toBe(1);
      expect(here.stdout).toBe(failing.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends the way the child ends when it is killed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imlint-relaunch-'));
    try {
      // The child (the process with the young-generation flags) kills itself at start-up.
      const suicide = join(dir, 'suicide.mjs');
      writeFileSync(suicide, `if (process.execArgv.includes(${JSON.stringify(YOUNG_GENERATION_FLAGS[0])})) process.kill(process.pid, 'SIGTERM');\n`);
      const r = spawnSync(process.execPath, ['--import', suicide, main, '--format', 'text', 'fixtures/sipp/group-subscribe-wrong-target.pcap'], { cwd: root, encoding: 'utf8' });
      expect(r.signal).toBe('SIGTERM');
      expect(r.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
