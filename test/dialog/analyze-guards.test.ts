// analyze() keeps going when a stage misbehaves, and surfaces parse diagnostics found late.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import type { Dialog } from '../../src/dialog/types.js';

vi.mock('../../src/rules/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/rules/index.js')>();
  return {
    ...real,
    judgeDialog: (dialog: Dialog, config: typeof DEFAULT_CONFIG) => {
      if (dialog.callId.startsWith('boom')) throw new Error('rule bug');
      // Reads Session-Expires the way the timer rules do, so its parse diagnostic appears now.
      dialog.initialInvite.request.sessionExpires();
      return real.judgeDialog(dialog, config);
    },
  };
});

const { analyze } = await import('../../src/report/analyze.js');

const tmp = mkdtempSync(join(tmpdir(), 'imlint-guards-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A two-message sngrep log: an INVITE (with `extra` headers) and its 486. */
function log(callId: string, extra: string[]): string {
  const invite = [
    'INVITE sip:bob@example.net SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-1',
    'From: <sip:alice@example.net>;tag=a1',
    'To: <sip:bob@example.net>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const busy = ['SIP/2.0 486 Busy Here', 'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-1', 'From: <sip:alice@example.net>;tag=a1', 'To: <sip:bob@example.net>;tag=b1', `Call-ID: ${callId}`, 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n');
  const file = join(tmp, `${callId}.txt`);
  writeFileSync(file, `2026/11/25 08:00:00.000000 10.0.0.5:5060 -> 10.0.0.1:5060\n${invite}\n\n2026/11/25 08:00:01.000000 10.0.0.1:5060 -> 10.0.0.5:5060\n${busy}\n\n`, 'latin1');
  return file;
}

describe('analyze guards', () => {
  it('a rule that throws costs that dialog its verdicts, not the run', async () => {
    const bad = log('boom-1', []);
    const good = log('fine-1', []);
    const report = await analyze([bad, good], DEFAULT_CONFIG, {});
    expect(report.dialogs.map((d) => d.callId)).toEqual(['boom-1', 'fine-1']);
    expect(report.dialogs[0].verdicts).toEqual([]);
    expect(report.inputs[0].diagnostics.find((d) => d.code === 'rules.exception')?.message).toMatch(/rule bug/);
    expect(report.inputs[1].diagnostics.map((d) => d.code)).not.toContain('rules.exception');
  });

  it('reports a header diagnostic raised while judging, at the message line', async () => {
    const file = log('late-1', ['Session-Expires: soon;refresher=uac']);
    const report = await analyze([file], DEFAULT_CONFIG, {});
    const late = report.inputs[0].diagnostics.filter((d) => d.line === 2);
    expect(late.length).toBeGreaterThan(0);
    expect(late.some((d) => /session-expires/i.test(d.message) || /Session-Expires/.test(d.code))).toBe(true);
  });
});
