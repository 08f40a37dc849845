/**
 * One patient's journey through one arm (MODEL.md, "One patient's journey"), plain and
 * step by step: steps 1 to 5 here, then steps 6 and 7 and the costs by `tallyPatient`
 * (src/model/patient-tally.ts, which the cohort-years engine uses too), which writes into the
 * arm's block of a tally and returns what the pair of arms needs for the differences.
 */

import { logNormal } from '../distributions/index.js';
import { newFunnelOutcome, tallyPatient, type FunnelOutcome, type PairOutcome } from '../model/patient-tally.js';
import type { PatientDraws } from '../model/draws.js';
import type { ArmModel, CohortModel } from '../model/arm-model.js';

/** What the differences between arms need of one patient in one arm. */
export type PatientOutcome = PairOutcome;

/** The funnel of the patient in progress (one object reused: the journey allocates nothing per patient). */
const FUNNEL: FunnelOutcome = newFunnelOutcome();
const NO_FUNNEL: Readonly<FunnelOutcome> = Object.freeze(newFunnelOutcome());

export function journey(
  arm: ArmModel, cohort: CohortModel, d: PatientDraws, tally: Float64Array, o: number, out: PatientOutcome,
): void {
  const E = d.clock;
  const f = Object.assign(FUNNEL, NO_FUNNEL);
  let infused = 0;
  let attempts = 0;
  let reaphereses = 0;
  let oosReleased = 0;
  let bridgingDays = 0;
  let v2v = 0;

  // 1. Referral.
  if (d.uRef < arm.pReferral) {
    f.referred = 1;
    // 2. Funding decision at t_fund = T_admin; before apheresis H(t) = lambda t.
    const tFund = logNormal(arm.admin, d.zAdmin);
    if (E > cohort.lambda * tFund) {
      f.aliveAtFunding = 1;
      if (d.uFund < arm.pFunding) {
        f.funded = 1;
        // 3. Apheresis at t_a = t_fund + T_slot.
        const tA = tFund + logNormal(arm.slot, d.zSlot);
        if (E > cohort.lambda * tA) {
          f.aliveAtApheresis = 1;
          if (d.uAph < arm.pApheresis) {
            f.apheresed = 1;
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
              f.manufactured = 1;
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

  // 6. After infusion; 7. patients not infused; the costs: one function for every engine's tally.
  Object.assign(f, { infused, v2v, attempts, reaphereses, oosReleased, bridgingDays });
  tallyPatient(tally, o, arm, cohort, d, f, out);
}
