// A sngrep `--text` log of one IM group session whose headers carry terminal attacks: ESC/CSI
// (colour, clear screen), OSC window title ending in BEL, a bare CR, NUL, a C1 CSI byte (0x9b) and
// the UTF-8 bytes of the bidi overrides U+202E and U+2066. Written byte-exact (latin1) to a file.
import { writeFileSync } from 'node:fs';

/** The attack, as bytes in latin1 string form (UTF-8 of U+202E is E2 80 AE, of U+2066 E2 81 A6). */
export const ATTACK = 'x\x1b[31mRED\x1b[2J\x1b]0;pwned\x07\rOVER\x00NUL\x9b2J\xe2\x80\xaegnp.exe\xe2\x81\xa6end';

function message(time: string, src: string, dst: string, lines: string[], body = ''): string {
  const head = [...lines, `Content-Length: ${Buffer.byteLength(body, 'latin1')}`].join('\r\n');
  return `2026/11/25 ${time} ${src} -> ${dst}\n${head}\r\n\r\n${body}\n`;
}

export function hostileLog(): string {
  const callId = `hostile-${ATTACK}@10.0.0.5`;
  const sdp = ['v=0', 'o=alice 1 1 IN IP4 10.0.0.5', 's=-', 'c=IN IP4 10.0.0.5', 't=0 0', 'm=message 7654 TCP/MSRP *', 'a=accept-types:message/cpim text/plain', 'a=path:msrp://10.0.0.5:7654/s1;tcp', ''].join('\r\n');
  const client = '10.0.0.5:5060';
  const focus = '192.0.2.7:5060';
  const common = (branch: string, cseq: string, toTag: string | null) => [
    `Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-${branch}`,
    `From: "Alice ${ATTACK}" <sip:alice@im.example.net>;tag=a1`,
    `To: <sip:friends@im.example.net>${toTag ? `;tag=${toTag}` : ''}`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
  ];
  return [
    message('08:00:00.000000', client, focus, [
      'INVITE sip:friends@im.example.net SIP/2.0',
      ...common('inv', '1 INVITE', null),
      'Max-Forwards: 70',
      'Contact: <sip:alice@10.0.0.5:5060>;+g.oma.sip-im',
      'Accept-Contact: *;+g.oma.sip-im',
      `User-Agent: IM-client/OMA1.0 ${ATTACK}`,
      `Subject: ${ATTACK}`,
      'Allow: INVITE, ACK, CANCEL, BYE, UPDATE, MESSAGE, NOTIFY, SUBSCRIBE',
      'Supported: timer',
      'Session-Expires: 1800;refresher=uac',
      'Content-Type: application/sdp',
    ], sdp),
    message('08:00:01.000000', focus, client, [
      'SIP/2.0 200 OK',
      ...common('inv', '1 INVITE', 'f1'),
      'Contact: <sip:conf-77@im.example.net>;isfocus',
      'Allow: INVITE, ACK, CANCEL, BYE, UPDATE, SUBSCRIBE, NOTIFY',
      'Allow-Events: conference',
      'Require: timer',
      'Session-Expires: 1800;refresher=uac',
      `Server: ${ATTACK}`,
      'Content-Type: application/sdp',
    ], sdp),
    message('08:00:01.100000', client, focus, ['ACK sip:conf-77@im.example.net SIP/2.0', ...common('ack', '1 ACK', 'f1'), 'Max-Forwards: 70']),
    message('08:01:00.000000', client, focus, ['BYE sip:conf-77@im.example.net SIP/2.0', ...common('bye', '2 BYE', 'f1'), 'Max-Forwards: 70']),
    message('08:01:00.100000', focus, client, ['SIP/2.0 200 OK', ...common('bye', '2 BYE', 'f1')]),
  ].join('');
}

export function writeHostileLog(path: string): void {
  writeFileSync(path, hostileLog(), 'latin1');
}
