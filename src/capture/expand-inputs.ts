// expandInputs: command-line paths → input files. Directories are walked recursively in sorted
// order; sidecar files (expected verdicts, tshark views) and hidden entries are skipped.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from './types.js';

const SIDECARS = ['.expected.json', '.tshark.tsv'];

function isSidecar(name: string): boolean {
  return name.startsWith('.') || SIDECARS.some((s) => name.endsWith(s));
}

function unreadable(path: string, e: unknown): Diagnostic {
  return { severity: 'error', code: 'input.unreadable', message: `cannot read ${path}: ${(e as Error).message}`, input: path };
}

export async function expandInputs(paths: string[]): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const visited = new Set<string>();

  async function walk(dir: string): Promise<void> {
    let real: string;
    let names: string[];
    try {
      real = await realpath(dir);
      if (visited.has(real)) return; // a symlink loop
      visited.add(real);
      names = (await readdir(dir)).filter((n) => !isSidecar(n)).sort();
    } catch (e) {
      diagnostics.push(unreadable(dir, e));
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      try {
        const info = await stat(path);
        if (info.isDirectory()) await walk(path);
        else if (info.isFile()) files.push(path);
      } catch (e) {
        diagnostics.push(unreadable(path, e));
      }
    }
  }

  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) await walk(path);
      else files.push(path); // named explicitly: opened even if it is a sidecar or a FIFO
    } catch (e) {
      diagnostics.push(unreadable(path, e));
    }
  }
  return { files, diagnostics };
}
