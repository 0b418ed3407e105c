// Validators the tests share: the report contract and SARIF 2.1.0 with ajv, JUnit with xmllint.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const root = new URL('../../', import.meta.url).pathname;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function compile(schemaFile: string): (data: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schema', schemaFile), 'utf8')));
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
}

export const reportErrors = compile('report.schema.json');
export const sarifErrors = compile('sarif-schema-2.1.0.json');

export const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** xmllint's verdict on a JUnit document against schema/junit-10.xsd: '' when valid. */
export function junitErrors(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'imlint-junit-'));
  try {
    const file = join(dir, 'report.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--schema', join(root, 'schema', 'junit-10.xsd'), file], { encoding: 'utf8' });
    return r.status === 0 ? '' : `${r.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function xmllintVersion(): string {
  return execFileSync('xmllint', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
