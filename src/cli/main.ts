#!/usr/bin/env node
// The imlint command. Exit codes: 0 nothing failed at or above --fail-on, 1 a rule failed at or
// above it (or a verdict changed under --expect), 2 usage error or an input that could not be read at all.
//
// V8's default young generation (16 MB semi-spaces) is kept on purpose: 8 MB saved ~23 MB of peak
// RSS at 1 GB in the default mode for ~3 % CPU, but cost `--strict` +33 % CPU (20 MB) with no
// RSS gain, and V8 fixes the size at start-up, before the options are read.
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
