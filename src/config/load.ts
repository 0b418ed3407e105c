// imlint.config.json + flags → ImlintConfig and capture limits, validated once, up front, with
// ajv against schema/config.schema.json. Every problem names the key (or the flag) at fault; the
// caller turns any error into exit code 2.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import type { CaptureLimits, Severity } from '../capture/types.js';
import { DEFAULT_CONFIG, type ImlintConfig, type RuleSetting } from './types.js';

export const CONFIG_FILE = 'imlint.config.json';

/**
 * The file's shape (schema/config.schema.json): every ImlintConfig key optional, rules also as
 * "off" | "on" | severity, plus capture limits. Derived, so a new setting cannot drift between the two.
 * Flags are turned into the same shape.
 */
export type ConfigInput = Partial<Omit<ImlintConfig, 'rules'>> & {
  rules?: Record<string, RuleValue>;
  limits?: Partial<CaptureLimits>;
};

export type RuleValue = 'off' | 'on' | Severity | RuleSetting;

export interface LoadedConfig {
  config: ImlintConfig;
  limits: Partial<CaptureLimits>;
  /** The file read, if any. */
  file?: string;
}

export interface LoadResult {
  loaded?: LoadedConfig;
  errors: string[];
}

export interface LoadOptions {
  /** `--config FILE`; when absent, `imlint.config.json` in `cwd` is read if it exists. */
  configPath?: string;
  cwd: string;
  /** Flag values, already in the file's shape, with the flag name of each key for messages. */
  flags: ConfigInput;
  flagNames?: Partial<Record<keyof ConfigInput, string>>;
  /** Rule ids the registry knows; a rule id outside it is an error naming the id. */
  knownRules: ReadonlySet<string>;
}

const schemaUrl = new URL('../../schema/config.schema.json', import.meta.url);
let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    validator = ajv.compile(JSON.parse(readFileSync(schemaUrl, 'utf8')));
  }
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** "rules.IM-X" from "/rules/IM-X"; the top level is the file itself. */
function keyPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.join('.');
}

function describe(e: ErrorObject, where: (key: string) => string): string | undefined {
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where(keyPath(e.instancePath, String(e.params.additionalProperty)))}: unknown key`;
    case 'propertyNames':
      return `${where(keyPath(e.instancePath, String(e.params.propertyName)))}: not a rule id (IM-...)`;
    case 'pattern':
      // Reported with the propertyNames error above.
      if (e.schemaPath.includes('propertyNames')) return undefined;
      return `${where(keyPath(e.instancePath))}: ${e.message}`;
    case 'enum':
      return `${where(keyPath(e.instancePath))}: must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'oneOf':
      return `${where(keyPath(e.instancePath))}: must be "off", "on", "error", "warning", "info" or { "enabled": true|false, "severity": ... }`;
    default:
      return `${where(keyPath(e.instancePath))}: ${e.message}`;
  }
}

function check(value: unknown, where: (key: string) => string): string[] {
  const errors = validate(value);
  // oneOf branches report their own errors too; keep the oneOf summary only for rule values.
  const ruleValuePaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const out: string[] = [];
  for (const e of errors) {
    if (e.keyword !== 'oneOf' && ruleValuePaths.has(e.instancePath)) continue;
    const text = describe(e, where);
    if (text !== undefined && !out.includes(text)) out.push(text);
  }
  return out;
}

function ruleSetting(value: RuleValue): RuleSetting {
  if (typeof value === 'object') return value;
  if (value === 'off') return { enabled: false };
  if (value === 'on') return { enabled: true };
  return { enabled: true, severity: value };
}

/** Parse `--rule ID=off|on|error|warning|info` values into the file's `rules` shape. */
export function parseRuleFlags(values: readonly string[]): { rules: Record<string, RuleValue>; errors: string[] } {
  const rules: Record<string, RuleValue> = {};
  const errors: string[] = [];
  for (const v of values) {
    const eq = v.indexOf('=');
    const id = eq < 0 ? v : v.slice(0, eq);
    const setting = eq < 0 ? '' : v.slice(eq + 1);
    if (!['off', 'on', 'error', 'warning', 'info'].includes(setting)) {
      errors.push(`--rule ${v}: expected ID=off|on|error|warning|info`);
      continue;
    }
    rules[id] = setting as RuleValue;
  }
  return { rules, errors };
}

export function loadConfig(opts: LoadOptions): LoadResult {
  const errors: string[] = [];
  let file: string | undefined;
  let fromFile: ConfigInput = {};
  const candidate = opts.configPath !== undefined ? resolve(opts.cwd, opts.configPath) : resolve(opts.cwd, CONFIG_FILE);
  if (opts.configPath !== undefined || existsSync(candidate)) {
    file = candidate;
    let text: string | undefined;
    try {
      text = readFileSync(candidate, 'utf8');
    } catch (e) {
      errors.push(`${opts.configPath ?? CONFIG_FILE}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (text !== undefined) {
      try {
        fromFile = JSON.parse(text) as ConfigInput;
      } catch (e) {
        errors.push(`${opts.configPath ?? CONFIG_FILE}: not JSON (${(e as Error).message})`);
      }
      const label = opts.configPath ?? CONFIG_FILE;
      errors.push(...check(fromFile, (key) => (key === '' ? label : `${label}: ${key}`)));
    }
  }
  errors.push(
    ...check(opts.flags, (key) => {
      const top = key.split('.')[0] as keyof ConfigInput;
      return opts.flagNames?.[top] ?? `--${key}`;
    }),
  );
  const rules = { ...(fromFile.rules ?? {}), ...(opts.flags.rules ?? {}) };
  for (const id of Object.keys(rules)) {
    if (/^IM-[A-Z0-9-]+$/.test(id) && !opts.knownRules.has(id)) errors.push(`rules.${id}: unknown rule id (see \`imlint rules\`)`);
  }
  if (errors.length > 0) return { errors };

  const merged: ConfigInput = { ...fromFile, ...opts.flags };
  const { rules: _rules, limits: _limits, ...scalars } = merged;
  const config: ImlintConfig = { ...DEFAULT_CONFIG, ...scalars, rules: {} };
  for (const [id, value] of Object.entries(rules)) config.rules[id] = ruleSetting(value);
  const limits = { ...(fromFile.limits ?? {}), ...(opts.flags.limits ?? {}) };
  return { loaded: { config, limits, file }, errors: [] };
}
