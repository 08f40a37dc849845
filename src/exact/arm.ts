/**
 * The exact expectations of one arm of MODEL.md version 1, per eligible patient: no
 * simulation, numerical integration of the model's log-normal durations only.
 *
 * Notation: lambda = ln 2 / untreatedMedianSurvivalDays, mu = lambda * bridgingHazardRatio;
 * for a duration T and a rate a, L_T(a) = E[exp(-a T)], W_T(a) = E[T exp(-a T)] and
 * B_T(a) = E[min(T, X)] with X ~ Exp(a) independent of T (`lognormal.ts`). Every duration is
 * independent of every other and of the uniforms; the disease clock E ~ Exp(1).
 *
 * - Before apheresis H(t) = lambda t and a patient passes the check at t when E > lambda t:
 *   P(pass at t_fund) = L_admin(lambda), P(pass at t_a) = L_admin(lambda) L_slot(lambda)
 *   (one E for both: passing at t_a implies passing at t_fund).
 * - Given a pass at t_a, the time X = (E - lambda t_a) / mu from t_a to progression is
 *   Exp(mu), independent of t_a and of everything after (the exponential forgets), or +inf
 *   when mu = 0. So every later check is "X > D" for a sum D of independent durations:
 *   P = prod L(mu) over D's terms; E[D 1{X > D}] = sum over terms j of W_j prod_{i != j} L_i;
 *   and the bridging days min(D, X) have E[min(D, X)] = sum_j B_j prod_{i < j} L_i (the days
 *   of term j are counted while X outlasts the terms before it; B_j = E[min(T_j, X')] with X'
 *   the remaining Exp(mu) time), with no cancellation when mu is small.
 * - Manufacturing of a collected patient: attempt k is reached with probability
 *   (f q)^(k-1), f = 1 - s the chance an attempt is not released, s = pInSpec + pOos
 *   pOosReleased, q = pRetry (a retry needs k < maxAttempts). Released at attempt k: infusion
 *   at t_a + D_k, D_k = mfg_1 + reaph_1 + ... + mfg_k + logistics; lost to manufacturing after
 *   attempt k: bridging until t_a + mfg_1 + ... + mfg_k (the last attempt's end).
 * - The registries' manufacturing events of a collected patient follow from the same sums:
 *   a first product not in specification (OOS or failed, the registries' "manufacturing
 *   failure") with probability 1 - pInSpec (every collected patient has attempt 1, and only a
 *   first product not in specification leads to another); a failed attempt (no product
 *   released) with probability f; infused with an OOS product: sum over k of
 *   reach_k pOos pOosReleased P(X > D_k); infused with an in-specification product of attempt
 *   k >= 2 (a successful re-manufacture): sum over k >= 2 of reach_k pInSpec P(X > D_k); and
 *   the rest of the first group is never infused: lost to manufacturing, or released (OOS at
 *   attempt 1, anything at k >= 2) and progressed before infusion (mu times its E[min(D_k, X)],
 *   no cancellation). The last three partition the first.
 * - The same first group by manufacturing outcome alone, whatever happens to the patient
 *   afterwards (progression during manufacturing stops no later attempt: a retry is made
 *   whatever the disease clock says, and the patient is lost, if at all, at the infusion
 *   check): an OOS product released at attempt 1 with probability pOos pOosReleased; a first
 *   attempt that released nothing and a later attempt that released a product (in
 *   specification or OOS released), sum over k >= 2 of reach_k s; and no product ever, the
 *   loss to manufacturing, sum over k of reach_k f (1 - q 1{k < maxAttempts}). These three
 *   partition the first too, and none depends on the disease clock.
 * - After infusion (or not), the outcomes are independent Bernoulli draws: responses
 *   infused pOrr, complete responses infused pCr, progression-free infused pPfs1, alive at one
 *   year infused pOs1 + (1 - infused) pOs1Untreated.
 *
 * Every expected count of the result file is one of these; a ratio of the result file (cost
 * per infused patient, the vein-to-vein mean) is the ratio of the expectations.
 */

import type { Arm, Cohort, LostReason } from '../scenario/types.js';
import { durationTransforms, type DurationTransforms } from './lognormal.js';

/** The expectations of one arm per eligible patient (a count's expectation is a probability, or a mean count). */
export interface ArmExpectation {
  referred: number;
  /** Referred and alive-and-fit at the funding decision. */
  aliveAtFunding: number;
  funded: number;
  /** Funded and alive-and-fit at apheresis: one apheresis procedure each. */
  aliveAtApheresis: number;
  /** Cells collected (the funnel's `apheresed`). */
  apheresed: number;
  /** A product released for infusion (in specification, or out of specification and released). */
  released: number;
  infused: number;
  /** Infused after attempt k (index k - 1), k = 1 .. maxAttempts: they sum to `infused`. */
  infusedByAttempt: number[];
  responses: number;
  completeResponses: number;
  progressionFree1y: number;
  alive1y: number;
  lost: Record<LostReason, number>;
  attempts: number;
  reaphereses: number;
  oosReleased: number;
  /**
   * Manufacturing as registries report it, per eligible patient (each a probability: a
   * patient counts once). `notInSpec`: collected, and the first product not in specification
   * (out of specification, released or not, or failed): the registries' "manufacturing
   * failure". `failedAttempt`: collected, with at least one attempt that released no product
   * (a failure, or an OOS product not released). `oosInfused`: infused with an OOS product
   * (from any attempt). `remanufacturedInfused`: infused with an in-specification product of
   * attempt 2 or later (a successful re-manufacture). `notInSpecNotInfused`: `notInSpec` and
   * never infused (lost to manufacturing, or progressed before the infusion of a later or OOS
   * product). `oosInfused + remanufacturedInfused + notInSpecNotInfused = notInSpec`.
   *
   * The same patients by manufacturing outcome alone, whatever happened next (no disease
   * clock: progression during manufacturing stops no attempt). `firstOosReleased`: collected,
   * and the product of attempt 1 out of specification and released for infusion.
   * `remanufactured`: collected, attempt 1 released no product and a later attempt released
   * one (in specification, or OOS and released). With the patients who never got a product
   * (`lost.manufacturingFailed`): `firstOosReleased + remanufactured + lost.manufacturingFailed
   * = notInSpec`, and `remanufactured + lost.manufacturingFailed = failedAttempt`.
   */
  notInSpec: number;
  failedAttempt: number;
  oosInfused: number;
  remanufacturedInfused: number;
  notInSpecNotInfused: number;
  firstOosReleased: number;
  remanufactured: number;
  crs3: number;
  icans3: number;
  /** E[v2v 1{infused}] (days per eligible patient). */
  v2vDays: number;
  /** Mean vein-to-vein time of infused patients, v2vDays / infused; null when no one can be infused. */
  v2vMean: number | null;
  /** E[bridging days] per eligible patient. */
  bridgingDays: number;
  /** Units the product price is paid for, per `payment`. */
  paidUnits: number;
  /** Variable costs per eligible patient (the fixed cost is per cohort). */
  costs: { product: number; apheresis: number; bridging: number; infusion: number; adverseEvents: number; variable: number };
  /**
   * The one-year states of MODEL.md "Life-years and QALYs", as probabilities per eligible
   * patient (they sum to 1): `remission` infused and progression-free at one year,
   * `progressed` alive at one year and not in remission, `dead` not alive at one year.
   */
  states: { remission: number; progressed: number; dead: number };
}

/** Options of the exact computation. */
export interface ExactOptions {
  /** Divides the quadrature's step (default 1; 4 gives four times the nodes, for checking the error). */
  refine?: number;
}

/** The disease clock's rates: before apheresis, and after it (bridging). */
export function hazards(cohort: Cohort): { lambda: number; mu: number } {
  const lambda = Math.LN2 / cohort.untreatedMedianSurvivalDays;
  // hr = 0 means no progression after apheresis, even with an infinite lambda.
  const mu = cohort.bridgingHazardRatio === 0 ? 0 : lambda * cohort.bridgingHazardRatio;
  return { lambda, mu };
}

/** 1 - L_T(a), as a B_T(a) where a is finite. */
function oneMinusLaplace(t: DurationTransforms, a: number): number {
  return Number.isFinite(a) ? a * t.bridged : 1 - t.laplace;
}

const at = (d: { median: number; p90: number }, a: number, refine: number): DurationTransforms =>
  durationTransforms(d.median, d.p90, a, refine);

/**
 * The numbers an arm's funnel depends on (`funnelInto`: the probabilities of steps 1-5, the
 * attempts allowed, the five durations, the disease clock's two numbers, the quadrature's
 * refinement), as last evaluated into one ArmExpectation: a PSA whose uncertain parameters are
 * outcomes, prices or costs evaluates each arm's funnel once, not in every draw (the funnel is
 * a function of these numbers alone, so the values left in the object are the ones a new
 * evaluation would give).
 */
export class FunnelKey {
  private readonly key = new Float64Array(21);
  private valid = false;

  private static write(arm: Arm, cohort: Cohort, refine: number, k: Float64Array): void {
    k[0] = arm.pReferral;
    k[1] = arm.pFunding;
    k[2] = arm.pApheresis;
    k[3] = arm.pInSpec;
    k[4] = arm.pOos;
    k[5] = arm.pOosReleased;
    k[6] = arm.pRetry;
    k[7] = arm.maxAttempts;
    k[8] = arm.adminDays.median;
    k[9] = arm.adminDays.p90;
    k[10] = arm.slotWaitDays.median;
    k[11] = arm.slotWaitDays.p90;
    k[12] = arm.mfgDays.median;
    k[13] = arm.mfgDays.p90;
    k[14] = arm.reapheresisDays.median;
    k[15] = arm.reapheresisDays.p90;
    k[16] = arm.logisticsDays.median;
    k[17] = arm.logisticsDays.p90;
    k[18] = cohort.untreatedMedianSurvivalDays;
    k[19] = cohort.bridgingHazardRatio;
    k[20] = refine;
  }

  private readonly now = new Float64Array(21);

  /** Whether the funnel last evaluated with this key had these very numbers (zeros by their sign). */
  matches(arm: Arm, cohort: Cohort, refine: number): boolean {
    if (!this.valid) return false;
    const now = this.now;
    FunnelKey.write(arm, cohort, refine, now);
    const key = this.key;
    for (let i = 0; i < 21; i++) if (!Object.is(now[i], key[i])) return false;
    return true;
  }

  set(arm: Arm, cohort: Cohort, refine: number): void {
    FunnelKey.write(arm, cohort, refine, this.key);
    this.valid = true;
  }
}

/** An ArmExpectation to fill (`armExpectationInto`), its fields in the order `armExpectation` gives them. */
export function newArmExpectation(): ArmExpectation {
  return {
    referred: 0, aliveAtFunding: 0, funded: 0, aliveAtApheresis: 0, apheresed: 0, released: 0, infused: 0,
    infusedByAttempt: [], responses: 0, completeResponses: 0, progressionFree1y: 0, alive1y: 0,
    lost: {
      notReferred: 0, progressedBeforeFunding: 0, notFunded: 0, progressedBeforeApheresis: 0, apheresisFailed: 0,
      manufacturingFailed: 0, progressedBeforeInfusion: 0,
    },
    attempts: 0, reaphereses: 0, oosReleased: 0,
    notInSpec: 0, failedAttempt: 0, oosInfused: 0, remanufacturedInfused: 0, notInSpecNotInfused: 0,
    firstOosReleased: 0, remanufactured: 0,
    crs3: 0, icans3: 0, v2vDays: 0, v2vMean: null, bridgingDays: 0, paidUnits: 0,
    costs: { product: 0, apheresis: 0, bridging: 0, infusion: 0, adverseEvents: 0, variable: 0 },
    states: { remission: 0, progressed: 0, dead: 0 },
  };
}

/** The exact expectations of one arm per eligible patient (see the module's comment). */
export function armExpectation(arm: Arm, cohort: Cohort, options: ExactOptions = {}): ArmExpectation {
  return armExpectationInto(arm, cohort, options, newArmExpectation());
}

/**
 * `armExpectation` written into `out` (every field, nested objects and array included; `out`
 * from `newArmExpectation`), which it returns: a PSA evaluates its draws one after another in
 * the same object, with nothing to collect per draw. With `key` (the same one for every call
 * with this `out`), the funnel is evaluated only when the numbers it depends on differ from
 * the last call's.
 */
export function armExpectationInto(arm: Arm, cohort: Cohort, options: ExactOptions, out: ArmExpectation, key?: FunnelKey): ArmExpectation {
  const refine = options.refine ?? 1;
  if (key === undefined || !key.matches(arm, cohort, refine)) {
    funnelInto(arm, cohort, refine, out);
    key?.set(arm, cohort, refine);
  }
  // Steps 6-7 and the costs, from the funnel.
  const infused = out.infused;
  const attemptsPE = out.attempts;
  const responses = infused * arm.pOrr;
  const completeResponses = infused * arm.pCr;
  const progressionFree1y = infused * arm.pPfs1;
  const alive1y = infused * arm.pOs1 + (1 - infused) * cohort.pOs1Untreated;
  const crs3 = infused * arm.pCrs3;
  const icans3 = infused * arm.pIcans3;

  const paidUnits = arm.payment === 'perInfusion' ? infused : arm.payment === 'perAttempt' ? attemptsPE : responses;
  const product = arm.price * paidUnits;
  const apheresis = arm.apheresisCost * (out.aliveAtApheresis + out.reaphereses);
  const bridging = arm.bridgingCostPerDay * out.bridgingDays;
  const infusion = arm.infusionCost * infused;
  const adverseEvents = arm.crsCost * crs3 + arm.icansCost * icans3;

  out.responses = responses;
  out.completeResponses = completeResponses;
  out.progressionFree1y = progressionFree1y;
  out.alive1y = alive1y;
  out.crs3 = crs3;
  out.icans3 = icans3;
  out.paidUnits = paidUnits;
  const costs = out.costs;
  costs.product = product;
  costs.apheresis = apheresis;
  costs.bridging = bridging;
  costs.infusion = infusion;
  costs.adverseEvents = adverseEvents;
  costs.variable = product + apheresis + bridging + infusion + adverseEvents;
  const states = out.states;
  states.remission = progressionFree1y;
  states.progressed = alive1y - progressionFree1y;
  states.dead = 1 - alive1y;
  return out;
}

/**
 * The funnel of an arm (steps 1-5: every expectation up to infusion, the losses, attempts,
 * re-aphereses, OOS products released, the vein-to-vein and bridging days) into `out`.
 */
function funnelInto(arm: Arm, cohort: Cohort, refine: number, out: ArmExpectation): void {
  const { lambda, mu } = hazards(cohort);

  // Steps 1-3: referral, funding (check at t_fund), apheresis (check at t_a).
  const referred = arm.pReferral;
  const admin = at(arm.adminDays, lambda, refine);
  const slot = at(arm.slotWaitDays, lambda, refine);
  const aliveAtFunding = referred * admin.laplace;
  const funded = aliveAtFunding * arm.pFunding;
  const aliveAtApheresis = funded * slot.laplace;
  const apheresed = aliveAtApheresis * arm.pApheresis;

  // Steps 4-5 per collected patient, X ~ Exp(mu) the time from t_a to progression.
  const mfg = at(arm.mfgDays, mu, refine);
  const reaph = at(arm.reapheresisDays, mu, refine);
  const log = at(arm.logisticsDays, mu, refine);
  const sOos = arm.pOos * arm.pOosReleased;
  const s = arm.pInSpec + sOos;
  const f = 1 - s;
  const q = arm.pRetry;
  const N = arm.maxAttempts;

  let reach = 1; // P(attempt k happens | collected)
  // Over the sum D of mfg_1 + reaph_1 + ... + mfg_k: P(X > D), E[D 1{X > D}], E[min(D, X)].
  let surv = 1;
  let weighted = 0;
  let bridged = 0;
  let attempts = 0;
  let reaphereses = 0;
  let released = 0;
  let infused = 0;
  let v2vDays = 0;
  let bridgingDays = 0;
  let bridgingReleased = 0; // E[min(D_k, X)] over released products: mu times it is P(progressed before infusion)
  let mfgFailed = 0;
  let oosInfused = 0; // infused with an OOS product
  let remadeInfused = 0; // infused with an in-specification product of attempt k >= 2
  let remade = 0; // a product released at attempt k >= 2 (attempt 1 released none), infused or not
  // E[min(D_k, X)] over the products released to patients whose first product was not in
  // specification (OOS at attempt 1, any at k >= 2): mu times it is P(they progress before infusion).
  let bridgingNotInSpecReleased = 0;
  // Written by index (each attempt's entry, in order): emptying the array and pushing would
  // give it a new backing store in every draw of a PSA.
  const infusedByAttempt = out.infusedByAttempt;
  if (infusedByAttempt.length > N) infusedByAttempt.length = N;
  for (let k = 1; k <= N; k++) {
    if (k > 1) {
      reaphereses += reach;
      // add reaph_(k-1)
      weighted = weighted * reaph.laplace + surv * reaph.weighted;
      bridged += surv * reaph.bridged;
      surv *= reaph.laplace;
    }
    attempts += reach;
    // add mfg_k
    weighted = weighted * mfg.laplace + surv * mfg.weighted;
    bridged += surv * mfg.bridged;
    surv *= mfg.laplace;

    // Released at attempt k: then logistics, and the infusion check at t_a + D_k.
    const pRel = reach * s;
    const survI = surv * log.laplace;
    const pInf = pRel * survI;
    released += pRel;
    infused += pInf;
    infusedByAttempt[k - 1] = pInf;
    v2vDays += pRel * (weighted * log.laplace + surv * log.weighted);
    const bridgedI = pRel * (bridged + surv * log.bridged);
    bridgingDays += bridgedI;
    bridgingReleased += bridgedI;
    oosInfused += reach * sOos * survI;
    if (k > 1) {
      remadeInfused += reach * arm.pInSpec * survI;
      remade += pRel;
    }
    // s > 0 here whenever pRel > 0; a zero release contributes nothing.
    if (pRel > 0) bridgingNotInSpecReleased += k > 1 ? bridgedI : bridgedI * (sOos / s);

    // Not released at attempt k: a retry, or lost to manufacturing (bridging to the attempt's end).
    const pFail = reach * f;
    const pNext = k < N ? pFail * q : 0;
    const pStop = pFail - pNext;
    mfgFailed += pStop;
    bridgingDays += pStop * bridged;
    reach = pNext;
  }

  // The mean among infused patients from the per-collected sums (no underflow from a tiny `apheresed`).
  const v2vMean = infused > 0 && apheresed > 0 && Number.isFinite(v2vDays / infused) ? v2vDays / infused : null;
  // Per eligible patient: scale by the collected.
  infused *= apheresed;
  for (let k = 0; k < infusedByAttempt.length; k++) infusedByAttempt[k] *= apheresed;
  const releasedPE = released * apheresed;
  const attemptsPE = attempts * apheresed;
  const reapheresesPE = reaphereses * apheresed;
  const v2vPE = v2vDays * apheresed;
  const bridgingPE = bridgingDays * apheresed;

  out.referred = referred;
  out.aliveAtFunding = aliveAtFunding;
  out.funded = funded;
  out.aliveAtApheresis = aliveAtApheresis;
  out.apheresed = apheresed;
  out.released = releasedPE;
  out.infused = infused;
  // 1 - L_T(a) = a B_T(a) and 1 - P(X > D) = mu E[min(D, X)]: the losses to progression
  // without the cancellation of 1 - (a number near 1).
  const lost = out.lost;
  lost.notReferred = 1 - referred;
  lost.progressedBeforeFunding = referred * oneMinusLaplace(admin, lambda);
  lost.notFunded = aliveAtFunding - funded;
  lost.progressedBeforeApheresis = funded * oneMinusLaplace(slot, lambda);
  lost.apheresisFailed = aliveAtApheresis - apheresed;
  lost.manufacturingFailed = mfgFailed * apheresed;
  lost.progressedBeforeInfusion = Number.isFinite(mu) ? mu * bridgingReleased * apheresed : releasedPE - infused;
  out.notInSpec = (1 - arm.pInSpec) * apheresed;
  out.failedAttempt = f * apheresed;
  out.oosInfused = oosInfused * apheresed;
  out.remanufacturedInfused = remadeInfused * apheresed;
  // Lost to manufacturing (every such patient's first product was not in specification), and
  // released to that group then progressed before infusion.
  const progressedNotInSpec = Number.isFinite(mu) ? mu * bridgingNotInSpecReleased
    : Math.max(0, (1 - arm.pInSpec) - mfgFailed - (oosInfused + remadeInfused));
  out.notInSpecNotInfused = (mfgFailed + progressedNotInSpec) * apheresed;
  out.firstOosReleased = sOos * apheresed;
  out.remanufactured = remade * apheresed;
  out.attempts = attemptsPE;
  out.reaphereses = reapheresesPE;
  out.oosReleased = attemptsPE * sOos;
  out.v2vDays = v2vPE;
  out.v2vMean = infused > 0 ? v2vMean : null;
  out.bridgingDays = bridgingPE;
}

