/**
 * The result file of a probabilistic sensitivity analysis (MODEL.md version 2, "Parameter
 * uncertainty"). S draws of the uncertain parameters (outer loop), each run on M patients per
 * arm (inner loop, the wasm kernel), every number per cohort (one year of eligible patients):
 *
 * - `scenario`: the base case (every uncertain number at its central value), with
 *   `run.patients` = M; `psa`: { draws: S, patientsPerDraw: M }; `seed`; `engine`.
 * - `parameters`: each uncertain parameter (path, distribution and its arguments as written)
 *   with the 2.5th and 97.5th percentiles of its distribution (`p025`, `p975`); `same`: the
 *   poc fields that take the commercial arm's value in every draw.
 * - `arms.commercial`, `arms.poc`, `difference`: for every output of MODEL.md's result file
 *   (the histogram aside) and every difference (poc minus commercial), its `mean`, `sd`
 *   (standard deviation over draws, S - 1 in the denominator) and 2.5th, 50th and 97.5th
 *   percentiles over draws (`p025`, `p50`, `p975`), and `draws`, the number of draws in which
 *   it is defined (a ratio with a zero denominator is not). These describe the parameter
 *   uncertainty; each draw's own Monte Carlo error (about its MCSE with M patients) is in them
 *   too, and the mean carries about one M-patient run's MCSE, as every draw runs the same
 *   patients (common random numbers across draws).
 * - `probabilities`: the share of draws in which poc infuses more patients than commercial
 *   (`pocInfusesMore`: difference.infused > 0), costs less (`pocCostsLess`: difference.totalCost < 0),
 *   and both (`both`).
 * - `effect`: `alive1y` (default) or `qalys` (run.psa.effect, MODEL.md v2): the effect of the
 *   decision curves below; with `qalys` read "per extra QALY" wherever "per extra patient alive
 *   at one year" is written, and difference.qalys for difference.alive1y.
 * - `cePlane`: the cost-effectiveness plane, one point per draw: `extraAlive1y` (difference.alive1y),
 *   `extraQalys` (difference.qalys) and `extraCost` (difference.totalCost), in draw order.
 * - `wtp`: the willingness-to-pay grid, per extra patient alive at one year; at each WTP
 *   lambda, with the net monetary benefit NMB = lambda * alive1y - totalCost of an arm:
 *   `acceptability.{commercial,poc}`: share of draws in which the arm has the larger NMB
 *   (ties to commercial); `frontier`: the arm with the larger mean NMB (`arm`) and its
 *   acceptability (`probability`); `expectedIncrementalNetBenefit`: mean NMB of poc minus
 *   commercial; `evpi`: expected value of perfect information per cohort,
 *   E[max over arms NMB] - max over arms E[NMB].
 * - `evppi`: for each group of parameters asked for (option `evppi`, CLI `--evppi`; empty
 *   otherwise), its `name`, `parameters`, `method`, the polynomial's `degree` and `terms`, and
 *   `evppi`: the expected value of partial perfect information per cohort at each WTP,
 *   E over the group's values of max over arms E[NMB | values] - max over arms E[NMB]
 *   (regression estimate of Strong, Oakley & Brennan 2014; see `evppi.ts`).
 * - `tornado`: one-way sensitivity of one output (default difference.alive1y) with each
 *   uncertain parameter at its 2.5th and 97.5th percentile, the others central, sorted by
 *   swing (see `tornado.ts`); null when not asked for.
 */

import type { ArmName, ArmResult, Difference, Estimate, Scenario } from '../scenario/types.js';
import type { PsaStatistic } from './statistics.js';
import type { EvppiCurve } from './evppi-groups.js';
import type { Tornado } from './tornado.js';
import type { ParameterValue } from './parameter.js';
import type { PsaEffect, PsaRun, UncertainParameter } from '../scenario/uncertain.js';

/** A result section with a PSA statistic in place of every estimate (the histogram left out). */
export type StatisticsOf<T> = {
  [K in keyof T as T[K] extends number[] ? never : K]: T[K] extends Estimate ? PsaStatistic : StatisticsOf<T[K]>;
};

export type PsaParameter = UncertainParameter & { p025: ParameterValue; p975: ParameterValue };

export interface PsaResult {
  scenario: Scenario;
  psa: PsaRun;
  seed: number;
  engine: string;
  parameters: PsaParameter[];
  same: string[];
  arms: Record<ArmName, StatisticsOf<ArmResult>>;
  difference: StatisticsOf<Difference>;
  probabilities: { pocInfusesMore: number; pocCostsLess: number; both: number };
  /** The effect measure of the CE plane, acceptability, EVPI and EVPPI (run.psa.effect): the WTP is per extra patient alive at one year, or per extra QALY. */
  effect: PsaEffect;
  /** One point per draw: extra patients alive at one year, extra QALYs (MODEL.md v2) and extra cost. */
  cePlane: { extraAlive1y: number[]; extraQalys: number[]; extraCost: number[] };
  wtp: number[];
  acceptability: Record<ArmName, number[]>;
  frontier: { arm: ArmName[]; probability: number[] };
  expectedIncrementalNetBenefit: number[];
  evpi: number[];
  evppi: EvppiCurve[];
  tornado: Tornado | null;
}
