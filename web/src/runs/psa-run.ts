/**
 * The uncertainty run: a probabilistic sensitivity analysis in the engine's web workers,
 * progressively: a quick pass of the first `QUICK_DRAWS` draws (with the tornado), drawn at
 * once, then all the draws. Draw d depends on (seed, d) only and every draw runs the same
 * patients, so the quick pass's points are the first points of the full run: the picture fills
 * in, it does not move. The tornado depends on the patients per draw, not on the number of
 * draws, so the full pass reuses the quick pass's. A newer run aborts the older one.
 */

import './engine.js';
import { runPsa } from '../../../src/psa/simulate.js';
import type { PsaResult } from '../../../src/psa/result.js';
import type { PsaScenario } from '../../../src/psa/validate.js';
import type { Passes } from './progressive.js';

/** Draws of the quick first pass. */
export const QUICK_DRAWS = 100;

export function psaPasses(quickDraws = QUICK_DRAWS): Passes<PsaScenario, PsaResult> {
  return async (ps, signal, emit, startedAt) => {
    const total = ps.run.draws;
    const quick = Math.min(quickDraws, total);
    emit({ kind: 'progress', stage: 'quick', done: 0, total: 1 });
    const first = await runPsa({ ...ps, run: { ...ps.run, draws: quick } }, {
      signal,
      onProgress: (p) => emit({ kind: 'progress', stage: 'quick', done: p.done, total: p.total }),
    });
    emit({ kind: 'result', result: first, final: quick === total, startedAt });
    if (quick === total) return;
    emit({ kind: 'progress', stage: 'refine', done: 0, total: 1 });
    const full = await runPsa(ps, {
      signal,
      tornado: false,
      onProgress: (p) => emit({ kind: 'progress', stage: 'refine', done: p.done, total: p.total }),
    });
    emit({ kind: 'result', result: { ...full, tornado: first.tornado }, final: true, startedAt });
  };
}
