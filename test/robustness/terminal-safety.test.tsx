// fixtures/hostile: the capture and the log whose headers carry terminal attacks go through every
// output format (text, json, junit, sarif, the Ink UI) and `imlint messages`; none writes a raw
// control character (but LF and TAB) or a bidi control. The oversized Call-ID, the empty
// Warning: and the duplicate TCP segments are read, not crashed on.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { analyze } from '../../src/report/analyze.js';
import type { Report } from '../../src/report/types.js';
import { App } from '../../src/ui/App.js';
import { hostileCapture, hostileLog, LONG_CALL_ID } from '../../fixtures/hostile/generate.js';
import { imlint } from '../cli/run.js';
import { ROOT } from './targets.js';

/** Raw C0 (but LF and TAB), DEL, C1, and the bidi controls (ALM, LRM/RLM, embeddings, isolates). */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const dir = join(ROOT, 'fixtures/hostile');
const fixtures = [
  { name: 'hostile.pcap', bytes: hostileCapture(), args: [] as string[] },
  // NUL bytes make the log look binary to detection: the format is forced, as a user would.
  { name: 'hostile.txt', bytes: hostileLog(), args: ['--input-format', 'sngrep'] },
];
if (process.env.IMLINT_WRITE_HOSTILE === '1') for (const f of fixtures) writeFileSync(join(dir, f.name), f.bytes);

/** Every frame the UI shows while the keys are typed, one at a time. */
async function framesAfterKeys(report: Report, keys: string[]): Promise<string[]> {
  const ui = render(<App report={report} />);
  const frames = [ui.lastFrame() ?? ''];
  for (const key of keys) {
    ui.stdin.write(key);
    await new Promise((settle) => setTimeout(settle, 30));
    frames.push(ui.lastFrame() ?? '');
  }
  ui.unmount();
  return frames;
}

describe.each(fixtures)('$name', ({ name, bytes, args }) => {
  const path = join(dir, name);
  const input = [...args, path];

  it('is byte-exact the output of fixtures/hostile/generate.ts', () => {
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('is read whole: both dialogs, the long Call-ID, every message once despite duplicate segments', async () => {
    const report = await analyze([path], DEFAULT_CONFIG, { inputFormat: name.endsWith('.txt') ? 'sngrep' : undefined });
    expect(report.inputs[0].sipMessages).toBe(10);
    expect(report.dialogs.map((d) => d.callId.length).sort((a, b) => a - b)[1]).toBe(LONG_CALL_ID.length);
    expect(report.dialogs).toHaveLength(2);
  });

  it.each(['text', 'json', 'junit', 'sarif'])('--format %s writes no raw control', async (format) => {
    const r = await imlint(['--format', format, ...input]);
    expect(r.code, r.stderr).not.toBe(2);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stderr).not.toMatch(RAW);
    // Not vacuous: the attack is in the output, made visible.
    expect(r.stdout.replace(/\\\\/g, '\\')).toContain('\\x1b]0;pwned\\x07');
  });

  it('imlint messages (text and NDJSON) writes no raw control', async () => {
    for (const format of ['text', 'json']) {
      const r = await imlint(['messages', '--format', format, ...input]);
      expect(r.code, r.stderr).not.toBe(2);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout.replace(/\\\\/g, '\\')).toContain('\\x1b[31mRED');
    }
  });

  it('the Ink UI (list, detail, ladder, raw message) renders no raw control', async () => {
    const report = await analyze([path], DEFAULT_CONFIG, { inputFormat: name.endsWith('.txt') ? 'sngrep' : undefined, ladder: true });
    const frames = await framesAfterKeys(report, ['\r', 'j', 'j', '\t', 'r', '\u001B', '\u001B', 'j', '\r', '\t', 'r']);
    for (const f of frames) expect(f).not.toMatch(RAW);
    expect(frames.join('\n')).toContain('\\x1b]0;pwned\\x07');
  });
});
