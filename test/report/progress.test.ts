import { describe, expect, it } from 'vitest';
import { createProgress, humanBytes, progressLine } from '../../src/report/progress.js';

describe('progress on stderr', () => {
  it('writes nothing at all when the stream is not a terminal', () => {
    let written = '';
    const p = createProgress({ write: (s: string) => (written += s), isTTY: false });
    p.update({ bytesRead: 10, bytesTotal: 100, dialogs: 1 });
    p.done();
    expect(written).toBe('');
  });

  it('on a terminal: bytes of total, percentage, rate, dialogs; at most every 100 ms; erased at the end', () => {
    let written = '';
    let now = 0;
    const p = createProgress({ write: (s: string) => (written += s), isTTY: true }, () => now);
    now = 2000;
    p.update({ bytesRead: 50 * 1024 * 1024, bytesTotal: 100 * 1024 * 1024, dialogs: 4515 });
    now = 2050;
    p.update({ bytesRead: 60 * 1024 * 1024, bytesTotal: 100 * 1024 * 1024, dialogs: 5000 }); // too soon: skipped
    expect(written).toBe('\r\x1b[2Kimlint: 50.0 MiB of 100.0 MiB (50%), 25.0 MiB/s, 4515 dialogs');
    p.done();
    expect(written.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('formats sizes', () => {
    expect(humanBytes(512)).toBe('512 B');
    expect(humanBytes(1536)).toBe('1.5 KiB');
    expect(progressLine({ bytesRead: 0, bytesTotal: 0, dialogs: 0 }, 0)).toBe('imlint: 0 B of 0 B, 0 dialogs');
  });
});
