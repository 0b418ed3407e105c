// The command line (commander): `imlint [options] <inputs...>`, `imlint messages`, `imlint rules`.
// Every path returns an exit code; commander's own errors (unknown option, bad value) are usage
// errors, exit 2.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig, parseRuleFlags } from '../config/load.js';
import { registry } from '../rules/index.js';
import { EXIT, type CliIO } from './io.js';
import { runJudge, type JudgeDeps } from './judge.js';
import { runMessages } from './messages.js';
import {
  collect,
  FLAG_NAMES,
  flagsAsConfig,
  INPUT_FORMATS,
  type JudgeOptions,
  nonNegativeNumber,
  positiveInteger,
  positiveNumber,
} from './options.js';
import { formatRuleRows, ruleRows } from './rules-list.js';

export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const EXAMPLES = `
Examples:
  imlint capture.pcap                      browse the verdicts in the terminal UI
  imlint --format text logs/               judge every capture and log under logs/
  imlint --client 10.0.0.5:5060 --format json -o report.json capture.pcapng
  imlint --format junit --fail-on warning -o junit.xml fixtures/
  imlint --rule IM-ORIG-USER-AGENT=off --profile 3gpp capture.pcap
  imlint --expect fixtures/sipp/*.pcap      compare with X.expected.json beside each input
  imlint messages --format json trace.log   one NDJSON line per SIP message
  imlint rules                              every rule, its clause, and whether it is on

Exit codes: 0 nothing failed at or above --fail-on; 1 a rule failed at or above it (or, with
--expect, a verdict changed); 2 usage error or an input that could not be read at all.`;

function limitOptions(cmd: Command): Command {
  return cmd
    .option('--max-message-bytes <n>', 'largest SIP message accepted (limit)', positiveInteger)
    .option('--max-open-flows <n>', 'TCP flows tracked at once (limit)', positiveInteger)
    .option('--max-flow-buffer <n>', 'bytes buffered per TCP flow (limit)', positiveInteger)
    .option('--max-fragment-sets <n>', 'IP datagrams reassembled at once (limit)', positiveInteger)
    .option('--max-headers <n>', 'header fields kept per SIP message (limit)', positiveInteger);
}

function captureOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--input-format <format>', 'force the input format instead of detecting it').choices(INPUT_FORMATS))
    .option('--strict', 'validate every header the grammar knows, up front');
}

export function buildProgram(io: CliIO, deps: JudgeDeps, done: (code: number) => void): Command {
  const program = new Command('imlint');
  program
    .description('Judge captured SIP traffic, dialog by dialog, against the OMA SIMPLE IM 7.1.1 IM client procedures.')
    .version(toolVersion(), '-V, --version')
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
    .exitOverride()
    // Program options before a subcommand only, so `imlint rules --format json` reaches `rules`.
    .enablePositionalOptions()
    .showHelpAfterError('(imlint --help for usage)')
    .addHelpText('after', EXAMPLES)
    .argument('<inputs...>', 'pcap, pcapng, gzip, SIP text logs, or directories of them')
    .addOption(new Option('-f, --format <format>', 'output format (default: tui on a terminal outside CI, else text)').choices(['tui', 'text', 'json', 'junit', 'sarif']))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a rule fails at or above this severity').choices(['error', 'warning', 'never']).default('error'))
    .option('-c, --config <file>', 'configuration file (default: ./imlint.config.json when present)')
    .option('--client <ip[:port]>', 'the device under test (SPEC §2.3)')
    .option('--aor <uri>', "the client's address of record")
    .option('--conference-factory <uri>', 'Conference-factory-URI for ad-hoc group sessions')
    .option('--group-uri <uri>', 'pre-defined group URI')
    .addOption(new Option('--im-release <version>', 'IM release in User-Agent (default: any OMA<maj>.<min>)').choices(['1.0', '2.0']))
    .addOption(new Option('--profile <profile>', 'extra rules and readings of a profile').choices(['3gpp']))
    .option('--strict-vantage', 'only judge copies captured at the client; downstream copies are inconclusive')
    .option('--lenient', 'accept common deviations in header syntax')
    .option('--anonymous', 'the client requested privacy (IM-ORIG-PRIVACY-ID)')
    .addOption(new Option('--general-scope <scope>', 'run the general rules on the conference SUBSCRIBE too').choices(['all', 'invite']))
    .option('--terminating', 'enable the provisional IM-TERM-* rules (SPEC §5.7)')
    .option('--max-adhoc-group-size <n>', 'MAX-ADHOC-GROUP-SIZE for IM-ADHOC-MAX-SIZE', positiveInteger)
    .option('--conf-subscribe-window <seconds>', 'window W for the conference SUBSCRIBE (default 32)', positiveNumber)
    .option('--tol <seconds>', 'capture-point latency tolerance (default 2)', nonNegativeNumber)
    .option('--tol-half <seconds>', 'minimum half-interval tolerance (default 2)', nonNegativeNumber)
    .option('--rule <id=setting>', 'rule on/off or severity: ID=off|on|error|warning|info (repeatable)', collect, [])
    .option('--merge', 'merge the inputs by time into one analysis (captures from several points)')
    .option('-j, --jobs <n>', 'inputs analysed in parallel (default: the number of cores)', positiveInteger, availableParallelism())
    .option('--max-open-dialogs <n>', 'open dialogs tracked at once (limit)', positiveInteger)
    .option('--expect', 'compare each input X with X.expected.json; exit 1 on any verdict change')
    .option('--baseline <file>', 'compare all inputs with one expected-verdicts file')
    .option('--update-expected', 'write X.expected.json (or --baseline) from this run')
    .option('--no-color', 'no colour in text output (also NO_COLOR)');
  captureOptions(program);
  limitOptions(program);
  program.action(async (inputs: string[], o: JudgeOptions) => done(await runJudge(inputs, o, io, deps)));

  const messages = program
    .command('messages')
    .description('list the SIP messages of the inputs, one line each (frame or line, time, src → dst, transport, method or status, Call-ID, CSeq)')
    .argument('<inputs...>', 'captures or logs')
    .addOption(new Option('-f, --format <format>', 'text, or json for NDJSON').choices(['text', 'json']).default('text'));
  captureOptions(messages);
  limitOptions(messages);
  messages.action(async (inputs: string[], o: { format: 'text' | 'json'; strict?: boolean; inputFormat?: JudgeOptions['inputFormat'] } & Partial<JudgeOptions>) => {
    const limits = flagsAsConfig({ ...o, rule: [], jobs: 1, failOn: 'error', color: false }, undefined).limits;
    done(await runMessages(inputs, { format: o.format, strict: o.strict, inputFormat: o.inputFormat, limits }, io, await deps.pipeline()));
  });

  program
    .command('rules')
    .description('list every rule: id, clause, keyword, severity, and whether it is on')
    .addOption(new Option('-f, --format <format>', 'text, or json for NDJSON').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'configuration file')
    .addOption(new Option('--profile <profile>', 'profile').choices(['3gpp']))
    .option('--terminating', 'enable the IM-TERM-* rules')
    .option('--rule <id=setting>', 'rule on/off or severity (repeatable)', collect, [])
    .action((o: { format: 'text' | 'json'; config?: string; profile?: string; terminating?: boolean; rule: string[] }) => {
      const ruleFlags = parseRuleFlags(o.rule);
      const flags = flagsAsConfig({ profile: o.profile, terminating: o.terminating, rule: [], jobs: 1, failOn: 'error', color: false }, ruleFlags.rules);
      const { loaded, errors } = loadConfig({ configPath: o.config, cwd: io.cwd, flags, flagNames: FLAG_NAMES, knownRules: new Set(registry.map((r) => r.meta.id)) });
      const all = [...ruleFlags.errors, ...errors];
      if (!loaded || all.length > 0) {
        io.stderr.write(all.map((e) => `imlint: ${e}\n`).join(''));
        return done(EXIT.usage);
      }
      io.stdout.write(formatRuleRows(ruleRows(loaded.config), o.format === 'json'));
      done(EXIT.ok);
    });
  return program;
}

/** Run the command line; resolves with the exit code. */
export async function runCli(argv: string[], io: CliIO, deps: JudgeDeps): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, deps, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; everything else commander rejects is usage.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr.write(`imlint: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.usage;
  }
  return code;
}
