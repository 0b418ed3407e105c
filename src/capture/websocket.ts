// WebSocket framing (RFC 6455 §5.2) for SIP over WebSocket (RFC 7118): one SIP message per
// WebSocket message, which may be split into continuation frames; client frames are masked.

export const WS_CONTINUATION = 0;
export const WS_TEXT = 1;
export const WS_BINARY = 2;

export interface WsFrame {
  fin: boolean;
  opcode: number;
  /** Offset of the 4-byte masking key, or -1 when unmasked. */
  maskOff: number;
  payloadOff: number;
  payloadLen: number;
}

/** Reads the frame header at `off`: the frame, 'more' when bytes are missing, 'invalid'. */
export function readWsFrame(buf: Buffer, off: number, end: number): WsFrame | 'more' | 'invalid' {
  if (end - off < 2) return 'more';
  const b0 = buf[off];
  const b1 = buf[off + 1];
  if (b0 & 0x70) return 'invalid'; // RSV bits: no extension negotiated for SIP
  const opcode = b0 & 0x0f;
  if ((opcode > 2 && opcode < 8) || opcode > 10) return 'invalid';
  let len = b1 & 0x7f;
  let p = off + 2;
  if (len === 126) {
    if (end - p < 2) return 'more';
    len = buf.readUInt16BE(p);
    p += 2;
  } else if (len === 127) {
    if (end - p < 8) return 'more';
    const hi = buf.readUInt32BE(p);
    if (hi !== 0) return 'invalid';
    len = buf.readUInt32BE(p + 4);
    p += 8;
  }
  let maskOff = -1;
  if (b1 & 0x80) {
    if (end - p < 4) return 'more';
    maskOff = p;
    p += 4;
  }
  return { fin: (b0 & 0x80) !== 0, opcode, maskOff, payloadOff: p, payloadLen: len };
}

/** The frame's payload, unmasked, as a new buffer. */
export function wsPayload(buf: Buffer, frame: WsFrame): Buffer {
  const out = Buffer.from(buf.subarray(frame.payloadOff, frame.payloadOff + frame.payloadLen));
  if (frame.maskOff >= 0) {
    const m = frame.maskOff;
    for (let i = 0; i < out.length; i++) out[i] ^= buf[m + (i & 3)];
  }
  return out;
}
