// The UI's dialog spool (src/ui/dialog-store.ts): every dialog read back is the dialog written,
// sanitised as the whole report was when the UI sanitised it on mount; the rows are the rows the
// list showed when it held whole dialogs; the spool directory goes on every way out.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { analyze } from '../../src/report/analyze.js';
import { analyzeParallel, workerUrl } from '../../src/report/parallel.js';
import { sanitizeReport } from '../../src/report/sanitize.js';
import type { Report, ReportDialog } from '../../src/report/types.js';
import { keyOutcomes, worstOutcome } from '../../src/report/verdict-view.js';
import { DialogStore, memoryDialogs } from '../../src/ui/dialog-store.js';
import { type DialogRow, SORT_KEYS, visibleRows } from '../../src/ui/list-model.js';
import { fakeReport, groupDialog, hostileDialog, oneToOneDialog, RAW_CONTROL } from '../report/fake-report.js';
import { MIXED_INPUTS } from '../report/mixed-inputs.js';
import { reportDialog } from '../helpers/report-arbitrary.js';

let stores: DialogStore[] = [];
afterEach(() => {
  for (const s of stores) s.dispose();
  stores = [];
});

function store(): DialogStore {
  const s = new DialogStore();
  stores.push(s);
  return s;
}

/** What the list showed per dialog before the store: the sanitised whole dialog's fields. */
function todaysRow(d: ReportDialog, index: number) {
  const rules = d.verdicts.filter((v) => v.verdict === 'fail' || v.verdict === 'inconclusive').map((v) => v.rule);
  return {
    index,
    keys: keyOutcomes(d),
    worst: worstOutcome(d.verdicts),
    shown: [d.input, d.callId, d.fromTag, d.toTag, d.kind, d.client, d.peer, d.start, d.conferenceUri ?? null, ...rules],
  };
}

function rowView(r: DialogRow) {
  const d = r.dialog;
  return { index: r.index, keys: r.keys, worst: r.worst, shown: [d.input, d.callId, d.fromTag, d.toTag, d.kind, d.client, d.peer, d.start, d.conferenceUri ?? null, ...d.rules] };
}

/** The rows and every dialog of a store equal the in-memory report's, sanitised. */
function expectSameAsReport(s: DialogStore, report: Report): void {
  const safe = sanitizeReport(report);
  expect(s.rows.map(rowView)).toEqual(safe.dialogs.map(todaysRow));
  for (let i = 0; i < safe.dialogs.length; i++) expect(s.dialog(i)).toEqual(safe.dialogs[i]);
  // Sorting and filtering pick the same dialogs in the same order.
  const memory = memoryDialogs(report).rows;
  for (const sort of SORT_KEYS)
    for (const filter of ['', 'im-', 'timer', 'sip:'])
      for (const failingOnly of [false, true]) {
        const state = { sort, filter, failingOnly };
        expect(visibleRows(s.rows, state).map((r) => r.index)).toEqual(visibleRows(memory, state).map((r) => r.index));
      }
}

describe('dialog store', () => {
  it('reads back exactly the dialogs written, in any order, before and after finish (property)', () => {
    fc.assert(
      fc.property(fc.array(reportDialog, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (dialogs, reads) => {
        const s = new DialogStore();
        try {
          dialogs.forEach((d, i) => {
            s.add(d);
            // Read while later records are still in the write buffer.
            expect(s.read(i)).toEqual(d);
          });
          for (const r of reads) if (dialogs.length > 0) expect(s.read(r % dialogs.length)).toEqual(dialogs[r % dialogs.length]);
          s.finish([...new Set(dialogs.map((d) => d.input))].map((path) => ({ path })));
          const byIndex = s.rows.map((row) => s.read(row.index));
          // finish only reorders: every dialog is still there once.
          expect(byIndex).toHaveLength(dialogs.length);
          for (const d of dialogs) expect(byIndex).toContainEqual(d);
          for (let i = 0; i < s.rows.length; i++) expect(s.dialog(i)).toEqual(sanitizeReport(s.read(i)));
        } finally {
          s.dispose();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a dialog larger than a write batch whole, between small ones', () => {
    const s = store();
    const big = groupDialog();
    big.ladder = Array.from({ length: 40 }, (_, i) => ({ ...big.ladder![0], frame: i, raw: `INVITE sip:x SIP/2.0\r\nX-Pad: ${'é'.repeat(30_000)}${i}\r\n\r\n` }));
    const dialogs = [oneToOneDialog(), big, groupDialog(), hostileDialog()];
    for (const d of dialogs) s.add(d);
    expect(JSON.stringify(big).length).toBeGreaterThan(1 << 20);
    dialogs.forEach((d, i) => expect(s.read(i)).toEqual(d));
  });

  it('rows and loaded dialogs are sanitised; rows equal the list rows of the whole report', () => {
    const report = fakeReport([groupDialog(), hostileDialog(), oneToOneDialog()]);
    const s = store();
    for (const d of report.dialogs) s.add(d);
    s.finish(report.inputs);
    expectSameAsReport(s, report);
    expect(RAW_CONTROL.test(JSON.stringify(s.rows))).toBe(false);
    expect(RAW_CONTROL.test(s.dialog(1).ladder![0].raw!)).toBe(false);
    // The same dialog object while it stays among the recently opened.
    expect(s.dialog(1)).toBe(s.dialog(1));
  });

  it('a real analysis spooled as judged gives the in-memory report: rows, order and dialogs', async () => {
    const memory = await analyze(MIXED_INPUTS, DEFAULT_CONFIG, { ladder: true });
    const s = store();
    const spooled = await analyze(MIXED_INPUTS, DEFAULT_CONFIG, { ladder: true, keepDialogs: false, onDialog: (d) => s.add(d) });
    s.finish(spooled.inputs);
    expect(spooled.dialogs).toHaveLength(0);
    expect(memory.dialogs.length).toBeGreaterThan(10);
    expectSameAsReport(s, memory);
  });

  it.skipIf(workerUrl() === undefined)('worker threads hand dialogs over interleaved; rows still in report order', async () => {
    const memory = await analyze(MIXED_INPUTS, DEFAULT_CONFIG, { ladder: true });
    const s = store();
    const spooled = await analyzeParallel(MIXED_INPUTS, DEFAULT_CONFIG, { ladder: true, keepDialogs: false, onDialog: (d) => s.add(d) }, 3);
    s.finish(spooled.inputs);
    expectSameAsReport(s, memory);
  });

  it('removes its directory on dispose, and a disposed store says so', () => {
    const s = new DialogStore();
    s.add(groupDialog());
    expect(readdirSync(s.directory)).toHaveLength(1);
    s.dispose();
    expect(existsSync(s.directory)).toBe(false);
    s.dispose();
    expect(() => s.read(0)).toThrow(/disposed/);
    expect(existsSync(join(s.directory, '..'))).toBe(true);
  });
});
