// What the command touches of the outside world, injectable so tests run it in-process.
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  /** Only the interactive UI reads it (and only when it is a TTY). */
  stdin?: NodeJS.ReadStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** ESLint-style exit codes (README "Exit codes"). */
export const EXIT = { ok: 0, failures: 1, usage: 2 } as const;

/** Colour on a terminal only, and never with NO_COLOR set (https://no-color.org) or --no-color. */
export function useColor(stream: OutStream, env: CliIO['env'], flag: boolean): boolean {
  return flag && stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

/** The interactive UI needs a terminal on both ends and no CI (FINDINGS.md, ink section). */
export function canRunTui(io: CliIO): boolean {
  return io.stdout.isTTY === true && io.stdin?.isTTY === true && !isCi(io.env);
}

export function isCi(env: CliIO['env']): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
}
