// Turning header fields into a HeaderValue: absent / ok / malformed / conflict. Single-valued
// headers repeated with different values are a conflict; list headers merge as if comma-joined.
import type { Diagnostic, SourceRef } from '../capture/types.js';
import type { HeaderField, HeaderValue } from './types.js';
import { clip, sipDiagnostic } from './diagnostics.js';
import { splitList } from './list.js';
import { appended } from './appended.js';

/** What a reader sees of a message. */
export interface HeaderReadContext {
  readonly ref: SourceRef;
  fields(name: string): HeaderField[];
  /** Message offset of character `index` of a field's (unfolded) value. */
  offsetIn(field: HeaderField, index: number): number;
}

/** Result of parsing one value (or one list item): the value, or where and why it failed. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; index: number; message: string };

export type ValueParser<T> = (text: string) => Parsed<T>;

function malformed<T>(ctx: HeaderReadContext, name: string, fields: HeaderField[], field: HeaderField, index: number, message: string): HeaderValue<T> {
  const diagnostic = sipDiagnostic(ctx.ref, 'error', 'sip.header.malformed', `${name}: ${message}`, ctx.offsetIn(field, index), name);
  return { state: 'malformed', fields, diagnostic };
}

/** A header that must appear once (or repeat with the same value). */
export function readSingle<T>(ctx: HeaderReadContext, name: string, parse: ValueParser<T>): HeaderValue<T> {
  const fields = ctx.fields(name);
  if (fields.length === 0) return { state: 'absent' };
  const first = fields[0];
  for (let i = 1; i < fields.length; i++) {
    if (fields[i].value !== first.value) {
      const diagnostic: Diagnostic = sipDiagnostic(ctx.ref, 'error', 'sip.header.conflict', `${name} appears more than once with different values (${clip(first.value)}, ${clip(fields[i].value)})`, fields[i].offset, name);
      return { state: 'conflict', fields, diagnostic };
    }
  }
  const parsed = parse(first.value);
  if (!parsed.ok) return malformed(ctx, name, fields, first, parsed.index, parsed.message);
  return { state: 'ok', value: parsed.value, fields };
}

/**
 * A list header: every field's value split on commas outside quotes and <...>, items parsed in
 * order. `allowEmpty` accepts a field with an empty value (e.g. `Supported:` with no option tag).
 */
export function readList<T>(ctx: HeaderReadContext, name: string, parseItem: ValueParser<T>, allowEmpty: boolean): HeaderValue<T[]> {
  const fields = ctx.fields(name);
  if (fields.length === 0) return { state: 'absent' };
  let values: T[] | undefined;
  for (const field of fields) {
    if (field.value.length === 0) {
      if (allowEmpty) continue;
      return malformed(ctx, name, fields, field, 0, 'empty value');
    }
    for (const item of splitList(field.value)) {
      if (item.text.length === 0) return malformed(ctx, name, fields, field, item.start, 'empty list element');
      const parsed = parseItem(item.text);
      if (!parsed.ok) return malformed(ctx, name, fields, field, item.start + parsed.index, parsed.message);
      values = appended(values, parsed.value);
    }
  }
  return { state: 'ok', value: values ?? [], fields };
}
