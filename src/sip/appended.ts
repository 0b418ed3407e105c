// Arrays kept on parsed messages. An array grown by push() from [] reserves 17 slots (~150 bytes
// for one item); a held message keeps several, so short lists start as one-item literals, which
// reserve exactly one slot, and only longer ones grow.

/**
 * `list` with `item` added; a new one-item array when there is no list yet or it is empty (so
 * only for arrays nothing else holds a reference to).
 */
export function appended<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined || list.length === 0) return [item];
  list.push(item);
  return list;
}

/** Lists up to this long are copied to grow by one (push would reserve 16 spare slots). */
const TIGHT_UP_TO = 8;

/**
 * `appended` for lists held for a dialog's lifetime (a transaction's responses, a dialog's
 * transactions): a short list is copied into an array of exactly its items, a longer one grows.
 * The result may be a new array: only for arrays nothing else holds a reference to.
 */
export function appendedTight<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined || list.length === 0) return [item];
  if (list.length >= TIGHT_UP_TO) {
    list.push(item);
    return list;
  }
  return Array.of(...list, item);
}

/** `appendedTight` for lists of pairs (key, value, key, value, ...): tight up to as many pairs. */
export function pairAppendedTight<T>(list: T[], a: T, b: T): T[] {
  if (list.length >= 2 * TIGHT_UP_TO) {
    list.push(a, b);
    return list;
  }
  return Array.of(...list, a, b);
}
