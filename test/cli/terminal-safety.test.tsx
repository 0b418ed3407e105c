// A log whose headers carry ESC/CSI/OSC, BEL, CR, NUL, C1 and bidi overrides: no format writes
// any of them raw (issue 7, terminal safety). The pipeline is the real one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { analyze } from '../../src/report/analyze.js';
import { App } from '../../src/ui/App.js';
import { hasXmllint, junitErrors, reportErrors } from '../report/schema-check.js';
import { writeHostileLog } from './hostile-log.js';
import { imlint } from './run.js';

/** Raw C0 (but LF and TAB, which the formats themselves use), DEL, C1, bidi controls. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const dir = mkdtempSync(join(tmpdir(), 'imlint-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = join(dir, 'hostile.txt');
writeHostileLog(log);
// NUL bytes make the log look binary to format detection: force the format, as a user would.
const args = ['--input-format', 'sngrep', log];

describe('hostile header values never reach the output raw', () => {
  it.each(['text', 'json', 'junit', 'sarif'])('--format %s', async (format) => {
    const r = await imlint(['--format', format, ...args]);
    expect(r.code).not.toBe(2);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stderr).not.toMatch(RAW);
    // Not vacuous: the attack is in the output, shown visibly.
    const shown = format === 'json' || format === 'sarif' ? r.stdout.replace(/\\\\/g, '\\') : r.stdout;
    expect(shown).toContain('\\x1b]0;pwned\\x07');
    if (format === 'json') expect(reportErrors(JSON.parse(r.stdout))).toEqual([]);
    if (format === 'junit' && hasXmllint) expect(junitErrors(r.stdout)).toBe('');
  });

  it('imlint messages, text and NDJSON', async () => {
    for (const format of ['text', 'json']) {
      const r = await imlint(['messages', '--format', format, ...args]);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout.replace(/\\\\/g, '\\')).toContain('\\x1b[31mRED');
    }
  });

  it('the Ink UI: list, detail, ladder, raw message, timer', async () => {
    const report = await analyze([log], DEFAULT_CONFIG, { inputFormat: 'sngrep', ladder: true });
    expect(report.dialogs).toHaveLength(1);
    expect(report.dialogs[0].callId).toMatch(RAW); // the report itself still holds the capture's bytes
    const ui = render(<App report={report} />);
    const wait = () => new Promise((r) => setTimeout(r, 30));
    const frames = [ui.lastFrame() ?? ''];
    for (const key of ['\r', 'j', 'j', '\t', 'r', '\u001B', '\t']) {
      ui.stdin.write(key);
      await wait();
      frames.push(ui.lastFrame() ?? '');
    }
    ui.unmount();
    for (const f of frames) expect(f).not.toMatch(RAW);
    expect(frames.join('\n')).toContain('\\x1b]0;pwned\\x07');
    // The raw view showed the User-Agent line of the INVITE.
    expect(frames.join('\n')).toContain('User-Agent: IM-client/OMA1.0 x\\x1b[31mRED');
  });
});
