// The interface between the file-format readers (pcap, pcapng) and the packet decoder.
import type { Diagnostic } from './types.js';

export interface RecordSink {
  /**
   * One captured frame: `buf[off..end)` holds the captured bytes (a view into the read window,
   * valid only during the call). Time is split into whole seconds and nanoseconds so that the
   * hot path stays in plain numbers; `fileOffset` is the record's offset in the input.
   */
  record(linkType: number, buf: Buffer, off: number, end: number, sec: number, nsec: number, fileOffset: number): void;
  diagnostic(d: Omit<Diagnostic, 'input'>): void;
  /** True when the current batch is big enough: the reader stops at the next record boundary. */
  readonly full: boolean;
}

/** A file-format reader: consumes whole records from `buf[start..end)` (input offset `base`). */
export interface RecordReader {
  /** Returns the offset of the first byte not consumed (the start of an incomplete record). */
  parse(buf: Buffer, start: number, end: number, base: number, sink: RecordSink): number;
  /** Bytes a record starting at `start` needs in the window (to grow it), or 0 when unknown. */
  needed(buf: Buffer, start: number, end: number): number;
  /** True once the reader hit damage it cannot step over; the rest of the input is skipped. */
  readonly stopped: boolean;
  /** Called at end of input with unconsumed bytes left: reports the truncation. */
  truncated(buf: Buffer, start: number, end: number, base: number, sink: RecordSink): void;
}

/** FCS bits of a pcap link-type field (pcap-savefile(5)): bytes to trim from each frame end. */
export function fcsBytesOf(linkTypeField: number): number {
  return linkTypeField & 0x04000000 ? ((linkTypeField >>> 28) & 0xf) * 2 : 0;
}

/** The file ends inside a record: everything before it was read. */
export function reportTruncated(sink: RecordSink, code: string, what: string, present: number, offset: number): void {
  sink.diagnostic({
    severity: 'error',
    code,
    message: `file ends inside a ${what} (${present} bytes of it present); every ${what} before it was read`,
    offset,
  });
}
