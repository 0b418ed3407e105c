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
