// `imlint rules`: every rule of the registry with id, clause, keyword, severity and whether it is
// on under the configuration in force (defaults, imlint.config.json, --profile, --terminating, --rule).
import type { ImlintConfig } from '../config/types.js';
import { registry, ruleEnabled } from '../rules/index.js';
import type { Rule } from '../rules/types.js';

export interface RuleRow {
  id: string;
  clause: string;
  keyword: string;
  severity: string;
  enabled: boolean;
  basis: string;
  title: string;
}

export function ruleRows(config: ImlintConfig, rules: readonly Rule[] = registry): RuleRow[] {
  return rules.map((r) => ({
    id: r.meta.id,
    clause: r.meta.clause,
    keyword: r.meta.keyword,
    severity: config.rules[r.meta.id]?.severity ?? r.meta.severity,
    enabled: ruleEnabled(r, config),
    basis: r.meta.basis,
    title: r.meta.title,
  }));
}

export function formatRuleRows(rows: RuleRow[], json: boolean): string {
  if (json) return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : '');
  const width = (key: keyof RuleRow): number => Math.max(key.length, ...rows.map((r) => String(r[key]).length));
  const w = { id: width('id'), keyword: width('keyword'), severity: width('severity') };
  const line = (id: string, on: string, keyword: string, severity: string, clause: string): string =>
    `${id.padEnd(w.id)}  ${on.padEnd(3)}  ${keyword.padEnd(w.keyword)}  ${severity.padEnd(w.severity)}  ${clause}`;
  const out = [line('id', 'on', 'keyword', 'severity', 'clause')];
  for (const r of rows) out.push(line(r.id, r.enabled ? 'on' : 'off', r.keyword, r.severity, r.clause));
  out.push('', `${rows.length} rules, ${rows.filter((r) => r.enabled).length} on`);
  return out.join('\n') + '\n';
}
