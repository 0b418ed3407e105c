// The command's UI path spools dialogs (src/ui/dialog-store.ts): the UI gets rows and a store, not
// a report full of dialogs, and the spool directory is gone after every way out — quit, an error in
// the UI or in the analysis, Ctrl-C / kill signals, process exit.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JudgeDeps } from '../../src/cli/judge.js';
import { loadPipeline } from '../../src/cli/pipeline.js';
import type { DialogSource } from '../../src/ui/dialog-store.js';
import { imlint, root } from '../cli/run.js';
import { groupDialog } from '../report/fake-report.js';

const fixtures = join(root, 'fixtures/sipp');
let tmp = '';
let savedTmp: string | undefined;

// The store takes its directory from os.tmpdir(): a private one shows whatever is left behind.
beforeAll(() => {
  savedTmp = process.env.TMPDIR;
  tmp = mkdtempSync(join(tmpdir(), 'imlint-tui-spool-'));
  process.env.TMPDIR = tmp;
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(tmp, { recursive: true, force: true });
});

function tui(args: string[], deps: Partial<JudgeDeps>) {
  return imlint(args, { tty: true, env: {}, deps });
}

describe('the UI path spools its dialogs', () => {
  it('the UI gets every dialog from the spool, none in the report; the spool is gone after quit', async () => {
    const seen: { held: number; rows: number; summary: number; dir: string[]; first?: string } = { held: -1, rows: -1, summary: -1, dir: [] };
    const run = await tui([fixtures], {
      runTui: async (report, _io, dialogs?: DialogSource) => {
        seen.held = report.dialogs.length;
        seen.rows = dialogs?.rows.length ?? -1;
        seen.summary = report.summary.dialogs;
        seen.dir = readdirSync(tmp);
        seen.first = dialogs?.dialog(0).ladder?.[0]?.raw;
      },
    });
    expect(seen.held).toBe(0);
    expect(seen.summary).toBeGreaterThan(5);
    expect(seen.rows).toBe(seen.summary);
    expect(seen.dir).toHaveLength(1);
    // Detail is kept for the UI: the ladder with raw message text.
    expect(seen.first).toMatch(/^INVITE sip:/);
    expect(readdirSync(tmp)).toEqual([]);
    // The exit code still follows the fail threshold (the fixtures hold failing dialogs).
    const json = await imlint(['--format', 'json', fixtures]);
    expect(run.code).toBe(json.code);
    expect(run.code).toBe(1);
  });

  it('the spool is gone when the UI throws', async () => {
    let during: string[] = [];
    const run = await tui([fixtures], {
      runTui: async () => {
        during = readdirSync(tmp);
        throw new Error('terminal went away');
      },
    });
    expect(during).toHaveLength(1);
    expect(run.stderr).toContain('terminal went away');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('the spool is gone when the analysis fails after some dialogs were spooled', async () => {
    let mounted = false;
    let during: string[] = [];
    const run = await tui([fixtures], {
      pipeline: async () => {
        const real = await loadPipeline();
        return {
          ...real,
          analyze: async (_paths, _config, req) => {
            req.onDialog?.(groupDialog());
            during = readdirSync(tmp);
            throw new Error('reader crashed');
          },
        };
      },
      runTui: async () => {
        mounted = true;
      },
    });
    expect(during).toHaveLength(1);
    expect(mounted).toBe(false);
    expect(run.stderr).toContain('reader crashed');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('regression mode keeps its dialogs in memory and never mounts the UI', async () => {
    const run = await tui(['--expect', join(fixtures, 'im-1-1-refresh.pcap')], {});
    // The fixture meets its expected verdicts.
    expect(run.code).toBe(0);
    expect(run.tuiMounted).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

const built = join(root, 'dist/ui/dialog-store.js');

/** A child process holding a store with one dialog; resolves with it and its spool directory. */
function child(then: string): Promise<{ proc: ChildProcess; dir: string }> {
  const script = `
    const { DialogStore } = await import(${JSON.stringify(built)});
    const s = new DialogStore();
    s.add(${JSON.stringify(groupDialog())});
    s.finish([]);
    process.stdout.write(s.directory + '\\n');
    ${then}`;
  const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve({ proc, dir: out.trim() });
    });
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`child exited (${code}) before it spooled: ${out}`)));
  });
}

function exited(proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
}

describe.skipIf(!existsSync(built))('the spool outlives no process (built store in a child)', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: the directory is removed and the process still dies of the signal`, async () => {
      const { proc, dir } = await child('setInterval(() => {}, 1000);');
      expect(existsSync(join(dir, 'dialogs.jsonl'))).toBe(true);
      proc.kill(signal);
      expect(await exited(proc)).toEqual({ code: null, signal });
      expect(existsSync(dir)).toBe(false);
    });
  }

  it('process.exit without dispose: removed', async () => {
    const { proc, dir } = await child('setTimeout(() => process.exit(3), 50);');
    expect((await exited(proc)).code).toBe(3);
    expect(existsSync(dir)).toBe(false);
  });

  it('an uncaught error: removed', async () => {
    const { proc, dir } = await child("setTimeout(() => { throw new Error('boom'); }, 50);");
    expect((await exited(proc)).code).toBe(1);
    expect(existsSync(dir)).toBe(false);
  });
});
