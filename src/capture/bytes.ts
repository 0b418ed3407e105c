// Reading the read window on the per-packet path. Buffer#readUInt16BE and friends validate their
// argument and bounds on every call, and Buffer#subarray goes through the typed-array species
// lookup (~45 ns a view): per packet at 1 GB/s that is a large share of the ~400 ns budget. The
// callers have already checked the lengths, so plain byte arithmetic is enough.

/** Big-endian 16 bits at `o` (the caller checked `o + 2 <= end`). */
export function u16be(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

/** Big-endian 32 bits at `o`, unsigned. */
export function u32be(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/** Little-endian 32 bits at `o`, unsigned. */
export function u32le(b: Uint8Array, o: number): number {
  return ((b[o + 3] << 24) | (b[o + 2] << 16) | (b[o + 1] << 8) | b[o]) >>> 0;
}

/**
 * A Buffer over the same memory, made as Node makes its own (a Uint8Array whose prototype is
 * Buffer.prototype): every Buffer method and `Buffer.isBuffer` work on it, without `subarray`'s
 * species lookup.
 */
class WindowView extends Uint8Array {
  // Explicit (no rest/spread of the implicit derived constructor), as Node's FastBuffer does.
  constructor(buffer: ArrayBuffer, byteOffset: number, length: number) {
    super(buffer, byteOffset, length);
  }
}
Object.setPrototypeOf(WindowView.prototype, Buffer.prototype);
// As for FastBuffer: `constructor` is Buffer (inspect prints <Buffer ...>, species-based methods
// behave as on any Buffer).
Object.defineProperty(WindowView.prototype, 'constructor', { value: Buffer, writable: true, configurable: true });

// The last buffer viewed, its ArrayBuffer and offset: `buf.buffer` is a call into the runtime
// (~20 ns), and nearly every view in a batch is of the same read window. (It keeps that one
// buffer, at most a read window, reachable until the next view of another.)
let lastBuf: Buffer | undefined;
let lastArrayBuffer = new ArrayBuffer(0);
let lastByteOffset = 0;

/** `buf[start..end)` as a Buffer sharing `buf`'s memory (valid as long as those bytes are). */
export function viewOf(buf: Buffer, start: number, end: number): Buffer {
  if (buf !== lastBuf) {
    lastBuf = buf;
    lastArrayBuffer = buf.buffer as ArrayBuffer;
    lastByteOffset = buf.byteOffset;
  }
  return new WindowView(lastArrayBuffer, lastByteOffset + start, end - start) as unknown as Buffer;
}

type IndexOfNumber = (buf: Uint8Array, byte: number, from: number, forward: boolean) => number;

/**
 * Node's native single-byte search (what Buffer#indexOf(number) ends in), reached without the
 * JS argument handling in front of it (bidirectionalIndexOf, validateBuffer), which is most of
 * its ~16 ns: framing searches once per header line, ten to fifteen times a message. Taken
 * from `process.binding('buffer')` (deprecated, DEP0111, but kept by Node for this module) only
 * when it is there and answers like Buffer#indexOf; otherwise Buffer#indexOf itself.
 */
function nativeIndexOfNumber(): IndexOfNumber | undefined {
  // Where Node would warn about process.binding (--pending-deprecation), the warning would reach
  // the user's terminal: take the public method instead.
  const options = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (options.includes('--pending-deprecation') || process.env.NODE_PENDING_DEPRECATION === '1') return undefined;
  try {
    const binding = (process as unknown as { binding(name: string): { indexOfNumber?: unknown } }).binding('buffer');
    const f = binding.indexOfNumber as IndexOfNumber | undefined;
    if (typeof f !== 'function') return undefined;
    const probe = Buffer.from('ab\ncd\n', 'latin1');
    const agrees = f(probe, 0x0a, 0, true) === 2 && f(probe, 0x0a, 3, true) === 5 && f(probe, 0x0a, 6, true) === -1 && f(probe.subarray(3), 0x0a, 0, true) === 2;
    return agrees ? f : undefined;
  } catch {
    return undefined;
  }
}

const nativeIndexOf = nativeIndexOfNumber();

/** Offset of the first `byte` at or after `from` (0 ≤ from) in `buf`, or -1: Buffer#indexOf(byte, from). */
export const indexOfByte: (buf: Buffer, byte: number, from: number) => number =
  nativeIndexOf !== undefined ? (buf, byte, from) => nativeIndexOf(buf, byte, from, true) : (buf, byte, from) => buf.indexOf(byte, from);
