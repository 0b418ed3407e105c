// Fixture regression: a report against the hand-written `X.expected.json` beside input X
// (format in CONTRIBUTING.md), and back (`--update-expected`).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Report, ReportDialog, ReportVerdict } from './types.js';

export const EXPECTED_SUFFIX = '.expected.json';

/** Every `*.expected.json` below `dir`, sorted (the fixture harness and the registry meta-test). */
export function findExpectedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findExpectedFiles(path));
    else if (entry.name.endsWith(EXPECTED_SUFFIX)) out.push(path);
  }
  return out.sort();
}

/** `pass`, `not-applicable`, `inconclusive` or `fail:<severity>`; an array for several verdicts. */
export type ExpectedVerdict = string | string[];

export interface ExpectedDialog {
  callId: string;
  fromTag: string;
  /** Needed only to tell forks of one INVITE apart. */
  toTag?: string | null;
  kind?: ReportDialog['kind'];
  classifiedBy?: string;
  verdicts: Record<string, ExpectedVerdict>;
  /** Every emitted rule must be listed (otherwise only the listed rules are compared). */
  exact?: boolean;
}

export interface ExpectedFile {
  description: string;
  /**
   * Configuration the case needs, in imlint.config.json's shape (e.g. `conferenceFactory`); the
   * same as passing those flags to the CLI. An `imlint.config.json` beside the fixture also applies.
   */
  config?: Record<string, unknown>;
  dialogs: ExpectedDialog[];
}

export interface Difference {
  /** `callId fromTag[ toTag]` of the dialog, as in the fixture. */
  dialog: string;
  rule?: string;
  kind: 'missing-dialog' | 'extra-dialog' | 'ambiguous-dialog' | 'kind' | 'classified-by' | 'verdict' | 'extra-rule';
  /** One line for a person: "dialog X rule R: expected fail:error, got pass". */
  message: string;
}

export function verdictToken(v: Pick<ReportVerdict, 'verdict' | 'severity'>): string {
  return v.verdict === 'fail' ? `fail:${v.severity}` : v.verdict;
}

const TOKEN = /^(pass|not-applicable|inconclusive|fail:(error|warning|info))$/;

/** Reads and checks an expected file's shape; problems come back as text, never thrown. */
export function parseExpected(text: string): { expected?: ExpectedFile; error?: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  const file = data as Partial<ExpectedFile>;
  if (typeof file !== 'object' || file === null || typeof file.description !== 'string' || !Array.isArray(file.dialogs)) {
    return { error: 'expected { "description": string, "dialogs": [...] }' };
  }
  if (file.config !== undefined && (typeof file.config !== 'object' || file.config === null || Array.isArray(file.config))) {
    return { error: '"config" must be an object in imlint.config.json\'s shape' };
  }
  for (const [i, d] of file.dialogs.entries()) {
    if (typeof d?.callId !== 'string' || typeof d.fromTag !== 'string' || typeof d.verdicts !== 'object' || d.verdicts === null) {
      return { error: `dialogs[${i}]: needs callId, fromTag and verdicts` };
    }
    for (const [rule, v] of Object.entries(d.verdicts)) {
      const tokens = Array.isArray(v) ? v : [v];
      const bad = tokens.find((t) => typeof t !== 'string' || !TOKEN.test(t));
      if (bad !== undefined || tokens.length === 0) return { error: `dialogs[${i}] ${rule}: bad verdict token ${JSON.stringify(bad ?? v)}` };
    }
  }
  return { expected: file as ExpectedFile };
}

function dialogLabel(callId: string, fromTag: string, toTag?: string | null): string {
  return toTag ? `${callId} ${fromTag} ${toTag}` : `${callId} ${fromTag}`;
}

function show(v: ExpectedVerdict | string[]): string {
  if (!Array.isArray(v)) return v;
  return v.length === 1 ? v[0] : `[${v.join(', ')}]`;
}

/** Differences between the report's dialogs from `inputPath` and the expected file. */
export function compareExpected(report: Report, expected: ExpectedFile, inputPath: string): Difference[] {
  const diffs: Difference[] = [];
  const dialogs = report.dialogs.filter((d) => d.input === inputPath);
  const matched = new Set<ReportDialog>();
  for (const want of expected.dialogs) {
    const label = dialogLabel(want.callId, want.fromTag, want.toTag);
    const candidates = dialogs.filter(
      (d) => d.callId === want.callId && d.fromTag === want.fromTag && (want.toTag === undefined || d.toTag === want.toTag),
    );
    if (candidates.length === 0) {
      diffs.push({ dialog: label, kind: 'missing-dialog', message: `dialog ${label}: expected, not in the report` });
      continue;
    }
    for (const c of candidates) matched.add(c);
    if (candidates.length > 1) {
      const tags = candidates.map((c) => c.toTag ?? 'null').join(', ');
      diffs.push({ dialog: label, kind: 'ambiguous-dialog', message: `dialog ${label}: ${candidates.length} dialogs (forks, To tags ${tags}); give "toTag"` });
      continue;
    }
    const got = candidates[0];
    if (want.kind !== undefined && want.kind !== got.kind) {
      diffs.push({ dialog: label, kind: 'kind', message: `dialog ${label}: expected kind ${want.kind}, got ${got.kind} (${got.classifiedBy})` });
    }
    if (want.classifiedBy !== undefined && want.classifiedBy !== got.classifiedBy) {
      diffs.push({ dialog: label, kind: 'classified-by', message: `dialog ${label}: expected classifiedBy ${want.classifiedBy}, got ${got.classifiedBy}` });
    }
    const byRule = new Map<string, string[]>();
    for (const v of got.verdicts) {
      let list = byRule.get(v.rule);
      if (!list) byRule.set(v.rule, (list = []));
      list.push(verdictToken(v));
    }
    for (const [rule, wantVerdict] of Object.entries(want.verdicts)) {
      const wantTokens = Array.isArray(wantVerdict) ? wantVerdict : [wantVerdict];
      const gotTokens = byRule.get(rule) ?? [];
      const same = wantTokens.length === gotTokens.length && wantTokens.every((t, i) => t === gotTokens[i]);
      if (!same) {
        const gotText = gotTokens.length === 0 ? 'no verdict' : show(gotTokens);
        diffs.push({ dialog: label, rule, kind: 'verdict', message: `dialog ${label} rule ${rule}: expected ${show(wantVerdict)}, got ${gotText}` });
      }
    }
    if (want.exact) {
      for (const [rule, tokens] of byRule) {
        if (!(rule in want.verdicts)) {
          diffs.push({ dialog: label, rule, kind: 'extra-rule', message: `dialog ${label} rule ${rule}: not listed (exact), got ${show(tokens)}` });
        }
      }
    }
  }
  for (const d of dialogs) {
    if (matched.has(d)) continue;
    const label = dialogLabel(d.callId, d.fromTag, d.toTag);
    diffs.push({ dialog: label, kind: 'extra-dialog', message: `dialog ${label}: in the report (${d.kind}), not expected` });
  }
  return diffs;
}

/**
 * An expected file holding every verdict of the report's dialogs (from `inputPath` when given),
 * `exact` on each: for `--update-expected`. Review it against SPEC before committing it.
 */
export function expectedFromReport(report: Report, inputPath?: string, description = 'TODO: what this case shows, with the SPEC section'): ExpectedFile {
  const dialogs = report.dialogs.filter((d) => inputPath === undefined || d.input === inputPath);
  const forked = new Map<string, number>();
  for (const d of dialogs) forked.set(`${d.callId}\0${d.fromTag}`, (forked.get(`${d.callId}\0${d.fromTag}`) ?? 0) + 1);
  return {
    description,
    dialogs: dialogs.map((d) => {
      const verdicts: Record<string, ExpectedVerdict> = {};
      for (const v of d.verdicts) {
        const token = verdictToken(v);
        const prev = verdicts[v.rule];
        if (prev === undefined) verdicts[v.rule] = token;
        else verdicts[v.rule] = Array.isArray(prev) ? [...prev, token] : [prev, token];
      }
      const fork = (forked.get(`${d.callId}\0${d.fromTag}`) ?? 0) > 1;
      const out: ExpectedDialog = { callId: d.callId, fromTag: d.fromTag, ...(fork ? { toTag: d.toTag } : {}), kind: d.kind, exact: true, verdicts };
      return out;
    }),
  };
}
