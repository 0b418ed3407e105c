// Issue 6: memory is O(open dialogs). A dialog handed over leaves nothing behind in the tracker's
// indexes, and the shared empty lists new transactions start with are never written to.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { DialogTracker } from '../../src/dialog/tracker.js';
import type { Dialog } from '../../src/dialog/types.js';
import { at, CLIENT, invite, request, respond, SERVER } from './flow.js';

const toServer = (sec: number) => ({ sec, src: CLIENT, dst: SERVER });
const toClient = (sec: number) => ({ sec, src: SERVER, dst: CLIENT });

/** The tracker's indexes, read for this test only. */
type Indexes = Record<'sessions' | 'txByKey' | 'txByE2e' | 'dialogsByTags' | 'subsByTag' | 'oneToOneByPeer', Map<string, unknown>>;

describe('DialogTracker releases what it hands over', () => {
  it('keeps no index entry of a dialog once its grace period has passed', () => {
    const tracker = new DialogTracker(DEFAULT_CONFIG);
    const indexes = tracker as unknown as Indexes;
    const inv = invite(toServer(0));
    const msgs = [
      inv,
      inv, // a retransmission: a request copy
      respond(inv, 100, toClient(0.01)),
      respond(inv, 200, { ...toClient(1), toTag: 'b1', contact: '<sip:bob@10.0.0.1:5060>' }),
      request({ method: 'ACK', fromTag: 'a1', toTag: 'b1', cseq: 1, branch: 'z9hG4bK-ack1', by: 'client', ...toServer(1.01) }),
    ];
    const bye = request({ method: 'BYE', fromTag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-bye', by: 'client', ...toServer(30) });
    const pushed: Dialog[] = [];
    for (const m of [...msgs, bye, respond(bye, 200, toClient(30.01))]) pushed.push(...tracker.push(m));
    expect(pushed).toEqual([]);
    expect(indexes.sessions.size).toBe(1);
    expect(indexes.txByKey.size).toBeGreaterThan(0);
    // Capture time moves past BYE + grace: the dialog is handed over and forgotten.
    pushed.push(...tracker.push(request({ method: 'OPTIONS', callId: 'other', fromTag: 'x', cseq: 1, branch: 'z9hG4bK-o', by: 'client', ...toServer(30 + 65) })));
    expect(pushed).toHaveLength(1);
    for (const name of ['sessions', 'txByKey', 'txByE2e', 'dialogsByTags', 'subsByTag', 'oneToOneByPeer'] as const) expect(indexes[name].size, name).toBe(0);
    expect(tracker.openCount).toBe(0);
    const d = pushed[0];
    expect(d.initialInvite.requestCopies).toHaveLength(1);
    expect(d.initialInvite.responses.map((r) => r.status)).toEqual([100, 200]);
    // ACK and BYE were never retransmitted: their lists are the shared empty one, still empty.
    for (const t of d.transactions) expect(t.requestCopies).toEqual([]);
    expect(tracker.finish(at(100))).toEqual([]);
  });
});
