// The real terminal: tmux runs the built `imlint` on fixtures, send-keys drives it, capture-pane
// reads the screen. Skipped with a message when tmux or the build (npm run build) is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const main = join(root, 'dist/cli/main.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `imlint-test-${process.pid}`;

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function screen(session: string): string {
  return tmux('capture-pane', '-p', '-t', session);
}

async function waitFor(session: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    last = screen(session);
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${pattern} on screen:\n${last}`);
}

/** Start imlint in a 100×30 tmux window; CI unset so the UI is the default, as for a person. */
function start(session: string, inputs: string): void {
  const cmd = `cd ${root} && env -u CI -u NO_COLOR node ${main} ${inputs}; echo "EXIT=$?"; sleep 30`;
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', cmd);
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
});

const missing = !hasTmux ? 'tmux is not installed (apt-get install tmux)' : !existsSync(main) ? 'dist/cli/main.js is missing (npm run build)' : '';

describe.skipIf(missing !== '')(`imlint in a real terminal (tmux)${missing ? ` — skipped: ${missing}` : ''}`, () => {
  it('shows the dialog list, filters failing ones, opens a detail with the failed rule, quits with exit 1', async () => {
    start('list', 'fixtures/sipp/group-without-subscribe.pcap fixtures/sipp/group-subscribe.pcap');
    let s = await waitFor('list', /imlint  2 dialogs \(2 IM\)/);
    // Time, timer / conference / general glyphs, kind, parties, Call-ID (truncated at the edge).
    expect(s).toMatch(/^[▸ ] \d\d:\d\d:\d\d\.\d{3} +✓ ✓ . +group +sip:alice@im\.example\.net → sip:friends@im\.example\.net +group-subscri/m);
    expect(s).toMatch(/^[▸ ] \d\d:\d\d:\d\d\.\d{3} +✓ ✗ . +group +sip:alice@im\.example\.net → sip:friends@im\.example\.net +group-without/m);
    expect(s).toContain('↑↓/jk move  enter open  / filter  f failing  s sort  q quit');
    tmux('send-keys', '-t', 'list', 'f');
    s = await waitFor('list', /showing 1 · sort time · failing only/);
    expect(s).not.toContain('group-subscri');
    tmux('send-keys', '-t', 'list', 'Enter');
    s = await waitFor('list', /verdicts +ladder +timer/);
    expect(s).toMatch(/✗ fail error +IM-ORIG-CONF-SUBSCRIBE/);
    expect(s).toContain('without any SUBSCRIBE Event: conference');
    tmux('send-keys', '-t', 'list', 'Tab');
    s = await waitFor('list', /\[sub\]|INVITE ─/);
    expect(s).toMatch(/frame \d+ +\d\d:\d\d:\d\d\.\d{3} ─+ INVITE ─+▶/);
    tmux('send-keys', '-t', 'list', 'q');
    s = await waitFor('list', /EXIT=\d/);
    expect(s).toContain('EXIT=1');
  });

  it('fits an 80×24 terminal', async () => {
    start('small', 'fixtures/sipp/group-without-subscribe.pcap');
    tmux('resize-window', '-t', 'small', '-x', '80', '-y', '24');
    const s = await waitFor('small', /q quit/);
    const lines = s.split('\n');
    expect(lines.every((l) => [...l].length <= 80)).toBe(true);
    expect(s).toContain('imlint  1 dialog (1 IM)');
    tmux('send-keys', '-t', 'small', 'q');
  });

  it('a hostile capture cannot retitle the window or write raw control characters', async () => {
    // fixtures/hostile (issue 7): headers with ESC/CSI/OSC, BEL, CR, NUL, C1 and bidi controls.
    start('hostile', '--input-format sngrep fixtures/hostile/hostile.txt');
    let s = await waitFor('hostile', /q quit/);
    tmux('send-keys', '-t', 'hostile', 'Enter');
    s = await waitFor('hostile', /verdicts +ladder +timer/);
    expect(s).toContain('\\x1b');
    tmux('send-keys', '-t', 'hostile', 'Tab');
    tmux('send-keys', '-t', 'hostile', 'r');
    s = await waitFor('hostile', /ladder \(raw\)/);
    expect(s).toContain('User-Agent: IM-client/OMA1.0 x\\x1b[31mRED\\x1b[2J\\x1b[H\\x1b]0;pwned\\x07');
    expect(tmux('display-message', '-p', '-t', 'hostile', '#{pane_title}')).not.toContain('pwned');
    tmux('send-keys', '-t', 'hostile', 'q');
  });
});
