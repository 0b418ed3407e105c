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
class WindowView extends Uint8Array {}
Object.setPrototypeOf(WindowView.prototype, Buffer.prototype);

/** `buf[start..end)` as a Buffer sharing `buf`'s memory (valid as long as those bytes are). */
export function viewOf(buf: Buffer, start: number, end: number): Buffer {
  return new WindowView(buf.buffer as ArrayBuffer, buf.byteOffset + start, end - start) as unknown as Buffer;
}
