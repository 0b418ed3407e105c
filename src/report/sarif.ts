// The `sarif` format: SARIF 2.1.0 (schema/sarif-schema-2.1.0.json). Rule metadata comes from the
// registry; results are the fail verdicts (kind "fail", level from severity) and the inconclusive
// ones (kind "open", level "none", as §3.27.9 requires for a non-fail kind), located at the input
// file with the log line as the region, or the capture frame as a location property.
import { registry } from '../rules/index.js';
import type { RuleMeta } from '../rules/types.js';
import { plainJson } from './json-writer.js';
import { sanitize } from './sanitize.js';
import { type Chunk, type DialogFormatter, joinSections, memorySection, type Section, totalItems } from './stream.js';
import type { Report, ReportDialog, ReportEvidence, ReportVerdict } from './types.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export interface SarifOptions {
  /** Rule metadata; defaults to the registry (tests pass their own). */
  rules?: readonly RuleMeta[];
}

/** A path as a relative URI reference (forward slashes, percent-encoded). */
function artifactUri(path: string): string {
  return encodeURI(sanitize(path).replace(/\\/g, '/'));
}

function ruleDescriptor(meta: RuleMeta): Record<string, unknown> {
  return {
    id: meta.id,
    name: meta.id,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: { text: `${meta.clause} (${meta.keyword}). ${meta.description}` },
    defaultConfiguration: { level: LEVEL[meta.severity], enabled: meta.defaultEnabled },
    properties: { clause: meta.clause, source: meta.source, keyword: meta.keyword, basis: meta.basis },
  };
}

function location(e: ReportEvidence, d: ReportDialog): Record<string, unknown> {
  const physical: Record<string, unknown> = { artifactLocation: { uri: artifactUri(e.input) } };
  if (e.line !== undefined) physical.region = { startLine: e.line };
  const properties: Record<string, unknown> = {};
  if (e.frame !== undefined) properties.frame = e.frame;
  if (e.time !== null) properties.time = e.time;
  if (e.header !== undefined) properties.header = sanitize(e.header);
  if (e.note !== undefined) properties.note = sanitize(e.note);
  return {
    physicalLocation: physical,
    logicalLocations: [{ name: sanitize(d.callId), kind: 'sip-dialog' }],
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
}

function result(v: ReportVerdict, d: ReportDialog, ruleIndex: number | undefined): Record<string, unknown> {
  const fail = v.verdict === 'fail';
  const locations = v.evidence.length > 0 ? v.evidence.map((e) => location(e, d)) : [location({ input: d.input, time: d.start }, d)];
  return {
    ruleId: v.rule,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    kind: fail ? 'fail' : 'open',
    level: fail ? LEVEL[v.severity] : 'none',
    message: { text: sanitize(`${v.message} (${v.clause})`) },
    locations: locations.slice(0, 1),
    ...(locations.length > 1 ? { relatedLocations: locations.slice(1).map((l, i) => ({ id: i + 1, ...l })) } : {}),
    properties: {
      verdict: v.verdict,
      severity: v.severity,
      messageId: sanitize(v.messageId),
      dialog: { callId: sanitize(d.callId), fromTag: sanitize(d.fromTag), toTag: d.toTag === null ? null : sanitize(d.toTag), kind: d.kind },
    },
  };
}

/** Results are SARIF results: fails and inconclusives (passes and not-applicable are not). */
function isResult(v: ReportVerdict): boolean {
  return v.verdict === 'fail' || v.verdict === 'inconclusive';
}

/** Where the results array sits in the run as JSON.stringify(…, null, 2) lays it out (last key). */
const RESULTS_SLOT = '"results": []';

const RESULT_INDENT = 8;
const RESULT_SEPARATOR = `,\n${' '.repeat(RESULT_INDENT)}`;

/**
 * A dialog's results. `ruleIndex` resolves a rule to its descriptor; a rule the registry does not
 * know is recorded in the tally (its descriptor is added when the document is put together) and,
 * when the index is not known yet (streaming), its results carry no ruleIndex (optional, §3.27.6).
 */
export function sarifDialogs(ruleIndex: (id: string) => number | undefined): DialogFormatter {
  return {
    separator: RESULT_SEPARATOR,
    items: (d, tally) => {
      const out: string[] = [];
      for (const v of d.verdicts) {
        if (!isResult(v)) continue;
        const index = ruleIndex(v.rule);
        if (index === undefined && !tally.unknownRules.some(([id]) => id === v.rule)) tally.unknownRules.push([v.rule, v.clause]);
        // JSON.stringify(…, null, 2) at the results array's indent, written there directly.
        out.push(plainJson(result(v, d, index), RESULT_INDENT) as string);
      }
      return out;
    },
  };
}

/** Registry rules by id to their descriptor index (the streaming path's resolver). */
export function registryRuleIndex(metas: readonly RuleMeta[] = registry.map((r) => r.meta)): (id: string) => number | undefined {
  const index = new Map<string, number>();
  // Descriptors are one per id (a repeated id keeps its first place), as sarifDocument writes them.
  for (const m of metas) if (!index.has(m.id)) index.set(m.id, index.size);
  return (id) => index.get(id);
}

/**
 * The SARIF log in chunks with the results taken from `sections`: the run is written around its
 * results, one result per chunk, so a large report never becomes one string.
 */
export function* sarifDocument<C extends Chunk>(report: Report, sections: readonly Section<C>[], opts: SarifOptions = {}): Generator<string | C> {
  const metas = opts.rules ?? registry.map((r) => r.meta);
  const descriptors: Record<string, unknown>[] = [];
  const index = new Set<string>();
  const addRule = (id: string, clause: string): void => {
    if (index.has(id)) return;
    index.add(id);
    const meta = metas.find((m) => m.id === id);
    // A verdict from a rule the registry does not know still gets a descriptor, never dropped.
    descriptors.push(meta ? ruleDescriptor(meta) : { id, name: id, properties: { clause: sanitize(clause) } });
  };
  for (const m of metas) addRule(m.id, m.clause);
  for (const s of sections) for (const [id, clause] of s.tally.unknownRules) addRule(id, clause);
  const notifications = report.inputs.flatMap((input) =>
    input.diagnostics.map((diag) => ({
      descriptor: { id: sanitize(diag.code) },
      level: LEVEL[diag.severity],
      message: { text: sanitize(diag.message) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(input.path) },
            ...(diag.line !== undefined ? { region: { startLine: diag.line } } : diag.offset !== undefined ? { region: { byteOffset: diag.offset } } : {}),
          },
          ...(diag.frame !== undefined ? { properties: { frame: diag.frame } } : {}),
        },
      ],
    })),
  );
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'imlint',
            version: report.tool.version,
            rules: descriptors,
          },
        },
        artifacts: report.inputs.map((i) => ({ location: { uri: artifactUri(i.path) }, roles: ['analysisTarget'] })),
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: [],
      },
    ],
  };
  const text = JSON.stringify(sarif, null, 2);
  const at = text.lastIndexOf(RESULTS_SLOT);
  yield text.slice(0, at);
  if (totalItems(sections) === 0) yield '"results": []';
  else {
    yield '"results": [\n        ';
    yield* joinSections(sections, RESULT_SEPARATOR);
    yield '\n      ]';
  }
  yield text.slice(at + RESULTS_SLOT.length) + '\n';
}

/** The in-memory path: every rule with a result gets its index (unknown ones after the registry's). */
export function sarifChunks(report: Report, opts: SarifOptions = {}): Generator<string> {
  const metas = opts.rules ?? registry.map((r) => r.meta);
  const known = registryRuleIndex(metas);
  const unknown = new Map<string, number>();
  let next = new Set(metas.map((m) => m.id)).size;
  for (const d of report.dialogs) {
    for (const v of d.verdicts) if (isResult(v) && known(v.rule) === undefined && !unknown.has(v.rule)) unknown.set(v.rule, next++);
  }
  const section = memorySection('', report.dialogs, sarifDialogs((id) => known(id) ?? unknown.get(id)));
  // The unknown rules, in first-seen order, for their descriptors (the resolver knew their index).
  section.tally.unknownRules = [...unknown.keys()].map((id) => [id, report.dialogs.flatMap((d) => d.verdicts).find((v) => v.rule === id)?.clause ?? '']);
  return sarifDocument(report, [section], opts);
}

export function formatSarif(report: Report, opts: SarifOptions = {}): string {
  return [...sarifChunks(report, opts)].join('');
}
