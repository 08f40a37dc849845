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

export function armModel(a: Arm): ArmModel {
  const dist = (d: { median: number; p90: number }) => logNormalFromMedianP90(d.median, d.p90);
  return {
    ...a,
    admin: dist(a.adminDays),
    slot: dist(a.slotWaitDays),
    mfg: dist(a.mfgDays),
    pInSpecOrOos: a.pInSpec + a.pOos,
    reapheresis: dist(a.reapheresisDays),
    logistics: dist(a.logisticsDays),
  };
}

export function cohortModel(c: Cohort): CohortModel {
  const lambda = Math.LN2 / c.untreatedMedianSurvivalDays;
  return { lambda, lambdaBridging: lambda * c.bridgingHazardRatio, pOs1Untreated: c.pOs1Untreated };
}
