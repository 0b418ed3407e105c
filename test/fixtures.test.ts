// Fixture regression: every `fixtures/**/X.expected.json` (written from SPEC.md by reading X) must
// match what imlint reports for X, dialog by dialog and rule by rule.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type ConfigInput } from '../src/config/load.js';
import { analyze } from '../src/report/analyze.js';
import { compareExpected, EXPECTED_SUFFIX, findExpectedFiles, parseExpected } from '../src/report/expected.js';
import { registry } from '../src/rules/index.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'fixtures');
const files = findExpectedFiles(FIXTURES);

describe('fixtures', () => {
  it('there are fixtures to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s', async (_name, file) => {
    const input = file.slice(0, -EXPECTED_SUFFIX.length);
    expect(existsSync(input), `no input beside ${file}`).toBe(true);
    const parsed = parseExpected(readFileSync(file, 'utf8'));
    expect(parsed.error).toBeUndefined();
    const expected = parsed.expected!;
    const loaded = loadConfig({
      cwd: dirname(input),
      flags: (expected.config ?? {}) as ConfigInput,
      knownRules: new Set(registry.map((r) => r.meta.id)),
    });
    expect(loaded.errors).toEqual([]);
    const report = await analyze([input], loaded.loaded!.config, { capture: { limits: loaded.loaded!.limits } });
    const errors = report.inputs.flatMap((i) => i.diagnostics).filter((d) => d.severity === 'error');
    expect(errors, 'capture/parse errors in a fixture').toEqual([]);
    expect(compareExpected(report, expected, input).map((d) => d.message)).toEqual([]);
  });
});
