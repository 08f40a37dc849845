/**
 * `expected(scenario)`: the exact expectation of every output of MODEL.md's result file that
 * is an expectation, per cohort, in the result file's shape, with `engine: "exact"`. Each
 * estimate has `mcse` 0; a ratio (cost per patient infused, per complete response, per patient
 * alive at one year, extra cost per extra patient alive, the vein-to-vein mean) is the ratio
 * of the expectations, null where the denominator's expectation is 0. What only a simulation
 * gives is left out and said so: the vein-to-vein median, 10th and 90th percentiles are null
 * (value and mcse), the histogram is empty, and `patients` is 0 (no patient was simulated).
 */

import type { ArmName, ArmResult, Estimate, Result, Scenario } from '../scenario/types.js';
import { ARM_NAMES } from '../scenario/types.js';
import { defaultScenario } from '../scenario/defaults.js';
import { resolveScenario } from '../scenario/validate.js';
import { armExpectation, type ArmExpectation, type ExactOptions } from './arm.js';

/** The engine's name in result files. */
export const EXACT_ENGINE = 'exact';

export interface ExpectedOptions extends ExactOptions {
  /** Scenario the file is merged onto (default: the defaults; a preset's scenario to start from it). */
  base?: Readonly<Scenario>;
}

/** The expectations of both arms of a full, valid scenario, per eligible patient. */
export interface ScenarioExpectation {
  scenario: Scenario;
  arms: Record<ArmName, ArmExpectation>;
}

/**
 * Refuses what has no exact form here: a version 2 field that changes the journey beyond
 * version 1 (manufacturing capacity and its queue: a patient's wait depends on the others).
 */
export function checkExactScenario(scenario: Scenario): void {
  for (const name of ARM_NAMES) {
    const arm = scenario.arms[name] as unknown as Record<string, unknown>;
    if (arm.capacity !== undefined && arm.capacity !== null) {
      throw new RangeError(`arms.${name}.capacity: the exact engine has no form for manufacturing capacity (a patient's wait in the queue depends on the other patients); run it with the wasm engine`);
    }
  }
}

/** Per eligible patient, both arms of a full, valid scenario (no validation: see `expected`). */
export function scenarioExpectation(scenario: Scenario, options: ExactOptions = {}): ScenarioExpectation {
  checkExactScenario(scenario);
  return {
    scenario,
    arms: {
      commercial: armExpectation(scenario.arms.commercial, scenario.cohort, options),
      poc: armExpectation(scenario.arms.poc, scenario.cohort, options),
    },
  };
}

const est = (value: number): Estimate => ({ value, mcse: 0 });
const none = (): Estimate => ({ value: null, mcse: null });
/** a / b, null where b is 0 (or so near 0 that the ratio overflows: never Infinity or NaN). */
function ratio(a: number, b: number): Estimate {
  const r = a / b;
  return b === 0 || !Number.isFinite(r) ? none() : est(r);
}

/**
 * One arm of the result file from its expectations. Outputs that are functions of the one-year
 * states (life-years, QALYs: MODEL.md "Life-years and QALYs") are exact from `e.states` times
 * N; add them here and to `armValues` (the PSA falls back to walking this result file for any
 * output `EXPECTED_OUTPUT_PATHS` lacks).
 */
function armResult(e: ArmExpectation, N: number, fixed: number): ArmResult {
  const n = (x: number) => est(x * N);
  const total = e.costs.variable * N + fixed;
  const infused = e.infused * N;
  return {
    funnel: {
      eligible: est(N),
      referred: n(e.referred),
      funded: n(e.funded),
      apheresed: n(e.apheresed),
      infused: est(infused),
      responses: n(e.responses),
      completeResponses: n(e.completeResponses),
      progressionFree1y: n(e.progressionFree1y),
      alive1y: n(e.alive1y),
    },
    lost: {
      notReferred: n(e.lost.notReferred),
      progressedBeforeFunding: n(e.lost.progressedBeforeFunding),
      notFunded: n(e.lost.notFunded),
      progressedBeforeApheresis: n(e.lost.progressedBeforeApheresis),
      apheresisFailed: n(e.lost.apheresisFailed),
      manufacturingFailed: n(e.lost.manufacturingFailed),
      progressedBeforeInfusion: n(e.lost.progressedBeforeInfusion),
    },
    manufacturing: { attempts: n(e.attempts), reaphereses: n(e.reaphereses), oosReleased: n(e.oosReleased) },
    adverseEvents: { crs3: n(e.crs3), icans3: n(e.icans3) },
    v2v: {
      mean: e.v2vMean === null ? none() : est(e.v2vMean),
      median: none(),
      p10: none(),
      p90: none(),
      histogram: [],
    },
    costs: {
      product: n(e.costs.product),
      apheresis: n(e.costs.apheresis),
      bridging: n(e.costs.bridging),
      infusion: n(e.costs.infusion),
      adverseEvents: n(e.costs.adverseEvents),
      fixed: est(fixed),
      total: est(total),
      perEligible: est(total / N),
      perInfused: ratio(total, infused),
      perCompleteResponse: ratio(total, e.completeResponses * N),
      perAlive1y: ratio(total, e.alive1y * N),
    },
  };
}

/** The result file of a full, valid scenario's expectations (see `expected`). */
export function expectedResult(scenario: Scenario, options: ExactOptions = {}): Result {
  const x = scenarioExpectation(scenario, options);
  const N = scenario.cohort.eligiblePerYear;
  const commercial = armResult(x.arms.commercial, N, scenario.arms.commercial.fixedCostPerYear);
  const poc = armResult(x.arms.poc, N, scenario.arms.poc.fixedCostPerYear);
  const c = x.arms.commercial;
  const p = x.arms.poc;
  const dAlive = (p.alive1y - c.alive1y) * N;
  const dCost = (poc.costs.total.value as number) - (commercial.costs.total.value as number);
  return {
    scenario,
    patients: 0,
    seed: scenario.run.seed,
    engine: EXACT_ENGINE,
    arms: { commercial, poc },
    difference: {
      infused: est((p.infused - c.infused) * N),
      completeResponses: est((p.completeResponses - c.completeResponses) * N),
      alive1y: est(dAlive),
      totalCost: est(dCost),
      costPerExtraAlive1y: ratio(dCost, dAlive),
    },
  };
}

const ARM_PATHS = [
  ...['eligible', 'referred', 'funded', 'apheresed', 'infused', 'responses', 'completeResponses', 'progressionFree1y', 'alive1y'].map((k) => `funnel.${k}`),
  ...['notReferred', 'progressedBeforeFunding', 'notFunded', 'progressedBeforeApheresis', 'apheresisFailed', 'manufacturingFailed', 'progressedBeforeInfusion'].map((k) => `lost.${k}`),
  'manufacturing.attempts', 'manufacturing.reaphereses', 'manufacturing.oosReleased',
  'adverseEvents.crs3', 'adverseEvents.icans3',
  'v2v.mean', 'v2v.median', 'v2v.p10', 'v2v.p90',
  ...['product', 'apheresis', 'bridging', 'infusion', 'adverseEvents', 'fixed', 'total', 'perEligible', 'perInfused', 'perCompleteResponse', 'perAlive1y'].map((k) => `costs.${k}`),
];

/** The outputs `expectedValues` writes, by path, in its order (that of the result file). */
export const EXPECTED_OUTPUT_PATHS: readonly string[] = [
  ...ARM_PATHS.map((p) => `arms.commercial.${p}`),
  ...ARM_PATHS.map((p) => `arms.poc.${p}`),
  ...['infused', 'completeResponses', 'alive1y', 'totalCost', 'costPerExtraAlive1y'].map((k) => `difference.${k}`),
];

/** a / b, NaN where the result file has null. */
function ratioValue(a: number, b: number): number {
  const r = a / b;
  return b === 0 || !Number.isFinite(r) ? NaN : r;
}

function armValues(e: ArmExpectation, N: number, fixed: number, out: Float64Array, o: number): number {
  const total = e.costs.variable * N + fixed;
  let k = o;
  // In the order of ARM_PATHS (written one by one: a PSA calls this for every draw).
  out[k++] = N;
  out[k++] = e.referred * N;
  out[k++] = e.funded * N;
  out[k++] = e.apheresed * N;
  out[k++] = e.infused * N;
  out[k++] = e.responses * N;
  out[k++] = e.completeResponses * N;
  out[k++] = e.progressionFree1y * N;
  out[k++] = e.alive1y * N;
  out[k++] = e.lost.notReferred * N;
  out[k++] = e.lost.progressedBeforeFunding * N;
  out[k++] = e.lost.notFunded * N;
  out[k++] = e.lost.progressedBeforeApheresis * N;
  out[k++] = e.lost.apheresisFailed * N;
  out[k++] = e.lost.manufacturingFailed * N;
  out[k++] = e.lost.progressedBeforeInfusion * N;
  out[k++] = e.attempts * N;
  out[k++] = e.reaphereses * N;
  out[k++] = e.oosReleased * N;
  out[k++] = e.crs3 * N;
  out[k++] = e.icans3 * N;
  out[k++] = e.v2vMean ?? NaN;
  out[k++] = NaN;
  out[k++] = NaN;
  out[k++] = NaN;
  out[k++] = e.costs.product * N;
  out[k++] = e.costs.apheresis * N;
  out[k++] = e.costs.bridging * N;
  out[k++] = e.costs.infusion * N;
  out[k++] = e.costs.adverseEvents * N;
  out[k++] = fixed;
  out[k++] = total;
  out[k++] = total / N;
  out[k++] = ratioValue(total, e.infused * N);
  out[k++] = ratioValue(total, e.completeResponses * N);
  out[k++] = ratioValue(total, e.alive1y * N);
  return k;
}

/**
 * The values of `expectedResult(x.scenario)`'s outputs, in the order of
 * `EXPECTED_OUTPUT_PATHS`, into `out` (NaN where the result file has null): what a PSA keeps of
 * each draw, without making the result file.
 */
export function expectedValues(x: ScenarioExpectation, out: Float64Array): void {
  const s = x.scenario;
  const N = s.cohort.eligiblePerYear;
  let o = armValues(x.arms.commercial, N, s.arms.commercial.fixedCostPerYear, out, 0);
  o = armValues(x.arms.poc, N, s.arms.poc.fixedCostPerYear, out, o);
  const c = x.arms.commercial;
  const p = x.arms.poc;
  const dAlive = (p.alive1y - c.alive1y) * N;
  const dCost = (p.costs.variable * N + s.arms.poc.fixedCostPerYear) - (c.costs.variable * N + s.arms.commercial.fixedCostPerYear);
  out[o++] = (p.infused - c.infused) * N;
  out[o++] = (p.completeResponses - c.completeResponses) * N;
  out[o++] = dAlive;
  out[o++] = dCost;
  out[o] = ratioValue(dCost, dAlive);
}

/**
 * The exact expectations of a scenario file (merged onto the defaults, or `options.base`) in
 * the result file's shape (see the module's comment). Throws a `ScenarioError` listing every
 * violation of an invalid scenario, and a RangeError for one with no exact form (capacity).
 *
 *   const x = expected({ arms: { poc: { pReferral: 0.9 } } });
 *   x.arms.poc.funnel.infused.value;   // expected patients infused per cohort
 */
export function expected(scenario: unknown = {}, options: ExpectedOptions = {}): Result {
  if (options.refine !== undefined && !(Number.isInteger(options.refine) && options.refine >= 1 && options.refine <= 64)) {
    throw new RangeError(`refine: must be an integer in [1, 64] (the quadrature's step is divided by it); got ${options.refine}`);
  }
  const full = resolveScenario(scenario, options.base ?? defaultScenario);
  return expectedResult(full, options);
}
