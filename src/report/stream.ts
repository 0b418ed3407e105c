// Streaming output (issue 6): each dialog is formatted as soon as it is judged and appended to its
// input's spool file, so memory is bounded by open dialogs, never by the report. The document is
// put together at the end (the headers need counts only known then): inputs in report order, each
// input's dialogs in judging (close) order — the order analyze() keeps in memory too, so both
// paths write the same bytes. Worker threads (`--jobs`) spool their own inputs; only the small
// per-input tallies and file names cross the thread boundary.
import { appendFileSync, closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { ReportDialog } from './types.js';

export type StreamFormat = 'json' | 'text' | 'junit' | 'sarif';

export interface StreamFormatOptions {
  format: StreamFormat;
  /** SGR colours in the text format. */
  color: boolean;
}

/** What a format's headers need to know about one input's dialogs (plain data: crosses threads). */
export interface Tally {
  /** Dialogs judged. */
  dialogs: number;
  /** Formatted items written (JSON dialogs, text blocks, JUnit testcases, SARIF results). */
  items: number;
  /** JUnit testcases by outcome. */
  tests: number;
  failures: number;
  skipped: number;
  /** SARIF: rules with results that the registry does not know, [id, clause], first seen first. */
  unknownRules: [string, string][];
}

export function emptyTally(): Tally {
  return { dialogs: 0, items: 0, tests: 0, failures: 0, skipped: 0, unknownRules: [] };
}

/** One input's formatted dialogs: items joined by the format's separator, no leading separator. */
export interface Section {
  input: string;
  tally: Tally;
  chunks(): Iterable<string>;
}

/** How a format turns one dialog into items (and counts what its headers need). */
export interface DialogFormatter {
  /** Written between two items (also between the last of one input and the first of the next). */
  separator: string;
  items(d: ReportDialog, tally: Tally): string[];
}

/** A section over dialogs held in memory (the in-memory formatters, the UI's exports). */
export function memorySection(input: string, dialogs: readonly ReportDialog[], formatter: DialogFormatter): Section {
  const tally = emptyTally();
  const items: string[] = [];
  for (const d of dialogs) {
    tally.dialogs++;
    for (const item of formatter.items(d, tally)) items.push(item);
  }
  tally.items = items.length;
  return {
    input,
    tally,
    *chunks() {
      for (let i = 0; i < items.length; i++) yield i === 0 ? items[i] : formatter.separator + items[i];
    },
  };
}

/**
 * A section over dialogs in memory formatted only while written: for documents whose headers need
 * no more than the counts given (JSON: one item per dialog; text: the dialog count).
 */
export function lazySection(input: string, dialogs: readonly ReportDialog[], formatter: DialogFormatter, items: number): Section {
  const tally = { ...emptyTally(), dialogs: dialogs.length, items };
  return {
    input,
    tally,
    *chunks() {
      let first = true;
      for (const d of dialogs) {
        for (const item of formatter.items(d, tally)) {
          yield first ? item : formatter.separator + item;
          first = false;
        }
      }
    },
  };
}

/** The items of all sections joined by the separator, as one sequence. */
export function* joinSections(sections: readonly Section[], separator: string): Generator<string> {
  let first = true;
  for (const s of sections) {
    if (s.tally.items === 0) continue;
    if (!first) yield separator;
    first = false;
    yield* s.chunks();
  }
}

export function totalItems(sections: readonly Section[]): number {
  return sections.reduce((n, s) => n + s.tally.items, 0);
}

/** A spooled section as plain data (what a worker posts back). */
export interface SpooledSection {
  input: string;
  tally: Tally;
  file: string;
}

const WRITE_BATCH = 1 << 20;

/**
 * Formatted items of one input appended to a file with synchronous writes in ~1 MiB batches (no
 * descriptor held between batches: a directory of thousands of captures must not run out of them).
 */
export class Spool {
  readonly tally = emptyTally();
  private pending: string[] = [];
  private size = 0;

  constructor(
    readonly input: string,
    readonly file: string,
    private readonly formatter: DialogFormatter,
  ) {
    writeFileSync(file, '');
  }

  add(d: ReportDialog): void {
    this.tally.dialogs++;
    for (const item of this.formatter.items(d, this.tally)) {
      const text = this.tally.items === 0 ? item : this.formatter.separator + item;
      this.tally.items++;
      this.pending.push(text);
      this.size += text.length;
    }
    if (this.size >= WRITE_BATCH) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    appendFileSync(this.file, this.pending.join(''));
    this.pending = [];
    this.size = 0;
  }

  close(): SpooledSection {
    this.flush();
    return { input: this.input, tally: this.tally, file: this.file };
  }
}

/** Spools keyed by input, numbered in the order inputs first produce a dialog. */
export class SpoolSet {
  private readonly spools = new Map<string, Spool>();

  constructor(
    private readonly dir: string,
    private readonly formatter: DialogFormatter,
    private readonly prefix = '',
  ) {}

  add(d: ReportDialog): void {
    let s = this.spools.get(d.input);
    if (!s) this.spools.set(d.input, (s = new Spool(d.input, join(this.dir, `${this.prefix}${this.spools.size}.part`), this.formatter)));
    s.add(d);
  }

  close(): SpooledSection[] {
    return [...this.spools.values()].map((s) => s.close());
  }
}

/** A spooled section read back in ~1 MiB pieces (UTF-8 split points handled by the decoder). */
export function spooledSection(s: SpooledSection): Section {
  return {
    input: s.input,
    tally: s.tally,
    *chunks() {
      const fd = openSync(s.file, 'r');
      try {
        const buf = Buffer.allocUnsafe(WRITE_BATCH);
        const decoder = new StringDecoder('utf8');
        for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
          yield decoder.write(buf.subarray(0, n));
        }
        const rest = decoder.end();
        if (rest) yield rest;
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * Sections in the order of `inputs` (the report's input list); sections of inputs not listed
 * (should not happen) follow, never dropped.
 */
export function orderSections<S extends { input: string }>(inputs: readonly { path: string }[], sections: readonly S[]): S[] {
  const byInput = new Map<string, S[]>();
  for (const s of sections) {
    const list = byInput.get(s.input);
    if (list) list.push(s);
    else byInput.set(s.input, [s]);
  }
  const out: S[] = [];
  for (const i of inputs) {
    out.push(...(byInput.get(i.path) ?? []));
    byInput.delete(i.path);
  }
  for (const rest of byInput.values()) out.push(...rest);
  return out;
}

/** A private temp directory for spools; `dispose` removes it with everything in it. */
export function spoolDirectory(): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'imlint-spool-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
