#!/usr/bin/env node
// Writes a realistic IM capture of a given size for `npm run bench`: OMA IM 1-1 and group
// dialogs with session refreshes, conference SUBSCRIBE/NOTIFY, a share of failing clients, mixed
// UDP and TCP, thousands of dialogs open at once; optionally 90 % RTP.
//   node bench/generate.mjs OUT.pcap SIZE_MB [--rtp]
// Plain JS writing straight into Buffers: the generator must be faster than the reader it feeds.
import { openSync, writeSync, closeSync } from 'node:fs';

const [out, sizeArg, ...flags] = process.argv.slice(2);
if (!out || !sizeArg) {
  console.error('usage: generate.mjs OUT.pcap SIZE_MB [--rtp]');
  process.exit(2);
}
const targetBytes = Number(sizeArg) * 1024 * 1024;
const rtpHeavy = flags.includes('--rtp');

// Deterministic PRNG (mulberry32) so a size always yields the same capture.
let seed = 0x1badb002;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const fd = openSync(out, 'w');
const buf = Buffer.alloc(8 * 1024 * 1024);
let pos = 0;
let written = 0;
function flush() {
  writeSync(fd, buf, 0, pos);
  written += pos;
  pos = 0;
}
// pcap global header: µs, LE, Ethernet.
const gh = Buffer.alloc(24);
gh.writeUInt32LE(0xa1b2c3d4, 0);
gh.writeUInt16LE(2, 4);
gh.writeUInt16LE(4, 6);
gh.writeUInt32LE(262144, 16);
gh.writeUInt32LE(1, 20);
gh.copy(buf, 0);
pos = 24;

const tcpSeq = new Map(); // flow key -> next seq
function ipBytes(ip) {
  return ip.split('.').map(Number);
}
function checksumIp(b, off) {
  let s = 0;
  for (let i = 0; i < 20; i += 2) s += b.readUInt16BE(off + i);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}
let ipId = 1;
/** Append one Ethernet/IPv4/UDP|TCP frame carrying `payload` (a latin1 string or Buffer). */
function frame(tUs, src, sport, dst, dport, proto, payload) {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const l4 = proto === 'tcp' ? 20 : 8;
  const len = 14 + 20 + l4 + data.length;
  if (pos + 16 + len > buf.length) flush();
  const b = buf;
  let o = pos;
  b.writeUInt32LE(Math.floor(tUs / 1e6), o);
  b.writeUInt32LE(tUs % 1e6, o + 4);
  b.writeUInt32LE(len, o + 8);
  b.writeUInt32LE(len, o + 12);
  o += 16;
  b.fill(0, o, o + 12);
  b[o + 5] = 1;
  b[o + 11] = 2;
  b.writeUInt16BE(0x0800, o + 12);
  o += 14;
  const ipOff = o;
  b[o] = 0x45;
  b[o + 1] = 0;
  b.writeUInt16BE(20 + l4 + data.length, o + 2);
  b.writeUInt16BE(ipId++ & 0xffff, o + 4);
  b.writeUInt16BE(0x4000, o + 6);
  b[o + 8] = 64;
  b[o + 9] = proto === 'tcp' ? 6 : 17;
  b.writeUInt16BE(0, o + 10);
  const s = ipBytes(src);
  const d = ipBytes(dst);
  for (let i = 0; i < 4; i++) {
    b[o + 12 + i] = s[i];
    b[o + 16 + i] = d[i];
  }
  b.writeUInt16BE(checksumIp(b, ipOff), o + 10);
  o += 20;
  b.writeUInt16BE(sport, o);
  b.writeUInt16BE(dport, o + 2);
  if (proto === 'tcp') {
    const key = `${src}:${sport}>${dst}:${dport}`;
    const seq = tcpSeq.get(key) ?? 1000;
    tcpSeq.set(key, (seq + data.length) >>> 0);
    b.writeUInt32BE(seq >>> 0, o + 4);
    b.writeUInt32BE(1, o + 8);
    b[o + 12] = 0x50;
    b[o + 13] = 0x18; // PSH ACK
    b.writeUInt16BE(65535, o + 14);
    b.writeUInt32BE(0, o + 16);
  } else {
    b.writeUInt16BE(8 + data.length, o + 4);
    b.writeUInt16BE(0, o + 6);
  }
  o += l4;
  data.copy(b, o);
  pos = o + data.length;
}

// --- SIP message text -------------------------------------------------------------------------
function msg(startLine, headers, body = '') {
  return `${startLine}\r\n${headers.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`;
}
function sdp(ip, port) {
  return `v=0\r\no=- 1 1 IN IP4 ${ip}\r\ns=-\r\nc=IN IP4 ${ip}\r\nt=0 0\r\nm=message ${port} TCP/MSRP *\r\na=accept-types:message/cpim text/plain\r\na=path:msrp://${ip}:${port}/s${port};tcp\r\na=setup:active\r\n`;
}

/** Events of one dialog, relative times in ms. Each returns [tMs, from, to, text]. */
function dialogEvents(n, kind) {
  const c = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${(n & 255) || 1}`;
  const s = '192.0.2.1';
  const callId = `c${n}-${Math.floor(rand() * 1e9)}@${c}`;
  const ft = `f${n}`;
  const tt = `t${n}`;
  const aor = `sip:+4477009${String(n % 100000).padStart(5, '0')}@ims.example.net`;
  const peerAor = kind === 'group' ? 'sip:factory@im.example.net' : `sip:+4477008${String((n * 7) % 100000).padStart(5, '0')}@ims.example.net`;
  const conf = `sip:conf-${n}@im.example.net`;
  const broken = rand() < 0.1; // ~10 % non-conforming clients
  const br = (x) => `z9hG4bK${n}x${x}`;
  const via = (x) => `Via: SIP/2.0/UDP ${c}:5060;branch=${br(x)}`;
  const common = (cseq, method, x, toTag = true) => [
    via(x),
    'Max-Forwards: 70',
    `From: <${aor}>;tag=${ft}`,
    `To: <${peerAor}>${toTag ? `;tag=${tt}` : ''}`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
  ];
  const resp = (code, reason, cseq, method, x, extra = [], body = '') =>
    msg(`SIP/2.0 ${code} ${reason}`, [via(x), `From: <${aor}>;tag=${ft}`, `To: <${peerAor}>;tag=${tt}`, `Call-ID: ${callId}`, `CSeq: ${cseq} ${method}`, ...extra], body);
  const invite = msg(
    `INVITE ${peerAor} SIP/2.0`,
    [
      ...common(1, 'INVITE', 1, false),
      `Contact: <sip:${c}:5060>;+g.oma.sip-im`,
      ...(broken ? [] : ['Accept-Contact: *;+g.oma.sip-im']),
      'User-Agent: IM-client/OMA1.0 Bench/1.0',
      'Allow: INVITE, ACK, CANCEL, BYE, UPDATE, MESSAGE, NOTIFY, SUBSCRIBE',
      'Supported: timer',
      `Session-Expires: 1800;refresher=${broken ? 'uas' : 'uac'}`,
      'Content-Type: application/sdp',
    ],
    sdp(c, 20000 + (n % 20000)),
  );
  const ok = resp(200, 'OK', 1, 'INVITE', 1, [
    kind === 'group' ? `Contact: <${conf}>;isfocus` : `Contact: <sip:${s}:5060>`,
    ...(kind === 'group' ? ['Allow-Events: conference'] : []),
    'Allow: INVITE, ACK, CANCEL, BYE, UPDATE, SUBSCRIBE, NOTIFY',
    'Require: timer',
    'Session-Expires: 1800;refresher=uac',
    'Content-Type: application/sdp',
  ], sdp(s, 30000 + (n % 20000)));
  const target = kind === 'group' ? conf : `sip:${s}:5060`;
  const ev = [
    [0, 'c', invite],
    [5, 's', resp(100, 'Trying', 1, 'INVITE', 1)],
    [40, 's', ok],
    [45, 'c', msg(`ACK ${target} SIP/2.0`, common(1, 'ACK', 2))],
  ];
  if (kind === 'group' && !(broken && rand() < 0.5)) {
    const sc = `s${callId}`;
    const sub = msg(`SUBSCRIBE ${conf} SIP/2.0`, [
      `Via: SIP/2.0/UDP ${c}:5060;branch=${br(3)}`, 'Max-Forwards: 70', `From: <${aor}>;tag=sf${n}`, `To: <${conf}>`,
      `Call-ID: ${sc}`, 'CSeq: 1 SUBSCRIBE', `Contact: <sip:${c}:5060>;+g.oma.sip-im`, 'Accept-Contact: *;+g.oma.sip-im',
      'User-Agent: IM-client/OMA1.0 Bench/1.0', 'Event: conference', 'Accept: application/conference-info+xml', 'Expires: 3600',
    ]);
    const info = `<?xml version="1.0" encoding="UTF-8"?>\r\n<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="${conf}" state="full" version="1"><users><user entity="${aor}"/></users></conference-info>\r\n`;
    ev.push(
      [300, 'c', sub],
      [320, 's', msg('SIP/2.0 200 OK', [`Via: SIP/2.0/UDP ${c}:5060;branch=${br(3)}`, `From: <${aor}>;tag=sf${n}`, `To: <${conf}>;tag=st${n}`, `Call-ID: ${sc}`, 'CSeq: 1 SUBSCRIBE', 'Expires: 3600', `Contact: <${conf}>`])],
      [330, 's', msg(`NOTIFY sip:${c}:5060 SIP/2.0`, [`Via: SIP/2.0/UDP ${s}:5060;branch=z9hG4bKn${n}`, `From: <${conf}>;tag=st${n}`, `To: <${aor}>;tag=sf${n}`, `Call-ID: ${sc}`, 'CSeq: 1 NOTIFY', 'Event: conference', 'Subscription-State: active;expires=3600', `Contact: <${conf}>`, 'Content-Type: application/conference-info+xml'], info)],
      [340, 'c', msg('SIP/2.0 200 OK', [`Via: SIP/2.0/UDP ${s}:5060;branch=z9hG4bKn${n}`, `From: <${conf}>;tag=st${n}`, `To: <${aor}>;tag=sf${n}`, `Call-ID: ${sc}`, 'CSeq: 1 NOTIFY'])],
    );
  }
  const refresh = !(broken && rand() < 0.5);
  const life = refresh ? 1200_000 + Math.floor(rand() * 600_000) : 1900_000;
  if (refresh) {
    ev.push(
      [900_000, 'c', msg(`UPDATE ${target} SIP/2.0`, [...common(2, 'UPDATE', 4), `Contact: <sip:${c}:5060>;+g.oma.sip-im`, 'Supported: timer', 'Session-Expires: 1800;refresher=uac'])],
      [900_040, 's', resp(200, 'OK', 2, 'UPDATE', 4, ['Require: timer', 'Session-Expires: 1800;refresher=uac'])],
    );
  }
  ev.push([life, 'c', msg(`BYE ${target} SIP/2.0`, common(3, 'BYE', 5))], [life + 30, 's', resp(200, 'OK', 3, 'BYE', 5)]);
  const tcp = n % 3 === 0;
  return ev.map(([t, dir, text]) => ({ t, dir, text, c, s, tcp }));
}

// --- event heap (min by time) --------------------------------------------------------------------
const heap = [];
function push(e) {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (heap[p].at <= e.at) break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i] = e;
}
function pop() {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const m = r < heap.length && heap[r].at < heap[l].at ? r : l;
      if (heap[m].at >= last.at) break;
      heap[i] = heap[m];
      i = m;
    }
    heap[i] = last;
  }
  return top;
}

const t0Us = 1_700_000_000_000_000;
const startEveryUs = 250_000; // a new dialog every 250 ms → ~6000 open at once
let nextDialog = 1;
let nextStartUs = 0;
let rtpCounter = 0;
let dialogs = 0;
let packets = 0;
const rtpPayload = Buffer.alloc(172, 0x55);
while (written + pos < targetBytes) {
  if (heap.length === 0 || nextStartUs <= heap[0].at) {
    const kind = nextDialog % 4 === 0 ? 'group' : '1-1';
    for (const e of dialogEvents(nextDialog, kind)) push({ at: nextStartUs + e.t * 1000 + (packets % 7), ...e });
    dialogs++;
    nextDialog++;
    nextStartUs += startEveryUs;
    continue;
  }
  const e = pop();
  const [src, dst] = e.dir === 'c' ? [e.c, e.s] : [e.s, e.c];
  frame(t0Us + e.at, src, 5060, dst, 5060, e.tcp ? 'tcp' : 'udp', e.text);
  packets++;
  if (rtpHeavy) {
    // Nine RTP packets per SIP packet: 90 % of the packets are RTP.
    for (let i = 0; i < 9; i++) {
      rtpPayload.writeUInt16BE(rtpCounter++ & 0xffff, 2);
      rtpPayload[0] = 0x80;
      frame(t0Us + e.at + i, e.c, 20000 + (i % 50) * 2, e.s, 30000 + (i % 50) * 2, 'udp', rtpPayload);
      packets++;
    }
  }
}
flush();
closeSync(fd);
console.log(JSON.stringify({ out, bytes: written, packets, dialogsStarted: dialogs, rtpHeavy }));
