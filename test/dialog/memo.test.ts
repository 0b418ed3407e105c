import { describe, expect, it } from 'vitest';
import { memoized } from '../../src/dialog/memo.js';

describe('memoized (answers per dialog, latest first)', () => {
  it('computes once per key and arguments, also when asked out of turn', () => {
    let calls = 0;
    const f = memoized((key: { n: number }, a: string, b: number) => ({ sum: key.n + b, a, call: ++calls }));
    const k1 = { n: 1 };
    const k2 = { n: 2 };
    const first = f(k1, 'x', 10);
    expect(f(k1, 'x', 10)).toBe(first); // the latest
    const second = f(k2, 'x', 10);
    expect(f(k1, 'x', 10)).toBe(first); // out of turn: from the WeakMap
    expect(f(k2, 'x', 10)).toBe(second);
    expect(calls).toBe(2);
  });

  it('answers again when an argument changes', () => {
    let calls = 0;
    const f = memoized((key: object, a: string, b: undefined) => `${a}${b ?? ''}${++calls}`);
    const k = {};
    expect(f(k, 'x', undefined)).toBe('x1');
    expect(f(k, 'y', undefined)).toBe('y2');
    expect(f(k, 'y', undefined)).toBe('y2');
    expect(f(k, 'x', undefined)).toBe('x3'); // one answer kept per key: the latest arguments
  });

  it('does not keep an answer that threw', () => {
    let fail = true;
    const f = memoized((key: object, _a: undefined, _b: undefined) => {
      if (fail) throw new Error('no');
      return 'ok';
    });
    const k = {};
    expect(() => f(k, undefined, undefined)).toThrow('no');
    fail = false;
    expect(f(k, undefined, undefined)).toBe('ok');
  });
});
