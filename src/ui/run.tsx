// Mounts the Ink app on the terminal and resolves when the user quits. The CLI calls this only
// when stdin and stdout are terminals and CI is unset (src/cli/io.ts canRunTui).
import { render } from 'ink';
import type { Report } from '../report/types.js';
import { App } from './App.js';
import type { DialogSource } from './dialog-store.js';

export interface Terminal {
  stdout: { write(chunk: string): unknown };
  stdin?: NodeJS.ReadStream;
}

/** `dialogs`: where the report's dialogs are when `report.dialogs` is empty (the spool). */
export async function runTui(report: Report, io: Terminal, dialogs?: DialogSource): Promise<void> {
  const stdin = io.stdin ?? process.stdin;
  const instance = render(<App report={report} dialogs={dialogs} interactive={stdin.isTTY === true} />, {
    stdout: io.stdout as NodeJS.WriteStream,
    stdin,
    exitOnCtrlC: true,
  });
  await instance.waitUntilExit();
}
