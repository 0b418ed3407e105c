// Re-records every SIPp capture with scripts/sipp/make-captures.sh (real SIPp and tcpdump on
// 127.0.0.1) and checks the new captures carry the same messages, in the same order, with the
// same Call-IDs and CSeqs, and the same gaps (within half a second) as the committed ones.
// Skipped, with the reason, when sipp or tcpdump is missing or we may not capture on lo.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLadder } from './ladder.js';

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const missing = ['sipp', 'tcpdump'].filter((t) => !has(t));
/** tcpdump may be installed but not allowed to capture (no root, no CAP_NET_RAW in a container). */
const canCapture = () =>
  spawnSync('timeout', ['2', 'tcpdump', '-i', 'lo', '-c', '1', '-w', '/dev/null', 'udp port 9'], { encoding: 'utf8' }).stderr.includes('listening on');
const skipReason =
  missing.length > 0 ? `${missing.join(' and ')} not installed (apt-get install sip-tester tcpdump)` : !canCapture() ? 'tcpdump may not capture on lo here (needs root or CAP_NET_RAW)' : '';
if (skipReason) console.warn(`test/sipp/regenerate: skipped: ${skipReason}`);

describe.skipIf(skipReason !== '')('SIPp captures regenerate to the same message sequence', () => {
  const out = mkdtempSync(join(tmpdir(), 'imlint-sipp-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const cases = readdirSync('fixtures/sipp').filter((f) => f.endsWith('.pcap') || f.endsWith('.log'));

  // make-captures.sh holds a machine-wide lock while it records, so parallel test runs queue:
  // hence the long timeout (one run takes about 25 s).
  it('re-records every case and matches the committed ladders', { timeout: 600_000 }, async () => {
    const r = spawnSync('bash', ['scripts/sipp/make-captures.sh', out], { encoding: 'utf8', timeout: 590_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const file of cases) {
      const committed = (await readLadder(join('fixtures/sipp', file))).rungs;
      const fresh = await readLadder(join(out, file));
      expect(fresh.diagnostics, file).toEqual([]);
      // SIPp's message logs carry no addresses, so direction is compared for captures only.
      const shape = (rs: typeof committed) => rs.map(({ dir, label, callId, cseq }) => `${file.endsWith('.log') ? '' : dir} ${label} ${callId} ${cseq}`);
      expect(shape(fresh.rungs), file).toEqual(shape(committed));
      fresh.rungs.forEach((rung, i) => expect(Math.abs(rung.offsetSec - committed[i].offsetSec), `${file} message ${i + 1}`).toBeLessThan(0.5));
    }
  });
});
