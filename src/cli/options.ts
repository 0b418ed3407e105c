// The judge command's options as commander hands them over, and their translation into the
// config file's shape (validated by src/config/load.ts) and capture options.
import { InvalidArgumentError } from 'commander';
import type { CaptureLimits, InputFormat } from '../capture/types.js';
import type { ConfigInput } from '../config/load.js';

export type OutputFormat = 'tui' | 'text' | 'json' | 'junit' | 'sarif';

export interface JudgeOptions {
  format?: OutputFormat;
  output?: string;
  failOn: 'error' | 'warning' | 'never';
  config?: string;
  client?: string;
  aor?: string;
  conferenceFactory?: string;
  groupUri?: string;
  imRelease?: string;
  profile?: string;
  strictVantage?: boolean;
  lenient?: boolean;
  anonymous?: boolean;
  generalScope?: string;
  terminating?: boolean;
  maxAdhocGroupSize?: number;
  confSubscribeWindow?: number;
  tol?: number;
  tolHalf?: number;
  rule: string[];
  inputFormat?: InputFormat;
  merge?: boolean;
  strict?: boolean;
  jobs: number;
  maxMessageBytes?: number;
  maxOpenFlows?: number;
  maxFlowBuffer?: number;
  maxFragmentSets?: number;
  maxOpenDialogs?: number;
  maxHeaders?: number;
  expect?: boolean;
  baseline?: string;
  updateExpected?: boolean;
  color: boolean;
}

export const INPUT_FORMATS: readonly InputFormat[] = ['pcap', 'pcapng', 'sipp-trace', 'ngrep', 'sngrep', 'raw-sip'];

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0');
  return n;
}

export function positiveInteger(value: string): number {
  const n = positiveNumber(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number > 0');
  return n;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Flag name of each config key, so a bad value names the flag the user typed. */
export const FLAG_NAMES: Partial<Record<keyof ConfigInput, string>> = {
  client: '--client',
  aor: '--aor',
  conferenceFactory: '--conference-factory',
  groupUri: '--group-uri',
  imRelease: '--im-release',
  profile: '--profile',
  generalScope: '--general-scope',
  maxAdhocGroupSize: '--max-adhoc-group-size',
  tolSec: '--tol',
  tolHalfSec: '--tol-half',
  confSubscribeWindowSec: '--conf-subscribe-window',
  maxOpenDialogs: '--max-open-dialogs',
  limits: 'limits flags',
  rules: '--rule',
};

/** Flags in the config file's shape; only the flags actually given (so the file's values stay). */
export function flagsAsConfig(o: JudgeOptions, rules: ConfigInput['rules']): ConfigInput {
  const c: ConfigInput = {};
  if (o.client !== undefined) c.client = o.client;
  if (o.aor !== undefined) c.aor = o.aor;
  if (o.conferenceFactory !== undefined) c.conferenceFactory = o.conferenceFactory;
  if (o.groupUri !== undefined) c.groupUri = o.groupUri;
  if (o.imRelease !== undefined) c.imRelease = o.imRelease as ConfigInput['imRelease'];
  if (o.profile !== undefined) c.profile = o.profile as ConfigInput['profile'];
  if (o.strictVantage) c.strictVantage = true;
  if (o.lenient) c.lenient = true;
  if (o.anonymous) c.anonymous = true;
  if (o.terminating) c.terminating = true;
  if (o.generalScope !== undefined) c.generalScope = o.generalScope as ConfigInput['generalScope'];
  if (o.maxAdhocGroupSize !== undefined) c.maxAdhocGroupSize = o.maxAdhocGroupSize;
  if (o.confSubscribeWindow !== undefined) c.confSubscribeWindowSec = o.confSubscribeWindow;
  if (o.tol !== undefined) c.tolSec = o.tol;
  if (o.tolHalf !== undefined) c.tolHalfSec = o.tolHalf;
  if (o.maxOpenDialogs !== undefined) c.maxOpenDialogs = o.maxOpenDialogs;
  if (rules !== undefined && Object.keys(rules).length > 0) c.rules = rules;
  const limits: Partial<CaptureLimits> = {};
  if (o.maxMessageBytes !== undefined) limits.maxMessageBytes = o.maxMessageBytes;
  if (o.maxOpenFlows !== undefined) limits.maxOpenFlows = o.maxOpenFlows;
  if (o.maxFlowBuffer !== undefined) limits.maxFlowBuffer = o.maxFlowBuffer;
  if (o.maxFragmentSets !== undefined) limits.maxFragmentSets = o.maxFragmentSets;
  if (o.maxHeaders !== undefined) limits.maxHeaders = o.maxHeaders;
  if (Object.keys(limits).length > 0) c.limits = limits;
  return c;
}
