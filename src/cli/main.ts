#!/usr/bin/env -S node --max-semi-space-size=8
// The imlint command. Exit codes: 0 nothing failed at or above --fail-on, 1 a rule failed at or
// above it (or a verdict changed under --expect), 2 usage error or an input that could not be read at all.
//
// The shebang gives V8 8 MB semi-spaces instead of 16: a run holds ~100 MB of open dialogs and
// the default young generation adds 2 × 16 MB committed for the whole run (1 GB bench capture:
// ~30 MB less peak RSS for a few per cent more scavenging). V8 sizes the young generation at
// start-up, so only a flag given to node does it; `node dist/cli/main.js` runs with V8's default.
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
