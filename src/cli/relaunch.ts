// The young generation's size is fixed when V8 starts (`setFlagsFromString` cannot change it
// later), so `imlint` starts Node once more with it, in a child that inherits the terminal and
// whose exit code (or signal) becomes ours.
//
// Why: a run holds ~100 MB of open dialogs and V8's default young generation adds 2 × 16 MB of
// semi-spaces, committed for the whole run. With 8 MB (alternating runs on a shared machine, the
// extra start-up included): 20 MB bench capture 212 -> 200 MB peak RSS at 5.42 -> 5.65 CPU-s
// (8 pairs; three other series +2 to +9 %), 100 MB 272 -> 253 MB at +7 % CPU (3 pairs, ±10 %
// noise), 250 MB ~305 -> ~280 MB, 1 GB ~355 -> ~325 MB. More scavenges cost CPU: a scavenge pays
// for what survives it (the capture batch in flight, the warm messages). 4 MB cost +50 % CPU; V8
// rounds sizes to a power of two, so nothing lies between. The child costs one Node start-up
// (~0.05 CPU-s). Revert to a single process: IMLINT_NO_RELAUNCH=1 or a semi-space flag.
import { spawn } from 'node:child_process';

export const YOUNG_GENERATION_FLAGS = ['--max-semi-space-size=8'];

/** A semi-space flag given by the user (command line or NODE_OPTIONS) wins; IMLINT_NO_RELAUNCH=1 runs here. */
export function shouldRelaunch(execArgv: readonly string[], env: Record<string, string | undefined>): boolean {
  if (env.IMLINT_NO_RELAUNCH === '1') return false;
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  return !given.some((a) => /^--max[-_]semi[-_]space[-_]size\b/.test(a));
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `script args` in a child Node with the young-generation flags; resolves with its exit code.
 * Undefined when the child could not be started (the caller runs the command itself).
 */
export function relaunch(script: string, args: readonly string[]): Promise<number | undefined> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...YOUNG_GENERATION_FLAGS, ...process.execArgv, script, ...args], { stdio: 'inherit' });
    // A signal sent to this process alone (kill PID) reaches the child; Ctrl-C reaches both.
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    for (const s of FORWARDED) process.on(s, forward);
    const stopForwarding = (): void => {
      for (const s of FORWARDED) process.off(s, forward);
    };
    let started = false;
    child.once('spawn', () => (started = true));
    child.on('error', () => {
      // Only a child that never started is run here instead (one that ran ends with 'exit').
      if (started) return;
      stopForwarding();
      resolve(undefined);
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      // Killed by a signal: end the same way, so the shell sees what the child saw.
      if (signal !== null) process.kill(process.pid, signal);
      resolve(code ?? 1);
    });
  });
}
