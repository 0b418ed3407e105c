// Report objects built by hand for formatter and UI tests (the pipeline is tested elsewhere).
// The hostile strings carry every character class sanitize() must neutralise.
import type { Report, ReportDialog, ReportVerdict } from '../../src/report/types.js';

/** ESC CSI (colour + clear screen), OSC title with BEL, CR, NUL, C1 CSI, DEL, bidi overrides. */
export const HOSTILE =
  'evil\x1b[31m\x1b[2J\x1b]0;pwned\x07\rOVERWRITE\x00\x9b1m\x7f\u202egnp.exe\u2066x\u2069\u202a\u202b\u202c\u202d\u2067\u2068';

/** No raw control or bidi character of the classes the brief lists (LF and TAB are ours to use). */
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function verdict(init: Partial<ReportVerdict> & Pick<ReportVerdict, 'rule' | 'verdict'>): ReportVerdict {
  return {
    severity: 'error',
    clause: 'OMA-TS-SIMPLE_IM §7.1.1.1 (1)',
    messageId: 'm',
    message: `${init.rule} ${init.verdict}`,
    evidence: [{ input: 'cap/a.pcap', frame: 3, time: '1700000000.000137091', header: 'INVITE sip:bob@example.com SIP/2.0' }],
    ...init,
  };
}

export function groupDialog(): ReportDialog {
  return {
    input: 'cap/a.pcap',
    callId: 'grp-1@10.0.0.5',
    fromTag: 'a1',
    toTag: 'f9',
    kind: 'im-group',
    classifiedBy: '2xx-contact:isfocus',
    client: '10.0.0.5:5060',
    peer: '10.0.0.9:5060',
    start: '1700000000.000137091',
    end: '1700000120.500000000',
    conferenceUri: 'sip:conf-77@focus.example.com',
    verdicts: [
      verdict({ rule: 'IM-ORIG-ACCEPT-CONTACT', verdict: 'pass' }),
      verdict({ rule: 'IM-ORIG-USER-AGENT', verdict: 'fail', severity: 'error', message: 'User-Agent lacks IM-client/OMA1.0' }),
      verdict({ rule: 'IM-ORIG-TIMER-HONOURED', verdict: 'pass', clause: 'RFC 4028 §7.2' }),
      verdict({ rule: 'IM-TIMER-REFRESH-AT-HALF', verdict: 'fail', severity: 'warning', clause: 'RFC 4028 §7.2', message: 'refresh 72.0 s after t0, half mark 45.0 s' }),
      verdict({
        rule: 'IM-ORIG-CONF-SUBSCRIBE',
        verdict: 'fail',
        severity: 'error',
        clause: 'OMA-TS-SIMPLE_IM §7.1.1.11',
        message: 'no SUBSCRIBE to the conference URI within 32 s of the 2xx',
        evidence: [{ input: 'cap/a.pcap', frame: 5, time: '1700000000.200000000', header: 'Contact: <sip:conf-77@focus.example.com>;isfocus', note: 'window ends 1700000032.2' }],
      }),
    ],
    ladder: [
      { input: 'cap/a.pcap', frame: 3, time: '1700000000.000137091', src: '10.0.0.5:5060', dst: '10.0.0.9:5060', transport: 'udp', label: 'INVITE', cseq: '1 INVITE', callId: 'grp-1@10.0.0.5', linked: false, raw: 'INVITE sip:conf-factory@example.com SIP/2.0\r\nCall-ID: grp-1@10.0.0.5\r\nSession-Expires: 90;refresher=uac\r\n\r\n' },
      { input: 'cap/a.pcap', frame: 5, time: '1700000000.200000000', src: '10.0.0.9:5060', dst: '10.0.0.5:5060', transport: 'udp', label: '200 OK', cseq: '1 INVITE', callId: 'grp-1@10.0.0.5', linked: false, raw: 'SIP/2.0 200 OK\r\nContact: <sip:conf-77@focus.example.com>;isfocus\r\n\r\n' },
      { input: 'cap/a.pcap', frame: 6, time: '1700000000.210000000', src: '10.0.0.5:5060', dst: '10.0.0.9:5060', transport: 'udp', label: 'ACK', cseq: '1 ACK', callId: 'grp-1@10.0.0.5', linked: false },
      { input: 'cap/a.pcap', frame: 9, time: '1700000072.200000000', src: '10.0.0.5:5060', dst: '10.0.0.9:5060', transport: 'udp', label: 'UPDATE', cseq: '2 UPDATE', callId: 'grp-1@10.0.0.5', linked: false },
      { input: 'cap/a.pcap', frame: 12, time: '1700000120.500000000', src: '10.0.0.5:5060', dst: '10.0.0.9:5060', transport: 'udp', label: 'BYE', cseq: '3 BYE', callId: 'grp-1@10.0.0.5', linked: false },
    ],
    timer: [
      {
        t0: '1700000000.200000000',
        intervalSec: 90,
        refresher: 'client',
        halfMark: '1700000045.200000000',
        expiry: '1700000090.200000000',
        refreshes: ['1700000072.200000000'],
        closedBy: '200 OK to UPDATE (frame 10)',
      },
    ],
  };
}

export function oneToOneDialog(): ReportDialog {
  return {
    input: 'cap/b.txt',
    callId: 'one-1@10.0.0.6',
    fromTag: 'b2',
    toTag: 'c3',
    kind: 'im-1-1',
    classifiedBy: 'sdp:msrp',
    client: '10.0.0.6:5060',
    peer: '10.0.0.7:5060',
    start: '1700000300.000000000',
    end: null,
    verdicts: [
      verdict({ rule: 'IM-ORIG-ACCEPT-CONTACT', verdict: 'pass', evidence: [{ input: 'cap/b.txt', line: 1, time: '1700000300.000000000' }] }),
      verdict({ rule: 'IM-ORIG-TIMER-HONOURED', verdict: 'inconclusive', clause: 'RFC 4028 §7.2', message: 'capture ends 40.0 s before expiry', evidence: [{ input: 'cap/b.txt', line: 14, time: '1700000300.100000000' }] }),
      verdict({ rule: 'IM-ORIG-CONF-SUBSCRIBE', verdict: 'not-applicable', message: 'not a group session', evidence: [] }),
    ],
    ladder: [
      { input: 'cap/b.txt', line: 1, time: '1700000300.000000000', src: '10.0.0.6:5060', dst: '10.0.0.7:5060', transport: 'udp', label: 'INVITE', cseq: '10 INVITE', callId: 'one-1@10.0.0.6', linked: false },
    ],
  };
}

/** A dialog whose every capture-derived string is hostile. */
export function hostileDialog(): ReportDialog {
  const d = groupDialog();
  return {
    ...d,
    input: 'cap/a.pcap',
    callId: `${HOSTILE}@x`,
    fromTag: HOSTILE,
    toTag: HOSTILE,
    client: HOSTILE,
    peer: HOSTILE,
    conferenceUri: `sip:${HOSTILE}@focus`,
    verdicts: d.verdicts.map((v) => ({
      ...v,
      message: `${v.message} ${HOSTILE}`,
      evidence: v.evidence.map((e) => ({ ...e, header: `User-Agent: ${HOSTILE}`, note: HOSTILE })),
    })),
    ladder: d.ladder?.map((l) => ({ ...l, label: HOSTILE, callId: HOSTILE, raw: `INVITE sip:x SIP/2.0\r\nUser-Agent: ${HOSTILE}\r\n\r\n` })),
  };
}

export function fakeReport(dialogs: ReportDialog[] = [groupDialog(), oneToOneDialog()]): Report {
  const counts = { pass: 0, fail: 0, 'not-applicable': 0, inconclusive: 0 };
  const failures = { error: 0, warning: 0, info: 0 };
  for (const d of dialogs)
    for (const v of d.verdicts) {
      counts[v.verdict]++;
      if (v.verdict === 'fail') failures[v.severity]++;
    }
  const paths = [...new Set(dialogs.map((d) => d.input))];
  return {
    version: 1,
    tool: { name: 'imlint', version: '0.1.0' },
    inputs: paths.map((path) => ({
      path,
      format: path.endsWith('.txt') ? 'sngrep' : 'pcap',
      packets: 12,
      sipMessages: 10,
      diagnostics: path.endsWith('.pcap') ? [{ severity: 'warning', code: 'pcap.truncated-record', message: 'record cut short', frame: 13, offset: 4242 }] : [],
    })),
    dialogs,
    summary: {
      inputs: paths.length,
      dialogs: dialogs.length,
      imDialogs: dialogs.filter((d) => d.kind !== 'not-im').length,
      verdicts: counts,
      failures,
      diagnostics: paths.filter((p) => p.endsWith('.pcap')).length,
    },
  };
}
