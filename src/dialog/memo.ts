// Answers to pure questions about a dialog (or one of its messages, cycles) computed once. The
// rules of one dialog ask one after another, so the latest answer is checked first, by identity;
// a WeakMap keeps every answer for questions asked out of turn (the report asks again later).

/** `compute(key, a, b)` memoised per key while `a` and `b` stay the same (compared with ===). */
export function memoized<K extends object, A, B, V>(compute: (key: K, a: A, b: B) => V): (key: K, a: A, b: B) => V {
  const byKey = new WeakMap<K, { a: A; b: B; value: V }>();
  let latest: { key: K; a: A; b: B; value: V } | undefined;
  return (key, a, b) => {
    if (latest !== undefined && latest.key === key && latest.a === a && latest.b === b) return latest.value;
    const hit = byKey.get(key);
    let value: V;
    if (hit !== undefined && hit.a === a && hit.b === b) value = hit.value;
    else {
      value = compute(key, a, b);
      byKey.set(key, { a, b, value });
    }
    latest = { key, a, b, value };
    return value;
  };
}
