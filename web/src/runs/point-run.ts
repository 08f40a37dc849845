/**
 * The point run: a scenario in the engine's web workers, a quick first pass (10^5 patients)
 * drawn at once, then the scenario's own patient count, with progress (see progressive.ts).
 */

import { simulate } from './engine.js';
import type { Result, Scenario } from '../../../src/scenario/types.js';
import type { Passes } from './progressive.js';

/** Patients of the quick first pass. */
export const QUICK_PATIENTS = 100_000;
/** Replicates of the quick first pass of a cohort-years run (capacity; MODEL.md v2). */
export const QUICK_REPLICATES = 20;

export function pointPasses(quickPatients = QUICK_PATIENTS, quickReplicates = QUICK_REPLICATES): Passes<Scenario, Result> {
  return async (scenario, signal, emit, startedAt) => {
    const years = scenario.run.years;
    if (years) {
      // Cohort-years (an arm has capacity): a quick pass of fewer replicates, then all of them.
      const N = scenario.cohort.eligiblePerYear;
      const quick = Math.min(quickReplicates, years.replicates);
      emit({ kind: 'progress', stage: 'quick', done: 0, total: quick * N });
      const first = await simulate({ ...scenario, run: { ...scenario.run, years: { ...years, replicates: quick } } }, { signal });
      emit({ kind: 'result', result: first, final: quick === years.replicates, startedAt });
      if (quick === years.replicates) return;
      emit({ kind: 'progress', stage: 'refine', done: 0, total: years.replicates * N });
      const all = await simulate(scenario, {
        signal,
        onProgress: (p) => emit({ kind: 'progress', stage: 'refine', done: p.done, total: p.total }),
      });
      emit({ kind: 'result', result: all, final: true, startedAt });
      return;
    }
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
