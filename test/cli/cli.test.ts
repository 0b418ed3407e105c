// The command on the SIPp fixtures: exit codes, every format, the regression workflow, `messages`
// and `rules`. Expected outcomes come from the fixtures' own expected files (written from SPEC).
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../../src/rules/index.js';
import { hasXmllint, junitErrors, reportErrors, sarifErrors } from '../report/schema-check.js';
import { imlint, root } from './run.js';

const WITHOUT_SUBSCRIBE = 'fixtures/sipp/group-without-subscribe.pcap'; // IM-ORIG-CONF-SUBSCRIBE fail:error
const SUBSCRIBE = 'fixtures/sipp/group-subscribe.pcap'; // IM-ORIG-CONF-SUBSCRIBE pass
const tmp = mkdtempSync(join(tmpdir(), 'imlint-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('exit codes', () => {
  it('1 when a rule fails at error severity (default --fail-on error)', async () => {
    const r = await imlint(['--format', 'text', WITHOUT_SUBSCRIBE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/fail +error +IM-ORIG-CONF-SUBSCRIBE .*\(frame \d+\)/);
  });

  it('0 with --fail-on never, and 0 when the failure is below the threshold', async () => {
    expect((await imlint(['--format', 'text', '--fail-on', 'never', WITHOUT_SUBSCRIBE])).code).toBe(0);
    const lowered = ['--format', 'text', '--rule', 'IM-ORIG-CONF-SUBSCRIBE=warning', WITHOUT_SUBSCRIBE];
    const r = await imlint(lowered);
    expect(r.stdout).toMatch(/fail +warning +IM-ORIG-CONF-SUBSCRIBE/);
    expect(r.code).toBe(0);
    expect((await imlint([...lowered, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('0 on a conforming group session', async () => {
    const r = await imlint(['--format', 'json', SUBSCRIBE]);
    const report = JSON.parse(r.stdout);
    const conf = report.dialogs[0].verdicts.find((v: { rule: string }) => v.rule === 'IM-ORIG-CONF-SUBSCRIBE');
    expect(conf.verdict).toBe('pass');
    expect(r.code).toBe(report.summary.failures.error > 0 ? 1 : 0);
  });

  it.each([
    [['--no-such-option', SUBSCRIBE], /unknown option '--no-such-option'/],
    [['--format', 'yaml', SUBSCRIBE], /Allowed choices are tui, text, json, junit, sarif/],
    [['--rule', 'IM-ORIG-CONF-SUBSCRIBE=loud', SUBSCRIBE], /--rule IM-ORIG-CONF-SUBSCRIBE=loud: expected ID=off\|on\|error\|warning\|info/],
    [['--rule', 'IM-NO-SUCH=off', SUBSCRIBE], /rules\.IM-NO-SUCH: unknown rule id/],
    [['--tol', '-1', SUBSCRIBE], /--tol.*expected a number ≥ 0/],
    [['--format', 'text', 'fixtures/sipp/no-such.pcap'], /fixtures\/sipp\/no-such\.pcap: cannot read \(ENOENT\)/],
    [['--format', 'tui', SUBSCRIBE], /--format tui needs a terminal/],
    [[], /missing required argument 'inputs'/],
  ])('2 for usage errors: %j', async (args, message) => {
    const r = await imlint(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('2 for an unknown key in imlint.config.json, naming the key', async () => {
    const cfg = join(tmp, 'bad.config.json');
    writeFileSync(cfg, JSON.stringify({ client: '127.0.0.1', tolerance: 3 }));
    const r = await imlint(['--config', cfg, SUBSCRIBE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tolerance: unknown key');
  });

  it('2 for an input that could not be read at all, after reporting it', async () => {
    const junk = join(tmp, 'junk.bin');
    writeFileSync(junk, Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 0xff, 0xfe]));
    const r = await imlint(['--format', 'text', junk]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('input.unknown-format');
    expect(r.stderr).toContain('could not be read at all');
  });

  it('2 when the directories named hold nothing to read', async () => {
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const r = await imlint(['--format', 'text', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no capture or log found in ${empty}`);
  });

  it('a file met while walking a directory is a diagnostic, not a usage error', async () => {
    const dir = mkdtempSync(join(tmp, 'walk-'));
    copyFileSync(join(root, WITHOUT_SUBSCRIBE), join(dir, 'a.pcap'));
    writeFileSync(join(dir, 'notes.md'), '# not a capture\n');
    const r = await imlint(['--format', 'text', dir]);
    expect(r.stdout).toMatch(/notes\.md  \(unknown, 0 packets/);
    expect(r.stdout).toContain('input.unknown-format');
    expect(r.code).toBe(1); // the capture's conference failure, not 2
    expect((await imlint(['messages', dir])).code).toBe(0);
  });
});

describe('default format', () => {
  it('is text when stdout is not a terminal, and never mounts the UI', async () => {
    const r = await imlint([SUBSCRIBE]);
    expect(r.tuiMounted).toBe(false);
    expect(r.stdout).toMatch(/^fixtures\/sipp\/group-subscribe\.pcap  \(pcap, /);
  });

  it('is the UI on a terminal, and text on a terminal under CI', async () => {
    expect((await imlint([SUBSCRIBE], { tty: true })).tuiMounted).toBe(true);
    const ci = await imlint([SUBSCRIBE], { tty: true, env: { CI: 'true' } });
    expect(ci.tuiMounted).toBe(false);
    expect(ci.stdout).toContain('group-subscribe.pcap');
  });

  it('colours text only on a terminal without NO_COLOR', async () => {
    const args = ['--format', 'text', WITHOUT_SUBSCRIBE];
    expect((await imlint(args, { tty: true })).stdout).toContain('\x1b[31m');
    expect((await imlint(args, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\x1b[');
    expect((await imlint([...args, '--no-color'], { tty: true })).stdout).not.toContain('\x1b[');
    expect((await imlint(args)).stdout).not.toContain('\x1b[');
  });
});

describe('every format on the fixtures', () => {
  const inputs = [WITHOUT_SUBSCRIBE, SUBSCRIBE, 'fixtures/sipp/timer-expired-unrefreshed.pcap'];

  it('json validates against the report schema and is the same across runs', async () => {
    const a = await imlint(['--format', 'json', ...inputs]);
    const b = await imlint(['--format', 'json', ...inputs]);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    expect(reportErrors(report)).toEqual([]);
    expect(report.inputs.map((i: { path: string }) => i.path)).toEqual(inputs);
  });

  it.skipIf(!hasXmllint)('junit validates against the JUnit XSD (xmllint)', async () => {
    const r = await imlint(['--format', 'junit', ...inputs]);
    expect(junitErrors(r.stdout)).toBe('');
    expect(r.stdout.match(/<testsuite /g)).toHaveLength(3);
    expect(r.stdout).toMatch(/<testcase classname="im-group group-without-subscribe-1@127\.0\.0\.1 gn-alice" name="IM-ORIG-CONF-SUBSCRIBE" time="0">\n\s+<failure type="error"/);
  });

  it('sarif validates against SARIF 2.1.0, with registry metadata', async () => {
    const r = await imlint(['--format', 'sarif', ...inputs]);
    const sarif = JSON.parse(r.stdout);
    expect(sarifErrors(sarif)).toEqual([]);
    const rules = sarif.runs[0].tool.driver.rules;
    expect(rules.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(registry.map((x) => x.meta.id)));
    const conf = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'IM-ORIG-CONF-SUBSCRIBE');
    expect(conf.level).toBe('error');
    expect(conf.locations[0].physicalLocation.artifactLocation.uri).toBe(WITHOUT_SUBSCRIBE);
    expect(typeof conf.locations[0].properties.frame).toBe('number');
  });

  it('--output to a file that cannot be written is a usage error', async () => {
    const r = await imlint(['--format', 'json', '--output', join(tmp, 'no-such-dir', 'r.json'), SUBSCRIBE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/r\.json: cannot write \(ENOENT\)/);
  });

  it('--output writes the report to a file and nothing to stdout', async () => {
    const out = join(tmp, 'report.json');
    const r = await imlint(['--format', 'json', '--output', out, SUBSCRIBE]);
    expect(r.stdout).toBe('');
    expect(reportErrors(JSON.parse(readFileSync(out, 'utf8')))).toEqual([]);
  });
});

describe('regression workflow', () => {
  const capture = join(tmp, 'group.pcap');
  copyFileSync(join(root, WITHOUT_SUBSCRIBE), capture);

  it('--update-expected writes X.expected.json; --expect then finds no change (exit 0)', async () => {
    const w = await imlint(['--update-expected', capture]);
    expect(w.code).toBe(0);
    expect(w.stdout).toContain('wrote');
    expect(existsSync(`${capture}.expected.json`)).toBe(true);
    const r = await imlint(['--expect', capture]);
    expect(r.stdout).toContain('group.pcap: as expected');
    expect(r.code).toBe(0);
    // With --output, the report is written too, in the chosen format.
    const out = join(tmp, 'expect-report.json');
    expect((await imlint(['--expect', '--format', 'json', '--output', out, capture])).code).toBe(0);
    expect(reportErrors(JSON.parse(readFileSync(out, 'utf8')))).toEqual([]);
  });

  it('--expect prints each verdict change per dialog and rule, exit 1', async () => {
    const file = `${capture}.expected.json`;
    const expected = JSON.parse(readFileSync(file, 'utf8'));
    expected.dialogs[0].verdicts['IM-ORIG-CONF-SUBSCRIBE'] = 'pass';
    writeFileSync(file, JSON.stringify(expected));
    const r = await imlint(['--expect', capture]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('group.pcap: 1 verdict change');
    expect(r.stdout).toMatch(/dialog group-without-subscribe-1@127\.0\.0\.1 gn-alice.* rule IM-ORIG-CONF-SUBSCRIBE: expected pass, got fail:error/);
  });

  it('--baseline compares all inputs with one file', async () => {
    const baseline = join(tmp, 'baseline.json');
    expect((await imlint(['--update-expected', '--baseline', baseline, WITHOUT_SUBSCRIBE, SUBSCRIBE])).code).toBe(0);
    const same = await imlint(['--baseline', baseline, WITHOUT_SUBSCRIBE, SUBSCRIBE]);
    expect(same.code).toBe(0);
    const fewer = await imlint(['--baseline', baseline, WITHOUT_SUBSCRIBE]);
    expect(fewer.code).toBe(1);
    expect(fewer.stdout).toContain('group-subscribe-1@127.0.0.1');
  });

  it('--expect judges a case under the configuration its expected file names', async () => {
    const lowered = join(tmp, 'lowered.pcap');
    copyFileSync(join(root, WITHOUT_SUBSCRIBE), lowered);
    writeFileSync(
      `${lowered}.expected.json`,
      JSON.stringify({
        description: 'the conference rule lowered to a warning by the case configuration',
        config: { rules: { 'IM-ORIG-CONF-SUBSCRIBE': 'warning' } },
        dialogs: [{ callId: 'group-without-subscribe-1@127.0.0.1', fromTag: 'gn-alice', verdicts: { 'IM-ORIG-CONF-SUBSCRIBE': 'fail:warning' } }],
      }),
    );
    const r = await imlint(['--expect', lowered]);
    expect(r.stdout).toContain('lowered.pcap: as expected');
    expect(r.code).toBe(0);
    // --update-expected keeps the description and the configuration a person wrote.
    expect((await imlint(['--update-expected', lowered])).code).toBe(0);
    const kept = JSON.parse(readFileSync(`${lowered}.expected.json`, 'utf8'));
    expect(kept.description).toBe('the conference rule lowered to a warning by the case configuration');
    expect(kept.config).toEqual({ rules: { 'IM-ORIG-CONF-SUBSCRIBE': 'warning' } });
    expect(kept.dialogs[0].verdicts['IM-ORIG-CONF-SUBSCRIBE']).toBe('fail:warning');
  });

  it('2 when the expected file is missing', async () => {
    const r = await imlint(['--expect', SUBSCRIBE.replace('group-subscribe', 'group-subscribe-wrong-target')], { cwd: tmp });
    expect(r.code).toBe(2);
  });
});

describe('imlint messages', () => {
  it('prints one line per SIP message with frame, time, addresses, transport, method or status, Call-ID, CSeq', async () => {
    const r = await imlint(['messages', WITHOUT_SUBSCRIBE]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^ +\d+ +0\.000000  127\.0\.0\.1:\d+ → 127\.0\.0\.1:5060  UDP  INVITE  group-without-subscribe-1@127\.0\.0\.1  1 INVITE$/);
    expect(lines.some((l) => /  200 OK  group-without-subscribe-1@127\.0\.0\.1  1 INVITE$/.test(l))).toBe(true);
  });

  it('--format json gives NDJSON message objects', async () => {
    const r = await imlint(['messages', '--format', 'json', WITHOUT_SUBSCRIBE]);
    const objects = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(objects[0]).toMatchObject({ type: 'message', input: WITHOUT_SUBSCRIBE, transport: 'udp', method: 'INVITE', callId: 'group-without-subscribe-1@127.0.0.1', cseq: '1 INVITE', diagnostics: [] });
    expect(objects[0].time).toMatch(/^\d+\.\d{9}$/);
    expect(typeof objects[0].frame).toBe('number');
    expect(objects.find((o) => o.status === 200)).toBeDefined();
  });

  it('lists several inputs under their names, and --strict exits 1 on a malformed header', async () => {
    const bad = join(tmp, 'bad-header.txt');
    writeFileSync(
      bad,
      '2026/11/25 08:00:00.000000 10.0.0.5:5060 -> 10.0.0.9:5060\n' +
        'INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1\r\nFrom: <sip:alice@example.com>;tag=1\r\n' +
        'To: <sip:bob@example.com>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nSession-Expires: soon\r\nContent-Length: 0\r\n\r\n\n',
    );
    const plain = await imlint(['messages', bad, WITHOUT_SUBSCRIBE]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`== ${bad}`);
    expect(plain.stdout).toContain(`== ${WITHOUT_SUBSCRIBE}`);
    expect(plain.stdout).toMatch(/ L2 +0\.000000  10\.0\.0\.5:5060 → 10\.0\.0\.9:5060  UNKNOWN  INVITE  c1  1 INVITE/);
    const strict = await imlint(['messages', '--strict', bad]);
    expect(strict.stdout).toMatch(/error .*Session-Expires/);
    expect(strict.code).toBe(1);
  });

  const corpus = join(root, '../shared/corpus/generated/sipp-loopback/sipp_uac_uas_udp_lo.pcap');
  it.skipIf(!existsSync(corpus))('agrees with tshark on frame numbers, Call-ID and CSeq (corpus capture)', async () => {
    const tsv = readFileSync(`${corpus}.tshark.tsv`, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
    const r = await imlint(['messages', '--format', 'json', corpus]);
    const ours = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)).filter((o) => o.type === 'message');
    expect(ours.map((o) => [String(o.frame), o.callId, o.cseq])).toEqual(tsv.map(([frame, , , , callId, cseq]) => [frame, callId, cseq]));
    // tshark's epoch times are µs-rounded; ours carry every digit of the record.
    expect(ours[0].time.slice(0, 17)).toBe(tsv[0][1].slice(0, 17));
  });
});

describe('imlint rules', () => {
  it('lists every registry rule with clause, keyword, severity and on/off', async () => {
    const r = await imlint(['rules']);
    expect(r.code).toBe(0);
    for (const rule of registry) expect(r.stdout).toContain(rule.meta.id);
    expect(r.stdout).toMatch(/IM-ORIG-CONF-SUBSCRIBE +on +SHALL +error +OMA-TS-SIMPLE_IM/);
    expect(r.stdout).toMatch(/IM-TERM-TIMER +off +MUST/);
  });

  it('reflects --rule, --terminating and json output', async () => {
    const r = await imlint(['rules', '--format', 'json', '--terminating', '--rule', 'IM-ORIG-CONF-SUBSCRIBE=off', '--rule', 'IM-TIMER-REFRESH-AT-HALF=error']);
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows.find((x) => x.id === 'IM-ORIG-CONF-SUBSCRIBE').enabled).toBe(false);
    expect(rows.find((x) => x.id === 'IM-TIMER-REFRESH-AT-HALF')).toMatchObject({ enabled: true, severity: 'error' });
    expect(rows.find((x) => x.id === 'IM-TERM-TIMER').enabled).toBe(true);
  });
});

describe('--help and --version', () => {
  it('prints usage with examples and the exit codes', async () => {
    const r = await imlint(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: imlint [options] [command] <inputs...>');
    expect(r.stdout).toContain('imlint --expect fixtures/sipp/*.pcap');
    expect(r.stdout).toContain('Exit codes: 0 nothing failed');
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect((await imlint(['--version'])).stdout.trim()).toBe(pkg.version);
  });
});
