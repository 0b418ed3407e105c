// Real captures: every INVITE Call-ID tshark sees (the corpus `.tshark.tsv` files) is a dialog,
// and every dialog is an INVITE tshark saw, or traffic the capture caught mid-dialog.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInput } from '../../src/capture/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { DialogTracker } from '../../src/dialog/tracker.js';
import { parseMessage } from '../../src/sip/index.js';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

/** Captures where tshark and imlint rightly differ, and why. */
const EXCEPTIONS: Record<string, string> = {
  'pcap/wireshark-wiki/c07-sip-r2.cap': 'Network Monitor 2 format: imlint reports it unreadable (capture/)',
  'pcap/ndpi/fuzz-2006-06-26-2594.pcap': 'a fuzzed INVITE with an empty Call-ID: no dialog can be formed (counted as outside)',
};

function captures(): string[] {
  if (!existsSync(CORPUS)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (existsSync(`${p}.tshark.tsv`)) out.push(p);
    }
  };
  walk(CORPUS);
  return out.sort();
}

const files = captures();

describe.skipIf(files.length === 0)('corpus dialogs against tshark (skipped without ../shared/corpus)', () => {
  it.each(files.map((f) => [f.slice(CORPUS.length + 1), f]))('%s', async (name, file) => {
    const invites = new Set<string>();
    for (const line of readFileSync(`${file}.tshark.tsv`, 'utf8').split('\n')) {
      const cols = line.split('\t');
      if (cols[2] === 'INVITE') invites.add(cols[4]);
    }
    const tracker = new DialogTracker(DEFAULT_CONFIG);
    const source = await openInput(file);
    const dialogs = [];
    for await (const batch of source.batches()) for (const raw of batch.messages) dialogs.push(...tracker.push(parseMessage(raw)));
    dialogs.push(...tracker.finish(source.stats.lastTimeNs));
    const initial = new Set(dialogs.filter((d) => !d.midDialog).map((d) => d.callId));
    const mid = dialogs.filter((d) => d.midDialog);
    if (EXCEPTIONS[name] !== undefined) {
      expect([...invites].filter((c) => !initial.has(c)).length, EXCEPTIONS[name]).toBeGreaterThan(0);
      return;
    }
    // tshark also lists re-INVITEs: one that opened a mid-dialog dialog is accounted for.
    const midInvites = new Set(mid.filter((d) => d.initialInvite.method === 'INVITE').map((d) => d.callId));
    expect([...invites].filter((c) => !initial.has(c) && !midInvites.has(c)), 'INVITE Call-IDs without a dialog').toEqual([]);
    expect([...initial].filter((c) => !invites.has(c)), 'dialogs tshark has no INVITE for').toEqual([]);
    // A mid-dialog dialog starts at an INVITE or UPDATE carrying a To tag.
    for (const d of mid) expect(d.initialInvite.request.toTag).toBeDefined();
  });
});
