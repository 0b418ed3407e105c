// The wired pipeline: inputs, ordering, times, summary, ladder, schema, determinism.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { analyze, type AnalyzeProgress } from '../../src/report/analyze.js';
import { formatTime } from '../../src/report/build.js';
import { reportErrors } from '../report/schema-check.js';

const ROOT = join(import.meta.dirname, '..', '..');
const GROUP = join(ROOT, 'fixtures', 'sipp', 'group-subscribe.pcap');
const REFRESH = join(ROOT, 'fixtures', 'sipp', 'im-1-1-refresh.pcap');
const FORK = join(ROOT, 'fixtures', 'dialog', 'fork-two-2xx.txt');
const NOT_IM = join(ROOT, 'fixtures', 'dialog', 'not-im-and-pager-mode.txt');
const TIME = /^\d+\.\d{9}$/;

const tmp = mkdtempSync(join(tmpdir(), 'imlint-analyze-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('formatTime', () => {
  it('keeps nanoseconds exactly, with 9 decimals', () => {
    expect(formatTime(1_700_000_000_000_137_091n)).toBe('1700000000.000137091');
    expect(formatTime(0n)).toBe('0.000000000');
    expect(formatTime(5n)).toBe('0.000000005');
    expect(formatTime(null)).toBeNull();
  });
});

describe('analyze', () => {
  it('reports inputs, dialogs with 9-decimal times, and a summary that adds up', async () => {
    const report = await analyze([GROUP], DEFAULT_CONFIG, {});
    expect(reportErrors(report)).toEqual([]);
    expect(report.version).toBe(1);
    expect(report.inputs).toHaveLength(1);
    expect(report.inputs[0]).toMatchObject({ path: GROUP, format: 'pcap' });
    expect(report.inputs[0].sipMessages).toBe(10);
    expect(report.dialogs).toHaveLength(1);
    const d = report.dialogs[0];
    expect(d.input).toBe(GROUP);
    expect(d.kind).toBe('im-group');
    expect(d.classifiedBy).toBe('2xx-contact:isfocus');
    expect(d.conferenceUri).toBe('sip:conf-7f3a@127.0.0.1:5060;transport=tcp');
    expect(d.start).toMatch(TIME);
    expect(d.end).toMatch(TIME);
    for (const v of d.verdicts) for (const e of v.evidence) if (e.time !== null) expect(e.time).toMatch(TIME);
    const counted = d.verdicts.length;
    const s = report.summary;
    expect(s.dialogs).toBe(1);
    expect(s.imDialogs).toBe(1);
    expect(Object.values(s.verdicts).reduce((a, b) => a + b, 0)).toBe(counted);
    expect(s.failures.error + s.failures.warning + s.failures.info).toBe(s.verdicts.fail);
    expect(d.ladder).toBeUndefined();
  });

  it('orders by input as given, then judging (close) order, and judges each input separately', async () => {
    const judged: string[] = [];
    const name = (d: { input: string; toTag: string | null }) => `${d.input === FORK ? 'fork' : d.input === REFRESH ? 'refresh' : 'not-im'}:${d.toTag}`;
    const report = await analyze([REFRESH, FORK, NOT_IM], DEFAULT_CONFIG, { onDialog: (d) => judged.push(name(d)) });
    expect(reportErrors(report)).toEqual([]);
    expect(report.inputs.map((i) => i.path)).toEqual([REFRESH, FORK, NOT_IM]);
    // Inputs are judged one after the other, so judging order is already grouped by input; the
    // streaming formats write dialogs in this order (src/report/stream.ts).
    expect(report.dialogs.map(name)).toEqual(judged);
    expect([...judged].sort()).toEqual(['fork:b1', 'fork:b2', 'not-im:b1', `refresh:${report.dialogs[0].toTag}`].sort());
    expect(judged[0]).toMatch(/^refresh:/);
    expect(judged.at(-1)).toBe('not-im:b1');
    expect(report.summary).toMatchObject({ inputs: 3, dialogs: 4, imDialogs: 3 });
    // The MESSAGE and REGISTER of the pager-mode log are counted, not dropped silently.
    expect(report.inputs[2].diagnostics.map((d) => d.code)).toContain('dialog.outside-invite-dialogs');
  });

  it('streams dialogs to onDialog and, with keepDialogs false, keeps none but counts them all', async () => {
    const kept = await analyze([FORK, NOT_IM], DEFAULT_CONFIG, {});
    const streamed: string[] = [];
    const lean = await analyze([FORK, NOT_IM], DEFAULT_CONFIG, { keepDialogs: false, onDialog: (d) => streamed.push(`${d.callId} ${d.toTag}`) });
    expect(lean.dialogs).toEqual([]);
    expect(lean.summary).toEqual(kept.summary);
    expect(streamed.sort()).toEqual(kept.dialogs.map((d) => `${d.callId} ${d.toTag}`).sort());
  });

  it('gives byte-identical JSON on a second run', async () => {
    const a = JSON.stringify(await analyze([FORK, GROUP], DEFAULT_CONFIG, { ladder: true }));
    const b = JSON.stringify(await analyze([FORK, GROUP], DEFAULT_CONFIG, { ladder: true }));
    expect(a).toBe(b);
  });

  it('keeps the ladder (first copies, this fork only, in time order) and the timer timeline when asked', async () => {
    const report = await analyze([FORK], DEFAULT_CONFIG, { ladder: true });
    expect(reportErrors(report)).toEqual([]);
    const b1 = report.dialogs.find((d) => d.toTag === 'b1')!;
    const labels = b1.ladder!.map((e) => `${e.label}${e.cseq ? ` (${e.cseq})` : ''}`);
    expect(labels).toEqual([
      'INVITE (1 INVITE)',
      '100 Trying (1 INVITE)',
      '180 Ringing (1 INVITE)',
      '200 OK (1 INVITE)',
      'ACK (1 ACK)',
      'UPDATE (3 UPDATE)',
      '200 OK (3 UPDATE)',
      'BYE (4 BYE)',
      '200 OK (4 BYE)',
    ]);
    expect(b1.ladder![0]).toMatchObject({ src: '10.0.0.5:5060', dst: '10.0.0.1:5060', linked: false });
    expect(b1.ladder![0].raw?.split('\n')[0]).toBe('INVITE sip:bob@example.net SIP/2.0');
    expect(b1.ladder!.every((e) => !e.raw!.includes('\r'))).toBe(true);
    const times = b1.ladder!.map((e) => e.time!);
    expect([...times].sort()).toEqual(times);
    expect(b1.timer).toHaveLength(2);
    expect(b1.timer![0]).toMatchObject({ intervalSec: 1800, refresher: 'client', closedBy: 'refresh' });
    expect(b1.timer![1].closedBy).toBe('bye');
  });

  it('marks linked subscription messages in the ladder', async () => {
    const report = await analyze([GROUP], DEFAULT_CONFIG, { ladder: true });
    const linked = report.dialogs[0].ladder!.filter((e) => e.linked).map((e) => e.label);
    expect(linked).toEqual(['SUBSCRIBE', '200 OK', 'NOTIFY', '200 OK']);
  });

  it('judges merged inputs as one capture', async () => {
    // Two copies of one capture merged: every message is seen twice (another vantage), one dialog.
    const copy = join(tmp, 'copy.pcap');
    copyFileSync(REFRESH, copy);
    const report = await analyze([REFRESH, copy], DEFAULT_CONFIG, { merge: true });
    expect(report.inputs).toHaveLength(2);
    expect(report.dialogs).toHaveLength(1);
    expect(report.dialogs[0].input).toBe(REFRESH);
    // SPEC §6.6 Clocks: the same dialog at several vantages is worth a warning.
    expect(report.inputs[0].diagnostics.map((d) => d.code)).toContain('dialog.several-vantages');
  });

  it('turns an unreadable input into a diagnostic, not an exception', async () => {
    const missing = join(tmp, 'nope.pcap');
    const report = await analyze([missing], DEFAULT_CONFIG, {});
    const all = report.inputs.flatMap((i) => i.diagnostics);
    expect(all.length).toBeGreaterThan(0);
    expect(all.some((d) => d.severity === 'error')).toBe(true);
    expect(report.dialogs).toEqual([]);
  });

  it('reports progress per batch with bytes and dialogs', async () => {
    const seen: AnalyzeProgress[] = [];
    await analyze([GROUP], DEFAULT_CONFIG, { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(0);
    const last = seen[seen.length - 1];
    expect(last.input).toBe(GROUP);
    expect(last.bytesTotal).toBeGreaterThan(0);
    expect(last.bytesRead).toBeLessThanOrEqual(last.bytesTotal);
  });
});
