/**
 * What the economics read of a run's tally: the one-year states of each arm and of the pair
 * (the 3 x 3 table), and the tally with the cost after year one of progressed patients
 * (cohort.annualCostProgressed) in every cost slot, so that costs.total and every cost figure
 * made from it include that cost (MODEL.md v2, "Life-years and QALYs").
 */

import {
  A, ARM_OFFSET, DEAD, P, PATIENTS_SLOT, PROGRESSED, REMISSION, stateSlot,
} from '../model/tally.js';
import type { ArmName, Scenario } from '../scenario/types.js';
import { stateValues } from './life.js';

/** Patients of an arm in each one-year state (index DEAD, PROGRESSED, REMISSION). */
export function armStates(t: Float64Array, arm: ArmName): [number, number, number] {
  const o = ARM_OFFSET[arm];
  const alive = t[o + A.alive1y];
  const remission = t[o + A.progressionFree1y];
  const out: [number, number, number] = [0, 0, 0];
  out[DEAD] = t[PATIENTS_SLOT] - alive;
  out[PROGRESSED] = alive - remission;
  out[REMISSION] = remission;
  return out;
}

/** The sum over the 3 x 3 table of f(commercial's state, poc's state) times the cell's patients. */
export function tableSum(t: Float64Array, f: (c: number, p: number) => number): number {
  let s = 0;
  for (let c = 0; c < 3; c++) for (let p = 0; p < 3; p++) s += t[stateSlot(c, p)] * f(c, p);
  return s;
}

const isProgressed = (s: number) => (s === PROGRESSED ? 1 : 0);
const isAlive = (s: number) => (s === DEAD ? 0 : 1);
const isRemission = (s: number) => (s === REMISSION ? 1 : 0);

/**
 * The tally with x = annualCostProgressed e^(-delta) / (1/m + delta) added to the cost of every
 * progressed patient (the tally itself when x is 0): per arm, cost, cost^2, cost x infused,
 * x complete response, x alive; between arms, d cost, d cost^2, d cost x d alive, x d remission.
 * Each is a function of slots already there (cost x indicator sums and the state table).
 */
export function withLaterCosts(t: Float64Array, s: Scenario): Float64Array {
  const x = stateValues(s.cohort).laterCost[PROGRESSED];
  if (x === 0) return t;
  const u = Float64Array.from(t);
  for (const arm of ['commercial', 'poc'] as const) {
    const o = ARM_OFFSET[arm];
    const progressed = t[o + A.alive1y] - t[o + A.progressionFree1y];
    const costXProgressed = t[o + A.costXAlive1y] - t[o + A.costXRemission];
    u[o + A.cost] += x * progressed;
    u[o + A.costSq] += 2 * x * costXProgressed + x * x * progressed;
    u[o + A.costXInfused] += x * (t[o + A.infusedAlive1y] - t[o + A.progressionFree1y]);
    u[o + A.costXCompleteResponse] += x * (t[o + A.completeResponsesAlive1y] - t[o + A.completeResponsesRemission]);
    u[o + A.costXAlive1y] += x * progressed;
  }
  // d x = x d progressed per patient, d progressed = d alive - d remission.
  const dP = (c: number, p: number) => isProgressed(p) - isProgressed(c);
  const dCostXdProgressed = t[P.dCostXdAlive1y] - t[P.dCostXdRemission];
  u[P.dCost] += x * tableSum(t, dP);
  u[P.dCostSq] += 2 * x * dCostXdProgressed + x * x * tableSum(t, (c, p) => dP(c, p) ** 2);
  u[P.dCostXdAlive1y] += x * tableSum(t, (c, p) => dP(c, p) * (isAlive(p) - isAlive(c)));
  u[P.dCostXdRemission] += x * tableSum(t, (c, p) => dP(c, p) * (isRemission(p) - isRemission(c)));
  return u;
}
