/** Runs the CLI in-process and captures what it writes. */

import { runCli, type CliIo } from '../../src/cli/main.js';

export interface Outcome { code: number; out: string; err: string }

export async function cli(...argv: string[]): Promise<Outcome> {
  return cliWith({}, ...argv);
}

/** The CLI in-process with standard input's text (for `-`), a terminal or not, and interrupts. */
export async function cliWith(
  o: { stdin?: string; tty?: boolean; interrupt?: CliIo['interrupt'] }, ...argv: string[]
): Promise<Outcome> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => { out += s; return true; }, isTTY: false },
    stderr: { write: (s: string) => { err += s; return true; }, isTTY: o.tty ?? false },
    stdin: o.stdin === undefined ? undefined : () => o.stdin as string,
    interrupt: o.interrupt,
  });
  return { code, out, err };
}
