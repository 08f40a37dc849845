/**
 * The point run: a scenario in the engine's web workers, a quick first pass (10^5 patients)
 * drawn at once, then the scenario's own patient count, with progress (see progressive.ts).
 */

import { simulate } from './engine.js';
import type { Result, Scenario } from '../../../src/scenario/types.js';
import type { Passes } from './progressive.js';

/** Patients of the quick first pass. */
export const QUICK_PATIENTS = 100_000;

export function pointPasses(quickPatients = QUICK_PATIENTS): Passes<Scenario, Result> {
  return async (scenario, signal, emit, startedAt) => {
    const total = scenario.run.patients;
    const quick = Math.min(quickPatients, total);
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
  };
}
