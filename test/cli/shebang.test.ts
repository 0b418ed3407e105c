// `imlint` (the built bin, run as a user runs it) starts V8 with 8 MB semi-spaces from its
// shebang, in one process: the flag reaches the process that judges, and no second Node is started.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './run.js';

const main = join(root, 'dist/cli/main.js');

describe.runIf(existsSync(main))('built bin', () => {
  it('runs itself with --max-semi-space-size=8, in one process, with the usual exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imlint-shebang-'));
    try {
      // A preload that records, in every Node process the command starts, its flags and pid.
      const probe = join(dir, 'probe.cjs');
      const log = join(dir, 'log');
      writeFileSync(probe, `require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ pid: process.pid, execArgv: process.execArgv }) + '\\n');`);
      const r = spawnSync(main, ['--format', 'text', 'fixtures/sipp/group-without-subscribe.pcap'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: `--require ${probe}` },
      });
      expect(r.stdout).toContain('IM-ORIG-CONF-SUBSCRIBE');
      expect(r.status).toBe(1); // this capture fails a rule (fixtures/sipp/group-without-subscribe.pcap.expected.json)
      const processes = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { pid: number; execArgv: string[] });
      expect(processes).toHaveLength(1);
      expect(processes[0].execArgv).toContain('--max-semi-space-size=8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the flag in the first line of the built file (tsc copies the shebang)', () => {
    expect(readFileSync(main, 'latin1').split('\n')[0]).toBe('#!/usr/bin/env -S node --max-semi-space-size=8');
  });
});
