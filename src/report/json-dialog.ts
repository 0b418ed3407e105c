// A ReportDialog as the json format writes it (`reportJson(d, 4)`, or its bytes), from text worked
// out once instead of walking the objects generically (issue 6): the report is ~7× the capture and
// its cost was in quoting every key, testing every string against the escape class and putting
// each value between three pieces of text. Here the text between two members (closing quote,
// comma, newline, indent, quoted key, opening quote) is one constant per key, position and kind of
// value; a verdict's rule, verdict, severity, clause and messageId are written once per distinct
// combination; a string member repeating the previous value of the same key (the input, evidence
// times) reuses its checked text. Only objects of the report's own shape take this path (plain
// objects, known keys, in any order); anything else is written by the generic writer, so the bytes
// are `reportJson`'s in every case (property-tested).
import { reportJson, reportJsonBytes, reportStringBody } from './json-writer.js';
import type { ReportDialog } from './types.js';

/** Strings that need neither escaping, sanitising nor encoding: printable ASCII but `"` and `\`. */
const NOT_PLAIN_ASCII = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

/** How a member's value is written: decides what the text before it ends with. */
const STRING = 0; // the text before opens the quote; the text after closes it
const RAW = 1; // number, boolean, nested object or array
const NULL = 2; // `null`, part of the text before
type Kind = typeof STRING | typeof RAW | typeof NULL;
/** No member written yet. */
const NONE = -1;

/** Where a dialog, its verdicts and their evidence sit in the document (dialogs array at 2). */
const DIALOG_INDENT = 4;
const VERDICT_INDENT = 8;
const EVIDENCE_INDENT = 12;

function spaces(n: number): string {
  return ' '.repeat(n);
}

/** A string's characters in one flat piece (text built once and written many times). */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** What the generic writer puts between a string member's quotes. */
function stringBody(text: string, bytes: boolean): string {
  return NOT_PLAIN_ASCII.test(text) ? reportStringBody(text, bytes) : text;
}

/** The generic writer's text for any value at an indent (undefined where JSON leaves it out). */
function generic(value: unknown, indent: number, bytes: boolean): string | undefined {
  return bytes ? reportJsonBytes(value, indent) : reportJson(value, indent);
}

/**
 * The members of one shape of object at one indent, in one mode (text, or UTF-8 bytes as latin1
 * characters): the text before each member and after the last, and the last string written per key.
 */
class Members {
  readonly keys: readonly string[];
  private readonly index = new Map<string, number>();
  /** [key * 12 + (previous kind + 1) * 3 + kind]. */
  private readonly before: string[] = [];
  /** [previous kind + 1]. */
  private readonly after: string[];
  private readonly lastText: string[];
  private readonly lastBody: string[];

  constructor(
    indent: number,
    keys: readonly string[],
    readonly bytes: boolean,
  ) {
    this.keys = keys;
    const inner = `\n${spaces(indent + 2)}`;
    for (let k = 0; k < keys.length; k++) {
      this.index.set(keys[k], k);
      for (let previous = NONE; previous <= NULL; previous++) {
        const start = previous === NONE ? `{${inner}` : `${previous === STRING ? '"' : ''},${inner}`;
        for (let kind = STRING; kind <= NULL; kind++) {
          const open = kind === STRING ? '"' : kind === NULL ? 'null' : '';
          this.before.push(flat(`${start}${JSON.stringify(keys[k])}: ${open}`));
        }
      }
    }
    const close = `\n${spaces(indent)}}`;
    this.after = [flat('{}'), flat(`"${close}`), flat(close), flat(close)];
    this.lastText = keys.map(() => '');
    this.lastBody = keys.map(() => '');
  }

  /** The key's position, or undefined for a key this shape does not have. */
  keyAt(key: string, expected: number): number | undefined {
    return this.keys[expected] === key ? expected : this.index.get(key);
  }

  textBefore(key: number, previous: number, kind: Kind): string {
    return this.before[key * 12 + (previous + 1) * 3 + kind];
  }

  textAfter(previous: number): string {
    return this.after[previous + 1];
  }

  /** A string member's text between its quotes. */
  body(key: number, text: string): string {
    if (text === this.lastText[key]) return this.lastBody[key];
    const body = stringBody(text, this.bytes);
    this.lastText[key] = text;
    this.lastBody[key] = body;
    return body;
  }

  /**
   * A plain object of this shape, members in its own order, undefined members left out; `nested`
   * writes object members (undefined: not this shape). Undefined when the object is not this shape.
   */
  text(object: object, nested?: (key: number, value: object) => string | undefined): string | undefined {
    if (Object.getPrototypeOf(object) !== Object.prototype) return undefined;
    let out = '';
    let previous = NONE;
    let expected = 0;
    for (const name in object) {
      const key = this.keyAt(name, expected);
      if (key === undefined) return undefined;
      expected = key + 1;
      const value = (object as Record<string, unknown>)[name];
      let kind: Kind;
      let text: string;
      switch (typeof value) {
        case 'string':
          kind = STRING;
          text = this.body(key, value);
          break;
        case 'number':
          kind = Number.isFinite(value) ? RAW : NULL;
          text = kind === RAW ? String(value) : '';
          break;
        case 'boolean':
          kind = RAW;
          text = value ? 'true' : 'false';
          break;
        case 'undefined':
          continue;
        case 'object': {
          if (value === null) {
            kind = NULL;
            text = '';
            break;
          }
          const written = nested?.(key, value);
          if (written === undefined) return undefined;
          kind = RAW;
          text = written;
          break;
        }
        default:
          return undefined;
      }
      out += this.textBefore(key, previous, kind) + text;
      previous = kind;
    }
    return out + this.textAfter(previous);
  }
}

const DIALOG_KEYS = ['input', 'callId', 'fromTag', 'toTag', 'kind', 'classifiedBy', 'client', 'peer', 'start', 'end', 'verdicts', 'conferenceUri', 'ladder', 'timer'];
const VERDICTS = DIALOG_KEYS.indexOf('verdicts');
/** buildVerdict's order: the only one the verdict's fast path takes. */
const VERDICT_KEYS = ['rule', 'verdict', 'severity', 'clause', 'messageId', 'message', 'evidence'];
const EVIDENCE_KEYS = ['input', 'time', 'frame', 'line', 'header', 'note'];

/** A verdict's text up to its message's opening quote, for one combination of its first five members. */
interface Head {
  verdict: string;
  severity: string;
  clause: string;
  messageId: string;
  /** After `[` (first verdict) and after a verdict. */
  first: string;
  later: string;
}

/** Distinct heads kept (the registry has ~40 rules with a few messages each; arbitrary input is bounded). */
const HEADS_MAX = 4096;

/** Everything the dialog writer works out once, per mode. */
class DialogWriter {
  private readonly dialog: Members;
  private readonly evidence: Members;
  private readonly heads = new Map<string, Head[]>();
  private headCount = 0;
  private readonly verdictLine = `\n${spaces(VERDICT_INDENT)}`;
  private readonly noEvidence = flat(`",\n${spaces(VERDICT_INDENT + 2)}"evidence": []\n${spaces(VERDICT_INDENT)}}`);
  private readonly evidenceOpen = flat(`",\n${spaces(VERDICT_INDENT + 2)}"evidence": [\n${spaces(EVIDENCE_INDENT)}`);
  private readonly evidenceSeparator = flat(`,\n${spaces(EVIDENCE_INDENT)}`);
  private readonly evidenceClose = flat(`\n${spaces(VERDICT_INDENT + 2)}]\n${spaces(VERDICT_INDENT)}}`);
  private readonly verdictsClose = flat(`\n${spaces(VERDICT_INDENT - 2)}]`);
  private readonly nestedInDialog = (key: number, value: object): string | undefined =>
    key === VERDICTS && Array.isArray(value) ? this.verdicts(value) : generic(value, DIALOG_INDENT + 2, this.bytes);

  constructor(private readonly bytes: boolean) {
    this.dialog = new Members(DIALOG_INDENT, DIALOG_KEYS, bytes);
    this.evidence = new Members(EVIDENCE_INDENT, EVIDENCE_KEYS, bytes);
  }

  text(d: ReportDialog): string {
    return this.dialog.text(d, this.nestedInDialog) ?? (generic(d, DIALOG_INDENT, this.bytes) as string);
  }

  private verdicts(list: readonly unknown[]): string {
    if (list.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      const text = typeof v === 'object' && v !== null ? this.verdict(v, i === 0) : undefined;
      out += text ?? (i === 0 ? '' : ',') + this.verdictLine + (generic(v, VERDICT_INDENT, this.bytes) ?? 'null');
    }
    return out + this.verdictsClose;
  }

  /** One verdict after its separator; undefined when it is not buildVerdict's shape. */
  private verdict(v: object, first: boolean): string | undefined {
    if (Object.getPrototypeOf(v) !== Object.prototype) return undefined;
    let i = 0;
    for (const name in v) if (name !== VERDICT_KEYS[i++]) return undefined;
    if (i !== VERDICT_KEYS.length) return undefined;
    const { rule, verdict, severity, clause, messageId, message, evidence } = v as Record<string, unknown>;
    if (typeof rule !== 'string' || typeof verdict !== 'string' || typeof severity !== 'string' || typeof clause !== 'string') return undefined;
    if (typeof messageId !== 'string' || typeof message !== 'string' || !Array.isArray(evidence)) return undefined;
    const head = this.head(rule, verdict, severity, clause, messageId);
    let out = (first ? head.first : head.later) + stringBody(message, this.bytes);
    if (evidence.length === 0) return out + this.noEvidence;
    out += this.evidenceOpen;
    for (let e = 0; e < evidence.length; e++) {
      const item: unknown = evidence[e];
      const text = typeof item === 'object' && item !== null && !Array.isArray(item) ? this.evidence.text(item) : undefined;
      if (text === undefined) return undefined;
      out += e === 0 ? text : this.evidenceSeparator + text;
    }
    return out + this.evidenceClose;
  }

  private head(rule: string, verdict: string, severity: string, clause: string, messageId: string): Head {
    let list = this.heads.get(rule);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const h = list[i];
        if (h.verdict === verdict && h.severity === severity && h.clause === clause && h.messageId === messageId) return h;
      }
    }
    // A new head: the bound holds whether its rule is new or not.
    if (this.headCount >= HEADS_MAX) {
      this.heads.clear();
      this.headCount = 0;
      list = undefined;
    }
    if (list === undefined) this.heads.set(rule, (list = []));
    const inner = `,\n${spaces(VERDICT_INDENT + 2)}`;
    const body = (text: string): string => stringBody(text, this.bytes);
    const members =
      `{\n${spaces(VERDICT_INDENT + 2)}"rule": "${body(rule)}"${inner}"verdict": "${body(verdict)}"${inner}"severity": "${body(severity)}"` +
      `${inner}"clause": "${body(clause)}"${inner}"messageId": "${body(messageId)}"${inner}"message": "`;
    const head: Head = { verdict, severity, clause, messageId, first: flat(this.verdictLine + members), later: flat(`,${this.verdictLine}${members}`) };
    list.push(head);
    this.headCount++;
    return head;
  }
}

const textWriter = new DialogWriter(false);
const bytesWriter = new DialogWriter(true);

/** `reportJson(d, 4)`: a dialog as an item of the document's dialogs array. */
export function dialogJson(d: ReportDialog): string {
  return textWriter.text(d);
}

/** `reportJsonBytes(d, 4)`: the same as UTF-8 bytes in a latin1 string. */
export function dialogJsonBytes(d: ReportDialog): string {
  return bytesWriter.text(d);
}
