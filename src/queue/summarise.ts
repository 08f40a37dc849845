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

import { A, ARM_HIST, ARM_OFFSET, DEAD, PROGRESSED, REMISSION, V2V_BINS, V2V_OVERFLOW_BIN, type ArmSlot } from '../model/tally.js';
import { stateValues, type StateValues } from '../economics/life.js';
import type { Arm, ArmLifetime, ArmName, ArmResult, Difference, Estimate, Queue, Result, Scenario } from '../scenario/types.js';
import { exactEstimate } from '../summary/estimates.js';
import { histogramQuantile } from '../summary/histogram.js';
import {
  CROSS_OFFSET, Q, QUEUE_HIST, QUEUE_OFFSET, REPLICATES_SLOT, STATS, STAT_SLOTS, WAIT_BINS, WAIT_OVERFLOW_BIN,
  crossSlot, statIndex, waitBinEdges, type QueueSlot,
} from '../model/queue-layout.js';

/** A linear combination of replicate statistics: [slot in a replicate's tally, coefficient]. */
type Terms = readonly (readonly [number, number])[];

/** Share of a line's year that `linesNeeded` plans to keep busy. */
export const PLANNED_UTILISATION = 0.85;
/**
 * The first estimate of the lines needed (MODEL.md v2): ceil(busy line-days / (0.85 x 365)), the
 * fewest lines that keep each line at most 85% busy; 0 with none.
 */
export function linesFor(busyLineDays: number): number {
  return Math.ceil(busyLineDays / (PLANNED_UTILISATION * 365));
}

/**
 * Decimals to show a utilisation in percent with: one, or more where one would put the shown
 * value on the other side of 85% (PLANNED_UTILISATION) than the utilisation itself, so that
 * lines shown busy "85.0%" are never the lines `linesFor` counts as too few (0.8503: "85.03%").
 */
export function utilisationDecimals(u: number): number {
  const limit = 100 * PLANNED_UTILISATION;
  const x = 100 * u;
  for (let d = 1; d < 6; d++) {
    if (Math.sign(Number(x.toFixed(d)) - limit) === Math.sign(x - limit)) return d;
  }
  return 6;
}

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
    const index = terms.map(([slot]) => statIndex(slot));
    for (let i = 0; i < terms.length; i++) {
      const [sa, ca] = terms[i];
      for (let j = 0; j < terms.length; j++) {
        const [sb, cb] = terms[j];
        v += ca * cb * (t[crossSlot(index[i], index[j])] / R - this.mean(sa) * this.mean(sb));
      }
    }
    const variance = Math.max(0, (v * R) / (R - 1));
    return { value, mcse: Math.sqrt(variance / R) };
  }

  /** (mean x + c) / (mean y + cy), x and y linear combinations, with its delta-method MCSE; null where the denominator is 0. */
  ratio(x: Terms, y: Terms, c = 0, cy = 0): Estimate {
    let mx = c;
    for (const [slot, k] of x) mx += k * this.mean(slot);
    let my = cy;
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

/**
 * MODEL.md v2's per-state values as linear terms of a replicate's counts: an arm's sum of a
 * per-state value v over its N reported patients is N v_dead + (v_progressed - v_dead) alive1y
 * + (v_remission - v_progressed) progressionFree1y (remission = infused and progression-free
 * at one year, which is progressionFree1y). Returns the terms and the constant.
 */
function stateTerms(name: ArmName, v: readonly number[], N: number, sign = 1): [Terms, number] {
  const o = ARM_OFFSET[name];
  return [[
    [o + A.alive1y, sign * (v[PROGRESSED] - v[DEAD])],
    [o + A.progressionFree1y, sign * (v[REMISSION] - v[PROGRESSED])],
  ], sign * N * v[DEAD]];
}

/** An arm's cost sum with the cost after year one of progressed patients (cohort.annualCostProgressed) in it. */
function costTerms(name: ArmName, sv: StateValues, sign = 1): Terms {
  const o = ARM_OFFSET[name];
  const x = sv.laterCost[PROGRESSED];
  const terms: [number, number][] = [[o + A.cost, sign]];
  if (x !== 0) terms.push([o + A.alive1y, sign * x], [o + A.progressionFree1y, -sign * x]);
  return terms;
}

function summariseArm(mo: Moments, name: ArmName, sc: Scenario, N: number, sv: StateValues): ArmResult {
  const arm: Arm = sc.arms[name];
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
  const cost = costTerms(name, sv);
  const total = mo.linear(cost, fixed);
  const perCost = (y: ArmSlot) => mo.ratio(cost, one(y), fixed);
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
    lifetime: armLifetime(mo, name, sc, N, sv),
    price: { parity: priceParity(mo, name, sc, N, sv) },
  };
  if (arm.capacity) result.queue = summariseQueue(mo, name, arm.capacity.lines);
  return result;
}

/** Life-years, QALYs, cost per QALY (MODEL.md v2) of an arm: the mean over replicates, MCSE over replicates. */
function armLifetime(mo: Moments, name: ArmName, s: Scenario, N: number, sv: StateValues): ArmLifetime {
  const [ly, lyC] = stateTerms(name, sv.lifeYears, N);
  const [q, qC] = stateTerms(name, sv.qalys, N);
  const [later, laterC] = stateTerms(name, sv.laterCost, N);
  return {
    lifeYears: mo.linear(ly, lyC),
    qalys: mo.linear(q, qC),
    costPerQaly: mo.ratio(costTerms(name, sv), q, s.arms[name].fixedCostPerYear, qC),
    costAfterYear1: mo.linear(later, laterC),
  };
}

/**
 * Price parity of an arm at cohort.wtp (MODEL.md v2, "Price"): price + (NMB_this - NMB_other)
 * / (units paid per cohort), the ratio of replicate means with its delta-method MCSE over
 * replicates (every covariance in it, units paid with QALYs and costs included).
 */
function priceParity(mo: Moments, name: ArmName, s: Scenario, N: number, sv: StateValues): Estimate {
  const other: ArmName = name === 'poc' ? 'commercial' : 'poc';
  const units: Terms = [[ARM_OFFSET[name] + A.paidUnits, 1]];
  if (mo.mean(units[0][0]) === 0) return { value: null, mcse: null };
  const wtp = s.cohort.wtp;
  const [qThis, qThisC] = stateTerms(name, sv.qalys, N, wtp);
  const [qOther, qOtherC] = stateTerms(other, sv.qalys, N, -wtp);
  const x: Terms = [...qThis, ...qOther, ...costTerms(name, sv, -1), ...costTerms(other, sv, 1)];
  const c = qThisC + qOtherC - s.arms[name].fixedCostPerYear + s.arms[other].fixedCostPerYear;
  const r = mo.ratio(x, units, c);
  return r.value === null ? r : { value: s.arms[name].price + r.value, mcse: r.mcse };
}

/** A share that rounding (busy days summed over lines and replicates, times 1 / (lines 365)) can carry past 1: clamped to [0, 1]. */
function share(e: Estimate): Estimate {
  return e.value === null ? e : { value: Math.min(1, Math.max(0, e.value)), mcse: e.mcse };
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
    utilisation: share(mo.linear([[q + Q.busyLineDays, 1 / (lines * 365)]])),
    busyLineDays: busy,
    linesNeeded: { value: linesFor(busy.value as number), mcse: busy.mcse === null ? null : busy.mcse / planned },
  };
}

function summariseDifference(mo: Moments, s: Scenario, sv: StateValues): Difference {
  const c = ARM_OFFSET.commercial;
  const p = ARM_OFFSET.poc;
  const N = s.cohort.eligiblePerYear;
  const d = (slot: ArmSlot): Terms => [[p + A[slot], 1], [c + A[slot], -1]];
  const dFixed = s.arms.poc.fixedCostPerYear - s.arms.commercial.fixedCostPerYear;
  const dCost: Terms = [...costTerms('poc', sv), ...costTerms('commercial', sv, -1)];
  // Poc minus commercial of a per-state value (the N v_dead constants cancel).
  const dState = (v: readonly number[]): Terms => [...stateTerms('poc', v, N)[0], ...stateTerms('commercial', v, N, -1)[0]];
  const dQ = dState(sv.qalys);
  return {
    infused: mo.linear(d('infused')),
    completeResponses: mo.linear(d('completeResponses')),
    alive1y: mo.linear(d('alive1y')),
    totalCost: mo.linear(dCost, dFixed),
    costPerExtraAlive1y: mo.ratio(dCost, d('alive1y'), dFixed),
    lifeYears: mo.linear(dState(sv.lifeYears)),
    qalys: mo.linear(dQ),
    costPerQalyGained: mo.ratio(dCost, dQ, dFixed),
  };
}

/** The result file of a cohort-years run from its scenario and its total. */
export function summariseYears(scenario: Scenario, total: Float64Array, engine: string): Result {
  const mo = new Moments(total);
  const N = scenario.cohort.eligiblePerYear;
  const sv = stateValues(scenario.cohort);
  return {
    scenario,
    patients: mo.R * N,
    seed: scenario.run.seed,
    engine,
    arms: {
      commercial: summariseArm(mo, 'commercial', scenario, N, sv),
      poc: summariseArm(mo, 'poc', scenario, N, sv),
    },
    difference: summariseDifference(mo, scenario, sv),
  };
}

export { STAT_SLOTS };
