/** Scenario helpers for the simulation tests. */

import fc from 'fast-check';
import { cloneScenario, defaultScenario } from '../../src/scenario/defaults.js';
import type { Scenario } from '../../src/scenario/types.js';
import { arbFullScenario } from '../fixtures/scenario-arbitraries.js';

/** The default scenario with every duration fixed at its median. */
export function fixedDefaults(patients: number, seed = 1): Scenario {
  const s = cloneScenario(defaultScenario as Scenario);
  for (const arm of [s.arms.commercial, s.arms.poc]) {
    for (const key of ['adminDays', 'slotWaitDays', 'mfgDays', 'reapheresisDays', 'logisticsDays'] as const) {
      arm[key] = { median: arm[key].median, p90: arm[key].median };
    }
  }
  s.run = { patients, seed };
  return s;
}

/** Valid full scenarios (test/fixtures/scenario-arbitraries.ts) with `patients` patients per run. */
export const arbScenario = (patients: fc.Arbitrary<number>): fc.Arbitrary<Scenario> =>
  fc.tuple(arbFullScenario, patients).map(([s, n]) => ({ ...s, run: { ...s.run, patients: n } }) as Scenario);
