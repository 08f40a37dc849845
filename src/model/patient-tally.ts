/**
 * A patient's version 1 outcomes in one arm, written into the arm's block of a tally
 * (`tally.ts` layout): steps 6 and 7 of MODEL.md's journey (response, survival, adverse
 * events of infused patients; survival of the others) and the costs. The cohort-years engine
 * (src/queue) decides the funnel with its queue, the version 1 reference journey
 * (src/reference/journey.ts) by its steps 1 to 5, and both hand every patient through this one
 * function, so that a new tally slot is filled in one place.
 */

import type { PatientDraws } from './draws.js';
import type { ArmModel, CohortModel } from './arm-model.js';
import { A, ARM_HIST, V2V_OVERFLOW_BIN } from './tally.js';

/** How far a patient went in the funnel of one arm, and what the way there counted. */
export interface FunnelOutcome {
  referred: number;
  aliveAtFunding: number;
  funded: number;
  /** Alive and fit at apheresis: one apheresis procedure. */
  aliveAtApheresis: number;
  apheresed: number;
  /** A product released for infusion. */
  manufactured: number;
  infused: number;
  /** Vein-to-vein days (infused patients). */
  v2v: number;
  attempts: number;
  reaphereses: number;
  oosReleased: number;
  bridgingDays: number;
}

export function newFunnelOutcome(): FunnelOutcome {
  return {
    referred: 0, aliveAtFunding: 0, funded: 0, aliveAtApheresis: 0, apheresed: 0, manufactured: 0,
    infused: 0, v2v: 0, attempts: 0, reaphereses: 0, oosReleased: 0, bridgingDays: 0,
  };
}

/** What the differences between arms need of one patient in one arm. */
export interface PairOutcome {
  infused: number;
  completeResponse: number;
  alive1y: number;
  /** One-year state (MODEL.md v2): 0 dead, 1 progressed, 2 remission (infused and progression-free). */
  state: number;
  cost: number;
}

/** Adds one patient's outcomes in arm block `o` of `tally`; fills `out` for the differences. */
export function tallyPatient(
  tally: Float64Array, o: number, arm: ArmModel, cohort: CohortModel, d: PatientDraws, f: FunnelOutcome, out: PairOutcome,
): void {
  tally[o + A.referred] += f.referred;
  tally[o + A.aliveAtFunding] += f.aliveAtFunding;
  tally[o + A.funded] += f.funded;
  tally[o + A.aliveAtApheresis] += f.aliveAtApheresis;
  tally[o + A.apheresed] += f.apheresed;
  tally[o + A.manufactured] += f.manufactured;
  const infused = f.infused;
  let response = 0;
  let completeResponse = 0;
  let alive = 0;
  let remission = 0;
  let crs = 0;
  let icans = 0;
  if (infused) {
    tally[o + A.infused] += 1;
    const v2v = f.v2v;
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

  const { attempts, reaphereses, oosReleased } = f;
  tally[o + A.attempts] += attempts;
  tally[o + A.attemptsSq] += attempts * attempts;
  tally[o + A.reaphereses] += reaphereses;
  tally[o + A.reapheresesSq] += reaphereses * reaphereses;
  tally[o + A.oosReleased] += oosReleased;
  tally[o + A.oosReleasedSq] += oosReleased * oosReleased;

  const paidUnits = arm.payment === 'perInfusion' ? infused : arm.payment === 'perAttempt' ? attempts : response;
  const product = arm.price * paidUnits;
  const apheresis = arm.apheresisCost * (f.aliveAtApheresis + reaphereses);
  const bridging = arm.bridgingCostPerDay * f.bridgingDays;
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
