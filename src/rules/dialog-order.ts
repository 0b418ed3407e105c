// Capture order of messages inside one dialog: by time when both have one, else by position in
// the same input (logs without timestamps). Used by rules that replay a dialog's history.
import type { SipMessage } from '../sip/types.js';

export function captureOrder(a: SipMessage, b: SipMessage): number {
  const ta = a.ref.timeNs;
  const tb = b.ref.timeNs;
  if (ta !== null && tb !== null && ta !== tb) return ta < tb ? -1 : 1;
  if (a.ref.input === b.ref.input) return a.ref.offset - b.ref.offset;
  return 0;
}

/** Events of a dialog's history, replayed in capture order (stable for ties). */
export interface Replayed<T> {
  at: SipMessage;
  event: T;
}

export function replay<T>(events: Replayed<T>[]): Replayed<T>[] {
  // Histories are nearly always collected in order already; a stable sort would return them as they are.
  let ordered = true;
  for (let i = 1; i < events.length && ordered; i++) ordered = captureOrder(events[i - 1].at, events[i].at) <= 0;
  if (ordered) return events;
  return events.map((e, i) => ({ e, i })).sort((x, y) => captureOrder(x.e.at, y.e.at) || x.i - y.i).map((x) => x.e);
}
