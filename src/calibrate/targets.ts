/**
 * Calibration targets (MODEL.md, "Calibration"): expected values of one arm per eligible
 * patient, or per patient reaching a step, each with the range it can take.
 */

import type { ArmExpectation } from '../exact/arm.js';

export interface TargetSpec {
  /** What the target is, in words. */
  doc: string;
  /** Smallest and largest value the target can take. */
  min: number;
  max: number;
  /** Its value from the arm's expectations (NaN where it is not defined). */
  value(e: ArmExpectation): number;
}

const perEligible = (doc: string, max: number, value: (e: ArmExpectation) => number): TargetSpec => ({ doc, min: 0, max, value });

const FUNNEL = ['referred', 'funded', 'apheresed', 'infused', 'responses', 'completeResponses', 'progressionFree1y', 'alive1y'] as const;
const LOST = [
  'notReferred', 'progressedBeforeFunding', 'notFunded', 'progressedBeforeApheresis', 'apheresisFailed',
  'manufacturingFailed', 'progressedBeforeInfusion',
] as const;

/** Every target by name. */
export const TARGETS: Readonly<Record<string, TargetSpec>> = {
  infusedFraction: perEligible('patients infused / eligible patients', 1, (e) => e.infused),
  // (collected - infused) / collected, as the sum of its two losses (no cancellation).
  lossAfterApheresis: perEligible('collected patients not infused / collected patients', 1,
    (e) => (e.lost.manufacturingFailed + e.lost.progressedBeforeInfusion) / e.apheresed),
  manufacturingFailure: perEligible('patients lost to manufacturing failure / collected patients', 1,
    (e) => e.lost.manufacturingFailed / e.apheresed),
  ...Object.fromEntries(FUNNEL.map((k) => [`funnel.${k}`, perEligible(`funnel ${k} / eligible patients`, 1, (e) => e[k])])),
  ...Object.fromEntries(LOST.map((k) => [`lost.${k}`, perEligible(`patients lost (${k}) / eligible patients`, 1, (e) => e.lost[k])])),
  'manufacturing.attempts': perEligible('manufacturing attempts / eligible patients', 4, (e) => e.attempts),
  'manufacturing.reaphereses': perEligible('re-aphereses / eligible patients', 3, (e) => e.reaphereses),
  'manufacturing.oosReleased': perEligible('OOS products released / eligible patients', 1, (e) => e.oosReleased),
};

export const TARGET_NAMES: readonly string[] = Object.keys(TARGETS);

/** The target of this name (own names only: `valueOf` or `__proto__` are no targets), or undefined. */
export const targetNamed = (name: string): TargetSpec | undefined => (Object.hasOwn(TARGETS, name) ? TARGETS[name] : undefined);

/**
 * The scenario's numbers that some target depends on (src/exact/arm.ts reads them for the
 * funnel, the losses and the manufacturing counts): an arm's probabilities but those of
 * severe CRS and ICANS, its durations, its attempts, and three numbers of the cohort. Costs,
 * prices, pricing, capacity, value (life-years, utilities, discounting, WTP) and the budget
 * enter no target: a calibration refuses them (fitting one would move it where nothing pulls).
 */
export const TARGET_INPUTS = {
  cohort: ['untreatedMedianSurvivalDays', 'bridgingHazardRatio', 'pOs1Untreated'],
  arm: [
    'pReferral', 'adminDays', 'pFunding', 'slotWaitDays', 'pApheresis', 'mfgDays', 'pInSpec', 'pOos', 'pOosReleased',
    'pRetry', 'maxAttempts', 'reapheresisDays', 'logisticsDays', 'pOrr', 'pCr', 'pOs1', 'pPfs1',
  ],
} as const;
