/**
 * Life-years and QALYs of the one-year states (MODEL.md v2, "Life-years and QALYs"): a
 * landmark model at one year with exponential tails, discounted continuously from eligibility
 * at delta = ln(1 + discountRate). With D(a, b) = (e^(-delta a) - e^(-delta b)) / delta
 * (b - a when delta = 0), a patient's discounted life-years are
 *
 *   remission, progressed:  D(0, 1) + e^(-delta) / (1/m + delta)   (m the state's mean years after year one)
 *   dead:                   D(0, 0.5)                               (death taken at half a year)
 *
 * and its QALYs the same times its utility (utilityRemission in remission, utilityProgressed
 * otherwise). A progressed patient costs annualCostProgressed per discounted life-year after
 * year one: annualCostProgressed e^(-delta) / (1/m + delta).
 */

import { DEAD, PROGRESSED, REMISSION } from '../model/tally.js';
import type { Cohort } from '../scenario/types.js';

/** Discounted years between a and b (years from eligibility), continuous discounting at delta. */
export function discountedYears(a: number, b: number, delta: number): number {
  if (delta === 0) return b - a;
  return (Math.exp(-delta * a) - Math.exp(-delta * b)) / delta;
}

/** Discounted years after year one of an exponential life with mean m: e^(-delta) / (1/m + delta). */
export function discountedTail(m: number, delta: number): number {
  return Math.exp(-delta) / (1 / m + delta);
}

/** Per one-year state (index DEAD, PROGRESSED, REMISSION): life-years, QALYs and cost after year one of one patient. */
export interface StateValues {
  lifeYears: [number, number, number];
  qalys: [number, number, number];
  laterCost: [number, number, number];
}

export function stateValues(c: Pick<Cohort, 'lifeYearsRemission' | 'lifeYearsProgressed' | 'utilityRemission' | 'utilityProgressed' | 'discountRate' | 'annualCostProgressed'>): StateValues {
  const delta = Math.log1p(c.discountRate);
  const year1 = discountedYears(0, 1, delta);
  const tailProgressed = discountedTail(c.lifeYearsProgressed, delta);
  const lifeYears: [number, number, number] = [0, 0, 0];
  lifeYears[DEAD] = discountedYears(0, 0.5, delta);
  lifeYears[PROGRESSED] = year1 + tailProgressed;
  lifeYears[REMISSION] = year1 + discountedTail(c.lifeYearsRemission, delta);
  const qalys: [number, number, number] = [0, 0, 0];
  qalys[DEAD] = c.utilityProgressed * lifeYears[DEAD];
  qalys[PROGRESSED] = c.utilityProgressed * lifeYears[PROGRESSED];
  qalys[REMISSION] = c.utilityRemission * lifeYears[REMISSION];
  const laterCost: [number, number, number] = [0, 0, 0];
  laterCost[PROGRESSED] = c.annualCostProgressed * tailProgressed;
  return { lifeYears, qalys, laterCost };
}
