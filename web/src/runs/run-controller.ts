/**
 * A run of the explorer as a Lit reactive controller: it holds what the run has drawn (the
 * latest result, whether it is final, the progress, the error), asks its element to redraw
 * when any of it changes, and after the element has drawn a result fires the element's event
 * for it (`result`, `psa-result`, ...). Runs are progressive, cancellable and superseding (see
 * progressive.ts): `run` cancels the run in progress. The element's shell owns the point run;
 * a view that needs a run of its own makes it with `ViewContext.useRun`.
 */

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ProgressiveRunner, type Passes } from './progressive.js';

export interface RunProgress { stage: 'quick' | 'refine'; done: number; total: number }

/** The `detail` of a run's event: the result drawn, quick or final, and the time since its change. */
export interface RunResultDetail<R> {
  result: R;
  /** False for the quick first pass, true once the whole run is done. */
  final: boolean;
  /** Milliseconds from the start of the run to the drawn result. */
  elapsedMs: number;
}

export interface RunOptions {
  /** The element's event fired once a result is drawn. */
  event: string;
  /** The `source` of the `error` event fired when the run fails. */
  errorSource: string;
  /** False while the result cannot be drawn yet (its view is still loading): the event waits. */
  drawable?: () => boolean;
}

export class RunController<S, R> implements ReactiveController {
  result: R | null = null;
  final = false;
  progress: RunProgress | null = null;
  error: string | null = null;
  /** The input the result drawn was computed for (the argument of the `run` that made it), or null. */
  resultInput: S | null = null;
  private latestInput: S | null = null;
  private pending: { result: R; final: boolean; startedAt: number } | null = null;
  private readonly runner: ProgressiveRunner<S, R>;

  constructor(private readonly host: ReactiveControllerHost & EventTarget, passes: Passes<S, R>, private readonly options: RunOptions) {
    host.addController(this);
    this.runner = new ProgressiveRunner<S, R>((e) => {
      if (e.kind === 'progress') {
        this.progress = { stage: e.stage, done: e.done, total: e.total };
      } else if (e.kind === 'result') {
        this.pending = { result: e.result, final: e.final, startedAt: e.startedAt };
        this.result = e.result;
        this.resultInput = this.latestInput;
        this.final = e.final;
        if (e.final) this.progress = null;
      } else {
        this.error = e.error.message;
        this.progress = null;
        this.host.dispatchEvent(new CustomEvent('error', { detail: { source: this.options.errorSource, errors: [], message: e.error.message }, composed: true }));
      }
      this.host.requestUpdate();
    }, passes);
  }

  /** True from the start of a run until its final result (or its error). */
  get running(): boolean {
    return this.progress !== null;
  }

  /** Starts a run of `input`, cancelling the one in progress. */
  run(input: S): void {
    this.error = null;
    this.latestInput = input;
    this.runner.run(input);
  }

  /** Cancels the run in progress; what was drawn stays. */
  cancel(): void {
    this.runner.cancel();
    this.progress = null;
  }

  /** Forgets the error (e.g. a run that could not start) and records a new one without running. */
  fail(message: string | null): void {
    this.runner.cancel();
    this.progress = null;
    this.error = message;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.runner.cancel();
  }

  hostUpdated(): void {
    if (!this.pending || (this.options.drawable && !this.options.drawable())) return;
    const { result, final, startedAt } = this.pending;
    this.pending = null;
    this.host.dispatchEvent(new CustomEvent<RunResultDetail<R>>(this.options.event, {
      detail: { result, final, elapsedMs: performance.now() - startedAt }, bubbles: true, composed: true,
    }));
  }
}
