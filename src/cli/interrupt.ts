/**
 * Ctrl-C during a run: the run is cancelled (it stops within one chunk), the progress line is
 * cleared, `cgt-access: interrupted` is printed on its own line and the exit status is 130;
 * nothing is written to standard output or to --out. A second Ctrl-C ends the process at once.
 * Outside a run (reading standard input, writing the output) Ctrl-C keeps its usual effect.
 */

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
