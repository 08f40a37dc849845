/**
 * One patient's journey through one arm (MODEL.md, "One patient's journey"), plain and
 * step by step. Writes into the arm's block of a tally and returns what the pair of arms
 * needs for the differences.
 */

import { logNormal } from '../distributions/index.js';
import { A, ARM_HIST, V2V_OVERFLOW_BIN } from '../engine/tally.js';
import type { PatientDraws } from './draws.js';
import type { ArmModel, CohortModel } from './model.js';

/** What the differences between arms need of one patient in one arm. */
export interface PatientOutcome {
  infused: number;
  completeResponse: number;
  alive1y: number;
  /** One-year state: 0 dead, 1 progressed, 2 remission (infused and progression-free). */
  state: number;
  /** Variable cost of the patient (every component but the fixed one). */
  cost: number;
}

export function journey(
  arm: ArmModel, cohort: CohortModel, d: PatientDraws, tally: Float64Array, o: number, out: PatientOutcome,
): void {
  const E = d.clock;
  let infused = 0;
  let response = 0;
  let completeResponse = 0;
  let attempts = 0;
  let reaphereses = 0;
  let oosReleased = 0;
  let apheresisProcedures = 0;
  let bridgingDays = 0;
  let v2v = 0;

  // 1. Referral.
  if (d.uRef < arm.pReferral) {
    tally[o + A.referred] += 1;
    // 2. Funding decision at t_fund = T_admin; before apheresis H(t) = lambda t.
    const tFund = logNormal(arm.admin, d.zAdmin);
    if (E > cohort.lambda * tFund) {
      tally[o + A.aliveAtFunding] += 1;
      if (d.uFund < arm.pFunding) {
        tally[o + A.funded] += 1;
        // 3. Apheresis at t_a = t_fund + T_slot.
        const tA = tFund + logNormal(arm.slot, d.zSlot);
        if (E > cohort.lambda * tA) {
          tally[o + A.aliveAtApheresis] += 1;
          apheresisProcedures = 1;
          if (d.uAph < arm.pApheresis) {
            tally[o + A.apheresed] += 1;
            // 4. Manufacturing attempts k = 1 .. maxAttempts.
            let t = tA;
            let released = false;
            for (let k = 0; k < arm.maxAttempts; k++) {
              attempts += 1;
              t += logNormal(arm.mfg, d.zMfg[k]);
              const u = d.uOut[k];
              if (u < arm.pInSpec) {
                released = true;
                break;
              }
              if (u < arm.pInSpecOrOos && d.uRel[k] < arm.pOosReleased) {
                oosReleased += 1;
                released = true;
                break;
              }
              // A failure (or an OOS product not released): retry after a new apheresis?
              if (k + 1 < arm.maxAttempts && d.uRetry[k] < arm.pRetry) {
                reaphereses += 1;
                t += logNormal(arm.reapheresis, d.zReaph[k]);
                continue;
              }
              break;
            }
            // Progression time t_p = H^-1(E); E > lambda t_a here, so t_p > t_a (infinite if hr = 0).
            const tP = tA + (E - cohort.lambda * tA) / cohort.lambdaBridging;
            let bridgingEnd = t; // a lost product: bridging until the end of the last attempt
            if (released) {
              tally[o + A.manufactured] += 1;
              // 5. Infusion at t_i = t_a + attempts + re-apheresis waits + T_log.
              const tI = t + logNormal(arm.logistics, d.zLog);
              bridgingEnd = tI;
              const H = cohort.lambda * tA + (tI > tA ? cohort.lambdaBridging * (tI - tA) : 0);
              if (E > H) {
                infused = 1;
                v2v = tI - tA;
              }
            }
            bridgingDays = Math.max(0, Math.min(bridgingEnd, tP) - tA);
          }
        }
      }
    }
  }

  // 6. After infusion; 7. patients not infused.
  let alive = 0;
  let remission = 0;
  let crs = 0;
  let icans = 0;
  if (infused) {
    tally[o + A.infused] += 1;
    const bin = v2v < V2V_OVERFLOW_BIN ? Math.floor(v2v) : V2V_OVERFLOW_BIN;
    tally[o + ARM_HIST + bin] += 1;
    tally[o + A.v2vSum] += v2v;
    tally[o + A.v2vSq] += v2v * v2v;
    if (d.uResp < arm.pOrr) response = 1;
    if (d.uResp < arm.pCr) completeResponse = 1;
    if (d.uOs < arm.pOs1) alive = 1;
    if (d.uOs < arm.pPfs1) {
      tally[o + A.progressionFree1y] += 1;
      remission = 1;
    }
    if (d.uCrs < arm.pCrs3) crs = 1;
    if (d.uIcans < arm.pIcans3) icans = 1;
    tally[o + A.responses] += response;
    tally[o + A.completeResponses] += completeResponse;
    tally[o + A.crs3] += crs;
    tally[o + A.icans3] += icans;
  } else if (d.uOs < cohort.pOs1Untreated) {
    alive = 1;
  }
  tally[o + A.alive1y] += alive;

  tally[o + A.attempts] += attempts;
  tally[o + A.attemptsSq] += attempts * attempts;
  tally[o + A.reaphereses] += reaphereses;
  tally[o + A.reapheresesSq] += reaphereses * reaphereses;
  tally[o + A.oosReleased] += oosReleased;
  tally[o + A.oosReleasedSq] += oosReleased * oosReleased;

  // Costs (payer's view).
  const paidUnits = arm.payment === 'perInfusion' ? infused : arm.payment === 'perAttempt' ? attempts : response;
  const product = arm.price * paidUnits;
  const apheresis = arm.apheresisCost * (apheresisProcedures + reaphereses);
  const bridging = arm.bridgingCostPerDay * bridgingDays;
  const infusion = arm.infusionCost * infused;
  const adverseEvents = arm.crsCost * crs + arm.icansCost * icans;
  const cost = product + apheresis + bridging + infusion + adverseEvents;
  tally[o + A.productCost] += product;
  tally[o + A.productCostSq] += product * product;
  tally[o + A.apheresisCost] += apheresis;
  tally[o + A.apheresisCostSq] += apheresis * apheresis;
  tally[o + A.bridgingCost] += bridging;
  tally[o + A.bridgingCostSq] += bridging * bridging;
  tally[o + A.infusionCost] += infusion;
  tally[o + A.infusionCostSq] += infusion * infusion;
  tally[o + A.adverseEventsCost] += adverseEvents;
  tally[o + A.adverseEventsCostSq] += adverseEvents * adverseEvents;
  tally[o + A.cost] += cost;
  tally[o + A.costSq] += cost * cost;
  tally[o + A.costXInfused] += cost * infused;
  tally[o + A.costXCompleteResponse] += cost * completeResponse;
  tally[o + A.costXAlive1y] += cost * alive;
  tally[o + A.paidUnits] += paidUnits;
  tally[o + A.paidUnitsSq] += paidUnits * paidUnits;
  tally[o + A.attemptsXPaidUnits] += attempts * paidUnits;
  tally[o + A.costXRemission] += cost * remission;
  tally[o + A.infusedAlive1y] += infused * alive;
  tally[o + A.completeResponsesAlive1y] += completeResponse * alive;
  tally[o + A.completeResponsesRemission] += completeResponse * remission;

  out.infused = infused;
  out.completeResponse = completeResponse;
  out.alive1y = alive;
  out.state = remission ? 2 : alive ? 1 : 0;
  out.cost = cost;
}
