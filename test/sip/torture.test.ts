// RFC 4475 and RFC 5118 torture messages (fixtures/torture, byte-exact), plus every single-message
// file of the shared corpus: valid ones parse without an error diagnostic, each invalid one gets
// an error that names the offending part in strict mode, and nothing throws.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/sip/index.js';
import type { Diagnostic } from '../../src/capture/types.js';
import type { SipMessage } from '../../src/sip/types.js';

const TORTURE = 'fixtures/torture';
const CORPUS = '../shared/corpus';

function parseFile(path: string, strict: boolean): SipMessage {
  const data = readFileSync(path);
  return parseMessage({ ref: { input: path, offset: 0, length: data.length, timeNs: null, transport: 'udp' }, data }, { strict });
}
const errorsOf = (m: SipMessage): Diagnostic[] => m.diagnostics.filter((d) => d.severity === 'error');
const describeErrors = (m: SipMessage): string => errorsOf(m).map((d) => `${d.code}${d.header ? ` [${d.header}]` : ''} @${d.offset}: ${d.message}`).join('\n');

/** RFC 4475 §3.1.1: valid messages. */
const VALID_4475 = ['wsinv', 'intmeth', 'esc01', 'escnull', 'esc02', 'lwsdisp', 'longreq', 'dblreq', 'semiuri', 'transports', 'mpart01', 'unreason', 'noreason'];

/**
 * RFC 4475 §3.1.2: invalid messages, each with the part(s) the RFC names. A string is a header
 * whose value must get `sip.header.malformed`; `code:` prefixes a diagnostic code instead.
 */
const INVALID_4475: Record<string, string[]> = {
  badinv01: ['Via', 'Contact'], // extraneous separators ";;,;,," and ";;;;"
  clerr: ['code:sip.content-length.exceeds-body'],
  ncl: ['code:sip.content-length.malformed'],
  scalar02: ['CSeq', 'Max-Forwards', 'Expires', 'Contact'], // CSeq >2**31, MF >255, Expires and expires= >2**32-1
  scalarlg: ['CSeq', 'Retry-After', 'Warning'], // CSeq and Retry-After overflow, warn-code 1812
  quotbal: ['To'], // unterminated quoted display name
  ltgtruri: ['code:sip.request-uri.malformed'], // <...> around the Request-URI
  lwsruri: ['code:sip.request-uri.malformed'], // LWS inside the Request-URI
  lwsstart: ['code:sip.start-line.malformed'], // several SP between elements
  trws: ['code:sip.start-line.malformed'], // SP after SIP/2.0
  escruri: ['code:sip.request-uri.malformed'], // headers in the Request-URI
  baddate: ['Date'], // EST instead of GMT
  regbadct: ['Contact'], // URI with "?" outside <...>
  badaspec: ['To'], // SP inside <...>
  baddn: ['From', 'To'], // "," in an unquoted display name
  badvers: ['code:sip.start-line.version'], // SIP/7.0
  mismatch01: ['code:sip.cseq.method-mismatch'],
  mismatch02: ['code:sip.cseq.method-mismatch'],
  bigcode: ['code:sip.start-line.status'], // 4294967301
};

/** RFC 4475 §3.2–3.4: syntactically valid; an element would react to their meaning. */
const SEMANTIC_4475 = ['badbranch', 'insuf', 'unkscm', 'novelsc', 'unksm2', 'bext01', 'invut', 'regaut01', 'multi01', 'mcl01', 'bcast', 'zeromf', 'cparam01', 'cparam02', 'regescrt', 'sdp01', 'inv2543'];

describe('RFC 4475 torture messages', () => {
  it('the fixture set is complete', () => {
    const names = readdirSync(join(TORTURE, 'rfc4475')).map((f) => f.replace(/\.dat$/, '')).sort();
    expect(names).toEqual([...VALID_4475, ...Object.keys(INVALID_4475), ...SEMANTIC_4475].sort());
  });

  for (const name of VALID_4475) {
    it(`§3.1.1 ${name}: no error diagnostic, default and strict`, () => {
      for (const strict of [false, true]) {
        const m = parseFile(join(TORTURE, 'rfc4475', `${name}.dat`), strict);
        expect(describeErrors(m), `strict=${strict}`).toBe('');
        expect(m.callId).toBeDefined();
        expect(m.cseq).toBeDefined();
      }
    });
  }

  for (const [name, parts] of Object.entries(INVALID_4475)) {
    it(`§3.1.2 ${name}: strict mode names ${parts.join(', ')}`, () => {
      const m = parseFile(join(TORTURE, 'rfc4475', `${name}.dat`), true);
      const errors = errorsOf(m);
      for (const part of parts) {
        const found = part.startsWith('code:')
          ? errors.some((d) => d.code === part.slice(5))
          : errors.some((d) => d.code === 'sip.header.malformed' && d.header === part);
        expect(found, `${part} in:\n${describeErrors(m)}`).toBe(true);
      }
      for (const d of errors) expect(d.offset).toBeGreaterThanOrEqual(0);
    });
  }

  it('error offsets point at the offending bytes', () => {
    const text = readFileSync(join(TORTURE, 'rfc4475', 'scalar02.dat'), 'latin1');
    const m = parseFile(join(TORTURE, 'rfc4475', 'scalar02.dat'), true);
    const at = (header: string) => errorsOf(m).find((d) => d.header === header)?.offset;
    expect(at('Max-Forwards')).toBe(text.indexOf('300'));
    expect(at('Contact')).toBe(text.indexOf('280297596632815'));
    const bad = parseFile(join(TORTURE, 'rfc4475', 'badinv01.dat'), true);
    const badText = readFileSync(join(TORTURE, 'rfc4475', 'badinv01.dat'), 'latin1');
    // The second ";" is where a parameter name was due.
    expect(errorsOf(bad).find((d) => d.header === 'Via')?.offset).toBe(badText.indexOf(';;,') + 1);
  });

  it('§3.3.8 multi01: repeated single-valued headers are conflicts; the first value is kept', () => {
    const m = parseFile(join(TORTURE, 'rfc4475', 'multi01.dat'), false);
    expect(m.callId).toBe('multi01.98asdh@192.0.2.1');
    expect(m.cseq).toEqual({ seq: 5, method: 'INVITE' });
    expect(errorsOf(m).filter((d) => d.code === 'sip.header.conflict').map((d) => d.header).sort()).toEqual(['CSeq', 'Call-ID', 'From', 'To']);
    expect(m.from().state).toBe('conflict');
    expect(m.maxForwards().state).toBe('conflict');
  });

  it('§3.3.9 mcl01: two Content-Length values are reported', () => {
    expect(errorsOf(parseFile(join(TORTURE, 'rfc4475', 'mcl01.dat'), false)).map((d) => d.code)).toContain('sip.content-length.conflict');
  });

  it('§3.1.1.8 dblreq: the second request is not part of the first', () => {
    const m = parseFile(join(TORTURE, 'rfc4475', 'dblreq.dat'), true);
    expect(m.method).toBe('REGISTER');
    expect(m.body).toBe('');
    expect(m.diagnostics.map((d) => d.code)).toContain('sip.framing.trailing-bytes');
  });

  it('§3.1.1.1 wsinv: folding, compact forms and LWS everywhere', () => {
    const m = parseFile(join(TORTURE, 'rfc4475', 'wsinv.dat'), true);
    expect(m.toTag).toBe('1918181833n');
    expect(m.fromTag).toBe('98asjd8');
    expect(m.cseq).toEqual({ seq: 9, method: 'INVITE' });
    expect(m.viaCount).toBe(3);
    const vias = m.via();
    expect(vias.state === 'ok' && vias.value.map((v) => v.branch)).toEqual(['390skdjuw', 'z9hG4bK9ikj8', 'z9hG4bK30239']);
    const contact = m.contact();
    expect(contact.state === 'ok' && !contact.value[0].star && contact.value[0].displayName).toBe('Quoted string ""');
    expect(m.fields('NewFangledHeader')[0].value).toBe('newfangled value continued newfangled value');
  });

  it('§3.1.1.11 mpart01: the multipart/mixed body splits into its text and binary parts', () => {
    const parts = parseFile(join(TORTURE, 'rfc4475', 'mpart01.dat'), false).bodyParts();
    expect(parts.map((p) => `${p.contentType?.type}/${p.contentType?.subtype}`)).toEqual(['text/plain', 'application/octet-stream']);
    expect(parts[0].body).toBe('Hello');
    expect(parts[1].headers.map((h) => h.canonical)).toEqual(['Content-Type', 'Content-Transfer-Encoding']);
    expect(parts[1].body.charCodeAt(0)).toBe(0x30); // DER SEQUENCE, binary kept as latin1
  });
});

describe('RFC 5118 IPv6 torture messages', () => {
  const files = readdirSync(join(TORTURE, 'rfc5118'));
  it('has all 12', () => expect(files).toHaveLength(12));
  for (const file of files) {
    const invalid = file === 'ipv6-bad.dat';
    it(`${file}: ${invalid ? 'the unbracketed IPv6 Request-URI is an error' : 'no error diagnostic'}`, () => {
      const m = parseFile(join(TORTURE, 'rfc5118', file), true);
      if (invalid) expect(errorsOf(m).map((d) => d.code)).toContain('sip.request-uri.malformed');
      else expect(describeErrors(m)).toBe('');
    });
  }
  it('§4.3/§4.4: a port inside the brackets is part of the address', () => {
    const amb = parseFile(join(TORTURE, 'rfc5118', 'port-ambiguous.dat'), false).requestUriParsed();
    expect(amb.state === 'ok' && [amb.value.host, amb.value.port]).toEqual(['[2001:db8::10:5070]', undefined]);
    const unamb = parseFile(join(TORTURE, 'rfc5118', 'port-unambiguous.dat'), false).requestUriParsed();
    expect(unamb.state === 'ok' && [unamb.value.host, unamb.value.port]).toEqual(['[2001:db8::10]', 5070]);
  });
  it('§4.6/§4.8: SDP with IP6 connection lines is read', () => {
    const sdp = parseFile(join(TORTURE, 'rfc5118', 'mult-ip-in-sdp.dat'), false).sdp();
    expect(sdp?.media.map((m) => m.media)).toEqual(['audio', 'video']);
  });
});

describe('no input throws', () => {
  const dirs = ['rfc4475', 'rfc5118', 'messages/pkts', 'sip-message-examples'].map((d) => join(CORPUS, d));
  const present = dirs.filter((d) => existsSync(d));
  it.skipIf(present.length === 0)('every corpus message parses in both modes and every accessor answers', () => {
    let count = 0;
    for (const dir of present) {
      for (const file of readdirSync(dir)) {
        for (const strict of [false, true]) {
          const m = parseFile(join(dir, file), strict);
          const values = [m.requestUriParsed(), m.from(), m.to(), m.via(), m.contact(), m.acceptContact(), m.supported(), m.allow(), m.userAgent(), m.server(), m.sessionExpires(), m.privacy(), m.event(), m.accept(), m.contentType(), m.route(), m.recordRoute()];
          for (const v of values) expect(v.state).toMatch(/^(ok|absent|malformed|conflict)$/);
          m.bodyParts();
          m.sdp();
          for (const d of m.diagnostics) expect(typeof d.offset).toBe('number');
          count++;
        }
      }
    }
    expect(count).toBeGreaterThanOrEqual(2 * (49 + 12));
  });

  it('truncating a message anywhere never throws', () => {
    const data = readFileSync(join(TORTURE, 'rfc4475', 'wsinv.dat'));
    for (let n = 0; n <= data.length; n += 7) {
      const m = parseMessage({ ref: { input: 't', offset: 0, length: n, timeNs: null, transport: 'tcp' }, data: data.subarray(0, n) }, { strict: true });
      expect(Array.isArray(m.diagnostics)).toBe(true);
    }
  });
});

describe('strict mode checks headers without a typed accessor too', () => {
  const path = join(CORPUS, 'sip-message-examples', 'invite.sip');
  it.skipIf(!existsSync(path))('P-Asserted-Identity with broken quoting (sip-message-examples/invite.sip) is an error', () => {
    const m = parseFile(path, true);
    expect(errorsOf(m).some((d) => d.header === 'P-Asserted-Identity')).toBe(true);
    expect(errorsOf(parseFile(path, false)).some((d) => d.header === 'P-Asserted-Identity')).toBe(false);
  });
});
