/**
 * A computation drawn in two passes, a quick one then the full one, with progress. A newer
 * run aborts the older one through its AbortSignal (the pool stops within a chunk), so only
 * the latest change is computed to the end. Not the pool's `supersede`: several elements on
 * a page share the pool, and one element's change must not cancel another's run.
 */

export type ProgressiveEvent<R> =
  | { kind: 'progress'; stage: 'quick' | 'refine'; done: number; total: number }
  | { kind: 'result'; result: R; final: boolean; startedAt: number }
  | { kind: 'error'; error: Error };

/** The passes of one run: emit progress and results; `emit` is silent once the run is superseded. */
export type Passes<S, R> = (input: S, signal: AbortSignal, emit: (e: ProgressiveEvent<R>) => void, startedAt: number) => Promise<void>;

export class ProgressiveRunner<S, R> {
  private controller?: AbortController;

  constructor(private readonly listener: (e: ProgressiveEvent<R>) => void, private readonly passes: Passes<S, R>) {}

  /** Starts a run on `input`, cancelling any run in progress. */
  run(input: S): void {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    const emit = (e: ProgressiveEvent<R>) => {
      if (!signal.aborted) this.listener(e);
    };
    this.passes(input, signal, emit, performance.now()).catch((e: unknown) => {
      if (signal.aborted || (e instanceof Error && e.name === 'AbortError')) return;
      emit({ kind: 'error', error: e instanceof Error ? e : new Error(String(e)) });
    });
  }

  cancel(): void {
    this.controller?.abort(new DOMException('superseded by a newer run', 'AbortError'));
    this.controller = undefined;
  }
}
