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
  for (const lambda of wtp) {
    let pocWins = 0;
    let sum = 0;
    let sumPositive = 0;
    for (let i = 0; i < S; i++) {
      const inb = lambda * dAlive[i] - dCost[i];
      sum += inb;
      if (inb > 0) {
        pocWins++;
        sumPositive += inb;
      }
    }
    const mean = sum / S;
    const poc = pocWins / S;
    const best: ArmName = mean > 0 ? 'poc' : 'commercial';
    out.acceptability.poc.push(poc);
    out.acceptability.commercial.push(1 - poc);
    out.frontier.arm.push(best);
    out.frontier.probability.push(best === 'poc' ? poc : 1 - poc);
    out.expectedIncrementalNetBenefit.push(mean);
    // In exact arithmetic sumPositive >= max(0, sum); max(0, .) keeps a rounding step from showing as a negative EVPI.
    out.evpi.push(Math.max(0, sumPositive / S - Math.max(0, mean)));
  }
  return out;
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
  if (!(from >= 0 && to >= from && to <= MAX_WTP && step > 0 && Number.isFinite(step)) || (to - from) / step + 1 > MAX_WTP_POINTS + 1e-9) {
    throw new RangeError(`wtp grid: must be FROM:TO:STEP with 0 <= FROM <= TO <= ${MAX_WTP}, STEP > 0 and at most ${MAX_WTP_POINTS} points; got ${from}:${to}:${step}`);
  }
  const n = Math.floor((to - from) / step + 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => from + i * step);
}

/** The default grid: 0 to 2,000,000 per extra patient alive at one year, in steps of 50,000. */
export const DEFAULT_WTP: readonly number[] = Object.freeze(wtpGrid(0, 2_000_000, 50_000));
/** The default WTP grid per extra QALY (run.psa.effect "qalys"): 0 to 300,000 by 5,000. */
export const DEFAULT_WTP_QALY: readonly number[] = Object.freeze(wtpGrid(0, 300_000, 5_000));
