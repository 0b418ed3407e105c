#!/usr/bin/env node
// The imlint command. Exit codes: 0 nothing failed at or above --fail-on, 1 a rule failed at or
// above it (or a verdict changed under --expect), 2 usage error or an input that could not be read at all.
import { relaunch, shouldRelaunch } from './relaunch.js';

// Node again with the young-generation flags (relaunch.ts); the rest is loaded only where it runs.
const relaunched = shouldRelaunch(process.execArgv, process.env) ? await relaunch(process.argv[1], process.argv.slice(2)) : undefined;
if (relaunched !== undefined) process.exitCode = relaunched;
else {
  const { processIO } = await import('./io.js');
  const { loadPipeline } = await import('./pipeline.js');
  const { runCli } = await import('./program.js');
  const io = processIO();
  const code = await runCli(process.argv.slice(2), io, {
    pipeline: loadPipeline,
    // The Ink app is loaded only when it is mounted (react + ink cost ~100 ms at start-up).
    runTui: async (report, cliIo, dialogs) => (await import('../ui/run.js')).runTui(report, cliIo, dialogs),
  });
  process.exitCode = code;
}
