// Dialog.openSessionsAtStart (SPEC §5.4 IM-EXTEND-REPLACES): the client's confirmed, not yet ended
// IM 1-1 dialogs with a peer the resource list of its initial INVITE names.
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/capture/types.js';
import { DEFAULT_CONFIG, type ImlintConfig } from '../../src/config/types.js';
import { DialogTracker } from '../../src/dialog/tracker.js';
import type { Dialog } from '../../src/dialog/types.js';
import type { SipMessage } from '../../src/sip/types.js';
import { RESOURCE_LIST, multipartBody } from '../helpers/group-session.js';
import { CLIENT, MSRP_SDP, SERVER, invite, request, respond } from './flow.js';

function run(msgs: SipMessage[], config: Partial<ImlintConfig> = {}): Dialog[] {
  const tracker = new DialogTracker({ ...DEFAULT_CONFIG, ...config });
  const out: Dialog[] = [];
  for (const m of msgs) out.push(...tracker.push(m));
  return [...out, ...tracker.finish(msgs[msgs.length - 1].ref.timeNs)];
}

const byCallId = (dialogs: Dialog[], callId: string) => dialogs.find((d) => d.callId === callId)!;
const wire = (sec: number, src: Endpoint, dst: Endpoint) => ({ sec, src, dst });

/** Client → bob 1-1: INVITE, 200 (to-tag b1), ACK. */
function clientOneToOne(callId: string, fromTag: string, toTag: string, sec: number, to = '<sip:bob@example.net>'): SipMessage[] {
  const inv = invite({ ...wire(sec, CLIENT, SERVER), callId, fromTag, branch: `z9hG4bK-${callId}`, to });
  return [
    inv,
    respond(inv, 200, { ...wire(sec + 0.5, SERVER, CLIENT), toTag, contact: '<sip:bob@10.0.0.1:5060>' }),
    request({ method: 'ACK', callId, fromTag, toTag, cseq: 1, branch: `z9hG4bK-${callId}-ack`, by: 'client', ...wire(sec + 0.6, CLIENT, SERVER) }),
  ];
}

/** The client's ad-hoc INVITE (resource list naming bob and carol) and its 200 from the focus. */
function adhoc(callId: string, sec: number, o: { from?: string; list?: boolean; bob?: string } = {}): SipMessage[] {
  const list = RESOURCE_LIST.replace('sip:bob@im.example.net', o.bob ?? 'sip:bob@example.net').replace('sip:carol@im.example.net', 'sip:carol@example.net');
  const inv = invite({
    ...wire(sec, CLIENT, SERVER),
    callId,
    fromTag: 'g1',
    branch: `z9hG4bK-${callId}`,
    requestUri: 'sip:conf-factory@example.net',
    to: '<sip:conf-factory@example.net>',
    from: o.from,
    ...(o.list === false ? {} : { body: multipartBody(MSRP_SDP, list), bodyType: 'multipart/mixed;boundary=boundary1', extra: ['Require: recipient-list-invite'] }),
  });
  return [inv, respond(inv, 200, { ...wire(sec + 0.5, SERVER, CLIENT), toTag: 'f1', contact: '<sip:conf-1@example.net>;isfocus' })];
}

describe('DialogTracker: the client\'s open 1-1 sessions at an ad-hoc INVITE (SPEC §5.4)', () => {
  it('lists each confirmed 1-1 dialog not yet ended, tags as RFC 3891 needs them (client\'s = localTag)', () => {
    const dialogs = run([...clientOneToOne('o1', 'a1', 'b1', 0), ...clientOneToOne('o2', 'a2', 'c2', 1, '<sip:carol@example.net>'), ...adhoc('g', 10)]);
    const g = byCallId(dialogs, 'g');
    expect(g.kind).toBe('im-group');
    expect(g.openSessionsAtStart?.map(({ peerUri, ...s }) => ({ ...s, peer: peerUri?.raw }))).toEqual([
      { callId: 'o1', localTag: 'a1', remoteTag: 'b1', peerAor: 'sip:bob@example.net', peer: 'sip:bob@example.net' },
      { callId: 'o2', localTag: 'a2', remoteTag: 'c2', peerAor: 'sip:carol@example.net', peer: 'sip:carol@example.net' },
    ]);
    // The 1-1 dialogs themselves carry no list: their INVITEs had none.
    expect(byCallId(dialogs, 'o1').openSessionsAtStart).toBeUndefined();
  });

  it('leaves out a 1-1 dialog with a peer the list does not name; matches the AoR with the user unescaped, host ignoring case', () => {
    const dave = [...clientOneToOne('o1', 'a1', 'b1', 0), ...clientOneToOne('o2', 'a2', 'd2', 1, '<sip:dave@example.net>')];
    expect(byCallId(run([...dave, ...adhoc('g', 10)]), 'g').openSessionsAtStart?.map((s) => s.callId)).toEqual(['o1']);
    const escaped = run([...dave, ...adhoc('g', 10, { bob: 'sip:%62ob@EXAMPLE.net?Replaces=o1%3Bto-tag%3Db1%3Bfrom-tag%3Da1' })]);
    expect(byCallId(escaped, 'g').openSessionsAtStart?.map((s) => s.callId)).toEqual(['o1']);
    const otherUser = run([...dave, ...adhoc('g', 10, { bob: 'sip:Bob@example.net' })]);
    expect(byCallId(otherUser, 'g').openSessionsAtStart).toBeUndefined();
  });

  it('leaves out a 1-1 dialog the client already ended with BYE', () => {
    const bye = request({ method: 'BYE', callId: 'o1', fromTag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-o1-bye', by: 'client', ...wire(5, CLIENT, SERVER) });
    const dialogs = run([...clientOneToOne('o1', 'a1', 'b1', 0), bye, ...adhoc('g', 10)]);
    expect(byCallId(dialogs, 'g').openSessionsAtStart).toBeUndefined();
  });

  it('leaves out a 1-1 INVITE not yet answered (early, no 2xx)', () => {
    const inv = invite({ ...wire(0, CLIENT, SERVER), callId: 'o1', fromTag: 'a1', branch: 'z9hG4bK-o1' });
    const ringing = respond(inv, 180, { ...wire(0.2, SERVER, CLIENT), toTag: 'b1' });
    const dialogs = run([inv, ringing, ...adhoc('g', 1)]);
    expect(byCallId(dialogs, 'g').openSessionsAtStart).toBeUndefined();
  });

  it('is absent on an INVITE without a resource list, and for another client\'s INVITE', () => {
    const plain = run([...clientOneToOne('o1', 'a1', 'b1', 0), ...adhoc('g', 10, { list: false })]);
    expect(byCallId(plain, 'g').openSessionsAtStart).toBeUndefined();
    const other = run([...clientOneToOne('o1', 'a1', 'b1', 0), ...adhoc('g', 10, { from: '<sip:zoe@example.net>' })]);
    expect(byCallId(other, 'g').openSessionsAtStart).toBeUndefined();
  });

  it('leaves out a group dialog (its 2xx Contact has isfocus)', () => {
    const dialogs = run([...adhoc('g0', 0), ...adhoc('g', 10)]);
    expect(byCallId(dialogs, 'g').openSessionsAtStart).toBeUndefined();
  });

  it('orients the tags of a 1-1 session the peer started: the client\'s tag is the To tag of the peer\'s INVITE', () => {
    const inv = invite({ ...wire(0, SERVER, CLIENT), callId: 'p1', fromTag: 'b7', branch: 'z9hG4bK-p1', from: '<sip:bob@example.net>', to: '<sip:alice@example.net>', requestUri: 'sip:alice@10.0.0.5:5060' });
    const ok = respond(inv, 200, { ...wire(0.5, CLIENT, SERVER), toTag: 'a7', contact: '<sip:alice@10.0.0.5:5060>' });
    const dialogs = run([inv, ok, ...adhoc('g', 10)], { client: '10.0.0.5:5060' });
    expect(byCallId(dialogs, 'g').openSessionsAtStart?.map(({ peerUri: _, ...s }) => s)).toEqual([
      { callId: 'p1', localTag: 'a7', remoteTag: 'b7', peerAor: 'sip:bob@example.net' },
    ]);
  });
});
