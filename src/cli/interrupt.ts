/**
 * Ctrl-C during a run (of `run`, `psa`, `lines`, `price` and `budget`, each through `cliRun`): the run is cancelled (it stops within one chunk), the progress line is
 * cleared, `cgt-access: interrupted` is printed on its own line and the exit status is 130;
 * nothing is written to standard output or to --out. A second Ctrl-C ends the process at once.
 * Outside a run (reading standard input, writing the output) Ctrl-C keeps its usual effect.
 */

import type { Progress } from '../model/run-options.js';
import { ProgressBar } from './progress.js';

/** Listens for interrupts while a run goes on: calls `abort` on one, returns the function that stops listening. */
export type InterruptWatch = (abort: () => void) => () => void;

/** Node's: SIGINT (Ctrl-C on a terminal). */
export const sigint: InterruptWatch = (abort) => {
  let count = 0;
  const onSigint = () => {
    if (++count > 1) process.exit(130);
    abort();
  };
  process.on('SIGINT', onSigint);
  return () => {
    process.off('SIGINT', onSigint);
  };
};

/** The exit status of a run ended by Ctrl-C (128 + SIGINT's number, as shells report it). */
export const INTERRUPTED_STATUS = 130;

/** An interrupt, as the error a run rejects with. */
export class Interrupted extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('interrupted');
  }
}

/** A run's cancellation by interrupts (none when `watch` is not given, as in tests): its signal, and `done` to stop listening. */
export function interruptible(io: { interrupt?: InterruptWatch }): { signal?: AbortSignal; done(): void } {
  if (!io.interrupt) return { done: () => undefined };
  const controller = new AbortController();
  const stop = io.interrupt(() => controller.abort(new Interrupted()));
  return { signal: controller.signal, done: stop };
}

/** What a command's run is given: the signal that cancels it on an interrupt, and the progress bar's update. */
export interface CliRunHooks {
  signal?: AbortSignal;
  onProgress: (p: Progress) => void;
}

/**
 * The one way a command runs something long: a progress bar on standard error (a terminal's), the
 * interrupts listened to while `work` goes on, and both ended however it ends (the progress line
 * cleared before anything else is printed). An interrupt rejects with `Interrupted`, which
 * `runCli` reports as "interrupted", exit status 130.
 */
export async function cliRun<T>(
  io: { stderr: unknown; interrupt?: InterruptWatch }, work: (hooks: CliRunHooks) => Promise<T>,
): Promise<T> {
  const bar = new ProgressBar(io.stderr as NodeJS.WriteStream);
  const run = interruptible(io);
  try {
    return await work({ signal: run.signal, onProgress: (p) => bar.update(p) });
  } finally {
    run.done();
    bar.done();
  }
}
