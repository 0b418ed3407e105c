// The UI's dialogs off the heap (issue 6): each judged dialog, with its ladder and raw text, is
// written as one JSON record to a private spool file as soon as it is judged; the UI holds one light
// row per dialog (what the list shows, sorts and filters on) and reads a dialog back only when it is
// opened. A 1 GB capture then costs the rows, not the dialogs. Everything handed out is sanitised,
// as the whole report was when the UI sanitised it on mount.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sanitizeDeep, sanitizeReport } from '../report/sanitize.js';
import { spoolDirectory } from '../report/stream.js';
import { ByteBatch } from '../util/byte-batch.js';
import type { Report, ReportDialog } from '../report/types.js';
import { type DialogRow, rowOf } from './list-model.js';

/** What the UI reads: rows in report order, and whole dialogs one at a time by row index. */
export interface DialogSource {
  readonly rows: readonly DialogRow[];
  /** The dialog of rows[index], sanitised. */
  dialog(index: number): ReportDialog;
}

/** Recently opened dialogs kept parsed (going back and forth between a few costs no reads). */
const RECENT = 8;

/** A small least-recently-used cache of sanitised dialogs by row index. */
class Recent {
  private readonly map = new Map<number, ReportDialog>();

  get(index: number, load: () => ReportDialog): ReportDialog {
    let d = this.map.get(index);
    if (d !== undefined) this.map.delete(index);
    else d = sanitizeReport(load());
    this.map.set(index, d);
    if (this.map.size > RECENT) this.map.delete(this.map.keys().next().value as number);
    return d;
  }
}

/** Rows of a report whose dialogs are in memory (tests, regression mode, other callers). */
export function memoryDialogs(report: Report): DialogSource {
  const recent = new Recent();
  return {
    rows: report.dialogs.map((d, i) => safeRow(rowOf(d, i))),
    dialog: (index) => recent.get(index, () => report.dialogs[index]),
  };
}

/** The row's strings sanitised (the list prints them); keys and outcomes are fixed names. */
function safeRow(row: DialogRow): DialogRow {
  return { ...row, dialog: sanitizeDeep(row.dialog) };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Dialogs spooled to a temp directory as they are judged. The directory goes when `dispose` is
 * called, and also when the process exits or is killed by SIGINT/SIGTERM/SIGHUP first (Ctrl-C
 * while the capture is still being read, before the UI takes the keyboard).
 */
export class DialogStore implements DialogSource {
  readonly directory: string;
  private rowList: DialogRow[] = [];
  /** Byte offset and length of each row's record (same order as rowList). */
  private offsets: number[] = [];
  private lengths: number[] = [];
  private readonly removeDirectory: () => void;
  private fd: number | undefined;
  private readonly batch = new ByteBatch((bytes) => this.write(bytes));
  /** Bytes already in the file. */
  private written = 0;
  private readonly recent = new Recent();
  /** Strings many rows share (inputs, parties, rule ids) held once. */
  private readonly interned = new Map<string, string>();
  /** Key outcomes and failing-rule lists are shared by many rows: one object per distinct value. */
  private readonly sharedKeys = new Map<string, DialogRow['keys']>();
  private readonly sharedRules = new Map<string, string[]>();
  private readonly onExit = (): void => this.dispose();
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.dispose();
    // Our listener is gone: the signal now does what it would have done without us.
    process.kill(process.pid, signal);
  };

  constructor() {
    const spool = spoolDirectory();
    this.directory = spool.dir;
    this.removeDirectory = spool.dispose;
    this.fd = openSync(join(spool.dir, 'dialogs.jsonl'), 'w+');
    process.once('exit', this.onExit);
    for (const s of SIGNALS) process.once(s, this.onSignal);
  }

  get rows(): readonly DialogRow[] {
    return this.rowList;
  }

  get size(): number {
    return this.rowList.length;
  }

  /** One judged dialog (raw, as analyze() built it): its record written, its row kept. */
  add(d: ReportDialog): void {
    if (this.fd === undefined) throw new Error('dialog store disposed');
    this.offsets.push(this.written + this.batch.pending);
    this.lengths.push(this.batch.append(JSON.stringify(d)));
    this.rowList.push(this.lightRow(d, this.rowList.length));
  }

  /**
   * Rows in report order: inputs in the report's order, each input's dialogs in judging order (as
   * analyze() orders report.dialogs). `--jobs` workers hand dialogs over interleaved.
   */
  finish(inputs: readonly { path: string }[]): void {
    this.flush();
    const rank = new Map(inputs.map((input, i) => [input.path, i]));
    const rankOf = (r: DialogRow): number => rank.get(r.dialog.input) ?? inputs.length;
    const order = this.rowList.map((_, i) => i).sort((a, b) => rankOf(this.rowList[a]) - rankOf(this.rowList[b]) || a - b);
    if (order.every((arrival, i) => arrival === i)) return;
    this.rowList = order.map((arrival, i) => ({ ...this.rowList[arrival], index: i }));
    this.offsets = order.map((arrival) => this.offsets[arrival]);
    this.lengths = order.map((arrival) => this.lengths[arrival]);
  }

  dialog(index: number): ReportDialog {
    return this.recent.get(index, () => this.read(index));
  }

  /** The record of rows[index] as it was added (not sanitised). */
  read(index: number): ReportDialog {
    if (this.fd === undefined) throw new Error('dialog store disposed');
    if (index < 0 || index >= this.offsets.length) throw new RangeError(`no dialog ${index}`);
    this.flush();
    const bytes = Buffer.allocUnsafe(this.lengths[index]);
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(this.fd, bytes, got, bytes.length - got, this.offsets[index] + got);
      if (n === 0) throw new Error(`dialog store truncated at record ${index}`);
      got += n;
    }
    return JSON.parse(bytes.toString('utf8')) as ReportDialog;
  }

  /** Closes the file and removes the directory; safe to call more than once. */
  dispose(): void {
    process.off('exit', this.onExit);
    for (const s of SIGNALS) process.off(s, this.onSignal);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.removeDirectory();
  }

  /**
   * The row of a fresh dialog. Its strings are copied (a JSON round trip: V8 keeps a substring as a
   * slice of its parent, so a Call-ID cut from a message would keep the whole message alive), and
   * those many rows share are interned (a conference URI or Call-ID is rarely shared: not worth a
   * map entry). ~0.5 KB per row (test/ui/dialog-store-memory.test.ts).
   */
  private lightRow(d: ReportDialog, index: number): DialogRow {
    const row = safeRow(rowOf(d, index));
    const s = JSON.parse(JSON.stringify(row.dialog)) as DialogRow['dialog'];
    const own = (text: string): string => {
      const kept = this.interned.get(text);
      if (kept !== undefined) return kept;
      this.interned.set(text, text);
      return text;
    };
    s.input = own(s.input);
    s.client = own(s.client);
    s.peer = own(s.peer);
    s.rules = shared(this.sharedRules, s.rules.join('\n'), () => s.rules.map(own));
    const k = row.keys;
    const keys = shared(this.sharedKeys, `${k.timer} ${k.conference} ${k.general}`, () => k);
    return { dialog: s, index: row.index, keys, worst: row.worst };
  }

  private write(bytes: Uint8Array): void {
    if (this.fd === undefined) throw new Error('dialog store disposed');
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.written += bytes.length;
  }

  private flush(): void {
    if (this.fd !== undefined) this.batch.flush();
  }
}

function shared<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}
