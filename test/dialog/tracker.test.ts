import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ImlintConfig } from '../../src/config/types.js';
import { DialogTracker } from '../../src/dialog/tracker.js';
import type { Dialog } from '../../src/dialog/types.js';
import { judgedCopy } from '../../src/dialog/vantage.js';
import type { SipMessage } from '../../src/sip/types.js';
import { timerCycles } from '../../src/dialog/session-timer.js';
import { AUDIO_SDP, at, CLIENT, invite, MSRP_SDP, PROXY, request, respond, SERVER } from './flow.js';

function run(msgs: SipMessage[], config: Partial<ImlintConfig> = {}, end: number | null = null): { dialogs: Dialog[]; pushed: Dialog[]; tracker: DialogTracker } {
  const tracker = new DialogTracker({ ...DEFAULT_CONFIG, ...config });
  const pushed: Dialog[] = [];
  for (const m of msgs) pushed.push(...tracker.push(m));
  const last = msgs[msgs.length - 1]?.ref.timeNs ?? null;
  const dialogs = [...pushed, ...tracker.finish(end === null ? last : at(end))];
  return { dialogs, pushed, tracker };
}

const toServer = (sec: number) => ({ sec, src: CLIENT, dst: SERVER });
const toClient = (sec: number) => ({ sec, src: SERVER, dst: CLIENT });

/** INVITE → 100 → 180 → 200 → ACK, the most common start. */
function answered(o: { contact?: string; extra200?: string[]; inviteExtra?: Parameters<typeof invite>[0] } = {}) {
  const inv = invite({ ...toServer(0), ...o.inviteExtra });
  return {
    inv,
    msgs: [
      inv,
      respond(inv, 100, toClient(0.01)),
      respond(inv, 180, { ...toClient(0.5), toTag: 'b1' }),
      respond(inv, 200, { ...toClient(1), toTag: 'b1', contact: o.contact ?? '<sip:bob@10.0.0.1:5060>', extra: o.extra200 }),
      request({ method: 'ACK', fromTag: 'a1', toTag: 'b1', cseq: 1, branch: 'z9hG4bK-ack1', by: 'client', ...toServer(1.01) }),
    ],
  };
}

describe('DialogTracker: one 1-1 session', () => {
  it('builds a confirmed IM dialog with its ACK and BYE, and hands it over after the grace period', () => {
    const { msgs } = answered();
    const bye = request({ method: 'BYE', fromTag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-bye', by: 'client', ...toServer(30) });
    const byeOk = respond(bye, 200, toClient(30.01));
    const later = request({ method: 'OPTIONS', callId: 'other', fromTag: 'x', cseq: 1, branch: 'z9hG4bK-o', by: 'client', ...toServer(30 + 65) });
    const { pushed, dialogs } = run([...msgs, bye, byeOk, later]);
    expect(pushed).toHaveLength(1); // handed over by push once BYE + 64 s had passed
    const d = dialogs[0];
    expect(dialogs).toHaveLength(1);
    expect(d.state).toBe('confirmed');
    expect(d.kind).toBe('im-1-1');
    expect(d.classifiedBy).toBe('sdp:msrp');
    expect(d.originator).toBe('client');
    expect(d.localTag).toBe('a1');
    expect(d.remoteTag).toBe('b1');
    expect(d.initialAttempts).toHaveLength(1);
    expect(d.initialInvite.responses.map((r) => r.status)).toEqual([100, 180, 200]);
    expect(d.confirmed?.status).toBe(200);
    expect(d.transactions.map((t) => `${t.method}:${t.from}`)).toEqual(['ACK:client', 'BYE:client']);
    expect(d.bye?.final?.status).toBe(200);
    expect(d.startNs).toBe(at(0));
    expect(d.endNs).toBe(at(30));
    expect(d.captureEndNs).toBe(at(95));
    expect(d.client.endpoint).toEqual(CLIENT);
    expect(d.client.aor).toBe('sip:alice@example.net');
    expect(d.peer.aor).toBe('sip:bob@example.net');
    expect(d.vantage).toEqual({ kind: 'client' });
    expect(d.forkIndex).toBe(0);
  });

  it('keeps an unfinished dialog until finish, with the capture end given', () => {
    const { msgs } = answered();
    const { pushed, dialogs } = run(msgs, {}, 500);
    expect(pushed).toHaveLength(0);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0].endNs).toBeNull();
    expect(dialogs[0].captureEndNs).toBe(at(500));
  });
});

describe('DialogTracker: retransmissions and vantage', () => {
  it('folds a retransmitted INVITE and 2xx into their first copies, timing from the first', () => {
    const inv = invite(toServer(0));
    const again = invite(toServer(0.5));
    const ok = respond(inv, 200, { ...toClient(1), toTag: 'b1', contact: '<sip:bob@10.0.0.1>' });
    const okAgain = respond(inv, 200, { ...toClient(1.5), toTag: 'b1', contact: '<sip:bob@10.0.0.1>' });
    const { dialogs } = run([inv, again, ok, okAgain]);
    const tx = dialogs[0].initialInvite;
    expect(tx.request.ref.timeNs).toBe(at(0));
    expect(tx.requestCopies).toHaveLength(1);
    expect(tx.responses).toHaveLength(1);
    expect(dialogs[0].confirmed?.ref.timeNs).toBe(at(1));
  });

  it('judges the client copy when the downstream copy was captured first', () => {
    const downstream = invite({ sec: 0, src: PROXY, dst: SERVER, proxyVias: ['SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-px1'] });
    const clientCopy = invite({ sec: 0.001, src: CLIENT, dst: PROXY });
    const ok = respond(downstream, 200, { sec: 1, src: SERVER, dst: PROXY, toTag: 'b1', contact: '<sip:bob@10.0.0.1>' });
    const okToClient = respond(downstream, 200, { sec: 1.001, src: PROXY, dst: CLIENT, toTag: 'b1', contact: '<sip:bob@10.0.0.1>', popVias: 1 });
    const { dialogs } = run([downstream, clientCopy, ok, okToClient]);
    expect(dialogs).toHaveLength(1);
    const d = dialogs[0];
    expect(d.initialInvite.request).toBe(downstream); // timing from the first copy
    expect(judgedCopy(d.initialInvite)).toBe(clientCopy);
    expect(d.vantage).toEqual({ kind: 'client' });
    expect(d.initialInvite.responses).toHaveLength(1);
    expect(d.client.endpoint).toEqual(CLIENT); // bottom Via sent-by, not the proxy
  });

  it('judges in-dialog requests on their client copy too', () => {
    const { msgs } = answered();
    const byeDown = request({ method: 'BYE', fromTag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-bye', by: 'client', proxyVias: ['SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-pxbye'], sec: 5, src: PROXY, dst: SERVER });
    const byeClient = request({ method: 'BYE', fromTag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-bye', by: 'client', sec: 5.001, src: CLIENT, dst: PROXY });
    const d = run([...msgs, byeDown, byeClient]).dialogs[0];
    expect(d.bye?.request).toBe(byeDown); // timing from the first copy
    expect(d.bye?.requestCopies).toEqual([byeClient]);
    expect(judgedCopy(d.bye!)).toBe(byeClient);
  });

  it('marks a capture holding only downstream copies', () => {
    const downstream = invite({ sec: 0, src: PROXY, dst: SERVER, proxyVias: ['SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-px1', 'SIP/2.0/UDP 10.0.0.8:5060;branch=z9hG4bK-px0'] });
    const ok = respond(downstream, 200, { sec: 1, src: SERVER, dst: PROXY, toTag: 'b1', contact: '<sip:bob@10.0.0.1>' });
    const { dialogs } = run([downstream, ok]);
    expect(dialogs[0].vantage).toEqual({ kind: 'downstream', hops: 2 });
    expect(judgedCopy(dialogs[0].initialInvite)).toBe(downstream);
  });

  it('uses the RFC 2543 key (Call-ID, From tag, CSeq) for branches without the magic cookie', () => {
    const inv = invite({ ...toServer(0), branch: 'old-1' });
    const again = invite({ ...toServer(0.5), branch: 'old-1' });
    const ok = respond(inv, 200, { ...toClient(1), toTag: 'b1', contact: '<sip:bob@10.0.0.1>' });
    const { dialogs } = run([inv, again, ok]);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0].initialInvite.requestCopies).toHaveLength(1);
    expect(dialogs[0].state).toBe('confirmed');
  });
});

describe('DialogTracker: forking, retries, CANCEL, failures', () => {
  it('makes one dialog per To tag when the INVITE forks', () => {
    const inv = invite(toServer(0));
    const msgs = [
      inv,
      respond(inv, 180, { ...toClient(0.2), toTag: 'b1' }),
      respond(inv, 180, { ...toClient(0.3), toTag: 'b2' }),
      respond(inv, 200, { ...toClient(1), toTag: 'b1', contact: '<sip:bob@10.0.0.1>' }),
      respond(inv, 200, { ...toClient(1.2), toTag: 'b2', contact: '<sip:bob@10.0.0.2>' }),
      request({ method: 'BYE', fromTag: 'a1', toTag: 'b2', cseq: 2, branch: 'z9hG4bK-bye2', by: 'client', ...toServer(1.3) }),
    ];
    const { dialogs } = run(msgs);
    const byTag = new Map(dialogs.map((d) => [d.remoteTag, d]));
    expect([...byTag.keys()].sort()).toEqual(['b1', 'b2']);
    expect(byTag.get('b1')!.forkIndex).toBe(0);
    expect(byTag.get('b2')!.forkIndex).toBe(1);
    expect(byTag.get('b2')!.bye).toBeDefined();
    expect(byTag.get('b1')!.bye).toBeUndefined();
    expect(byTag.get('b1')!.initialInvite).toBe(byTag.get('b2')!.initialInvite);
  });

  it('ends an early fork that never answered once the INVITE has its 2xx', () => {
    const inv = invite(toServer(0));
    const msgs = [inv, respond(inv, 180, { ...toClient(0.2), toTag: 'b2' }), respond(inv, 200, { ...toClient(1), toTag: 'b1', contact: '<sip:bob@10.0.0.1>' })];
    const { dialogs } = run(msgs, {}, 200);
    const byTag = new Map(dialogs.map((d) => [d.remoteTag, d]));
    expect(byTag.get('b2')!.state).toBe('terminated-early');
    expect(byTag.get('b1')!.state).toBe('confirmed');
  });

  it('a 2xx for a fork already ended as terminated-early does not reopen it', () => {
    const inv = invite(toServer(0));
    const msgs = [
      inv,
      respond(inv, 180, { ...toClient(0.2), toTag: 'b2' }),
      respond(inv, 200, { ...toClient(1), toTag: 'b1', contact: '<sip:bob@10.0.0.1>' }),
      respond(inv, 200, { ...toClient(100), toTag: 'b2', contact: '<sip:bob@10.0.0.2>' }),
    ];
    const { dialogs, tracker } = run(msgs, {}, 200);
    const b2 = dialogs.find((d) => d.remoteTag === 'b2')!;
    expect(b2.state).toBe('terminated-early');
    expect(b2.confirmed).toBeUndefined();
    expect(tracker.diagnostics.map((d) => d.code)).toContain('dialog.late-messages');
  });

  it.each([401, 407, 422])('joins the retry after a %i as a second attempt of one initial request', (status) => {
    const first = invite(toServer(0));
    const challenge = respond(first, status, { ...toClient(0.1), toTag: 'px', extra: status === 422 ? ['Min-SE: 3600'] : [] });
    const ack = request({ method: 'ACK', fromTag: 'a1', toTag: 'px', cseq: 1, branch: 'z9hG4bK-inv1', by: 'client', ...toServer(0.11) });
    const retry = invite({ ...toServer(0.2), cseq: 2, branch: 'z9hG4bK-inv2' });
    const ok = respond(retry, 200, { ...toClient(1), toTag: 'b1', contact: '<sip:bob@10.0.0.1>' });
    const { dialogs } = run([first, challenge, ack, retry, ok]);
    expect(dialogs).toHaveLength(1);
    const d = dialogs[0];
    expect(d.initialAttempts.map((a) => a.request.cseq?.seq)).toEqual([1, 2]);
    expect(d.initialInvite).toBe(d.initialAttempts[1]);
    expect(d.initialAttempts[0].final?.status).toBe(status);
    expect(d.initialAttempts[0].ack).toBe(ack);
    expect(d.state).toBe('confirmed');
    expect(d.transactions).toHaveLength(0); // the non-2xx ACK is not an in-dialog request
  });

  it('follows a 3xx to the new target as a retry', () => {
    const first = invite(toServer(0));
    const moved = respond(first, 302, { ...toClient(0.1), toTag: 'r1', contact: '<sip:bob@10.0.0.7>' });
    const retry = invite({ ...toServer(0.2), cseq: 2, branch: 'z9hG4bK-inv2', requestUri: 'sip:bob@10.0.0.7' });
    const ok = respond(retry, 200, { ...toClient(1), toTag: 'b1', contact: '<sip:bob@10.0.0.7>' });
    const { dialogs } = run([first, moved, retry, ok]);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0].initialAttempts).toHaveLength(2);
    expect(dialogs[0].initialInvite.request.requestUri).toBe('sip:bob@10.0.0.7');
  });

  it('CANCEL after ringing: the early dialog is terminated, the CANCEL is kept on its INVITE', () => {
    const inv = invite(toServer(0));
    const ringing = respond(inv, 180, { ...toClient(0.5), toTag: 'b1' });
    const cancel = request({ method: 'CANCEL', fromTag: 'a1', cseq: 1, branch: 'z9hG4bK-inv1', by: 'client', requestUri: 'sip:bob@example.net', ...toServer(3) });
    const cancelOk = respond(cancel, 200, toClient(3.01));
    const terminated = respond(inv, 487, { ...toClient(3.02), toTag: 'b1' });
    const ack = request({ method: 'ACK', fromTag: 'a1', toTag: 'b1', cseq: 1, branch: 'z9hG4bK-inv1', by: 'client', ...toServer(3.03) });
    const later = request({ method: 'OPTIONS', callId: 'zz', fromTag: 'z', cseq: 1, branch: 'z9hG4bK-z', by: 'client', ...toServer(100) });
    const { pushed, dialogs } = run([inv, ringing, cancel, cancelOk, terminated, ack, later]);
    expect(pushed).toHaveLength(1);
    const d = dialogs[0];
    expect(d.state).toBe('terminated-early');
    expect(d.initialInvite.cancel?.request).toBe(cancel);
    expect(d.initialInvite.cancel?.final?.status).toBe(200);
    expect(d.initialInvite.final?.status).toBe(487);
    expect(d.initialInvite.ack).toBe(ack);
    expect(d.endNs).toBe(at(3.02));
  });

  it('a rejected INVITE with no early dialog is one failed dialog without a remote tag', () => {
    const inv = invite(toServer(0));
    const { dialogs } = run([inv, respond(inv, 486, { ...toClient(1), toTag: 'b9' })]);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0].state).toBe('failed');
    expect(dialogs[0].remoteTag).toBeUndefined();
  });

  it('an INVITE still ringing at capture end stays early', () => {
    const inv = invite(toServer(0));
    const { dialogs } = run([inv, respond(inv, 180, { ...toClient(1), toTag: 'b1' })], {}, 10);
    expect(dialogs[0].state).toBe('early');
    expect(dialogs[0].remoteTag).toBe('b1');
  });

  it('an unanswered INVITE fails after Timer B and leaves the tracker', () => {
    const inv = invite(toServer(0));
    const later = request({ method: 'OPTIONS', callId: 'zz', fromTag: 'z', cseq: 1, branch: 'z9hG4bK-z', by: 'client', ...toServer(200) });
    const { pushed, tracker } = run([inv, later]);
    expect(pushed).toHaveLength(1);
    expect(pushed[0].state).toBe('failed');
    expect(tracker.openCount).toBe(0);
  });
});

describe('DialogTracker: in-dialog requests', () => {
  it('records re-INVITE and UPDATE from both sides with their responses and senders', () => {
    const { msgs } = answered();
    const reinvite = request({ method: 'INVITE', fromTag: 'b1', toTag: 'a1', cseq: 10, branch: 'z9hG4bK-re1', by: 'peer', ...toClient(900) });
    const reOk = respond(reinvite, 200, { ...toServer(900.1), contact: '<sip:alice@10.0.0.5>', extra: ['Session-Expires: 1800;refresher=uas'] });
    const update = request({ method: 'UPDATE', fromTag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-up1', by: 'client', ...toServer(1700) });
    const upOk = respond(update, 200, toClient(1700.1));
    const { dialogs } = run([...msgs, reinvite, reOk, update, upOk]);
    const tx = dialogs[0].transactions;
    expect(tx.map((t) => `${t.method}:${t.from}:${t.final?.status ?? '-'}`)).toEqual(['ACK:client:-', 'INVITE:peer:200', 'UPDATE:client:200']);
  });

  it('starts a mid-dialog dialog at an INVITE for an unknown dialog, never an initial request (SPEC §2.1, §6.6)', () => {
    const reinvite = request({ method: 'INVITE', fromTag: 'b1', toTag: 'a1', cseq: 10, branch: 'z9hG4bK-re1', by: 'peer', ...toClient(1), body: MSRP_SDP });
    const ok = respond(reinvite, 200, { ...toServer(1.1), contact: '<sip:alice@10.0.0.5>', extra: ['Session-Expires: 1800;refresher=uac'] });
    const bye = request({ method: 'BYE', fromTag: 'a1', toTag: 'b1', cseq: 5, branch: 'z9hG4bK-bye', by: 'client', ...toServer(50) });
    const { dialogs, tracker } = run([reinvite, ok, bye], { aor: 'sip:alice@example.net' });
    expect(dialogs).toHaveLength(1);
    const d = dialogs[0];
    expect(d.midDialog).toBe(true);
    expect(d.initialAttempts).toEqual([]);
    expect(d.initialInvite.request).toBe(reinvite);
    expect(d.initialInvite.from).toBe('peer');
    expect(d.initialInvite.final).toBe(ok);
    expect(d.originator).toBe('client');
    expect(d.localTag).toBe('a1'); // the client's tag
    expect(d.remoteTag).toBe('b1');
    expect(d.kind).toBe('im-1-1');
    expect(d.bye?.from).toBe('client');
    expect(d.client.aor).toBe('sip:alice@example.net');
    expect(tracker.diagnostics.map((x) => x.code)).toContain('dialog.mid-dialog');
    expect(timerCycles(d, DEFAULT_CONFIG).midDialog).toBe(true);
  });

  it('mid-dialog, a focus shows itself by isfocus in its own Contact', () => {
    const reinvite = request({ method: 'INVITE', fromTag: 'f1', toTag: 'a1', cseq: 10, branch: 'z9hG4bK-re1', by: 'peer', ...toClient(1), body: MSRP_SDP, extra: ['Contact: <sip:conf-5@im.example.net>;isfocus'] });
    const d = run([reinvite, respond(reinvite, 200, toServer(1.1))], { aor: 'sip:alice@example.net' }).dialogs[0];
    expect(d.kind).toBe('im-group');
    expect(d.classifiedBy).toBe('mid-dialog:invite-contact:isfocus');
    expect(d.conferenceUri?.raw).toBe('sip:conf-5@im.example.net');
  });

  it('REGISTER, OPTIONS and MESSAGE are no dialogs, and are counted in a diagnostic', () => {
    const reg = request({ method: 'REGISTER', fromTag: 'r', cseq: 1, branch: 'z9hG4bK-r', by: 'client', ...toServer(0) });
    const msg = request({ method: 'MESSAGE', callId: 'm1', fromTag: 'm', cseq: 1, branch: 'z9hG4bK-m', by: 'client', ...toServer(1), body: 'hi', bodyType: 'text/plain' });
    const { dialogs, tracker } = run([reg, respond(reg, 200, toClient(0.1)), msg]);
    expect(dialogs).toHaveLength(0);
    expect(tracker.diagnostics.find((d) => d.code === 'dialog.outside-invite-dialogs')?.message).toMatch(/^3 message/);
  });
});

describe('DialogTracker: classification (SPEC §2.4, §2.5)', () => {
  it('an audio-only INVITE is returned as not-im', () => {
    const { msgs } = answered({ inviteExtra: { sec: 0, body: AUDIO_SDP } });
    const { dialogs } = run(msgs);
    expect(dialogs[0].kind).toBe('not-im');
    expect(dialogs[0].classifiedBy).toBe('sdp:no-msrp');
  });

  it('without SDP falls back on +g.oma.sip-im and records it', () => {
    const { msgs } = answered({ inviteExtra: { sec: 0, body: '' } });
    const { dialogs } = run(msgs);
    expect(dialogs[0].kind).toBe('im-1-1');
    expect(dialogs[0].classifiedBy).toBe('no-sdp:accept-contact:+g.oma.sip-im');
    expect(dialogs[0].notes.join('\n')).toMatch(/no SDP/);
  });

  it('large-message mode is out of scope', () => {
    const { msgs } = answered({ inviteExtra: { sec: 0, extra: ['Accept-Contact: *;+g.oma.sip-im.large-message'] } });
    expect(run(msgs).dialogs[0].outOfScope).toBe('large-message');
  });

  it('isfocus in the 2xx Contact makes a group session with the conference URI', () => {
    const { msgs } = answered({ contact: '<sip:conf-77@im.example.net>;isfocus', extra200: ['Allow-Events: conference'] });
    const d = run(msgs).dialogs[0];
    expect(d.kind).toBe('im-group');
    expect(d.classifiedBy).toBe('2xx-contact:isfocus');
    expect(d.conferenceUri?.raw).toBe('sip:conf-77@im.example.net');
  });

  it('isfocus inside the URI brackets is a URI parameter, not a group signal', () => {
    const { msgs } = answered({ contact: '<sip:conf-77@im.example.net;isfocus>' });
    expect(run(msgs).dialogs[0].kind).toBe('im-1-1');
  });

  it('the conference factory Request-URI is an ad-hoc signal even without isfocus', () => {
    const { msgs } = answered({ inviteExtra: { sec: 0, requestUri: 'sip:factory@im.example.net' }, contact: '<sip:conf-9@im.example.net>' });
    const d = run(msgs, { conferenceFactory: 'sip:factory@im.example.net' }).dialogs[0];
    expect(d.kind).toBe('im-group');
    expect(d.classifiedBy).toBe('adhoc:conference-factory');
    expect(d.conferenceUri?.raw).toBe('sip:conf-9@im.example.net');
    expect(d.notes.join('\n')).toMatch(/did not identify itself/);
  });

  it('Require: recipient-list-invite and the group URI are group signals', () => {
    const adhoc = answered({ inviteExtra: { sec: 0, extra: ['Require: recipient-list-invite'] } });
    expect(run(adhoc.msgs).dialogs[0].classifiedBy).toBe('adhoc:require-recipient-list-invite');
    const predefined = answered({ inviteExtra: { sec: 0, requestUri: 'sip:friends@im.example.net' } });
    expect(run(predefined.msgs, { groupUri: 'sip:friends@im.example.net' }).dialogs[0].classifiedBy).toBe('predefined:group-uri');
  });

  it('a failed ad-hoc INVITE is still classified as a group session from the request', () => {
    const inv = invite({ ...toServer(0), extra: ['Require: recipient-list-invite'] });
    const d = run([inv, respond(inv, 403, { ...toClient(1), toTag: 'x' })]).dialogs[0];
    expect(d.state).toBe('failed');
    expect(d.kind).toBe('im-group');
  });

  it('an INVITE to a conference URI seen earlier is a join', () => {
    const first = answered({ contact: '<sip:conf-77@im.example.net>;isfocus' });
    const join = invite({ ...toServer(10), callId: 'c2@10.0.0.5', fromTag: 'a2', branch: 'z9hG4bK-j', requestUri: 'sip:conf-77@im.example.net' });
    const joinOk = respond(join, 200, { ...toClient(11), toTag: 'j1', contact: '<sip:conf-77@im.example.net>' });
    const { dialogs } = run([...first.msgs, join, joinOk]);
    expect(dialogs.find((d) => d.callId === 'c2@10.0.0.5')?.classifiedBy).toBe('join:known-conference-uri');
  });
});

describe('DialogTracker: who the client is (SPEC §2.3)', () => {
  it('an INVITE from a focus (isfocus in its own Contact) is terminating-side', () => {
    const inv = invite({ sec: 0, src: SERVER, dst: CLIENT, contact: '<sip:conf-1@im.example.net>;isfocus' });
    const d = run([inv]).dialogs[0];
    expect(d.originator).toBe('peer');
    expect(d.notes.join('\n')).toMatch(/isfocus/);
  });

  it('--client decides by address', () => {
    const { msgs } = answered();
    expect(run(msgs, { client: '10.0.0.1' }).dialogs[0].originator).toBe('peer');
    expect(run(msgs, { client: '10.0.0.5:5060' }).dialogs[0].originator).toBe('client');
  });

  it('--aor decides by the From URI', () => {
    const { msgs } = answered();
    expect(run(msgs, { aor: 'sip:bob@example.net' }).dialogs[0].originator).toBe('peer');
    expect(run(msgs, { aor: 'sip:alice@example.net' }).dialogs[0].originator).toBe('client');
  });
});

describe('DialogTracker: conference subscriptions (SPEC §7.2)', () => {
  const focus = '<sip:conf-77@im.example.net>;isfocus';
  const subscribe = (o: { sec: number; uri?: string; event?: string; callId?: string; tag?: string; toTag?: string; cseq?: number; branch?: string }) =>
    request({
      method: 'SUBSCRIBE',
      callId: o.callId ?? 's1@10.0.0.5',
      fromTag: o.tag ?? 's1',
      toTag: o.toTag,
      cseq: o.cseq ?? 1,
      branch: o.branch ?? 'z9hG4bK-sub1',
      by: 'client',
      requestUri: o.uri ?? 'sip:conf-77@im.example.net',
      extra: [`Event: ${o.event ?? 'conference'}`, 'Expires: 3600', 'Contact: <sip:alice@10.0.0.5>'],
      ...toServer(o.sec),
    });
  const notify = (sec: number, cseq: number) =>
    request({
      method: 'NOTIFY',
      callId: 's1@10.0.0.5',
      fromTag: 'f1',
      toTag: 's1',
      cseq,
      branch: `z9hG4bK-n${cseq}`,
      by: 'peer',
      extra: ['Event: conference', 'Subscription-State: active;expires=3600'],
      body: '<?xml version="1.0"?><conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="sip:conf-77@im.example.net" state="full" version="1"/>',
      bodyType: 'application/conference-info+xml',
      ...toClient(sec),
    });

  it('links the SUBSCRIBE to the conference URI, its 200, NOTIFYs and their answers, and refreshes', () => {
    const { msgs } = answered({ contact: focus });
    const sub = subscribe({ sec: 1.3 });
    const n1 = notify(1.35, 1);
    const n1ok = respond(n1, 200, toServer(1.36));
    const subOk = respond(sub, 200, { ...toClient(1.4), toTag: 'f1', extra: ['Expires: 3600'] });
    const refresh = subscribe({ sec: 1800, toTag: 'f1', cseq: 2, branch: 'z9hG4bK-sub2' });
    const { dialogs } = run([...msgs, sub, n1, n1ok, subOk, refresh]);
    const d = dialogs[0];
    expect(d.subscriptions).toHaveLength(1);
    const s = d.subscriptions[0];
    expect(s.insideInviteDialog).toBe(false);
    expect(s.target?.raw).toBe('sip:conf-77@im.example.net');
    expect(s.subscribes.map((t) => t.final?.status ?? '-')).toEqual([200, '-']);
    expect(s.notifies).toHaveLength(1);
    expect(s.notifies[0].final?.status).toBe(200);
    expect(s.notifies[0].from).toBe('peer');
  });

  it('links a SUBSCRIBE to another URI when the client has exactly one open group dialog (wrong target)', () => {
    const { msgs } = answered({ contact: focus });
    const { dialogs } = run([...msgs, subscribe({ sec: 2, uri: 'sip:factory@im.example.net' })]);
    expect(dialogs[0].subscriptions[0].target?.raw).toBe('sip:factory@im.example.net');
  });

  it('does not guess the dialog of a wrong-target SUBSCRIBE when the client has two open group dialogs', () => {
    const a = answered({ contact: focus });
    const inv2 = invite({ ...toServer(0.5), callId: 'c2@10.0.0.5', fromTag: 'a2', branch: 'z9hG4bK-g2' });
    const ok2 = respond(inv2, 200, { ...toClient(1.5), toTag: 'g2', contact: '<sip:conf-88@im.example.net>;isfocus' });
    const { dialogs, tracker } = run([...a.msgs, inv2, ok2, subscribe({ sec: 2, uri: 'sip:factory@im.example.net' })]);
    expect(dialogs.map((d) => d.subscriptions.length)).toEqual([0, 0]);
    expect(tracker.diagnostics.find((d) => d.code === 'dialog.outside-invite-dialogs')?.message).toMatch(/^1 message/);
  });

  it('links Event: Conference (case differs; the rule judges the spelling) but not other packages', () => {
    const a = answered({ contact: focus });
    expect(run([...a.msgs, subscribe({ sec: 2, event: 'Conference' })]).dialogs[0].subscriptions).toHaveLength(1);
    const b = answered({ contact: focus });
    expect(run([...b.msgs, subscribe({ sec: 2, event: 'presence' })]).dialogs[0].subscriptions).toHaveLength(0);
  });

  it('does not link to a 1-1 dialog, nor after the BYE', () => {
    const one = answered();
    expect(run([...one.msgs, subscribe({ sec: 2 })]).dialogs[0].subscriptions).toHaveLength(0);
    const group = answered({ contact: focus });
    const bye = request({ method: 'BYE', fromTag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-bye', by: 'client', ...toServer(5) });
    expect(run([...group.msgs, bye, subscribe({ sec: 6 })]).dialogs[0].subscriptions).toHaveLength(0);
  });

  it('marks a SUBSCRIBE sent inside the INVITE dialog', () => {
    const { msgs } = answered({ contact: focus });
    const inside = subscribe({ sec: 2, callId: 'c1@10.0.0.5', tag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-in' });
    const d = run([...msgs, inside]).dialogs[0];
    expect(d.subscriptions).toHaveLength(1);
    expect(d.subscriptions[0].insideInviteDialog).toBe(true);
    expect(d.transactions.map((t) => t.method)).toEqual(['ACK']);
  });

  it('keeps other event packages inside the INVITE dialog out of the conference subscription', () => {
    const { msgs } = answered({ contact: focus });
    const inside = subscribe({ sec: 2, callId: 'c1@10.0.0.5', tag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-in' });
    const referNotify = request({ method: 'NOTIFY', fromTag: 'b1', toTag: 'a1', cseq: 20, branch: 'z9hG4bK-rn', by: 'peer', extra: ['Event: refer', 'Subscription-State: active'], ...toClient(3) });
    const confNotify = request({ method: 'NOTIFY', fromTag: 'b1', toTag: 'a1', cseq: 21, branch: 'z9hG4bK-cn', by: 'peer', extra: ['Event: conference', 'Subscription-State: active'], ...toClient(4) });
    const d = run([...msgs, inside, referNotify, confNotify]).dialogs[0];
    expect(d.subscriptions[0].notifies.map((t) => t.request)).toEqual([confNotify]);
    expect(d.transactions.map((t) => `${t.method}:${t.from}`)).toEqual(['ACK:client', 'NOTIFY:peer']);
  });

  it('a NOTIFY arriving after the BYE but within the grace period still joins', () => {
    const { msgs } = answered({ contact: focus });
    const sub = subscribe({ sec: 2 });
    const bye = request({ method: 'BYE', fromTag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-bye', by: 'client', ...toServer(5) });
    const late = notify(30, 2);
    const d = run([...msgs, sub, bye, late]).dialogs[0];
    expect(d.subscriptions[0].notifies).toHaveLength(1);
  });
});

describe('DialogTracker: memory bounds', () => {
  it('evicts the oldest open dialog beyond maxOpenDialogs, with a diagnostic', () => {
    const msgs = [1, 2, 3].map((i) => invite({ ...toServer(i), callId: `c${i}@x`, branch: `z9hG4bK-e${i}` }));
    const { pushed, tracker } = run(msgs, { maxOpenDialogs: 2 });
    expect(pushed).toHaveLength(1);
    expect(pushed[0].callId).toBe('c1@x');
    expect(pushed[0].evicted).toBe(true);
    expect(tracker.diagnostics.map((d) => d.code)).toContain('dialog.evicted');
  });

  it('counts forks as open dialogs when bounding memory', () => {
    const inv = invite(toServer(0));
    const forks = ['b1', 'b2', 'b3'].map((tag, i) => respond(inv, 180, { ...toClient(0.1 + i / 10), toTag: tag }));
    const { pushed } = run([inv, ...forks], { maxOpenDialogs: 2 });
    expect(pushed.length).toBe(3); // the third fork pushed the INVITE over the limit: all its dialogs judged
    expect(pushed.every((d) => d.evicted)).toBe(true);
  });

  it('keeps at most a fixed number of messages per INVITE and says how many it refused', () => {
    const { msgs } = answered();
    const flood = [1, 2, 3, 4, 5].map((i) =>
      request({ method: 'MESSAGE', fromTag: 'a1', toTag: 'b1', cseq: 1 + i, branch: `z9hG4bK-m${i}`, by: 'client', ...toServer(2 + i), body: 'x', bodyType: 'text/plain' }),
    );
    const tracker = new DialogTracker(DEFAULT_CONFIG, { maxMessagesPerInvite: 7 });
    for (const m of [...msgs, ...flood]) tracker.push(m);
    const [d] = tracker.finish(at(100));
    // INVITE, 100, 180, 200, ACK kept (5), then two MESSAGEs; three refused.
    expect(d.transactions.map((t) => t.method)).toEqual(['ACK', 'MESSAGE', 'MESSAGE']);
    expect(d.diagnostics.find((x) => x.code === 'dialog.message-limit')?.message).toMatch(/^3 message/);
  });

  it('closed dialogs leave the tracker', () => {
    const { msgs } = answered();
    const bye = request({ method: 'BYE', fromTag: 'a1', toTag: 'b1', cseq: 2, branch: 'z9hG4bK-bye', by: 'client', ...toServer(3) });
    const tracker = new DialogTracker(DEFAULT_CONFIG);
    for (const m of [...msgs, bye]) tracker.push(m);
    expect(tracker.openCount).toBe(1);
    tracker.push(request({ method: 'OPTIONS', callId: 'zz', fromTag: 'z', cseq: 1, branch: 'z9hG4bK-z', by: 'client', ...toServer(100) }));
    expect(tracker.openCount).toBe(0);
  });
});

describe('DialogTracker: end of input', () => {
  it('finishEach hands over what finish does, in the same order, one INVITE at a time', () => {
    const messages = (): SipMessage[] =>
      ['c1@10.0.0.5', 'c2@10.0.0.5', 'c3@10.0.0.5'].flatMap((callId, i) => {
        const inv = invite({ ...toServer(i), callId, branch: `z9hG4bK-inv${i}` });
        // Two forks answer the second INVITE: one hand-over of two dialogs.
        const forks = i === 1 ? ['b1', 'b2'] : ['b1'];
        return [inv, ...forks.map((toTag, f) => respond(inv, 200, { ...toClient(i + 0.1 * (f + 1)), toTag, contact: '<sip:bob@10.0.0.1:5060>' }))];
      });
    const all = new DialogTracker(DEFAULT_CONFIG);
    for (const m of messages()) expect(all.push(m)).toEqual([]);
    const whole = all.finish(at(60));

    const each = new DialogTracker(DEFAULT_CONFIG);
    for (const m of messages()) each.push(m);
    const handed: Dialog[][] = [];
    each.finishEach(at(60), (dialogs) => handed.push(dialogs));
    expect(handed.map((h) => h.map((d) => `${d.callId}/${d.remoteTag}`))).toEqual([['c1@10.0.0.5/b1'], ['c2@10.0.0.5/b1', 'c2@10.0.0.5/b2'], ['c3@10.0.0.5/b1']]);
    expect(handed.flat().map((d) => `${d.callId}/${d.remoteTag}`)).toEqual(whole.map((d) => `${d.callId}/${d.remoteTag}`));
    expect(each.openCount).toBe(0);
    expect(each.diagnostics).toEqual(all.diagnostics);
  });
});
