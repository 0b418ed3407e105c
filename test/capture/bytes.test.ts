import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexOfByte, u16be, u32be, u32le, viewOf } from '../../src/capture/bytes.js';

describe('window byte helpers', () => {
  it('read like Buffer#readUInt16BE / readUInt32BE / readUInt32LE', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 64 }), fc.nat(), (bytes, at) => {
        const buf = Buffer.from(bytes);
        const o = at % (buf.length - 3);
        expect(u16be(buf, o)).toBe(buf.readUInt16BE(o));
        expect(u32be(buf, o)).toBe(buf.readUInt32BE(o));
        expect(u32le(buf, o)).toBe(buf.readUInt32LE(o));
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });

  it('indexOfByte answers like Buffer#indexOf, on views at any offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(20), fc.nat(220), fc.constantFrom(0x0a, 0x0d, 0x53, 0), (bytes, cut, from, byte) => {
        const whole = Buffer.from(bytes);
        const buf = whole.subarray(Math.min(cut, whole.length));
        expect(indexOfByte(buf, byte, from)).toBe(buf.indexOf(byte, from));
      }),
      { seed: 20261125, numRuns: 500 },
    );
  });

  it('viewOf is a Buffer sharing the memory, with every Buffer method', () => {
    const window = Buffer.from('xxINVITE sip:a@b SIP/2.0\r\nyy', 'latin1');
    const view = viewOf(window.subarray(1), 1, 25);
    expect(Buffer.isBuffer(view)).toBe(true);
    expect(view.toString('latin1')).toBe('INVITE sip:a@b SIP/2.0\r\n');
    expect(view.equals(Buffer.from('INVITE sip:a@b SIP/2.0\r\n', 'latin1'))).toBe(true);
    expect(view.subarray(0, 6).toString('latin1')).toBe('INVITE');
    expect(Buffer.from(view).toString('latin1')).toBe(view.toString('latin1'));
    expect(view.constructor).toBe(Buffer);
    expect(inspect(view)).toBe(inspect(Buffer.from(view)));
    window[2] = 0x69; // the view sees the window's bytes (it is valid only as long as they are)
    expect(view[0]).toBe(0x69);
  });
});
