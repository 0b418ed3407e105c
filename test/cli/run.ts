// Runs the imlint command in-process with captured stdout/stderr (the real pipeline by default).
import type { CliIO } from '../../src/cli/io.js';
import type { JudgeDeps } from '../../src/cli/judge.js';
import { loadPipeline } from '../../src/cli/pipeline.js';
import { runCli } from '../../src/cli/program.js';

export const root = new URL('../../', import.meta.url).pathname;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  tuiMounted: boolean;
}

export async function imlint(
  args: string[],
  opts: { tty?: boolean; env?: Record<string, string | undefined>; cwd?: string; deps?: Partial<JudgeDeps> } = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  let tuiMounted = false;
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false, columns: 80, rows: 24 },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: { isTTY: opts.tty ?? false } as NodeJS.ReadStream,
    env: opts.env ?? {},
    cwd: opts.cwd ?? root,
  };
  const code = await runCli(args, io, {
    pipeline: loadPipeline,
    runTui: async () => {
      tuiMounted = true;
    },
    ...opts.deps,
  });
  return { code, stdout, stderr, tuiMounted };
}
