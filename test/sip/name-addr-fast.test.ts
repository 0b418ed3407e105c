// The name-addr fast path must agree with the grammar wherever it answers: same value, and no
// answer where the grammar rejects. Checked on every address header of the torture messages and
// corpus files, and on generated values full of the characters that make parsing hard.
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastContact, fastNameAddr } from '../../src/sip/name-addr-fast.js';
import { parseWith } from '../../src/sip/grammar.js';
import { splitList } from '../../src/sip/list.js';
import { sipMessage } from '../helpers/sip.js';

type Kind = 'from' | 'contact' | 'route';
const RULE = { from: 'From_value', contact: 'Contact_value', route: 'Route_value' } as const;
const fast = (kind: Kind, text: string) => (kind === 'contact' ? fastContact(text) : fastNameAddr(text, kind));

/** Returns whether the fast path answered; fails the test when it disagrees with the grammar. */
function agrees(kind: Kind, text: string): boolean {
  const value = fast(kind, text);
  if (value === undefined) return false;
  const grammar = parseWith(RULE[kind], text);
  expect(grammar, `${kind}: ${JSON.stringify(text)}`).toEqual({ ok: true, value });
  return true;
}

const KIND_OF: Record<string, Kind> = {
  From: 'from', To: 'from', 'Referred-By': 'from', 'Refer-To': 'from', Contact: 'contact', Route: 'route', 'Record-Route': 'route',
};

describe('name-addr fast path', () => {
  it('agrees with the grammar on every address header of the torture and corpus messages', () => {
    const dirs = ['fixtures/torture/rfc4475', 'fixtures/torture/rfc5118', '../shared/corpus/messages/pkts', '../shared/corpus/sip-message-examples'].filter((d) => existsSync(d));
    let answered = 0;
    let total = 0;
    for (const dir of dirs) {
      for (const file of readdirSync(dir)) {
        const m = sipMessage(readFileSync(join(dir, file), 'latin1'), {}, { keepLineEndings: true });
        for (const h of m.headers) {
          const kind = KIND_OF[h.canonical];
          if (kind === undefined) continue;
          const items = kind === 'from' ? [h.value] : splitList(h.value).map((i) => i.text);
          for (const item of items) {
            total++;
            if (agrees(kind, item)) answered++;
          }
        }
      }
    }
    expect(total).toBeGreaterThan(150);
    expect(answered / total).toBeGreaterThan(0.6);
  });

  it('answers for the everyday shapes', () => {
    for (const [kind, text] of [
      ['from', '"Alice" <sip:alice@example.com>;tag=9fxced76sl'],
      ['from', 'Bob <sips:bob@biloxi.example.com:5061>'],
      ['from', 'sip:carol@chicago.example.com;tag=887s'],
      ['contact', '<sip:alice@10.0.0.5:5060;transport=tcp>;+g.oma.sip-im;+sip.instance="<urn:uuid:0001>";expires=0600'],
      ['contact', '<sip:conf-1@focus.example.com;transport=tcp>;isfocus'],
      ['route', '<sip:p1.example.com;lr>'],
    ] as [Kind, string][]) {
      expect(agrees(kind, text), text).toBe(true);
    }
    expect(fastContact('<sip:a@b>;expires=0600')).toMatchObject({ params: [{ name: 'expires', value: '600' }] });
  });

  it('declines what it does not handle', () => {
    for (const [kind, text] of [
      ['from', '"J \\"R\\"" <sip:a@b>'], // quoted-pair
      ['from', '<sip:a%40b@example.com>'], // escape
      ['from', '<sip:a@[2001:db8::1]>'], // IPv6
      ['from', '<sip:a:pw@example.com>'], // password
      ['from', '<sip:a@example.com?Subject=x>'], // URI headers
      ['from', '<tel:+1-555-0100>'], // other scheme
      ['from', '<sip:a@example.com>;tag=1 '], // the grammar rejects trailing space after a parameter
      ['contact', '* <sip:a@b>'],
      ['contact', '<sip:a@b>;expires=99999999999x'], // the grammar's c-p-expires overflows first
      ['route', 'sip:p1.example.com;lr'], // Route needs name-addr
      ['from', '<sip:a@example.com:70000>'],
    ] as [Kind, string][]) {
      expect(fast(kind, text), text).toBeUndefined();
    }
  });

  it('agrees with the grammar on generated values', () => {
    const ws = fc.constantFrom('', '', ' ', '\t', '  ');
    const tokenChar = fc.constantFrom('a', 'Z', '0', '-', '.', '!', '%', '*', '_', '+', '`', "'", '~');
    const anyChar = fc.constantFrom('a', '1', ' ', '"', '\\', '<', '>', ';', '=', ',', '@', ':', '?', '%', '[', ']', '/', '&', '*', '\x7f', '\xe9', '-', '.');
    const token = fc.array(tokenChar, { minLength: 1, maxLength: 5 }).map((a) => a.join(''));
    const noise = fc.array(anyChar, { minLength: 0, maxLength: 4 }).map((a) => a.join(''));
    const piece = fc.oneof({ arbitrary: token, weight: 6 }, { arbitrary: noise, weight: 1 });
    const display = fc.oneof(fc.constant(''), fc.tuple(piece, ws).map(([t, w]) => `"${t}"${w}`), fc.tuple(token, ws, token, ws).map(([a, w, b, w2]) => `${a}${w === '' ? ' ' : w}${b}${w2}`));
    const scheme = fc.oneof({ arbitrary: fc.constantFrom('sip', 'SIP', 'sips'), weight: 6 }, { arbitrary: fc.constantFrom('tel', 'sipx', 'urn'), weight: 1 });
    const user = fc.oneof(fc.constant(''), fc.tuple(piece).map(([p]) => `${p}@`));
    const host = fc.oneof({ arbitrary: fc.constantFrom('example.com', 'a-b.example.', '10.0.0.1', 'h'), weight: 6 }, { arbitrary: fc.constantFrom('[2001:db8::1]', '-bad', 'a..b'), weight: 1 });
    const port = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 99999 }).map((p) => `:${p}`), fc.constant(':'));
    const uriParams = fc.array(fc.tuple(piece, fc.option(piece)).map(([n, v]) => `;${n}${v === null ? '' : `=${v}`}`), { maxLength: 3 }).map((a) => a.join(''));
    const paramValue = fc.oneof(token, fc.tuple(piece).map(([p]) => `"${p}"`), fc.constantFrom('99999999999', '0060', '1x', '4294967295', '4294967296'));
    const paramName = fc.oneof(token, fc.constantFrom('tag', 'expires', 'EXPIRES', 'q'));
    const headerParams = fc.array(fc.tuple(ws, paramName, ws, fc.option(paramValue)).map(([w, n, w2, v]) => `${w};${w2}${n}${v === null ? '' : `${w2}=${w}${v}`}`), { maxLength: 3 }).map((a) => a.join(''));
    const nameAddrText = fc.tuple(fc.boolean(), display, ws, scheme, user, host, port, uriParams, ws, headerParams, noise, fc.integer({ min: 0, max: 9 }).map((n) => n === 0)).map(
      ([bracketed, d, w, s, u, h, p, up, w2, hp, n, addNoise]) => (bracketed ? `${d}<${s}:${u}${h}${p}${up}>${w2}${hp}` : `${s}:${u}${h}${p}${hp}`) + (addNoise ? n : '') + (w === '\t' ? ' ' : ''),
    );
    let answered = 0;
    fc.assert(fc.property(nameAddrText, fc.constantFrom<Kind>('from', 'contact', 'route'), (text, kind) => {
      if (agrees(kind, text)) answered++;
    }), { numRuns: 4000 });
    expect(answered).toBeGreaterThan(400);
  });
});
