/** What the benchmark's sections share: the default scenario of n patients, medians, rounds. */

import { cloneScenario, defaultScenario } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';

/** The default scenario with `patients` patients. */
export function scenario(patients: number): Scenario {
  const s = cloneScenario(defaultScenario as Scenario);
  s.run.patients = patients;
  return s;
}

/** The median of a few numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** PSA and point runs (and the exact PSA's rounds) in turn: pairs measured at the same state of the machine. */
export const PSA_REPEATS = 5;

/**
 * The PSA file of the PSA benches: the default scenario with its Table 2 outcomes uncertain
 * (poc the same as commercial) and both prices uncertain, `draws` x `patientsPerDraw`.
 */
export function psaFile(draws: number, patientsPerDraw: number): Record<string, unknown> {
  return {
    arms: {
      commercial: { pOrr: { value: 0.73, n: 1297 }, pCr: { value: 0.56, n: 1297 }, pOs1: { value: 0.62, n: 1297 }, price: { value: 373000, p90: 420000 } },
      poc: { pOrr: 'same', pCr: 'same', pOs1: 'same', price: { value: 90000, p90: 120000 } },
    },
    run: { psa: { draws, patientsPerDraw } },
  };
}
