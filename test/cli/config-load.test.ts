import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, parseRuleFlags } from '../../src/config/load.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';

const dir = mkdtempSync(join(tmpdir(), 'imlint-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const known = new Set(['IM-ORIG-USER-AGENT', 'IM-TERM-TIMER']);

function withFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('loadConfig', () => {
  it('gives the defaults with no file and no flags', () => {
    const r = loadConfig({ cwd: dir, flags: {}, knownRules: known });
    expect(r.errors).toEqual([]);
    expect(r.loaded?.config).toEqual(DEFAULT_CONFIG);
    expect(r.loaded?.file).toBeUndefined();
  });

  it('reads imlint.config.json from the working directory; flags override it', () => {
    const sub = mkdtempSync(join(dir, 'cwd-'));
    writeFileSync(
      join(sub, 'imlint.config.json'),
      JSON.stringify({ client: '10.0.0.5:5060', tolSec: 3, rules: { 'IM-ORIG-USER-AGENT': 'warning', 'IM-TERM-TIMER': 'on' }, limits: { maxMessageBytes: 1000 } }),
    );
    const r = loadConfig({ cwd: sub, flags: { tolSec: 5, rules: { 'IM-ORIG-USER-AGENT': 'off' } }, knownRules: known });
    expect(r.errors).toEqual([]);
    expect(r.loaded?.config).toMatchObject({
      client: '10.0.0.5:5060',
      tolSec: 5,
      confSubscribeWindowSec: 32,
      rules: { 'IM-ORIG-USER-AGENT': { enabled: false }, 'IM-TERM-TIMER': { enabled: true } },
    });
    expect(r.loaded?.limits).toEqual({ maxMessageBytes: 1000 });
  });

  it('names every unknown key, at any depth', () => {
    const path = withFile('unknown.json', { clinet: '1.2.3.4', limits: { maxMesageBytes: 1 }, rules: { 'IM-ORIG-USER-AGENT': { enabled: true, sevrity: 'info' } } });
    const r = loadConfig({ cwd: dir, configPath: path, flags: {}, knownRules: known });
    expect(r.loaded).toBeUndefined();
    const text = r.errors.join('\n');
    expect(text).toContain('clinet: unknown key');
    expect(text).toContain('limits.maxMesageBytes: unknown key');
    expect(text).toContain('rules.IM-ORIG-USER-AGENT');
  });

  it('rejects an unknown rule id and a bad value, naming them', () => {
    const path = withFile('bad.json', { rules: { 'IM-NO-SUCH-RULE': 'off', 'IM-ORIG-USER-AGENT': 'loud' }, imRelease: '3.0' });
    const r = loadConfig({ cwd: dir, configPath: path, flags: {}, knownRules: known });
    const text = r.errors.join('\n');
    expect(text).toContain('rules.IM-NO-SUCH-RULE: unknown rule id');
    expect(text).toContain('rules.IM-ORIG-USER-AGENT: must be "off", "on", "error", "warning", "info"');
    expect(text).toContain('imRelease: must be one of "1.0", "2.0"');
  });

  it('names the flag when a flag value is wrong', () => {
    const r = loadConfig({ cwd: dir, flags: { confSubscribeWindowSec: -1 }, flagNames: { confSubscribeWindowSec: '--conf-subscribe-window' }, knownRules: known });
    expect(r.errors).toEqual(['--conf-subscribe-window: must be > 0']);
  });

  it('reports a file that is not JSON or cannot be read', () => {
    expect(loadConfig({ cwd: dir, configPath: withFile('x.json', '{oops'), flags: {}, knownRules: known }).errors[0]).toMatch(/not JSON/);
    expect(loadConfig({ cwd: dir, configPath: 'missing.json', flags: {}, knownRules: known }).errors[0]).toBe('missing.json: cannot read (ENOENT)');
  });
});

describe('parseRuleFlags', () => {
  it('turns ID=value into rule settings and rejects other shapes', () => {
    expect(parseRuleFlags(['IM-A=off', 'IM-B=warning'])).toEqual({ rules: { 'IM-A': 'off', 'IM-B': 'warning' }, errors: [] });
    expect(parseRuleFlags(['IM-A', 'IM-B=loud']).errors).toHaveLength(2);
  });
});
