// openInput: sniff an input (gzip, pcap, pcapng, text logs) and open the matching reader.
// Never throws: an input that cannot be read becomes a source with one diagnostic.
import { stat } from 'node:fs/promises';
import { FileFeed, GzipFeed, ReadWindow, type ByteFeed } from './byte-feed.js';
import { PacketCaptureSource } from './packet-source.js';
import { PCAP_HEADER_BYTES, PcapReader, readPcapHeader } from './pcap-file.js';
import { PcapngReader } from './pcapng-file.js';
import { binaryCaptureFormat, foreignFormat, isGzip } from './sniff.js';
import { openTextInput } from './text-input.js';
import { nulRunEnd } from './text/nul-runs.js';
import type { CaptureBatch, CaptureOptions, CaptureSource, Diagnostic, InputFormat, InputStats } from './types.js';

/** Bytes of the (decompressed) start of a file that format detection may look at. */
export const SNIFF_BYTES = 64 * 1024;

function newStats(path: string, bytesTotal: number): InputStats {
  return { path, format: 'unknown', bytesTotal, packets: 0, sipMessages: 0, encryptedFlows: 0, lastTimeNs: null, firstTimeNs: null };
}

/** A source that yields nothing but the diagnostic explaining why. */
class FailedSource implements CaptureSource {
  constructor(
    readonly stats: InputStats,
    private readonly problem: Diagnostic,
  ) {}

  async *batches(): AsyncIterable<CaptureBatch> {
    yield { messages: [], diagnostics: [this.problem], bytesRead: 0 };
  }
}

function failed(stats: InputStats, code: string, message: string, offset?: number): CaptureSource {
  return new FailedSource(stats, { severity: 'error', code, message, input: stats.path, ...(offset !== undefined ? { offset } : {}) });
}

async function openFeed(path: string): Promise<ByteFeed> {
  const file = await FileFeed.open(path);
  const magic = Buffer.alloc(2);
  const n = await file.read(magic, 0, 2);
  await file.close();
  if (n === 2 && isGzip(magic)) return new GzipFeed(path);
  return FileFeed.open(path);
}

/**
 * What text detection looks at: the head, or, when the head is nothing but NULs (a log rotated
 * with copytruncate starts with as many zeros as it held), the bytes after the zeros in the
 * window already read. The reader is still fed from the start and reports the run.
 */
function textHead(window: ReadWindow, head: Buffer): Buffer {
  if (nulRunEnd(head, 0, head.length) < head.length) return head;
  const text = nulRunEnd(window.buf, 0, window.end);
  return text < window.end ? window.buf.subarray(text, Math.min(window.end, text + SNIFF_BYTES)) : head;
}

export async function openInput(path: string, opts: CaptureOptions = {}): Promise<CaptureSource> {
  let bytesTotal: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return failed(newStats(path, 0), 'input.not-a-file', `${path} is not a regular file`);
    bytesTotal = info.size;
  } catch (e) {
    return failed(newStats(path, 0), 'input.unreadable', `cannot read ${path}: ${(e as Error).message}`);
  }
  const stats = newStats(path, bytesTotal);
  let window: ReadWindow;
  try {
    window = new ReadWindow(await openFeed(path));
    await window.fill();
  } catch (e) {
    return failed(stats, 'input.unreadable', `cannot read ${path}: ${(e as Error).message}`);
  }
  const head = window.buf.subarray(0, Math.min(window.end, SNIFF_BYTES));
  if (window.end === 0) {
    await window.feed.close();
    const why = window.feed.error ? `: ${window.feed.error.message}` : ' (empty)';
    return failed(stats, 'input.empty', `${path} holds no data${why}`, 0);
  }
  const format: InputFormat | undefined = opts.inputFormat ?? binaryCaptureFormat(head);
  if (format === 'pcap') {
    const header = readPcapHeader(head);
    if (!header) {
      await window.feed.close();
      return failed(stats, 'pcap.bad-header', `${path} has no valid pcap file header`, 0);
    }
    stats.format = 'pcap';
    window.start = PCAP_HEADER_BYTES;
    return new PacketCaptureSource(stats, window, new PcapReader(header), opts);
  }
  if (format === 'pcapng') {
    stats.format = 'pcapng';
    return new PacketCaptureSource(stats, window, new PcapngReader(), opts);
  }
  const text = openTextInput(path, window, format ? head : textHead(window, head), format, opts, stats);
  if (text) return text;
  await window.feed.close();
  const foreign = foreignFormat(head);
  let why = `${path} is neither pcap, pcapng nor a SIP text log imlint recognises (use --input-format to force one)`;
  const zeros = nulRunEnd(window.buf, 0, window.end);
  if (zeros === window.end) why = `${path} holds nothing but NUL bytes in its first ${zeros} bytes (a zero-filled file), no capture or SIP text log`;
  if (foreign?.capture) why = `${path} is a ${foreign.name} file, which imlint does not read; convert it to pcapng (e.g. editcap -F pcapng)`;
  else if (foreign) why = `${path} is ${/^[AEIOU]/.test(foreign.name) ? 'an' : 'a'} ${foreign.name}, neither a capture nor a SIP text log`;
  return failed(stats, 'input.unknown-format', why, 0);
}
