import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConferenceInfo, readConferenceInfo } from '../../src/dialog/conference.js';
import { plainXmlRoot } from '../../src/dialog/xml-root.js';

/** Where the fast path answers, it must give the library's reading; elsewhere it must stay silent. */
function agrees(doc: string): void {
  const fast = plainXmlRoot(doc);
  const slow = parseConferenceInfo(doc);
  if (fast === undefined) return;
  if (fast.name === 'conference-info') {
    expect(slow).toEqual(readConferenceInfo(doc));
    expect(slow.ok).toBe(true);
  } else {
    expect(slow.ok).toBe(false); // well-formed, but another root
  }
}

const BENCH_SHAPE =
  '<?xml version="1.0" encoding="UTF-8"?>\r\n<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="sip:conf-1@conf.example.net" state="full" version="1"><users><user entity="sip:alice@example.net"/></users></conference-info>\r\n';

describe('plain XML root (the conference-info fast path)', () => {
  it('answers for the usual NOTIFY body, with the parser reading', () => {
    expect(plainXmlRoot(BENCH_SHAPE)?.attributes.get('entity')).toBe('sip:conf-1@conf.example.net');
    expect(readConferenceInfo(BENCH_SHAPE)).toEqual({ ok: true, value: { entity: 'sip:conf-1@conf.example.net', state: 'full', version: '1' } });
    expect(parseConferenceInfo(BENCH_SHAPE)).toEqual(readConferenceInfo(BENCH_SHAPE));
  });

  it('drops the namespace prefix of the root and namespace declarations', () => {
    const doc = '<ci:conference-info xmlns:ci="urn:ietf:params:xml:ns:conference-info" entity="sip:c@h" state="partial" version="7"><ci:users/></ci:conference-info>';
    expect(plainXmlRoot(doc)).toEqual({ name: 'conference-info', attributes: new Map([['entity', 'sip:c@h'], ['state', 'partial'], ['version', '7']]) });
    agrees(doc);
  });

  it.each([
    ['an entity reference', '<conference-info entity="sip:a&amp;b@h"/>'],
    ['a comment', '<!-- x --><conference-info entity="a"/>'],
    ['CDATA', '<conference-info entity="a"><![CDATA[<x>]]></conference-info>'],
    ['a DOCTYPE', '<!DOCTYPE c><conference-info entity="a"/>'],
    ['a prefixed attribute', '<conference-info ci:entity="a" entity="b"/>'],
    ['a padded value', '<conference-info entity=" a "/>'],
    ['a repeated attribute', '<conference-info entity="a" entity="b"/>'],
    ['an unclosed element', '<conference-info entity="a"><users></conference-info>'],
    ['two roots', '<conference-info entity="a"/><conference-info entity="b"/>'],
    ['text after the root', '<conference-info entity="a"/>x'],
    ['a byte order mark', '\ufeff<conference-info entity="a"/>'],
    ['a guarded element name', '<conference-info entity="a"><constructor/></conference-info>'],
    ['an attribute without a value', '<conference-info entity/>'],
    ['an unquoted value', '<conference-info entity=a/>'],
    ['no space between attributes', '<conference-info entity="a"state="full"/>'],
    ['an empty document', ''],
  ])('leaves %s to the library', (_what, doc) => {
    expect(plainXmlRoot(doc)).toBeUndefined();
    agrees(doc);
  });

  it('agrees with the library on every conference-info body in the fixtures and corpus', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(txt|log)$/.test(name)) files.push(path);
      }
    };
    walk('fixtures');
    walk('../shared/corpus/logs');
    let bodies = 0;
    for (const f of files) {
      const text = readFileSync(f, 'latin1');
      for (const m of text.matchAll(/(?:<\?xml[^<]*)?<(?:\w+:)?conference-info\b[^]*?<\/(?:\w+:)?conference-info>/g)) {
        agrees(m[0]);
        bodies++;
      }
    }
    expect(bodies).toBeGreaterThan(5);
  });

  it('agrees with the library on generated near-XML documents', () => {
    const name = fc.constantFrom('conference-info', 'ci:conference-info', 'users', 'user', 'ci:user', 'xmlns:x', 'a', 'constructor', 'b-c.d');
    // Mostly clean pieces, so that many documents reach the end of the fast path.
    const value = fc.oneof({ arbitrary: fc.stringMatching(/^[a-z0-9:@.-]{0,8}$/), weight: 4 }, { arbitrary: fc.stringMatching(/^[ a-z0-9:@.&;<>"'=-]{0,8}$/), weight: 1 });
    const text = fc.oneof({ arbitrary: fc.stringMatching(/^[ a-z\r\n]{0,6}$/), weight: 4 }, { arbitrary: fc.stringMatching(/^[ a-z&;<>\r\n]{0,6}$/), weight: 1 });
    const attrName = fc.constantFrom('entity', 'state', 'version', 'xmlns', 'xmlns:ci', 'ci:state', 'x');
    const cleanAttr = fc.tuple(attrName, value).map(([n, v]) => ` ${n}="${v}"`);
    const noisyAttr = fc.tuple(fc.constantFrom(' ', '  ', '\n', '', '\t'), attrName, fc.constantFrom('="', "='", '= "', '='), value, fc.constantFrom('"', "'", ''))
      .map(([sp, n, eq, v, q]) => `${sp}${n}${eq}${v}${q}`);
    const attr = fc.oneof({ arbitrary: cleanAttr, weight: 4 }, { arbitrary: noisyAttr, weight: 1 });
    const element: fc.Memo<string> = fc.memo((depth) =>
      fc.tuple(name, fc.array(attr, { maxLength: 4 }), depth <= 1 ? fc.constant<string[]>([]) : fc.array(fc.oneof(element(depth - 1), text), { maxLength: 3 }), fc.boolean(), fc.constantFrom('', '', '', ' ', '/', 'x'))
        .map(([n, attrs, children, empty, closeJunk]) =>
          empty && children.length === 0 ? `<${n}${attrs.join('')}${closeJunk === '/' ? '' : closeJunk}/>` : `<${n}${attrs.join('')}>${children.join('')}</${closeJunk === 'x' ? 'y' : n}>`,
        ),
    );
    const doc = fc.tuple(fc.constantFrom('', '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>\r\n', ' ', '<!-- c -->'), element(3), fc.constantFrom('', '', '\r\n', ' x', '<a/>'))
      .map(([head, root, tail]) => head + root + tail);
    let answered = 0;
    fc.assert(
      fc.property(doc, (d) => {
        if (plainXmlRoot(d) !== undefined) answered++;
        agrees(d);
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(150); // the property says something about the fast path
  });
});
