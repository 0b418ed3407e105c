// The committed SIPp captures are what the committed scenarios produce: the client's scenario and
// the server's, mirrored, both describe the ladder read from the pcap by imlint's own reader. Runs
// without SIPp; the regeneration test re-records them when SIPp and tcpdump are present.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLadder, resolveSteps, scenarioSteps, type Rung } from './ladder.js';

const fixtures = 'fixtures/sipp';
const scripts = 'scripts/sipp';
const cases = readdirSync(fixtures)
  .filter((f) => f.endsWith('.pcap'))
  .map((f) => f.slice(0, -'.pcap'.length));

const mirrored = (r: Rung): Rung => ({ dir: r.dir === 'send' ? 'recv' : 'send', label: r.label });

describe('SIPp fixtures follow their scenarios', () => {
  it('has the five cases the issue asks for, and a scenario pair for each capture', () => {
    for (const required of ['im-1-1-refresh', 'group-subscribe', 'group-without-subscribe', 'session-timer-422-retry', 'timer-expired-unrefreshed']) {
      expect(cases).toContain(required);
    }
    const xml = readdirSync(scripts).filter((f) => f.endsWith('.xml'));
    for (const c of cases) expect(xml).toEqual(expect.arrayContaining([`${c}.uac.xml`, `${c}.uas.xml`]));
  });

  for (const name of cases) {
    it(`${name}: every SIP message read, in the order both scenarios give`, async () => {
      const { rungs, diagnostics } = await readLadder(join(fixtures, `${name}.pcap`));
      expect(diagnostics).toEqual([]);
      const ladder = rungs.map(({ dir, label }) => ({ dir, label }));
      expect(ladder).toEqual(resolveSteps(scenarioSteps(join(scripts, `${name}.uac.xml`)), ladder));
      const serverView = ladder.map(mirrored);
      expect(serverView).toEqual(resolveSteps(scenarioSteps(join(scripts, `${name}.uas.xml`)), serverView));
    });
  }

  it('each client message log holds the same messages as the capture of the same run', async () => {
    const logs = readdirSync(fixtures).filter((f) => f.endsWith('.uac-trace.log'));
    expect(logs.length).toBeGreaterThanOrEqual(4);
    for (const log of logs) {
      const name = log.slice(0, -'.uac-trace.log'.length);
      const fromLog = await readLadder(join(fixtures, log));
      const fromPcap = await readLadder(join(fixtures, `${name}.pcap`));
      const shape = (rs: typeof fromLog.rungs) => rs.map((r) => `${r.label} ${r.callId} ${r.cseq}`);
      expect(shape(fromLog.rungs), log).toEqual(shape(fromPcap.rungs));
      // Same run, two clocks read microseconds apart: every message within 10 ms of its capture copy.
      fromLog.rungs.forEach((r, i) => expect(Math.abs(r.offsetSec - fromPcap.rungs[i].offsetSec), `${log} message ${i + 1}`).toBeLessThan(0.01));
    }
  });

  it('keeps the gaps the README states (time shifts applied)', async () => {
    const gap = async (name: string, label: string) => {
      const { rungs } = await readLadder(join(fixtures, `${name}.pcap`));
      const ok200 = rungs.find((r) => r.label === '200' && r.cseq.endsWith(' INVITE'));
      const at = rungs.find((r) => r.label === label && r.dir === 'send');
      return Math.round((at!.offsetSec - ok200!.offsetSec) * 10) / 10;
    };
    expect(await gap('im-1-1-refresh', 'UPDATE')).toBe(900);
    expect(await gap('group-without-subscribe', 'BYE')).toBe(60);
    expect(await gap('timer-expired-unrefreshed', 'BYE')).toBe(2000);
    expect(await gap('nonconforming-client', 'BYE')).toBe(1768);
    expect(await gap('im-1-1-peer-reinvite', 'UPDATE')).toBe(1500);
    expect(await gap('timer-capture-ends-before-expiry', 'OPTIONS')).toBe(1500);
    expect(await gap('group-subscribe-late-in-dialog', 'SUBSCRIBE')).toBe(45);
    expect(await gap('refresh-481-then-bye', 'UPDATE')).toBe(900);
  });
});
