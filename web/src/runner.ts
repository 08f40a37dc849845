/**
 * Runs a scenario in the engine's web workers: a quick first pass (10^5 patients) drawn at
 * once, then the scenario's own patient count, with progress. A newer run of the same runner
 * aborts the older one through its AbortSignal (the pool stops it within a chunk), so only
 * the latest change is computed to the end. Not the pool's `supersede`: several elements on a
 * page share the pool, and one element's change must not cancel another's run.
 */

import { simulate } from '../../src/browser.js';
import type { Result, Scenario } from '../../src/scenario/types.js';

/** Patients of the quick first pass. */
export const QUICK_PATIENTS = 100_000;

export type RunEvent =
  | { kind: 'progress'; stage: 'quick' | 'refine'; done: number; total: number }
  | { kind: 'result'; result: Result; final: boolean; startedAt: number }
  | { kind: 'error'; error: Error };

export class Runner {
  private controller?: AbortController;

  constructor(private readonly listener: (e: RunEvent) => void, private readonly quickPatients = QUICK_PATIENTS) {}

  /** Starts a run of `scenario`, cancelling any run in progress. */
  run(scenario: Scenario): void {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    void this.stages(scenario, controller.signal, performance.now());
  }

  cancel(): void {
    this.controller?.abort(new DOMException('superseded by a newer run', 'AbortError'));
    this.controller = undefined;
  }

  private async stages(scenario: Scenario, signal: AbortSignal, startedAt: number): Promise<void> {
    const total = scenario.run.patients;
    const quick = Math.min(this.quickPatients, total);
    const emit = (e: RunEvent) => {
      if (!signal.aborted) this.listener(e);
    };
    try {
      emit({ kind: 'progress', stage: 'quick', done: 0, total: quick });
      const first = await simulate({ ...scenario, run: { ...scenario.run, patients: quick } }, { signal });
      emit({ kind: 'result', result: first, final: quick === total, startedAt });
      if (quick === total) return;
      emit({ kind: 'progress', stage: 'refine', done: 0, total });
      const full = await simulate(scenario, {
        signal,
        onProgress: (p) => emit({ kind: 'progress', stage: 'refine', done: p.done, total: p.total }),
      });
      emit({ kind: 'result', result: full, final: true, startedAt });
    } catch (e) {
      if (signal.aborted || (e instanceof Error && e.name === 'AbortError')) return;
      emit({ kind: 'error', error: e instanceof Error ? e : new Error(String(e)) });
    }
  }
}
