// The generated parser: its start rules, the build's hoisting of peggy's per-call setup (checked
// against a parser peggy generates here, unmodified), and the shared (rule, value) cache.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import peggy from 'peggy';
import { describe, expect, it } from 'vitest';
import startRules from '../../grammar/start-rules.mjs';
import { parse, StartRules } from '../../src/sip/generated/sip-parser.js';
import { parseCached, parseWith } from '../../src/sip/grammar.js';
import { splitList } from '../../src/sip/list.js';
import { sipMessage } from '../helpers/sip.js';

const grammarText = readFileSync('grammar/sip.peggy', 'utf8');

/** Which start rule reads which header (list headers: one element at a time). */
const RULE_OF: Record<string, [string, boolean]> = {
  from: ['From_value', false], to: ['To_value', false], via: ['Via_value', true], contact: ['Contact_value', true],
  'accept-contact': ['Accept_Contact_value', true], supported: ['Option_tag_value', true], allow: ['Method_value', true],
  'user-agent': ['Server_value', false], server: ['Server_value', false], 'content-type': ['Content_Type_value', false],
  accept: ['Accept_value', true], 'record-route': ['Route_value', true], route: ['Route_value', true],
  event: ['Event_value', false], expires: ['Expires_value', false], 'max-forwards': ['Max_Forwards_value', false],
  'call-id': ['Call_ID_value', false], cseq: ['CSeq_value', false], date: ['Date_value', false],
};

describe('grammar build', () => {
  it('exposes exactly the start rules of grammar/start-rules.mjs', () => {
    expect([...StartRules].sort()).toEqual([...startRules].sort());
  });

  it('the hoisted parser answers exactly like the parser peggy generates', () => {
    const reference = peggy.generate(grammarText, { allowedStartRules: startRules });
    const samples: [string, string][] = [];
    for (const dir of ['fixtures/torture/rfc4475', 'fixtures/torture/rfc5118']) {
      for (const file of readdirSync(dir)) {
        const m = sipMessage(readFileSync(join(dir, file), 'latin1'), {}, { keepLineEndings: true });
        if (m.requestUri !== undefined) samples.push(['Request_URI_start', m.requestUri]);
        samples.push([m.isRequest ? 'Request_Line_start' : 'Status_Line_start', m.startLine]);
        for (const h of m.headers) {
          const rule = RULE_OF[h.canonical.toLowerCase()];
          if (rule === undefined) continue;
          for (const item of rule[1] ? splitList(h.value) : [{ text: h.value }]) samples.push([rule[0], item.text]);
        }
      }
    }
    expect(samples.length).toBeGreaterThan(400);
    const outcome = (fn: () => unknown) => {
      try {
        return { value: fn() };
      } catch (e) {
        const err = e as { message: string; location?: { start: { offset: number } } };
        return { error: err.message, at: err.location?.start.offset };
      }
    };
    let failures = 0;
    for (const [rule, text] of samples) {
      const expected = outcome(() => reference.parse(text, { startRule: rule }));
      const actual = outcome(() => parse(text, { startRule: rule as never }));
      if ('error' in expected) failures++;
      expect(actual, `${rule}: ${text}`).toEqual(expected);
    }
    expect(failures).toBeGreaterThan(10); // the invalid messages exercise the error path too
  });

  it('a failed parse leaves no state behind for the next call', () => {
    expect(parseWith('Expires_value', '12x').ok).toBe(false);
    expect(parseWith('Expires_value', '12')).toEqual({ ok: true, value: 12 });
    expect(parseWith('Max_Forwards_value', '999')).toMatchObject({ ok: false, index: 0, message: 'Max-Forwards 999 exceeds 255' });
  });
});

describe('value cache', () => {
  it('returns the same frozen result for the same (rule, value)', () => {
    const a = parseCached('Session_Expires_value', '1800;refresher=uac');
    const b = parseCached('Session_Expires_value', '1800;refresher=uac');
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    if (a.ok) expect(Object.isFrozen((a.value as { params: unknown[] }).params)).toBe(true);
  });
  it('keys by rule as well as value', () => {
    expect(parseCached('Expires_value', '90')).toEqual({ ok: true, value: 90 });
    expect(parseCached('Min_SE_value', '90')).toEqual({ ok: true, value: { deltaSeconds: 90, params: [] } });
  });
  it('messages sharing a header value share its parse', () => {
    const m1 = sipMessage('INVITE sip:a@b SIP/2.0\nSupported: timer, 100rel\n\n');
    const m2 = sipMessage('INVITE sip:c@d SIP/2.0\nSupported: timer, 100rel\n\n');
    expect(m1.supported()).toEqual(m2.supported());
  });
});
