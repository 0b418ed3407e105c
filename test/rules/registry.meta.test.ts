// Keeps the rule catalogue honest (typescript-eslint style): every registered rule is in SPEC,
// has its own test file, and is shown passing and failing by a readable fixture written from SPEC.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExpectedFiles, parseExpected } from '../../src/report/expected.js';
import { registry } from '../../src/rules/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SPEC_PATH = join(ROOT, '..', 'shared', 'SPEC.md');
const spec = existsSync(SPEC_PATH) ? readFileSync(SPEC_PATH, 'utf8') : undefined;

/** The umbrella verdicts users care most about also need an inconclusive case. */
const NEED_INCONCLUSIVE = ['IM-ORIG-TIMER-HONOURED', 'IM-ORIG-CONF-SUBSCRIBE'];

/** rule id → verdict kind (pass / fail / inconclusive / not-applicable) → fixtures showing it. */
function fixtureCoverage(): Map<string, Map<string, string[]>> {
  const cover = new Map<string, Map<string, string[]>>();
  for (const file of findExpectedFiles(join(ROOT, 'fixtures'))) {
    const { expected } = parseExpected(readFileSync(file, 'utf8'));
    for (const d of expected?.dialogs ?? []) {
      for (const [rule, v] of Object.entries(d.verdicts)) {
        for (const token of Array.isArray(v) ? v : [v]) {
          const kind = token.startsWith('fail:') ? 'fail' : token;
          let byKind = cover.get(rule);
          if (!byKind) cover.set(rule, (byKind = new Map()));
          const list = byKind.get(kind) ?? [];
          if (!list.includes(file)) list.push(file);
          byKind.set(kind, list);
        }
      }
    }
  }
  return cover;
}

/** Rule ids SPEC defines: `#### ID` headings and the first cell of table rows. */
function specRuleIds(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(/^(?:#### |\| (?:\*\*)?)(IM-[A-Z0-9]+(?:-[A-Z0-9]+)+)\b/gm)) ids.add(m[1]);
  return [...ids].sort();
}

describe('rule registry', () => {
  const ids = registry.map((r) => r.meta.id);
  const cover = fixtureCoverage();

  it('has unique ids', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.skipIf(spec === undefined)('lists every rule SPEC.md defines', () => {
    expect(specRuleIds(spec!).filter((id) => !ids.includes(id))).toEqual([]);
  });

  describe.each(registry.map((r) => [r.meta.id, r] as const))('%s', (id) => {
    it.skipIf(spec === undefined)('appears in SPEC.md', () => {
      expect(spec!.includes(id)).toBe(true);
    });

    it('has test/rules/<id>.test.ts', () => {
      const file = join(ROOT, 'test', 'rules', `${id.toLowerCase()}.test.ts`);
      expect(existsSync(file), file).toBe(true);
    });

    it('has a fixture where it passes and one where it fails', () => {
      const byKind = cover.get(id);
      expect(byKind?.get('pass')?.length ?? 0, `no fixture expects ${id} to pass`).toBeGreaterThan(0);
      expect(byKind?.get('fail')?.length ?? 0, `no fixture expects ${id} to fail`).toBeGreaterThan(0);
    });
  });

  it.each(NEED_INCONCLUSIVE)('umbrella %s is registered and has a fixture where it is inconclusive', (id) => {
    expect(ids).toContain(id);
    expect(cover.get(id)?.get('inconclusive')?.length ?? 0, `no fixture expects ${id} to be inconclusive`).toBeGreaterThan(0);
  });
});
