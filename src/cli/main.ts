#!/usr/bin/env node
// The imlint command. Exit codes: 0 nothing failed at or above --fail-on, 1 a rule failed at or
// above it (or a verdict changed under --expect), 2 usage error or an unreadable input.
import { processIO } from './io.js';
import { loadPipeline } from './pipeline.js';
import { runCli } from './program.js';

const io = processIO();
const code = await runCli(process.argv.slice(2), io, {
  pipeline: loadPipeline,
  // The Ink app is loaded only when it is mounted (react + ink cost ~100 ms at start-up).
  runTui: async (report, cliIo, dialogs) => (await import('../ui/run.js')).runTui(report, cliIo, dialogs),
});
process.exitCode = code;
