/**
 * A scenario turned into what the journey needs: log-normal parameters of each duration,
 * the disease clock's hazard. Computed once per run.
 */

import { logNormalFromMedianP90, type LogNormal } from '../distributions/index.js';
import type { Arm, Cohort, Payment } from '../scenario/types.js';

export interface ArmModel {
  readonly pReferral: number;
  readonly admin: LogNormal;
  readonly pFunding: number;
  readonly slot: LogNormal;
  readonly pApheresis: number;
  readonly mfg: LogNormal;
  readonly pInSpec: number;
  /** pInSpec + pOos: below it (and above pInSpec) a product is out of specification. */
  readonly pInSpecOrOos: number;
  readonly pOosReleased: number;
  readonly pRetry: number;
  readonly maxAttempts: number;
  readonly reapheresis: LogNormal;
  readonly logistics: LogNormal;
  readonly pOrr: number;
  readonly pCr: number;
  readonly pOs1: number;
  readonly pPfs1: number;
  readonly pCrs3: number;
  readonly pIcans3: number;
  readonly payment: Payment;
  readonly price: number;
  readonly apheresisCost: number;
  readonly bridgingCostPerDay: number;
  readonly infusionCost: number;
  readonly crsCost: number;
  readonly icansCost: number;
}

export interface CohortModel {
  /** Hazard of progression per day before apheresis: ln 2 / untreatedMedianSurvivalDays. */
  readonly lambda: number;
  /** Hazard per day after apheresis: lambda * bridgingHazardRatio. */
  readonly lambdaBridging: number;
  readonly pOs1Untreated: number;
}

/** The model of an arm (field by field: a PSA makes two per draw, on the main thread). */
export function armModel(a: Arm): ArmModel {
  const dist = (d: { median: number; p90: number }) => logNormalFromMedianP90(d.median, d.p90);
  return {
    pReferral: a.pReferral,
    admin: dist(a.adminDays),
    pFunding: a.pFunding,
    slot: dist(a.slotWaitDays),
    pApheresis: a.pApheresis,
    mfg: dist(a.mfgDays),
    pInSpec: a.pInSpec,
    pInSpecOrOos: a.pInSpec + a.pOos,
    pOosReleased: a.pOosReleased,
    pRetry: a.pRetry,
    maxAttempts: a.maxAttempts,
    reapheresis: dist(a.reapheresisDays),
    logistics: dist(a.logisticsDays),
    pOrr: a.pOrr,
    pCr: a.pCr,
    pOs1: a.pOs1,
    pPfs1: a.pPfs1,
    pCrs3: a.pCrs3,
    pIcans3: a.pIcans3,
    payment: a.payment,
    price: a.price,
    apheresisCost: a.apheresisCost,
    bridgingCostPerDay: a.bridgingCostPerDay,
    infusionCost: a.infusionCost,
    crsCost: a.crsCost,
    icansCost: a.icansCost,
  };
}

export function cohortModel(c: Cohort): CohortModel {
  const lambda = Math.LN2 / c.untreatedMedianSurvivalDays;
  return { lambda, lambdaBridging: lambda * c.bridgingHazardRatio, pOs1Untreated: c.pOs1Untreated };
}
