/**
 * From a cohort-years total (`layout.ts`) to the result file: MODEL.md version 1's outputs for
 * the patients of the reported year, and each arm with capacity's `queue` block, per cohort.
 *
 * - Counts and sums: the mean over the R replicates of the replicate's value, MCSE = sd over
 *   replicates / sqrt(R) (sd with R - 1; no MCSE with R = 1).
 * - Ratios (cost per patient infused, mean vein-to-vein time, mean waits, ...): ratios of the
 *   sums pooled over replicates, MCSE by the delta method over replicates: the MCSE of the
 *   replicate mean of x - R y, divided by the mean of y.
 * - Medians and percentiles of vein-to-vein times and waits: from the pooled histograms, linear
 *   within a bin. Their MCSE is the large-sample one of independent values (density at the
 *   quantile, as in version 1) times the square root of the design effect of the same
 *   quantity's mean (its MCSE over replicates squared over its MCSE as if independent), since
 *   the patients of a replicate share its queue. That factor is an approximation, said so here.
 */

import { A, ARM_HIST, ARM_OFFSET, V2V_BINS, V2V_OVERFLOW_BIN, type ArmSlot } from '../engine/tally.js';
import type { Arm, ArmName, ArmResult, Difference, Estimate, Queue, Result, Scenario } from '../scenario/types.js';
import { exactEstimate } from '../summary/estimates.js';
import { histogramQuantile } from '../summary/histogram.js';
import {
  CROSS_OFFSET, Q, QUEUE_HIST, QUEUE_OFFSET, REPLICATES_SLOT, STATS, STAT_SLOTS, WAIT_BINS, WAIT_OVERFLOW_BIN,
  crossSlot, statIndex, waitBinEdges, type QueueSlot,
} from './layout.js';

/** A linear combination of replicate statistics: [slot in a replicate's tally, coefficient]. */
type Terms = readonly (readonly [number, number])[];

/** Share of a line's year that `linesNeeded` plans to keep busy. */
export const PLANNED_UTILISATION = 0.85;

class Moments {
  readonly R: number;
  constructor(readonly t: Float64Array) {
    this.R = t[REPLICATES_SLOT];
    if (CROSS_OFFSET + (STATS * (STATS + 1)) / 2 !== t.length) throw new Error('cgt-access: a cohort-years total of the wrong size');
  }

  mean(slot: number): number {
    return this.t[slot] / this.R;
  }

  /** Value and MCSE of the replicate mean of sum(coef * statistic) + constant. */
  linear(terms: Terms, constant = 0): Estimate {
    const { R, t } = this;
    let value = constant;
    for (const [slot, c] of terms) value += c * this.mean(slot);
    if (R < 2) return { value, mcse: null };
    let v = 0;
    for (const [sa, ca] of terms) {
      const a = statIndex(sa);
      for (const [sb, cb] of terms) {
        const b = statIndex(sb);
        v += ca * cb * (t[crossSlot(a, b)] / R - this.mean(sa) * this.mean(sb));
      }
    }
    const variance = Math.max(0, (v * R) / (R - 1));
    return { value, mcse: Math.sqrt(variance / R) };
  }

  /** (mean x + c) / mean y, x and y linear combinations, with its delta-method MCSE; null where mean y is 0. */
  ratio(x: Terms, y: Terms, c = 0): Estimate {
    let mx = c;
    for (const [slot, k] of x) mx += k * this.mean(slot);
    let my = 0;
    for (const [slot, k] of y) my += k * this.mean(slot);
    if (my === 0) return { value: null, mcse: null };
    const r = mx / my;
    const residual = this.linear([...x, ...y.map(([slot, k]) => [slot, -r * k] as const)]);
    return { value: r, mcse: residual.mcse === null ? null : residual.mcse / Math.abs(my) };
  }
}

/** Quantile q of a histogram with the given bin edges, linear within the bin (null in the overflow bin). */
function binnedQuantile(h: ArrayLike<number>, q: number, edges: (b: number) => [number, number], overflow: number): Estimate {
  let m = 0;
  for (let b = 0; b < h.length; b++) m += h[b];
  if (m === 0) return { value: null, mcse: null };
  const target = q * m;
  let below = 0;
  for (let b = 0; b < h.length; b++) {
    const count = h[b];
    if (count > 0 && below + count >= target) {
      if (b >= overflow) return { value: null, mcse: null };
      const [lo, hi] = edges(b);
      if (hi === lo) return { value: lo, mcse: null }; // the point mass of no wait (no density to scale by)
      const value = lo + ((target - below) / count) * (hi - lo);
      const density = count / m / (hi - lo);
      return { value, mcse: Math.sqrt((q * (1 - q)) / m) / density };
    }
    below += count;
  }
  return { value: null, mcse: null };
}

/** The MCSE of a pooled quantile scaled by the design effect of the replicates (see the file's comment). */
function clustered(e: Estimate, meanByReplicates: Estimate, sum: number, sumSq: number, count: number): Estimate {
  if (e.value === null || e.mcse === null || meanByReplicates.mcse === null || count === 0) return e;
  const mean = sum / count;
  const iid = Math.max(0, sumSq / count - mean * mean) / count;
  const deff = iid > 0 ? (meanByReplicates.mcse * meanByReplicates.mcse) / iid : 1;
  return { value: e.value, mcse: e.mcse * Math.sqrt(Math.max(1, deff)) };
}

function summariseArm(mo: Moments, name: ArmName, arm: Arm, N: number): ArmResult {
  const t = mo.t;
  const o = ARM_OFFSET[name];
  const s = (slot: ArmSlot) => o + A[slot];
  const one = (slot: ArmSlot): Terms => [[s(slot), 1]];
  const count = (slot: ArmSlot) => mo.linear(one(slot));
  const lost = (from: ArmSlot, to: ArmSlot) => mo.linear([[s(from), 1], [s(to), -1]]);
  const R = mo.R;

  const histogram = new Array<number>(V2V_BINS);
  for (let b = 0; b < V2V_BINS; b++) histogram[b] = t[o + ARM_HIST + b] / R;
  const hist = t.subarray(o + ARM_HIST, o + ARM_HIST + V2V_BINS);
  const v2vMean = mo.ratio(one('v2vSum'), one('infused'));
  const v2vQuantile = (q: number) =>
    clustered(histogramQuantile(hist, q, V2V_OVERFLOW_BIN), v2vMean, t[s('v2vSum')], t[s('v2vSq')], t[s('infused')]);

  const fixed = arm.fixedCostPerYear;
  const total = mo.linear(one('cost'), fixed);
  const perCost = (y: ArmSlot) => mo.ratio(one('cost'), one(y), fixed);
  const result: ArmResult = {
    funnel: {
      eligible: exactEstimate(N),
      referred: count('referred'),
      funded: count('funded'),
      apheresed: count('apheresed'),
      infused: count('infused'),
      responses: count('responses'),
      completeResponses: count('completeResponses'),
      progressionFree1y: count('progressionFree1y'),
      alive1y: count('alive1y'),
    },
    lost: {
      notReferred: mo.linear([[s('referred'), -1]], N),
      progressedBeforeFunding: lost('referred', 'aliveAtFunding'),
      notFunded: lost('aliveAtFunding', 'funded'),
      progressedBeforeApheresis: lost('funded', 'aliveAtApheresis'),
      apheresisFailed: lost('aliveAtApheresis', 'apheresed'),
      manufacturingFailed: lost('apheresed', 'manufactured'),
      progressedBeforeInfusion: lost('manufactured', 'infused'),
    },
    manufacturing: { attempts: count('attempts'), reaphereses: count('reaphereses'), oosReleased: count('oosReleased') },
    adverseEvents: { crs3: count('crs3'), icans3: count('icans3') },
    v2v: { mean: v2vMean, median: v2vQuantile(0.5), p10: v2vQuantile(0.1), p90: v2vQuantile(0.9), histogram },
    costs: {
      product: count('productCost'),
      apheresis: count('apheresisCost'),
      bridging: count('bridgingCost'),
      infusion: count('infusionCost'),
      adverseEvents: count('adverseEventsCost'),
      fixed: exactEstimate(fixed),
      total,
      perEligible: { value: (total.value as number) / N, mcse: total.mcse === null ? null : total.mcse / N },
      perInfused: perCost('infused'),
      perCompleteResponse: perCost('completeResponses'),
      perAlive1y: perCost('alive1y'),
    },
  };
  if (arm.capacity) result.queue = summariseQueue(mo, name, arm.capacity.lines);
  return result;
}

function summariseQueue(mo: Moments, name: ArmName, lines: number): Queue {
  const t = mo.t;
  const q = QUEUE_OFFSET[name];
  const one = (slot: QueueSlot): Terms => [[q + Q[slot], 1]];
  const waitMean = mo.ratio(one('waitFirstSum'), one('waitFirstCount'));
  const hist = t.subarray(q + QUEUE_HIST, q + QUEUE_HIST + WAIT_BINS);
  const waitQuantile = (p: number) => clustered(
    binnedQuantile(hist, p, waitBinEdges, WAIT_OVERFLOW_BIN), waitMean,
    t[q + Q.waitFirstSum], t[q + Q.waitFirstSq], t[q + Q.waitFirstCount],
  );
  const busy = mo.linear(one('busyLineDays'));
  const planned = PLANNED_UTILISATION * 365;
  return {
    lostWhileQueued: mo.linear(one('lostWhileQueued')),
    waitFirst: { mean: waitMean, median: waitQuantile(0.5), p90: waitQuantile(0.9) },
    waitRetry: { mean: mo.ratio(one('waitRetrySum'), one('waitRetryCount')) },
    utilisation: mo.linear([[q + Q.busyLineDays, 1 / (lines * 365)]]),
    busyLineDays: busy,
    linesNeeded: { value: Math.ceil((busy.value as number) / planned), mcse: busy.mcse === null ? null : busy.mcse / planned },
  };
}

function summariseDifference(mo: Moments, s: Scenario): Difference {
  const c = ARM_OFFSET.commercial;
  const p = ARM_OFFSET.poc;
  const d = (slot: ArmSlot): Terms => [[p + A[slot], 1], [c + A[slot], -1]];
  const dFixed = s.arms.poc.fixedCostPerYear - s.arms.commercial.fixedCostPerYear;
  return {
    infused: mo.linear(d('infused')),
    completeResponses: mo.linear(d('completeResponses')),
    alive1y: mo.linear(d('alive1y')),
    totalCost: mo.linear(d('cost'), dFixed),
    costPerExtraAlive1y: mo.ratio(d('cost'), d('alive1y'), dFixed),
  };
}

/** The result file of a cohort-years run from its scenario and its total. */
export function summariseYears(scenario: Scenario, total: Float64Array, engine: string): Result {
  const mo = new Moments(total);
  const N = scenario.cohort.eligiblePerYear;
  return {
    scenario,
    patients: mo.R * N,
    seed: scenario.run.seed,
    engine,
    arms: {
      commercial: summariseArm(mo, 'commercial', scenario.arms.commercial, N),
      poc: summariseArm(mo, 'poc', scenario.arms.poc, N),
    },
    difference: summariseDifference(mo, scenario),
  };
}

export { STAT_SLOTS };
