#!/usr/bin/env node
// Parse micro-benchmark (issue 2): messages/s and MB/s of parseMessage on generated IM-sized
// INVITEs (OMA SIMPLE IM shape: Accept-Contact, Session-Expires, MSRP SDP), in default mode,
// default + the accessors the dialog and rule stages read, and strict mode. Uses the dist/ build.
//   node bench/parse.mjs [--quick] [--count N]

const { parseMessage } = await import('../dist/sip/index.js');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const countArg = args.indexOf('--count');
const count = countArg >= 0 ? Number(args[countArg + 1]) : quick ? 20_000 : 100_000;

/** One INVITE as an IM client sends it; ids vary per message like real traffic. */
function invite(i) {
  const sdp = [
    'v=0',
    `o=alice ${2890844526 + i} 2890844526 IN IP4 10.0.${i & 255}.5`,
    's=-',
    `c=IN IP4 10.0.${i & 255}.5`,
    't=0 0',
    `m=message ${7394 + (i & 1023)} TCP/MSRP *`,
    'a=accept-types:message/cpim text/plain',
    'a=accept-wrapped-types:text/plain image/jpeg',
    `a=path:msrp://10.0.${i & 255}.5:${7394 + (i & 1023)}/s${i}x9;tcp`,
    'a=setup:active',
    '',
  ].join('\r\n');
  const head = [
    'INVITE sip:bob@example.com SIP/2.0',
    `Via: SIP/2.0/TCP 10.0.${i & 255}.5:5060;branch=z9hG4bK${i.toString(36)}a77;rport`,
    'Max-Forwards: 70',
    `From: "Alice" <sip:alice@example.com>;tag=${(i * 7919).toString(36)}`,
    'To: <sip:bob@example.com>',
    `Call-ID: ${i.toString(36)}-4f2a-9c1e@10.0.${i & 255}.5`,
    'CSeq: 1 INVITE',
    `Contact: <sip:alice@10.0.${i & 255}.5:5060;transport=tcp>;+g.oma.sip-im;+sip.instance="<urn:uuid:00000000-0000-1000-8000-${String(i).padStart(12, '0')}>"`,
    'Accept-Contact: *;+g.oma.sip-im',
    'User-Agent: IM-client/OMA1.0 Acme/Phone-2.1 AcmeIM/3.4.1',
    'Allow: INVITE, ACK, CANCEL, BYE, UPDATE, MESSAGE, OPTIONS, NOTIFY, REFER',
    'Supported: timer, replaces, 100rel',
    'Session-Expires: 1800;refresher=uac',
    'Min-SE: 90',
    'P-Preferred-Identity: <sip:alice@example.com>',
    'Content-Type: application/sdp',
    `Content-Length: ${sdp.length}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.from(head + sdp, 'latin1');
}

const messages = Array.from({ length: count }, (_, i) => ({
  ref: { input: 'bench', offset: 0, length: 0, timeNs: null, transport: 'tcp' },
  data: invite(i),
}));
const bytes = messages.reduce((n, m) => n + m.data.length, 0);

function readAccessors(m) {
  m.from(); m.to(); m.contact(); m.acceptContact(); m.userAgent(); m.allow(); m.supported();
  m.sessionExpires(); m.minSE(); m.sdp();
}

const modes = {
  default: (raw) => parseMessage(raw),
  'default + rule accessors': (raw) => readAccessors(parseMessage(raw)),
  strict: (raw) => parseMessage(raw, { strict: true }),
};

console.log(`parseMessage on ${count} IM INVITEs, ${(bytes / count).toFixed(0)} bytes each (node ${process.version}, one core, best of 3 by CPU time)`);
console.log('| mode | messages/CPU-s | MB/CPU-s |');
console.log('|---|---|---|');
for (const [name, run] of Object.entries(modes)) {
  for (let i = 0; i < Math.min(count, 5000); i++) run(messages[i]); // warm up
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    // CPU seconds, not wall: the machine may be shared.
    const t0 = process.cpuUsage();
    for (let i = 0; i < count; i++) run(messages[i]);
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  console.log(`| ${name} | ${Math.round(count / best).toLocaleString('en-US')} | ${(bytes / best / 1e6).toFixed(1)} |`);
}
