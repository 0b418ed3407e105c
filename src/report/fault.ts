// A failure injected for tests of what happens when one input's analysis breaks part-way
// (test/report/input-failure.test.ts). Only the environment variable IMLINT_TEST_FAULT turns it on,
// no option does: "<kind>:<file name>:<count>" makes the analysis of the input with that file name
// fail. At the first batch after <count> SIP messages were read: `read` the reader throws (an I/O
// error mid-file), `crash` an uncaught exception ends the thread. Before judging dialog <count> + 1:
// `judge` an exception escapes judging (a bug outside the rules), `exit` the thread exits (code 70).
import { basename } from 'node:path';

export type FaultKind = 'read' | 'crash' | 'judge' | 'exit';

export interface Fault {
  kind: FaultKind;
  /** Messages read (`read`, `crash`) or dialogs judged (`judge`, `exit`) before it strikes. */
  after: number;
}

const KINDS: readonly string[] = ['read', 'crash', 'judge', 'exit'];

/** The fault planned for `path`, if any (read once per input, never per message). */
export function faultFor(path: string): Fault | undefined {
  const spec = process.env.IMLINT_TEST_FAULT;
  if (spec === undefined || spec === '') return undefined;
  const [kind, name, after] = spec.split(':');
  if (!KINDS.includes(kind) || name !== basename(path) || !/^\d+$/.test(after ?? '')) return undefined;
  return { kind: kind as FaultKind, after: Number(after) };
}

/** Whether the fault strikes between batches (else between dialogs). */
export function strikesOnRead(fault: Fault): boolean {
  return fault.kind === 'read' || fault.kind === 'crash';
}

/** Before judging a dialog, `judged` judged so far: throws or ends the thread once due. */
export function strike(fault: Fault, judged: number): void {
  if (judged < fault.after) return;
  if (fault.kind === 'exit') process.exit(70);
  throw new Error(`injected failure after ${judged} dialogs`);
}

/** The batches of a reader that fails once `read()` messages have been read. */
export async function* failingBatches<T>(batches: AsyncIterable<T>, fault: Fault, read: () => number): AsyncGenerator<T> {
  for await (const batch of batches) {
    if (read() >= fault.after) {
      if (fault.kind === 'read') throw new Error(`EIO: i/o error, read (injected after ${read()} SIP messages)`);
      // Uncaught, from the event loop, while the analysis waits for a batch that never comes.
      setImmediate(() => {
        throw new Error(`injected crash after ${read()} SIP messages`);
      });
      await new Promise(() => undefined);
    }
    yield batch;
  }
}
