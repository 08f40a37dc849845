/** Runs the CLI in-process and captures what it writes. */

import { runCli } from '../../src/cli/main.js';

export interface Outcome { code: number; out: string; err: string }

export async function cli(...argv: string[]): Promise<Outcome> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => { out += s; return true; }, isTTY: false },
    stderr: { write: (s: string) => { err += s; return true; } },
  });
  return { code, out, err };
}
