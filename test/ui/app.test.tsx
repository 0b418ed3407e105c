import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { DialogStore } from '../../src/ui/dialog-store.js';
import { fakeReport, groupDialog, hostileDialog, oneToOneDialog, RAW_CONTROL } from '../report/fake-report.js';

const ARROW_UP = '\u001B[A';
const ARROW_DOWN = '\u001B[B';
const ENTER = '\r';
const TAB = '\t';
const ESC = '\u001B';

const wait = (ms = 30) => new Promise((r) => setTimeout(r, ms));
let instance: ReturnType<typeof render> | undefined;
afterEach(() => instance?.unmount());

/**
 * Type keys one at a time. After each, wait for ink to draw a new frame (the machine may be busy),
 * or at most 250 ms when the key changes nothing on screen.
 */
async function press(...keys: string[]): Promise<string> {
  for (const k of keys) {
    const before = instance!.frames.length;
    instance!.stdin.write(k);
    for (let waited = 0; waited < 250 && instance!.frames.length === before; waited += 10) await wait(10);
    await wait(5);
  }
  return instance!.lastFrame() ?? '';
}

function mount(report = fakeReport()) {
  instance = render(<App report={report} />);
  return instance;
}

describe('dialog list', () => {
  it('shows counts, one row per dialog with its key-verdict glyphs, and the keys', async () => {
    const frame = mount().lastFrame() ?? '';
    expect(frame).toContain('2 dialogs (2 IM) · 1 failing · 1 inconclusive · showing 2 · sort time');
    // Group dialog: timer pass (umbrella), conference fail, general fail.
    expect(frame).toMatch(/▸ 22:13:20\.000 +✓ ✗ ✗ +group +10\.0\.0\.5:5060 → 10\.0\.0\.9:5060/);
    // 1-1 dialog: timer inconclusive, conference not applicable, general pass.
    expect(frame).toMatch(/22:18:20\.000 +\? - ✓ +1-1 +10\.0\.0\.6:5060 → 10\.0\.0\.7:5060/);
    expect(frame).toContain('↑↓/jk move  enter open  / filter  f failing  s sort  q quit');
  });

  it('moves the selection with arrows and j/k', async () => {
    mount();
    expect(await press(ARROW_DOWN)).toMatch(/▸ 22:18:20\.000/);
    expect(await press('k')).toMatch(/▸ 22:13:20\.000/);
    expect(await press('j')).toMatch(/▸ 22:18:20\.000/);
    expect(await press(ARROW_UP)).toMatch(/▸ 22:13:20\.000/);
  });

  it('filters by text with / and shows failing dialogs only with f', async () => {
    mount();
    let frame = await press('/', 'o', 'n', 'e', '-', '1');
    expect(frame).toContain('filter: one-1');
    expect(frame).toContain('showing 1');
    expect(frame).toContain('10.0.0.6:5060');
    expect(frame).not.toContain('10.0.0.5:5060');
    frame = await press(ESC);
    expect(frame).toContain('showing 2');
    frame = await press('f');
    expect(frame).toContain('failing only');
    expect(frame).toContain('10.0.0.5:5060');
    expect(frame).not.toContain('10.0.0.6:5060');
    // Rule ids are searchable too.
    frame = await press('f', '/', 'i', 'm', '-', 'o', 'r', 'i', 'g', '-', 't', 'i', 'm', 'e', 'r', ENTER);
    expect(frame).toContain('filter: im-orig-timer');
    expect(frame).toContain('showing 1');
    expect(frame).toContain('10.0.0.6:5060');
  });

  it('sorts by worst verdict with s', async () => {
    const a = oneToOneDialog();
    const b = groupDialog();
    b.start = '1700000900.000000000'; // later than the 1-1 dialog
    mount(fakeReport([a, b]));
    expect((instance!.lastFrame() ?? '').indexOf('1-1')).toBeLessThan((instance!.lastFrame() ?? '').indexOf('group'));
    const frame = await press('s');
    expect(frame).toContain('sort verdict');
    expect(frame.indexOf('group')).toBeLessThan(frame.indexOf('1-1'));
  });
});

describe('dialog detail', () => {
  it('lists every verdict with severity, clause, message and evidence', async () => {
    mount();
    const frame = await press(ENTER);
    expect(frame).toContain('group grp-1@10.0.0.5  10.0.0.5:5060 → 10.0.0.9:5060');
    expect(frame).toContain('conference sip:conf-77@focus.example.com');
    expect(frame).toMatch(/✗ fail error +IM-ORIG-USER-AGENT  OMA-TS-SIMPLE_IM §7\.1\.1\.1 \(1\)/);
    expect(frame).toContain('User-Agent lacks IM-client/OMA1.0');
    expect(frame).toMatch(/✓ pass +IM-ORIG-ACCEPT-CONTACT/);
    expect(frame).toContain('frame 3  22:13:20.000  INVITE sip:bob@example.com SIP/2.0');
    expect(frame).toContain('esc back');
  });

  it('scrolls a long verdict list to its last evidence', async () => {
    const d = groupDialog();
    d.verdicts = Array.from({ length: 12 }, (_, i) => ({ ...d.verdicts[1], message: `finding ${i + 1}` }));
    mount(fakeReport([d]));
    let frame = await press(ENTER);
    expect(frame).toContain('finding 1\n');
    expect(frame).not.toContain('finding 12');
    frame = await press(...Array(20).fill('j'));
    expect(frame).not.toContain('finding 1\n');
    expect(frame).toContain('finding 12');
    frame = await press(...Array(20).fill('k'));
    expect(frame).toContain('finding 1\n');
  });

  it('tab shows the ladder with the linked messages, r the raw text of the selected message', async () => {
    mount();
    await press(ENTER);
    let frame = await press(TAB);
    expect(frame).toContain('client 10.0.0.5:5060  ⇄  peer 10.0.0.9:5060');
    expect(frame).toMatch(/frame 3 +22:13:20\.000 ─+ INVITE ─+▶/);
    expect(frame).toMatch(/frame 5 +22:13:20\.200 ◀─+ 200 OK ─+/);
    expect(frame).toMatch(/frame 12 +22:15:20\.500 ─+ BYE ─+▶/);
    frame = await press('j', 'r');
    expect(frame).toContain('ladder (raw)');
    expect(frame).toContain('SIP/2.0 200 OK');
    expect(frame).toContain('Contact: <sip:conf-77@focus.example.com>;isfocus');
    frame = await press(ESC);
    expect(frame).toMatch(/frame 5/);
    frame = await press(ESC);
    expect(frame).toContain('2 dialogs (2 IM)');
  });

  it('tab tab shows the timer timeline: t0, interval, refresher, half mark, expiry, refreshes, BYE', async () => {
    mount();
    await press(ENTER);
    const frame = await press(TAB, TAB);
    expect(frame).toContain('cycle 1  interval 90 s  refresher client  closed by 200 OK to UPDATE (frame 10)');
    expect(frame).toContain('t0         22:13:20.200');
    expect(frame).toContain('half mark  22:14:05.200  (+45.0 s)');
    expect(frame).toContain('expiry     22:14:50.200  (+90.0 s)');
    expect(frame).toContain('refresh    22:14:32.200  (+72.0 s)');
    expect(frame).toContain('BYE        22:15:20.500  (+120.3 s)');
    // The bar: half mark in the middle, refresh at 80 %, expiry and the later BYE at the end.
    const bar = frame.split('\n').find((l) => l.includes('t0 ├')) ?? '';
    const cells = bar.slice(bar.indexOf('├') + 1, bar.indexOf('┤'));
    expect(cells.indexOf('H') / cells.length).toBeCloseTo(0.5, 1);
    expect(cells.indexOf('R') / cells.length).toBeCloseTo(0.8, 1);
    expect(cells.at(-1)).toBe('B');
  });

  it('says so when a dialog has no timer cycle', async () => {
    mount(fakeReport([oneToOneDialog()]));
    await press(ENTER);
    expect(await press(TAB, TAB)).toContain('no session timer cycle');
  });
});

describe('terminal size and safety', () => {
  it('fits 80 columns', async () => {
    const frame = mount().lastFrame() ?? '';
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('adapts to a resize: shorter list window, lines cut at the new width', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...groupDialog(), callId: `grp-${i}@10.0.0.5`, start: `${1700000000 + i}.000000000` }));
    mount(fakeReport(many));
    expect((instance!.lastFrame() ?? '').split('\n').filter((l) => l.includes('grp-')).length).toBe(20); // 24 rows: header, column titles, 20 rows, footer
    const stdout = instance!.stdout as unknown as { columns: number; rows: number; emit(e: string): void };
    Object.defineProperty(stdout, 'columns', { value: 60, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: 12, configurable: true });
    stdout.emit('resize');
    await wait(50);
    const frame = instance!.lastFrame() ?? '';
    expect(frame.split('\n').filter((l) => l.includes('10.0.0.5:5060')).length).toBe(8);
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
    // The selection stays visible while moving past the window.
    expect(await press(...Array(15).fill('j'))).toMatch(/▸ 22:13:35\.000/);
  });

  it('never shows a raw control or bidi character from the capture, in any view', async () => {
    mount(fakeReport([hostileDialog()]));
    const frames = [instance!.lastFrame() ?? ''];
    frames.push(await press(ENTER));
    frames.push(await press(...Array(20).fill('j')));
    frames.push(await press(TAB));
    frames.push(await press('r'));
    frames.push(await press(TAB));
    // ink-testing-library keeps our own colour codes out of lastFrame; any ESC left is the capture's.
    for (const f of frames) {
      expect(f).not.toMatch(RAW_CONTROL);
      expect(f.length).toBeGreaterThan(0);
    }
    expect(frames.join('\n')).toContain('\\x1b]0;pwned\\x07\\x0dOVERWRITE');
  });
});

describe('over spooled dialogs (the command path)', () => {
  it('every view draws the same screens from a dialog store as from the report in memory, hostile text sanitised', async () => {
    const report = fakeReport([groupDialog(), hostileDialog(), oneToOneDialog()]);
    const keys = [ENTER, TAB, 'r', TAB, ESC, 'j', ENTER, TAB, 'r', ESC, ESC, 's', 'j', 'j', ENTER, TAB, TAB, ESC, 'f', '/', 'p', 'w', 'n'];
    const screens = async (): Promise<string[]> => {
      const out = [instance!.lastFrame() ?? ''];
      for (const k of keys) out.push(await press(k));
      instance!.unmount();
      return out;
    };
    mount(report);
    const memory = await screens();
    const store = new DialogStore();
    try {
      for (const d of report.dialogs) store.add(d);
      store.finish(report.inputs);
      instance = render(<App report={{ ...report, dialogs: [] }} dialogs={store} />);
      const spooled = await screens();
      expect(spooled).toEqual(memory);
      for (const f of spooled) expect(f).not.toMatch(RAW_CONTROL);
      expect(spooled.join('\n')).toContain('\\x1b]0;pwned\\x07\\x0dOVERWRITE');
    } finally {
      store.dispose();
    }
  });
});
