/**
 * Exact expectations of MODEL.md (version 1) when every duration is fixed (p90 == median).
 *
 * Written from MODEL.md alone ("One patient's journey", "Costs", "Outputs of one run"),
 * independently of the simulator's code, so that a test comparing the two catches a wrong model.
 *
 * Notation: lambda = ln 2 / untreatedMedianSurvivalDays, hr = bridgingHazardRatio,
 * mu = lambda * hr. Fixed durations A (admin), S (slot), m (mfg), r (re-apheresis), L (logistics).
 *
 * - The disease clock E ~ Exp(1); passing the check at t means E > H(t), so
 *   P(pass at t) = exp(-H(t)). Before apheresis H(t) = lambda t, so P(pass at t_fund = A) =
 *   exp(-lambda A) and, given that, P(pass at t_a = A + S) = exp(-lambda S).
 * - After apheresis the hazard is mu; given a pass at t_a, the disease clock left over is
 *   Exp(1) again (memoryless), so the time X from t_a to progression is Exp(mu) and
 *   P(pass at t_a + D | pass at t_a) = exp(-mu D).
 * - Manufacturing, for a collected patient: an attempt releases a product with probability
 *   s = pInSpec + pOos * pOosReleased, and fails with f = 1 - s. Attempt k (k = 1..N, N =
 *   maxAttempts) happens with probability (f q)^(k-1), q = pRetry (a retry needs k < N and
 *   U_retry < q, whatever the disease clock says). A product released at attempt k is infused
 *   at t_a + D_k, D_k = k m + (k-1) r + L (its vein-to-vein time); a patient whose last attempt
 *   j fails ends manufacturing at t_a + F_j, F_j = j m + (j-1) r.
 * - Bridging days of a collected patient: min(D, X) with D the time from t_a to infusion (or
 *   to the end of the last attempt), E[min(D, X)] = (1 - exp(-mu D)) / mu, or D when mu = 0.
 */

import type { Arm, Cohort, Duration } from '../../src/scenario/types.js';

/** The fixed value of a duration; the closed forms hold only for fixed durations. */
export function fixedDays(d: Duration, name: string): number {
  if (d.p90 !== d.median) throw new Error(`${name}: the closed form needs a fixed duration (p90 == median), got ${JSON.stringify(d)}`);
  return d.median;
}

/** E[min(D, X)], X ~ Exp(mu) (mu = 0: X = infinity). */
export function expectedMin(D: number, mu: number): number {
  return mu === 0 ? D : -Math.expm1(-mu * D) / mu;
}

/** Expectations per eligible patient (probabilities, expected counts and costs). */
export interface ExactPerPatient {
  referred: number;
  funded: number;
  /** Patients alive at the apheresis step (collected or not): one apheresis each. */
  reachedApheresis: number;
  apheresed: number;
  infused: number;
  responses: number;
  completeResponses: number;
  progressionFree1y: number;
  alive1y: number;
  lost: {
    notReferred: number;
    progressedBeforeFunding: number;
    notFunded: number;
    progressedBeforeApheresis: number;
    apheresisFailed: number;
    manufacturingFailed: number;
    progressedBeforeInfusion: number;
  };
  attempts: number;
  reaphereses: number;
  oosReleased: number;
  crs3: number;
  icans3: number;
  /** Mean vein-to-vein time of infused patients (null when no one can be infused). */
  v2vMean: number | null;
  /** The vein-to-vein times D_k that infused patients can have, with their probability per eligible patient. */
  v2vAtoms: { days: number; infused: number }[];
  bridgingDays: number;
  costs: { product: number; apheresis: number; bridging: number; infusion: number; adverseEvents: number };
}

/** The exact expectations of one arm per eligible patient, from MODEL.md. */
export function exactPerPatient(arm: Arm, cohort: Cohort): ExactPerPatient {
  const lambda = Math.LN2 / cohort.untreatedMedianSurvivalDays;
  const mu = lambda * cohort.bridgingHazardRatio;
  const A = fixedDays(arm.adminDays, 'adminDays');
  const S = fixedDays(arm.slotWaitDays, 'slotWaitDays');
  const m = fixedDays(arm.mfgDays, 'mfgDays');
  const r = fixedDays(arm.reapheresisDays, 'reapheresisDays');
  const L = fixedDays(arm.logisticsDays, 'logisticsDays');

  // Steps 1-3: referral, funding (check at A), apheresis (check at A + S).
  const referred = arm.pReferral;
  const aliveAtFunding = referred * Math.exp(-lambda * A);
  const funded = aliveAtFunding * arm.pFunding;
  const reachedApheresis = funded * Math.exp(-lambda * S);
  const apheresed = reachedApheresis * arm.pApheresis;

  // Steps 4-5, per collected patient.
  const s = arm.pInSpec + arm.pOos * arm.pOosReleased;
  const f = 1 - s;
  const q = arm.pRetry;
  const N = arm.maxAttempts;
  let reach = 1; // P(attempt k happens | collected)
  let attempts = 0;
  let reaph = 0;
  let released = 0;
  let infusedC = 0;
  let v2vSum = 0;
  let bridgingC = 0;
  let mfgFailedC = 0;
  const atoms: { days: number; infused: number }[] = [];
  for (let k = 1; k <= N; k++) {
    attempts += reach;
    if (k > 1) reaph += reach;
    const D = k * m + (k - 1) * r + L;
    const pRel = reach * s;
    const pInf = pRel * Math.exp(-mu * D);
    released += pRel;
    infusedC += pInf;
    v2vSum += pInf * D;
    bridgingC += pRel * expectedMin(D, mu);
    if (pInf > 0) atoms.push({ days: D, infused: apheresed * pInf });
    const pFail = reach * f;
    const pNext = k < N ? pFail * q : 0;
    const pStop = pFail - pNext; // lost to manufacturing failure after attempt k
    mfgFailedC += pStop;
    bridgingC += pStop * expectedMin(k * m + (k - 1) * r, mu);
    reach = pNext;
  }

  const infused = apheresed * infusedC;
  const responses = infused * arm.pOrr;
  const crs3 = infused * arm.pCrs3;
  const icans3 = infused * arm.pIcans3;
  const attemptsPP = apheresed * attempts;
  const reapheresesPP = apheresed * reaph;

  let product: number;
  switch (arm.payment) {
    case 'perInfusion': product = arm.price * infused; break;
    case 'perAttempt': product = arm.price * attemptsPP; break;
    case 'perResponse': product = arm.price * responses; break;
    default: throw new Error(`unknown payment ${String(arm.payment)}`);
  }

  return {
    referred,
    funded,
    reachedApheresis,
    apheresed,
    infused,
    responses,
    completeResponses: infused * arm.pCr,
    progressionFree1y: infused * arm.pPfs1,
    alive1y: infused * arm.pOs1 + (1 - infused) * cohort.pOs1Untreated,
    lost: {
      notReferred: 1 - arm.pReferral,
      progressedBeforeFunding: referred - aliveAtFunding,
      notFunded: aliveAtFunding - funded,
      progressedBeforeApheresis: funded - reachedApheresis,
      apheresisFailed: reachedApheresis - apheresed,
      manufacturingFailed: apheresed * mfgFailedC,
      progressedBeforeInfusion: apheresed * (released - infusedC),
    },
    attempts: attemptsPP,
    reaphereses: reapheresesPP,
    oosReleased: attemptsPP * arm.pOos * arm.pOosReleased,
    crs3,
    icans3,
    v2vMean: infused > 0 ? v2vSum / infusedC : null,
    v2vAtoms: atoms,
    bridgingDays: apheresed * bridgingC,
    costs: {
      product,
      apheresis: arm.apheresisCost * (reachedApheresis + reapheresesPP),
      bridging: arm.bridgingCostPerDay * apheresed * bridgingC,
      infusion: arm.infusionCost * infused,
      adverseEvents: arm.crsCost * crs3 + arm.icansCost * icans3,
    },
  };
}

/** Exact expectations of one arm per cohort (the result file's ARM, with values only). */
export interface ExactArm {
  funnel: Record<'eligible' | 'referred' | 'funded' | 'apheresed' | 'infused' | 'responses'
    | 'completeResponses' | 'progressionFree1y' | 'alive1y', number>;
  lost: ExactPerPatient['lost'];
  manufacturing: { attempts: number; reaphereses: number; oosReleased: number };
  adverseEvents: { crs3: number; icans3: number };
  v2vMean: number | null;
  v2vAtoms: { days: number; infused: number }[];
  costs: {
    product: number; apheresis: number; bridging: number; infusion: number; adverseEvents: number;
    fixed: number; total: number; perEligible: number;
    perInfused: number | null; perCompleteResponse: number | null; perAlive1y: number | null;
  };
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function scaleRecord<T extends Record<string, number>>(o: T, n: number): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v * n])) as T;
}

/** The exact expectations of one arm scaled to one cohort of `cohort.eligiblePerYear` patients. */
export function exactArm(arm: Arm, cohort: Cohort): ExactArm {
  const n = cohort.eligiblePerYear;
  const p = exactPerPatient(arm, cohort);
  const c = scaleRecord(p.costs, n);
  const fixed = arm.fixedCostPerYear;
  const total = c.product + c.apheresis + c.bridging + c.infusion + c.adverseEvents + fixed;
  const funnel = {
    eligible: n,
    referred: n * p.referred,
    funded: n * p.funded,
    apheresed: n * p.apheresed,
    infused: n * p.infused,
    responses: n * p.responses,
    completeResponses: n * p.completeResponses,
    progressionFree1y: n * p.progressionFree1y,
    alive1y: n * p.alive1y,
  };
  return {
    funnel,
    lost: scaleRecord(p.lost, n),
    manufacturing: { attempts: n * p.attempts, reaphereses: n * p.reaphereses, oosReleased: n * p.oosReleased },
    adverseEvents: { crs3: n * p.crs3, icans3: n * p.icans3 },
    v2vMean: p.v2vMean,
    v2vAtoms: p.v2vAtoms.map((a) => ({ days: a.days, infused: n * a.infused })),
    costs: {
      ...c,
      fixed,
      total,
      perEligible: total / n,
      perInfused: ratio(total, funnel.infused),
      perCompleteResponse: ratio(total, funnel.completeResponses),
      perAlive1y: ratio(total, funnel.alive1y),
    },
  };
}

/** Exact differences, poc minus commercial. */
export function exactDifference(commercial: ExactArm, poc: ExactArm) {
  const alive1y = poc.funnel.alive1y - commercial.funnel.alive1y;
  const totalCost = poc.costs.total - commercial.costs.total;
  return {
    infused: poc.funnel.infused - commercial.funnel.infused,
    completeResponses: poc.funnel.completeResponses - commercial.funnel.completeResponses,
    alive1y,
    totalCost,
    costPerExtraAlive1y: ratio(totalCost, alive1y),
  };
}
