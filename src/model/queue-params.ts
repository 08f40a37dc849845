/**
 * A cohort-years run's parameters as one f64 block: what a worker needs to run replicates (the
 * wasm engine reads the same layout, assembly/queue/layout.ts). Per arm (commercial at 0, poc
 * at YEARS_ARM_PARAMS): the probabilities, payment and costs as in the version 1 kernel's
 * block, the five durations (median, mu, sigma), then the lines (Infinity without capacity);
 * then the cohort's hazards, pOs1Untreated, and the run: seed, eligiblePerYear, warmupYears,
 * replicates.
 */

import type { LogNormal } from '../distributions/lognormal.js';
import { MODEL_ARM_SLOTS, slotOffsets, slotsWidth } from './kernel-layout.js';
import { armModel, cohortModel, type ArmModel } from './arm-model.js';
import type { Payment, Scenario } from '../scenario/types.js';
import type { YearsModel } from '../queue/replicate.js';

/** An arm's slots, [name, width]: the model's, then the lines (assembly/queue/layout.ts is
 * generated from these tables). */
export const YEARS_ARM_SLOTS = [
  ...MODEL_ARM_SLOTS,
  ['lines', 1], // +Infinity without capacity
] as const;
export const YEARS_ARM_PARAMS = slotsWidth(YEARS_ARM_SLOTS);
export const YP = slotOffsets(YEARS_ARM_SLOTS);
export const YEARS_COHORT = 2 * YEARS_ARM_PARAMS;
/** The cohort's and the run's slots, from YEARS_COHORT. */
export const YEARS_COHORT_SLOTS = [
  ['lambda', 1], ['lambdaBridging', 1], ['pOs1Untreated', 1], ['seed', 1], ['patients', 1], ['warmupYears', 1], ['replicates', 1],
] as const;
export const YC = slotOffsets(YEARS_COHORT_SLOTS);
export const YEARS_PARAMS_SIZE = YEARS_COHORT + slotsWidth(YEARS_COHORT_SLOTS);

const PAYMENT_CODES: readonly Payment[] = ['perInfusion', 'perAttempt', 'perResponse'];
const DURATIONS = ['admin', 'slot', 'mfg', 'reapheresis', 'logistics'] as const;

/** The parameter block of a scenario that runs as cohort-years. */
export function yearsParams(s: Scenario): Float64Array {
  const years = s.run.years;
  if (!years) throw new Error('cgt-access: a cohort-years run needs run.years');
  const p = new Float64Array(YEARS_PARAMS_SIZE);
  const arm = (m: ArmModel, lines: number, o: number) => {
    for (const k of ['pReferral', 'pFunding', 'pApheresis', 'pInSpec', 'pInSpecOrOos', 'pOosReleased', 'pRetry', 'maxAttempts',
      'pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3', 'price', 'apheresisCost', 'bridgingCostPerDay', 'infusionCost',
      'crsCost', 'icansCost'] as const) p[o + YP[k]] = m[k];
    p[o + YP.payment] = PAYMENT_CODES.indexOf(m.payment);
    for (const k of DURATIONS) {
      const d: LogNormal = m[k];
      p[o + YP[k]] = d.median;
      p[o + YP[k] + 1] = d.mu;
      p[o + YP[k] + 2] = d.sigma;
    }
    p[o + YP.lines] = lines;
  };
  arm(armModel(s.arms.commercial), s.arms.commercial.capacity?.lines ?? Infinity, 0);
  arm(armModel(s.arms.poc), s.arms.poc.capacity?.lines ?? Infinity, YEARS_ARM_PARAMS);
  const c = cohortModel(s.cohort);
  p[YEARS_COHORT + YC.lambda] = c.lambda;
  p[YEARS_COHORT + YC.lambdaBridging] = c.lambdaBridging;
  p[YEARS_COHORT + YC.pOs1Untreated] = c.pOs1Untreated;
  p[YEARS_COHORT + YC.seed] = s.run.seed;
  p[YEARS_COHORT + YC.patients] = s.cohort.eligiblePerYear;
  p[YEARS_COHORT + YC.warmupYears] = years.warmupYears;
  p[YEARS_COHORT + YC.replicates] = years.replicates;
  return p;
}

/** The model of a parameter block (the inverse of `yearsParams`). */
export function yearsModelOf(p: Float64Array): YearsModel {
  const arm = (o: number): ArmModel => {
    const d = (k: (typeof DURATIONS)[number]): LogNormal => ({ median: p[o + YP[k]], mu: p[o + YP[k] + 1], sigma: p[o + YP[k] + 2] });
    return {
      pReferral: p[o + YP.pReferral], admin: d('admin'), pFunding: p[o + YP.pFunding], slot: d('slot'),
      pApheresis: p[o + YP.pApheresis], mfg: d('mfg'), pInSpec: p[o + YP.pInSpec], pInSpecOrOos: p[o + YP.pInSpecOrOos],
      pOosReleased: p[o + YP.pOosReleased], pRetry: p[o + YP.pRetry], maxAttempts: p[o + YP.maxAttempts],
      reapheresis: d('reapheresis'), logistics: d('logistics'), pOrr: p[o + YP.pOrr], pCr: p[o + YP.pCr],
      pOs1: p[o + YP.pOs1], pPfs1: p[o + YP.pPfs1], pCrs3: p[o + YP.pCrs3], pIcans3: p[o + YP.pIcans3],
      payment: PAYMENT_CODES[p[o + YP.payment]], price: p[o + YP.price], apheresisCost: p[o + YP.apheresisCost],
      bridgingCostPerDay: p[o + YP.bridgingCostPerDay], infusionCost: p[o + YP.infusionCost], crsCost: p[o + YP.crsCost],
      icansCost: p[o + YP.icansCost],
    };
  };
  const c = YEARS_COHORT;
  return {
    commercial: arm(0),
    poc: arm(YEARS_ARM_PARAMS),
    lines: { commercial: p[YP.lines], poc: p[YEARS_ARM_PARAMS + YP.lines] },
    cohort: { lambda: p[c + YC.lambda], lambdaBridging: p[c + YC.lambdaBridging], pOs1Untreated: p[c + YC.pOs1Untreated] },
    seed: p[c + YC.seed],
    patients: p[c + YC.patients],
    warmupYears: p[c + YC.warmupYears],
    replicates: p[c + YC.replicates],
  };
}
