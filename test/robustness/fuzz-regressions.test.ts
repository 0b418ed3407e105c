// Every input `npm run fuzz` saved in fixtures/fuzz/ (NAME.bin, with NAME.json naming the target
// and the property it broke) is replayed against its target's check.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, targets } from './targets.js';

const dir = join(ROOT, 'fixtures/fuzz');
const notes = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();

describe('fuzz regressions (fixtures/fuzz)', () => {
  it('every saved input has its note and a known target', () => {
    const inputs = readdirSync(dir).filter((n) => n.endsWith('.bin'));
    expect(inputs.map((n) => n.replace(/\.bin$/, '.json')).sort()).toEqual(notes);
    for (const n of notes) expect(targets.map((t) => t.name)).toContain(JSON.parse(readFileSync(join(dir, n), 'utf8')).target);
  });

  it.each(notes)('%s', async (name) => {
    const note = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { target: string; input: string };
    const target = targets.find((t) => t.name === note.target)!;
    await target.check(target.decode(readFileSync(join(dir, note.input))));
  });
});
