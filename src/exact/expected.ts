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

/**
 * The exact expectations of a scenario file (merged onto the defaults, or `options.base`) in
 * the result file's shape (see the module's comment). Throws a `ScenarioError` listing every
 * violation of an invalid scenario, and a RangeError for one with no exact form (capacity).
 *
 *   const x = expected({ arms: { poc: { pReferral: 0.9 } } });
 *   x.arms.poc.funnel.infused.value;   // expected patients infused per cohort
 */
export function expected(scenario: unknown = {}, options: ExpectedOptions = {}): Result {
  const full = resolveScenario(scenario, options.base ?? defaultScenario);
  return expectedResult(full, options);
}
