/** Scenario helpers and fast-check arbitraries of valid scenarios for the tests. */

import fc from 'fast-check';
import { cloneScenario, defaultScenario } from '../../src/scenario/defaults.js';
import type { Arm, Duration, Scenario } from '../../src/scenario/types.js';

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

const probability = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0, 1) },
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
);

const duration = (positive: boolean): fc.Arbitrary<Duration> => fc.oneof(
  { weight: positive ? 0 : 1, arbitrary: fc.constant({ median: 0, p90: 0 }) },
  {
    weight: 5,
    arbitrary: fc.tuple(fc.double({ min: 0.01, max: 200, noNaN: true }), fc.double({ min: 1, max: 20, noNaN: true }), fc.boolean())
      .map(([median, spread, fixed]) => ({ median, p90: fixed ? median : median * spread })),
  },
);

const money = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e7, noNaN: true }));

export const arbArm: fc.Arbitrary<Arm> = fc.record({
  pReferral: probability,
  adminDays: duration(false),
  pFunding: probability,
  slotWaitDays: duration(false),
  pApheresis: probability,
  mfgDays: duration(true),
  pInSpec: probability,
  pOos: probability,
  pOosReleased: probability,
  pRetry: probability,
  maxAttempts: fc.integer({ min: 1, max: 4 }),
  reapheresisDays: duration(false),
  logisticsDays: duration(false),
  pOrr: probability,
  pCr: probability,
  pOs1: probability,
  pPfs1: probability,
  pCrs3: probability,
  pIcans3: probability,
  payment: fc.constantFrom('perInfusion', 'perAttempt', 'perResponse'),
  price: money,
  apheresisCost: money,
  bridgingCostPerDay: money,
  infusionCost: money,
  crsCost: money,
  icansCost: money,
  fixedCostPerYear: money,
}).map((a) => {
  // Make the rules between fields hold: pInSpec + pOos <= 1, pCr <= pOrr, pPfs1 <= pOs1.
  const pOos = a.pOos * (1 - a.pInSpec);
  return { ...a, pOos, pCr: Math.min(a.pCr, a.pOrr), pPfs1: Math.min(a.pPfs1, a.pOs1) } as Arm;
});

export const arbScenario = (patients: fc.Arbitrary<number>): fc.Arbitrary<Scenario> => fc.record({
  cohort: fc.record({
    eligiblePerYear: fc.integer({ min: 1, max: 1e8 }),
    untreatedMedianSurvivalDays: fc.double({ min: 1, max: 3650, noNaN: true }),
    bridgingHazardRatio: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5, noNaN: true })),
    pOs1Untreated: probability,
  }),
  arms: fc.record({ commercial: arbArm, poc: arbArm }),
  run: fc.record({ patients, seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }) }),
});
