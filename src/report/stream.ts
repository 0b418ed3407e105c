// Streaming output (issue 6): each dialog is formatted as soon as it is judged and appended to its
// input's spool file, so memory is bounded by open dialogs, never by the report. The document is
// put together at the end (the headers need counts only known then): inputs in report order, each
// input's dialogs in judging (close) order — the order analyze() keeps in memory too, so both
// paths write the same bytes. Worker threads (`--jobs`) spool their own inputs; only the small
// per-input tallies and file names cross the thread boundary.
import { appendFileSync, closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportDialog } from './types.js';
import { ByteBatch, WRITE_BATCH } from '../util/byte-batch.js';

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

/**
 * A piece of a document: text, or UTF-8 bytes read back from a spool (whole characters only, so
 * each piece decodes on its own).
 */
export type Chunk = string | Buffer;

/** One input's formatted dialogs: items joined by the format's separator, no leading separator. */
export interface Section<C extends Chunk = Chunk> {
  input: string;
  tally: Tally;
  chunks(): Iterable<C>;
}

/** How a format turns one dialog into items (and counts what its headers need). */
export interface DialogFormatter {
  /** Written between two items (also between the last of one input and the first of the next). */
  separator: string;
  items(d: ReportDialog, tally: Tally): string[];
  /**
   * 'latin1': items and separator are already UTF-8 bytes, one latin1 character per byte (a spool
   * copies them without encoding). Only for spools: such items are not text.
   */
  encoding?: 'latin1';
}

/** A section over dialogs held in memory (the in-memory formatters, the UI's exports). */
export function memorySection(input: string, dialogs: readonly ReportDialog[], formatter: DialogFormatter): Section<string> {
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
export function lazySection(input: string, dialogs: readonly ReportDialog[], formatter: DialogFormatter, items: number): Section<string> {
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
export function* joinSections<C extends Chunk>(sections: readonly Section<C>[], separator: string): Generator<string | C> {
  let first = true;
  for (const s of sections) {
    if (s.tally.items === 0) continue;
    if (!first) yield separator;
    first = false;
    yield* s.chunks();
  }
}

export function totalItems(sections: readonly Section<Chunk>[]): number {
  return sections.reduce((n, s) => n + s.tally.items, 0);
}

/** A spooled section as plain data (what a worker posts back). */
export interface SpooledSection {
  input: string;
  tally: Tally;
  file: string;
}

/**
 * Formatted items of one input appended to a file with synchronous writes in ~1 MiB batches (no
 * descriptor held between batches: a directory of thousands of captures must not run out of them).
 * Items are encoded straight into the batch buffer: one copy from string to file.
 */
export class Spool {
  readonly tally = emptyTally();
  private readonly batch: ByteBatch;

  constructor(
    readonly input: string,
    readonly file: string,
    private readonly formatter: DialogFormatter,
  ) {
    writeFileSync(file, '');
    this.batch = new ByteBatch((bytes) => appendFileSync(file, bytes), formatter.encoding ?? 'utf8');
  }

  add(d: ReportDialog): void {
    this.tally.dialogs++;
    const items = this.formatter.items(d, this.tally);
    // One append per dialog: each encodes into the batch with a call into Node (JUnit writes ~34
    // testcases per dialog, SARIF a result per failed verdict).
    let text = '';
    for (let i = 0; i < items.length; i++) {
      text += this.tally.items > 0 ? this.formatter.separator + items[i] : items[i];
      this.tally.items++;
    }
    if (text !== '') this.batch.append(text);
  }

  /** Writes what is buffered and lets the buffer go (a later add takes a new one). */
  release(): void {
    this.batch.release();
  }

  close(): SpooledSection {
    this.release();
    return { input: this.input, tally: this.tally, file: this.file };
  }
}

/**
 * How many spools keep a batch buffer: inputs merged by time take turns, one after another they do
 * not, so a directory of thousands of inputs holds a few buffers, not one per input.
 */
const BUFFERED_SPOOLS = 8;

/** Spools keyed by input, numbered in the order inputs first produce a dialog. */
export class SpoolSet {
  private readonly spools = new Map<string, Spool>();
  /** Spools that may hold a buffer, least recently used first. */
  private readonly buffered = new Set<Spool>();
  private last: Spool | undefined;

  constructor(
    private readonly dir: string,
    private readonly formatter: DialogFormatter,
    private readonly prefix = '',
  ) {}

  add(d: ReportDialog): void {
    let s = this.spools.get(d.input);
    if (!s) this.spools.set(d.input, (s = new Spool(d.input, join(this.dir, `${this.prefix}${this.spools.size}.part`), this.formatter)));
    if (s !== this.last) this.touch(s);
    s.add(d);
  }

  private touch(s: Spool): void {
    this.last = s;
    this.buffered.delete(s);
    this.buffered.add(s);
    if (this.buffered.size <= BUFFERED_SPOOLS) return;
    const oldest = this.buffered.values().next().value as Spool;
    this.buffered.delete(oldest);
    oldest.release();
  }

  close(): SpooledSection[] {
    return [...this.spools.values()].map((s) => s.close());
  }
}

/**
 * Where a piece of UTF-8 ending at `end` can be cut without splitting a character: before the
 * last character when its bytes do not all lie before `end`.
 */
export function utf8CutPoint(bytes: Uint8Array, end: number): number {
  let lead = end - 1;
  // Back over at most 3 continuation bytes (10xxxxxx) to the character's lead byte.
  while (lead >= 0 && end - lead <= 3 && (bytes[lead] & 0xc0) === 0x80) lead--;
  if (lead < 0) return end;
  const b = bytes[lead];
  const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + length > end ? lead : end;
}

/**
 * A spooled section read back as bytes in ~1 MiB pieces, each ending on a character boundary (so
 * each decodes on its own). By default a fresh buffer per piece, as a consumer may keep pieces.
 * `reuse`: one buffer for all pieces, each valid only until the next is asked for — for a consumer
 * that is done with a piece by then (writeChunks). The report is several times the capture, and a
 * fresh 1 MiB buffer per piece left up to ~64 MB of dead buffers (V8's external-memory step)
 * waiting for a collection: the run's peak RSS was reached while writing.
 */
export function spooledSection(s: SpooledSection, reuse = false): Section<Buffer> {
  return {
    input: s.input,
    tally: s.tally,
    *chunks() {
      const fd = openSync(s.file, 'r');
      try {
        let buf: Buffer | undefined;
        // The bytes of a character cut at the end of the last piece: [carryStart, carryEnd) of `buf`.
        let carryStart = 0;
        let carryEnd = 0;
        for (;;) {
          const carried = carryEnd - carryStart;
          if (buf === undefined) buf = Buffer.allocUnsafe(WRITE_BATCH);
          else if (reuse) buf.copy(buf, 0, carryStart, carryEnd);
          else {
            const next = Buffer.allocUnsafe(WRITE_BATCH);
            buf.copy(next, 0, carryStart, carryEnd);
            buf = next;
          }
          const n = readSync(fd, buf, carried, buf.length - carried, null);
          const end = carried + n;
          if (n === 0) {
            if (end > 0) yield buf.subarray(0, end);
            return;
          }
          const cut = utf8CutPoint(buf, end);
          carryStart = cut;
          carryEnd = end;
          if (cut > 0) yield buf.subarray(0, cut);
        }
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
