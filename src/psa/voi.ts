/**
 * Decision uncertainty from the draws of a PSA, per cohort, at willingness-to-pay values
 * lambda per extra patient alive at one year. In draw i, the incremental net monetary
 * benefit of point-of-care over commercial manufacturing is
 *
 *   INB_i(lambda) = lambda * dAlive_i - dCost_i      (dAlive, dCost: poc minus commercial, per cohort)
 *
 * - acceptability curve (CEAC; van Hout et al., Health Econ. 3 (1994) 309-319): the share of
 *   draws in which an arm has the larger net benefit: poc where INB > 0, commercial otherwise
 *   (a tie goes to the commercial arm, the status quo), so the two curves add up to 1;
 * - the frontier (CEAF; Fenwick, Claxton & Sculpher, Health Econ. 10 (2001) 779-787): at each
 *   lambda the arm with the larger expected net benefit (the decision on current information)
 *   and its probability of being cost-effective;
 * - the expected value of perfect information, EVPI(lambda) = E[max over arms of NMB] -
 *   max over arms of E[NMB] = mean(max(0, INB)) - max(0, mean(INB)) (the commercial arm's NMB
 *   cancels), >= 0, and 0 when one arm has the larger net benefit in every draw
 *   (Claxton, Health Econ. 8 (1999) 269-274).
 */

import type { ArmName } from '../scenario/types.js';
import { showAny } from '../scenario/show.js';

export interface DecisionCurves {
  /** Willingness to pay per extra patient alive at one year. */
  wtp: number[];
  /** Share of draws in which each arm has the larger net benefit, at each WTP. */
  acceptability: Record<ArmName, number[]>;
  /** At each WTP, the arm with the larger expected net benefit, and its acceptability. */
  frontier: { arm: ArmName[]; probability: number[] };
  /** Mean incremental net benefit (poc minus commercial) per cohort, at each WTP. */
  expectedIncrementalNetBenefit: number[];
  /** Expected value of perfect information per cohort, at each WTP. */
  evpi: number[];
}

/** The curves from the draws' differences (poc minus commercial) in patients alive at one year and in total cost, per cohort. */
export function decisionCurves(dAlive: ArrayLike<number>, dCost: ArrayLike<number>, wtp: readonly number[]): DecisionCurves {
  const S = dAlive.length;
  if (dCost.length !== S) throw new RangeError(`dAlive and dCost must have the same length; got ${S} and ${dCost.length}`);
  if (S === 0) throw new RangeError('at least one draw is needed');
  for (const x of wtp) {
    if (!(x >= 0 && x <= MAX_WTP)) throw new RangeError(`wtp: must be numbers in [0, ${MAX_WTP}]; got ${x}`);
  }
  const out: DecisionCurves = {
    wtp: [...wtp],
    acceptability: { commercial: [], poc: [] },
    frontier: { arm: [], probability: [] },
    expectedIncrementalNetBenefit: [],
    evpi: [],
  };
  const sums = netBenefitSums(dAlive, dCost, wtp);
  for (let w = 0; w < wtp.length; w++) {
    const mean = sums.sum[w] / S;
    const poc = sums.pocWins[w] / S;
    const best: ArmName = mean > 0 ? 'poc' : 'commercial';
    out.acceptability.poc.push(poc);
    out.acceptability.commercial.push(1 - poc);
    out.frontier.arm.push(best);
    out.frontier.probability.push(best === 'poc' ? poc : 1 - poc);
    out.expectedIncrementalNetBenefit.push(mean);
    // In exact arithmetic sumPositive >= max(0, sum); max(0, .) keeps a rounding step from showing as a negative EVPI.
    out.evpi.push(Math.max(0, sums.sumPositive[w] / S - Math.max(0, mean)));
  }
  return out;
}

/**
 * At each WTP lambda, over the draws i in order: the sum of INB_i(lambda) = lambda dAlive_i -
 * dCost_i, the sum of its positive values, and the number of draws where it is positive. Four
 * WTPs at a time, each draw's pair read once for the four (each sum still made over the draws
 * in order: the same numbers as one WTP at a time).
 */
export function netBenefitSums(
  dAlive: ArrayLike<number>, dCost: ArrayLike<number>, wtp: readonly number[],
): { sum: Float64Array; sumPositive: Float64Array; pocWins: Float64Array } {
  const S = dAlive.length;
  const W = wtp.length;
  const sum = new Float64Array(W);
  const sumPositive = new Float64Array(W);
  const pocWins = new Float64Array(W);
  let w = 0;
  for (; w + 4 <= W; w += 4) {
    const l0 = wtp[w];
    const l1 = wtp[w + 1];
    const l2 = wtp[w + 2];
    const l3 = wtp[w + 3];
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let p0 = 0, p1 = 0, p2 = 0, p3 = 0;
    let n0 = 0, n1 = 0, n2 = 0, n3 = 0;
    for (let i = 0; i < S; i++) {
      const a = dAlive[i];
      const c = dCost[i];
      const i0 = l0 * a - c;
      const i1 = l1 * a - c;
      const i2 = l2 * a - c;
      const i3 = l3 * a - c;
      s0 += i0;
      s1 += i1;
      s2 += i2;
      s3 += i3;
      if (i0 > 0) { n0++; p0 += i0; }
      if (i1 > 0) { n1++; p1 += i1; }
      if (i2 > 0) { n2++; p2 += i2; }
      if (i3 > 0) { n3++; p3 += i3; }
    }
    sum[w] = s0; sum[w + 1] = s1; sum[w + 2] = s2; sum[w + 3] = s3;
    sumPositive[w] = p0; sumPositive[w + 1] = p1; sumPositive[w + 2] = p2; sumPositive[w + 3] = p3;
    pocWins[w] = n0; pocWins[w + 1] = n1; pocWins[w + 2] = n2; pocWins[w + 3] = n3;
  }
  for (; w < W; w++) {
    const lambda = wtp[w];
    let s = 0;
    let p = 0;
    let n = 0;
    for (let i = 0; i < S; i++) {
      const inb = lambda * dAlive[i] - dCost[i];
      s += inb;
      if (inb > 0) {
        n++;
        p += inb;
      }
    }
    sum[w] = s;
    sumPositive[w] = p;
    pocWins[w] = n;
  }
  return { sum, sumPositive, pocWins };
}

/** Largest WTP grid. */
export const MAX_WTP_POINTS = 10_000;
/**
 * Largest willingness to pay per extra patient alive at one year (the largest amount of money
 * of a scenario): WTP x extra patients alive (at most 10^8 per cohort) stays far from overflow,
 * so every net benefit, acceptability and EVPI is a finite number.
 */
export const MAX_WTP = 1e12;

/**
 * The grid a:b:step (a, a + step, ..., up to b), each value computed as a + i step (no drift):
 * 0 <= a <= b <= MAX_WTP, step > 0, at most MAX_WTP_POINTS values (a RangeError otherwise).
 */
export function wtpGrid(from: number, to: number, step: number): number[] {
  const shown = [from, to, step].map((x) => (typeof x === 'number' ? String(x) : showAny(x))).join(':');
  if (typeof from !== 'number' || typeof to !== 'number' || typeof step !== 'number') {
    throw new TypeError(`wtp grid: FROM, TO and STEP must be numbers; got ${shown}`);
  }
  if (!(from >= 0 && to >= from && to <= MAX_WTP && step > 0 && Number.isFinite(step)) || (to - from) / step + 1 > MAX_WTP_POINTS + 1e-9) {
    throw new RangeError(`wtp grid: must be FROM:TO:STEP with 0 <= FROM <= TO <= ${MAX_WTP}, STEP > 0 and at most ${MAX_WTP_POINTS} points; got ${shown}`);
  }
  const n = Math.floor((to - from) / step + 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => from + i * step);
}

/** The default grid: 0 to 2,000,000 per extra patient alive at one year, in steps of 50,000. */
export const DEFAULT_WTP: readonly number[] = Object.freeze(wtpGrid(0, 2_000_000, 50_000));
/** The default WTP grid per extra QALY (run.psa.effect "qalys"): 0 to 300,000 by 5,000. */
export const DEFAULT_WTP_QALY: readonly number[] = Object.freeze(wtpGrid(0, 300_000, 5_000));
