/**
 * Calibration targets (MODEL.md, "Calibration"): expected shares (or mean counts) of one arm,
 * each named with its denominator: `perEligible.*` (per eligible patient), `perFunded.*` (per
 * funded patient: approved by the payer or a national panel) and `perCollected.*` (per patient
 * whose cells were collected), each with the range it can take. A quantity is offered per a
 * denominator only where it happens at or after that step (`perFunded.referred` means nothing).
 *
 * The registries' manufacturing quantities (src/exact/arm.ts defines each exactly):
 * `anyManufacturingFailure` the first product was not in specification (out of specification,
 * released or not, or failed), the registries' "manufacturing failure"; `anyFailedAttempt` at
 * least one attempt released no product (a failure, or an OOS product not released);
 * `oosInfused` infused with an OOS product; `remanufacturedInfused` infused with an
 * in-specification product of attempt 2 or later (a successful re-manufacture);
 * `manufacturingFailureNotInfused` a manufacturing failure and never infused (lost to
 * manufacturing, or progressed before an infusion). The last three partition the first.
 * By manufacturing outcome alone, whatever happened to the patient next (no disease clock):
 * `firstOosReleased` the first product was out of specification and released for infusion;
 * `remanufactured` the first attempt released no product and a later attempt released one (in
 * specification, or OOS released); and `lost.manufacturingFailed` no product ever. These
 * three partition `anyManufacturingFailure` too (the UK panel's 13, 11 and 14 of 38: the fit
 * that reproduces MODEL.md's defaults).
 *
 * The names before these (`infusedFraction`, `lossAfterApheresis`, `manufacturingFailure`,
 * `funnel.*`, `lost.*`, `manufacturing.*`) are kept as aliases (`aliasOf`): each means exactly
 * the target it names.
 */

import type { ArmExpectation } from '../exact/arm.js';

export type Denominator = 'eligible' | 'funded' | 'collected';

export interface TargetSpec {
  /** What the target is, in words (with its denominator). */
  doc: string;
  /** Smallest and largest value the target can take. */
  min: number;
  max: number;
  /** Its value from the arm's expectations (NaN where it is not defined, e.g. no patient funded). */
  value(e: ArmExpectation): number;
  /** The patients it is a share of. */
  denominator: Denominator;
  /**
   * Whether it is a share of patients in which each patient counts at most once (a
   * probability): only such a target can be given as counts (`{ count: 47, of: 58 }`).
   */
  share: boolean;
  /** For an older name kept working, the name it means; else undefined. */
  aliasOf?: string;
}

const STEP: Record<Denominator, number> = { eligible: 0, funded: 1, collected: 2 };
export const DENOMINATOR_WORDS: Readonly<Record<Denominator, string>> = {
  eligible: 'eligible patients', funded: 'funded (approved) patients', collected: 'patients whose cells were collected',
};
const PREFIX: Record<Denominator, string> = { eligible: 'perEligible', funded: 'perFunded', collected: 'perCollected' };
const size = (d: Denominator, e: ArmExpectation) => (d === 'eligible' ? 1 : d === 'funded' ? e.funded : e.apheresed);

interface Quantity {
  key: string;
  /** The step it happens at or after: it is offered per each denominator up to that step. */
  happens: Denominator;
  /** Only per eligible patient (alive at one year counts patients never referred). */
  eligibleOnly?: boolean;
  words: string;
  max: number;
  share: boolean;
  /** Its expectation per eligible patient (`d`: the denominator, for a count that depends on it). */
  value(e: ArmExpectation, d: Denominator): number;
}

const q = (key: string, happens: Denominator, words: string, value: (e: ArmExpectation) => number, max = 1, share = true): Quantity =>
  ({ key, happens, words, max, share, value });

const LOST_WORDS: Record<keyof ArmExpectation['lost'], [Denominator, string]> = {
  notReferred: ['eligible', 'patients never referred'],
  progressedBeforeFunding: ['eligible', 'patients who progressed before the funding decision'],
  notFunded: ['eligible', 'patients refused funding'],
  progressedBeforeApheresis: ['funded', 'patients who progressed before apheresis'],
  apheresisFailed: ['funded', 'patients whose apheresis collected no cells'],
  manufacturingFailed: ['collected', 'patients lost to manufacturing (no product released after the last attempt)'],
  progressedBeforeInfusion: ['collected', 'patients with a product released who progressed before infusion'],
};

const QUANTITIES: Quantity[] = [
  q('referred', 'eligible', 'patients referred', (e) => e.referred),
  q('funded', 'eligible', 'patients funded (approved)', (e) => e.funded),
  q('apheresed', 'funded', 'patients whose cells were collected', (e) => e.apheresed),
  q('infused', 'collected', 'patients infused', (e) => e.infused),
  {
    key: 'notInfused', happens: 'collected', words: 'patients never infused (every reason)', max: 1, share: true,
    // The losses after the denominator's step (no cancellation of 1 - infused).
    value: (e, d) => {
      const l = e.lost;
      const after = l.manufacturingFailed + l.progressedBeforeInfusion;
      if (d === 'collected') return after;
      const fromFunded = l.progressedBeforeApheresis + l.apheresisFailed + after;
      return d === 'funded' ? fromFunded : l.notReferred + l.progressedBeforeFunding + l.notFunded + fromFunded;
    },
  },
  q('responses', 'collected', 'patients infused with an overall response', (e) => e.responses),
  q('completeResponses', 'collected', 'patients infused with a complete response', (e) => e.completeResponses),
  q('progressionFree1y', 'collected', 'patients infused and progression-free at one year', (e) => e.progressionFree1y),
  { ...q('alive1y', 'eligible', 'patients alive at one year (infused or not)', (e) => e.alive1y), eligibleOnly: true },
  ...Object.entries(LOST_WORDS).map(([k, [happens, words]]) => q(`lost.${k}`, happens, words, (e) => e.lost[k as keyof ArmExpectation['lost']])),
  q('attempts', 'collected', 'manufacturing attempts (a mean count)', (e) => e.attempts, 4, false),
  q('reaphereses', 'collected', 're-aphereses (a mean count)', (e) => e.reaphereses, 3, false),
  q('oosReleased', 'collected', 'OOS products released (whether or not then infused)', (e) => e.oosReleased),
  q('anyManufacturingFailure', 'collected', 'patients with a manufacturing failure: the first product not in specification (out of specification, released or not, or failed)', (e) => e.notInSpec),
  q('anyFailedAttempt', 'collected', 'patients with at least one attempt that released no product (a failure, or an OOS product not released)', (e) => e.failedAttempt),
  q('oosInfused', 'collected', 'patients infused with an out-of-specification product', (e) => e.oosInfused),
  q('remanufacturedInfused', 'collected', 'patients infused with an in-specification product of a second or later attempt (a successful re-manufacture)', (e) => e.remanufacturedInfused),
  q('manufacturingFailureNotInfused', 'collected', 'patients with a manufacturing failure (first product not in specification) never infused (lost to manufacturing, or progressed before infusion)', (e) => e.notInSpecNotInfused),
  q('firstOosReleased', 'collected', 'patients whose first product was out of specification and released for infusion (whatever happened next)', (e) => e.firstOosReleased),
  q('remanufactured', 'collected', 'patients whose first attempt released no product and a later attempt released one, in specification or OOS released (whatever happened next)', (e) => e.remanufactured),
];

function specs(): Record<string, TargetSpec> {
  const out: Record<string, TargetSpec> = {};
  for (const d of ['eligible', 'funded', 'collected'] as const) {
    for (const x of QUANTITIES) {
      if (STEP[x.happens] < STEP[d] || (x.eligibleOnly && d !== 'eligible')) continue;
      const value = d === 'eligible' ? (e: ArmExpectation) => x.value(e, d) : (e: ArmExpectation) => x.value(e, d) / size(d, e);
      out[`${PREFIX[d]}.${x.key}`] = {
        doc: `${x.words} / ${DENOMINATOR_WORDS[d]}`, min: 0, max: x.max, value, denominator: d, share: x.share,
      };
    }
  }
  return out;
}

const CANONICAL = specs();

/**
 * Quantities whose patients are among another's (of the same denominator): a count target and
 * its part counted from the same patients are not independent samples.
 */
const PARTS: Readonly<Record<string, readonly string[]>> = {
  anyManufacturingFailure: ['anyFailedAttempt', 'oosInfused', 'remanufacturedInfused', 'manufacturingFailureNotInfused', 'lost.manufacturingFailed',
    'firstOosReleased', 'remanufactured'],
  anyFailedAttempt: ['lost.manufacturingFailed', 'remanufactured', 'remanufacturedInfused'],
  remanufactured: ['remanufacturedInfused'],
  notInfused: ['manufacturingFailureNotInfused', 'lost.manufacturingFailed', 'lost.progressedBeforeInfusion', 'lost.progressedBeforeApheresis', 'lost.apheresisFailed',
    'lost.notReferred', 'lost.progressedBeforeFunding', 'lost.notFunded'],
  infused: ['oosInfused', 'remanufacturedInfused', 'responses', 'completeResponses', 'progressionFree1y'],
  responses: ['completeResponses'],
  referred: ['funded', 'apheresed', 'infused', 'oosInfused', 'remanufacturedInfused', 'responses', 'completeResponses', 'progressionFree1y'],
  funded: ['apheresed', 'infused', 'oosInfused', 'remanufacturedInfused', 'responses', 'completeResponses', 'progressionFree1y'],
  apheresed: ['infused', 'oosInfused', 'remanufacturedInfused', 'responses', 'completeResponses', 'progressionFree1y', 'anyManufacturingFailure', 'anyFailedAttempt',
    'firstOosReleased', 'remanufactured'],
};

/** Whether target `part`'s patients are among target `whole`'s (both canonical or alias names, the same denominator). */
export function isPartOf(part: string, whole: string): boolean {
  const a = targetNamed(part);
  const b = targetNamed(whole);
  if (!a || !b || a.denominator !== b.denominator) return false;
  const key = (n: string, t: TargetSpec) => (t.aliasOf ?? n).slice((t.aliasOf ?? n).indexOf('.') + 1);
  return (PARTS[key(whole, b)] ?? []).includes(key(part, a));
}

/** Older names, each the canonical target it means. */
export const TARGET_ALIASES: Readonly<Record<string, string>> = {
  infusedFraction: 'perEligible.infused',
  lossAfterApheresis: 'perCollected.notInfused',
  manufacturingFailure: 'perCollected.lost.manufacturingFailed',
  ...Object.fromEntries(['referred', 'funded', 'apheresed', 'infused', 'responses', 'completeResponses', 'progressionFree1y', 'alive1y']
    .map((k) => [`funnel.${k}`, `perEligible.${k}`])),
  ...Object.fromEntries(Object.keys(LOST_WORDS).map((k) => [`lost.${k}`, `perEligible.lost.${k}`])),
  ...Object.fromEntries(['attempts', 'reaphereses', 'oosReleased'].map((k) => [`manufacturing.${k}`, `perEligible.${k}`])),
};

/** The canonical target names (each with its denominator), in the order of the menus. */
export const CANONICAL_TARGET_NAMES: readonly string[] = Object.keys(CANONICAL);

/** Every target by name: the canonical names, then the older names kept as aliases. */
export const TARGETS: Readonly<Record<string, TargetSpec>> = {
  ...CANONICAL,
  ...Object.fromEntries(Object.entries(TARGET_ALIASES).map(([alias, name]) => [alias, { ...CANONICAL[name], aliasOf: name }])),
};

/** Every accepted target name: the canonical ones, then the aliases. */
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
