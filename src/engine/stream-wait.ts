/**
 * The pool's side of its workers' calls: settling a run's lanes of round trips, and following
 * a stream (workers that claim work from counters in shared memory and publish into a ring).
 */

import { CONTROL } from './worker.js';

/** While a stream runs, the pool folds what is ready (and reports progress) at least this often. */
export const STREAM_FOLD_MS = 16;

/** Atomics.waitAsync where the platform has it (Node 16+, Chromium; not every browser yet). */
type WaitAsync = (a: Int32Array, index: number, value: number, timeout: number) => { async: false; value: string } | { async: true; value: Promise<string> };
export const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** A run's control words in shared memory (`CONTROL`), all 0. */
export function newControl(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(CONTROL.WORDS * Int32Array.BYTES_PER_ELEMENT));
}

/** Sets a run's abort flag and wakes a streaming worker waiting for a free slot, and the pool waiting for work to fold. */
export function raiseAbort(control: Int32Array): void {
  Atomics.store(control, CONTROL.ABORT, 1);
  Atomics.notify(control, CONTROL.FOLDED);
  Atomics.notify(control, CONTROL.SIGNAL);
}

/**
 * Calls `onAbort` when `signal` aborts, or at once when it has already aborted (a listener
 * added to an aborted signal is never called: a run superseded while it was still being set
 * up, e.g. compiling the cohort-years engine, then never raised its workers' abort flag and
 * waited for them forever). Returns the function that stops listening.
 */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  if (signal.aborted) {
    onAbort();
    return () => undefined;
  }
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/**
 * Waits for every one of `lanes` (a run's lanes of round trips) to settle; the first to fail
 * calls `stop` at once, so that the others end at their next piece of work, and the result
 * rejects with the first failure once all have settled (no work of a failed run goes on behind
 * the next one).
 */
export async function settleAll(lanes: Promise<unknown>[], stop: () => void): Promise<void> {
  const settled = await Promise.allSettled(lanes.map((lane) => lane.catch((e: unknown) => {
    stop();
    throw e;
  })));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * Follows a stream until all of it is folded, `signal` aborts, a worker fails or every worker
 * has returned: `calls` are the workers' calls (one each), `fold` folds what is ready in the
 * ring (and frees its slots: CONTROL.FOLDED) and says whether all is folded, `stop` sets the
 * abort flag. Woken by the workers (CONTROL.SIGNAL) or every STREAM_FOLD_MS. When all is folded
 * the workers are past their last piece of work and touch neither the ring nor the run again:
 * their replies (a message each, about a millisecond later on two cores) are not waited for.
 * A worker's failure, or `fold`'s, stops the others and rejects, once every worker has returned.
 */
export async function followStream(
  control: Int32Array, signal: AbortSignal, calls: Promise<unknown>[], fold: () => boolean, stop: () => void,
): Promise<void> {
  if (!waitAsync) throw new Error('cgt-access: a stream needs Atomics.waitAsync');
  let ended = false;
  let failed = false;
  const workers = Promise.allSettled(calls.map((call) => call.catch((e: unknown) => {
    failed = true;
    stop();
    throw e;
  }))).then((settled) => {
    ended = true;
    Atomics.notify(control, CONTROL.SIGNAL);
    return settled;
  });
  try {
    for (;;) {
      // Read before folding: once every worker has returned, every piece of work claimed is in the ring.
      const allReturned = ended;
      const seen = Atomics.load(control, CONTROL.SIGNAL);
      if (fold()) return;
      if (signal.aborted || failed || allReturned) {
        // The workers stop at their next piece of work, whoever aborted (and however).
        if (signal.aborted) stop();
        break;
      }
      const wait = waitAsync(control, CONTROL.SIGNAL, seen, STREAM_FOLD_MS);
      if (wait.async) await wait.value;
    }
  } catch (e) {
    // `fold` threw (a callback in it, or a run's scenario): stop the workers before settling.
    stop();
    await workers;
    throw e;
  }
  const failure = (await workers).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
