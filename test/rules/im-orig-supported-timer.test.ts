// IM-ORIG-SUPPORTED-TIMER (SPEC §5.1): expected verdicts written from SPEC.
import { describe, expect, test } from 'vitest';
import { rule } from '../../src/rules/im-orig-supported-timer.js';
import { ctx, msgAt, tokens } from '../helpers/group-session.js';
import { invite, origDialog } from './orig-request.js';

const judge = (changes: Record<string, string | null>) => rule.check(origDialog({ invite: invite(changes) }), ctx());

describe('IM-ORIG-SUPPORTED-TIMER', () => {
  test('compact k: timer passes; option tags ignore case', () => {
    expect(tokens(judge({}))).toEqual(['pass']);
    expect(tokens(judge({ k: '100rel, TIMER' }))).toEqual(['pass']);
  });

  test('Supported lines are merged', () => {
    const msg = invite({ k: '100rel' });
    const text = msg.headers.map((h) => `${h.name}: ${h.value}`).join('\n');
    expect(tokens(rule.check(origDialog({ invite: msgAt(`${msg.startLine}\n${text}\nSupported: timer\n`, 0) }), ctx()))).toEqual(['pass']);
  });

  test('absent fails (error)', () => {
    const [v] = judge({ k: null });
    expect([v.verdict, v.severity, v.messageId]).toEqual(['fail', 'error', 'absent']);
  });

  test('Require: timer does not count, and the message says so', () => {
    const [v] = judge({ k: 'replaces', Require: 'timer' });
    expect([v.verdict, v.messageId]).toEqual(['fail', 'missing']);
    expect(v.message).toBe('Supported does not list timer (tags: replaces); Require: timer does not count (RFC 4028 §7.1)');
    expect(v.evidence.map((e) => e.header)).toEqual(['k: replaces', 'Require: timer']);
  });
});
