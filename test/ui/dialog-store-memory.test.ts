// With dialogs spooled, the heap holds rows, not dialogs: live heap growth per spooled dialog stays
// under a bound far below the size of one dialog with its ladder and raw text. The same measurement
// over dialogs held in an array shows it sees them (not timed: bytes, after full collections).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { ReportDialog } from '../../src/report/types.js';
import { DialogStore } from '../../src/ui/dialog-store.js';
import { groupDialog } from '../report/fake-report.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function liveHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A dialog as the UI path gets it: 12 ladder messages with raw text, every string its own. */
function judged(i: number): ReportDialog {
  const d = groupDialog();
  const callId = `${i}-${Math.random().toString(36).slice(2)}@10.0.${i % 200}.5`;
  return {
    ...d,
    callId,
    fromTag: `tag-${i}`,
    client: `sip:user${i % 50}@im.example.net`,
    start: `${1_700_000_000 + i}.000137091`,
    ladder: Array.from({ length: 12 }, (_, n) => ({
      ...d.ladder![n % d.ladder!.length],
      callId,
      frame: i * 12 + n,
      raw: `INVITE sip:conf-factory@example.com SIP/2.0\r\nCall-ID: ${callId}\r\nVia: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK${i}-${n}\r\n${'X-Pad: 0123456789abcdef\r\n'.repeat(50)}\r\n`,
    })),
  };
}

const BOUND = 1000;

describe('dialog store memory', () => {
  it(`heap growth per spooled dialog stays under ${BOUND} bytes (a dialog is far larger)`, () => {
    const n = 3000;
    const s = new DialogStore();
    try {
      const before = liveHeap();
      for (let i = 0; i < n; i++) s.add(judged(i));
      s.finish([{ path: 'cap/a.pcap' }]);
      const perDialog = (liveHeap() - before) / n;
      expect(s.rows).toHaveLength(n);
      expect(JSON.stringify(judged(0)).length).toBeGreaterThan(10 * BOUND);
      expect(perDialog).toBeLessThan(BOUND);
    } finally {
      s.dispose();
    }
  });

  it('the same measurement sees dialogs that are held', () => {
    const n = 1000;
    const before = liveHeap();
    const held = Array.from({ length: n }, (_, i) => judged(i));
    const perDialog = (liveHeap() - before) / n;
    expect(held).toHaveLength(n);
    expect(perDialog).toBeGreaterThan(10 * BOUND);
  });
});
