/**
 * From a run's tally to MODEL.md's result file: every count scaled to one cohort with its
 * MCSE (binomial for proportions, the delta method for ratios), percentiles from the
 * histogram, null where a denominator is zero.
 */

import {
  A, ARM_HIST, ARM_OFFSET, P, PATIENTS_SLOT, V2V_BINS, V2V_OVERFLOW_BIN, type ArmSlot,
} from '../model/tally.js';
import type { Arm, ArmName, ArmResult, Difference, Result, Scenario } from '../scenario/types.js';
import {
  exactEstimate, meanEstimate, proportionEstimate, ratioEstimate, totalEstimate,
} from './estimates.js';
import { histogramQuantile } from './histogram.js';
import { withLaterCosts } from '../economics/counts.js';
import { armLifetime, differenceLifetime, priceParity } from '../economics/value.js';

function summariseArm(t: Float64Array, name: ArmName, s: Scenario, N: number, withHistogram: boolean): ArmResult {
  const arm: Arm = s.arms[name];
  const o = ARM_OFFSET[name];
  const n = t[PATIENTS_SLOT];
  const get = (slot: ArmSlot) => t[o + A[slot]];
  const count = (k: number) => proportionEstimate(k, n, N);
  const perPatient = (slot: ArmSlot, sq: ArmSlot) => totalEstimate(get(slot), get(sq), n, N);

  const referred = get('referred');
  const aliveAtFunding = get('aliveAtFunding');
  const funded = get('funded');
  const aliveAtApheresis = get('aliveAtApheresis');
  const apheresed = get('apheresed');
  const manufactured = get('manufactured');
  const infused = get('infused');
  const completeResponses = get('completeResponses');
  const alive1y = get('alive1y');

  const histogram = new Array<number>(withHistogram ? V2V_BINS : 0);
  for (let b = 0; b < histogram.length; b++) histogram[b] = (t[o + ARM_HIST + b] * N) / n;
  const hist = t.subarray(o + ARM_HIST, o + ARM_HIST + V2V_BINS);

  const fixed = arm.fixedCostPerYear;
  const total = totalEstimate(get('cost'), get('costSq'), n, N);
  total.value = (total.value as number) + fixed;
  const costRatio = (sumY: number, sumXY: number) =>
    ratioEstimate({ sumX: get('cost'), sumXSq: get('costSq'), sumY, sumYSq: sumY, sumXY, n, c: fixed / N });

  return {
    funnel: {
      eligible: exactEstimate(N),
      referred: count(referred),
      funded: count(funded),
      apheresed: count(apheresed),
      infused: count(infused),
      responses: count(get('responses')),
      completeResponses: count(completeResponses),
      progressionFree1y: count(get('progressionFree1y')),
      alive1y: count(alive1y),
    },
    lost: {
      notReferred: count(n - referred),
      progressedBeforeFunding: count(referred - aliveAtFunding),
      notFunded: count(aliveAtFunding - funded),
      progressedBeforeApheresis: count(funded - aliveAtApheresis),
      apheresisFailed: count(aliveAtApheresis - apheresed),
      manufacturingFailed: count(apheresed - manufactured),
      progressedBeforeInfusion: count(manufactured - infused),
    },
    manufacturing: {
      attempts: perPatient('attempts', 'attemptsSq'),
      reaphereses: perPatient('reaphereses', 'reapheresesSq'),
      oosReleased: perPatient('oosReleased', 'oosReleasedSq'),
    },
    adverseEvents: { crs3: count(get('crs3')), icans3: count(get('icans3')) },
    v2v: {
      mean: meanEstimate(get('v2vSum'), get('v2vSq'), infused),
      median: histogramQuantile(hist, 0.5, V2V_OVERFLOW_BIN),
      p10: histogramQuantile(hist, 0.1, V2V_OVERFLOW_BIN),
      p90: histogramQuantile(hist, 0.9, V2V_OVERFLOW_BIN),
      histogram,
    },
    costs: {
      product: perPatient('productCost', 'productCostSq'),
      apheresis: perPatient('apheresisCost', 'apheresisCostSq'),
      bridging: perPatient('bridgingCost', 'bridgingCostSq'),
      infusion: perPatient('infusionCost', 'infusionCostSq'),
      adverseEvents: perPatient('adverseEventsCost', 'adverseEventsCostSq'),
      fixed: exactEstimate(fixed),
      total,
      perEligible: { value: (total.value as number) / N, mcse: (total.mcse as number) / N },
      perInfused: costRatio(infused, get('costXInfused')),
      perCompleteResponse: costRatio(completeResponses, get('costXCompleteResponse')),
      perAlive1y: costRatio(alive1y, get('costXAlive1y')),
    },
    lifetime: armLifetime(t, s, name),
    price: { parity: priceParity(t, s, name) },
  };
}


function summariseDifference(t: Float64Array, s: Scenario, com: ArmResult, poc: ArmResult): Difference {
  const n = t[PATIENTS_SLOT];
  const N = s.cohort.eligiblePerYear;
  const c = ARM_OFFSET.commercial;
  const p = ARM_OFFSET.poc;
  const diff = (slot: ArmSlot, sq: number) => totalEstimate(t[p + A[slot]] - t[c + A[slot]], t[sq], n, N);
  const dAlive = t[p + A.alive1y] - t[c + A.alive1y];
  const dFixed = s.arms.poc.fixedCostPerYear - s.arms.commercial.fixedCostPerYear;
  const totalCost = {
    value: (poc.costs.total.value as number) - (com.costs.total.value as number),
    mcse: totalEstimate(t[P.dCost], t[P.dCostSq], n, N).mcse,
  };
  return {
    infused: diff('infused', P.dInfusedSq),
    completeResponses: diff('completeResponses', P.dCompleteResponsesSq),
    alive1y: diff('alive1y', P.dAlive1ySq),
    totalCost,
    costPerExtraAlive1y: ratioEstimate({
      sumX: t[P.dCost], sumXSq: t[P.dCostSq], sumY: dAlive, sumYSq: t[P.dAlive1ySq], sumXY: t[P.dCostXdAlive1y], n, c: dFixed / N,
    }),
    ...differenceLifetime(t, s),
  };
}

/**
 * The result file of a run from its scenario and its tally. `histogram: false` leaves the
 * vein-to-vein histograms empty (a PSA draw's outputs do not include them).
 */
export function summarise(scenario: Scenario, runTally: Float64Array, engine: string, options: { histogram?: boolean } = {}): Result {
  const N = scenario.cohort.eligiblePerYear;
  const withHistogram = options.histogram ?? true;
  // The cost after year one of progressed patients (cohort.annualCostProgressed) in every cost sum.
  const tally = withLaterCosts(runTally, scenario);
  const commercial = summariseArm(tally, 'commercial', scenario, N, withHistogram);
  const poc = summariseArm(tally, 'poc', scenario, N, withHistogram);
  return {
    scenario,
    patients: tally[PATIENTS_SLOT],
    seed: scenario.run.seed,
    engine,
    arms: { commercial, poc },
    difference: summariseDifference(tally, scenario, commercial, poc),
  };
}
