/**
 * `expected(scenario)`: the exact expectation of every output of MODEL.md's result file that
 * is an expectation, per cohort, in the result file's shape, with `engine: "exact"`. Each
 * estimate has `mcse` 0; a ratio (cost per patient infused, per complete response, per patient
 * alive at one year, extra cost per extra patient alive, the vein-to-vein mean) is the ratio
 * of the expectations, null where the denominator's expectation is 0. What only a simulation
 * gives is left out and said so: the vein-to-vein median, 10th and 90th percentiles are null
 * (value and mcse), the histogram is empty, and `patients` is 0 (no patient was simulated).
 */

import type { ArmName, ArmResult, Cohort, Estimate, Result, Scenario } from '../scenario/types.js';
import { ARM_NAMES } from '../scenario/types.js';
import { defaultScenario } from '../scenario/defaults.js';
import { resolveScenario } from '../scenario/validate.js';
import { showAny } from '../scenario/show.js';
import { FunnelKey, armExpectation, armExpectationInto, type ArmExpectation, type ExactOptions } from './arm.js';
import { withLaterCosts } from '../economics/counts.js';
import { stateValues, type StateValues } from '../economics/life.js';
import { armLifetime, differenceLifetime, priceParity } from '../economics/value.js';
import { A, ARM_OFFSET, DEAD, P, PATIENTS_SLOT, PROGRESSED, REMISSION, newTally, stateSlot } from '../model/tally.js';

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
  // (indexed: a PSA checks every draw, and an iterator's results would be garbage)
  for (let i = 0; i < ARM_NAMES.length; i++) {
    const name = ARM_NAMES[i];
    const arm = scenario.arms[name] as unknown as Record<string, unknown>;
    if (arm.capacity !== undefined && arm.capacity !== null) {
      throw new RangeError(`arms.${name}.capacity: the exact engine has no form for manufacturing capacity (a patient's wait in the queue depends on the other patients); run it with the wasm engine`);
    }
    if (arm.pricing !== undefined && arm.pricing !== null) {
      throw new RangeError(`arms.${name}.pricing: the exact engine does not solve a cost-recovery price (it is solved from a run's rates and then run at that price); run it with the wasm engine`);
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

/**
 * `scenarioExpectation` of draw after draw in the same objects (`x` from a first
 * `scenarioExpectation`; its scenario replaced by `scenario`): nothing to collect per draw.
 * With `keys` (the same ones at every call with this `x`), an arm's funnel is evaluated only
 * when a number it depends on has changed (`FunnelKey`).
 */
export function scenarioExpectationInto(
  scenario: Scenario, x: ScenarioExpectation, keys?: Record<ArmName, FunnelKey>,
): ScenarioExpectation {
  checkExactScenario(scenario);
  x.scenario = scenario;
  armExpectationInto(scenario.arms.commercial, scenario.cohort, NO_OPTIONS, x.arms.commercial, keys?.commercial);
  armExpectationInto(scenario.arms.poc, scenario.cohort, NO_OPTIONS, x.arms.poc, keys?.poc);
  return x;
}

const NO_OPTIONS: ExactOptions = Object.freeze({});

const est = (value: number): Estimate => ({ value, mcse: 0 });
const none = (): Estimate => ({ value: null, mcse: null });
/** a / b, null where b is 0 (or so near 0 that the ratio overflows: never Infinity or NaN). */
function ratio(a: number, b: number): Estimate {
  const r = a / b;
  return b === 0 || !Number.isFinite(r) ? none() : est(r);
}

/**
 * One arm of the result file from its expectations (`later`: the cost after year one per
 * eligible patient, in every cost). Its life-years, QALYs and price parity are filled by
 * `expectedResult` (functions of both arms' one-year states), and written by `expectedValues`
 * after each arm's costs.
 */
function armResult(e: ArmExpectation, N: number, fixed: number, later: number): ArmResult {
  const n = (x: number) => est(x * N);
  const total = (e.costs.variable + later) * N + fixed;
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
    // Filled by `expectedResult` from both arms (price parity compares them).
    lifetime: { lifeYears: none(), qalys: none(), costPerQaly: none(), costAfterYear1: none() },
    price: { parity: none() },
  };
}

/** Per eligible patient, the cost after year one of an arm's progressed patients (cohort.annualCostProgressed). */
function laterCost(e: ArmExpectation, s: Scenario): number {
  return stateValues(s.cohort).laterCost[PROGRESSED] * e.states.progressed;
}

/** Units an arm pays for per eligible patient (by its payment rule). */
function unitsPaid(e: ArmExpectation, payment: string): number {
  return payment === 'perInfusion' ? e.infused : payment === 'perAttempt' ? e.attempts : e.responses;
}

/** The scratch tally of `meanTally`. */
const MEAN_TALLY = newTally();

/**
 * The tally of one mean patient: each slot the economics (src/economics) read for their values
 * holds its expectation per eligible patient, so that life-years, QALYs, cost per QALY and price
 * parity come from the very functions a run's counts go through. Only values are read from it
 * (their MCSE is 0 here): the table of the two arms' states, which only MCSE and the cost
 * after year one's difference use, is filled as if the arms were independent (it has the right
 * margins, all a value needs).
 */
function meanTally(x: ScenarioExpectation): Float64Array {
  const s = x.scenario;
  // One scratch tally, filled anew for each call and read before the next (a PSA calls this per draw).
  const t = MEAN_TALLY.fill(0);
  t[PATIENTS_SLOT] = 1;
  const margins = { commercial: [0, 0, 0], poc: [0, 0, 0] };
  for (const name of ARM_NAMES) {
    const e = x.arms[name];
    const o = ARM_OFFSET[name];
    t[o + A.alive1y] = e.alive1y;
    t[o + A.progressionFree1y] = e.progressionFree1y;
    t[o + A.cost] = e.costs.variable;
    t[o + A.paidUnits] = unitsPaid(e, s.arms[name].payment);
    margins[name][DEAD] = e.states.dead;
    margins[name][PROGRESSED] = e.states.progressed;
    margins[name][REMISSION] = e.states.remission;
  }
  for (let c = 0; c < 3; c++) for (let p = 0; p < 3; p++) t[stateSlot(c, p)] = margins.commercial[c] * margins.poc[p];
  t[P.dCost] = x.arms.poc.costs.variable - x.arms.commercial.costs.variable;
  return withLaterCosts(t, s);
}

const exactly = (e: Estimate): Estimate => ({ value: e.value, mcse: e.value === null ? null : 0 });

/** The result file of a full, valid scenario's expectations (see `expected`). */
export function expectedResult(scenario: Scenario, options: ExactOptions = {}): Result {
  const x = scenarioExpectation(scenario, options);
  const N = scenario.cohort.eligiblePerYear;
  const commercial = armResult(x.arms.commercial, N, scenario.arms.commercial.fixedCostPerYear, laterCost(x.arms.commercial, scenario));
  const poc = armResult(x.arms.poc, N, scenario.arms.poc.fixedCostPerYear, laterCost(x.arms.poc, scenario));
  // Life-years, QALYs and price parity: the economics' functions of counts, on the mean patient.
  const t = meanTally(x);
  const sv = stateValues(scenario.cohort);
  for (const [name, arm] of [['commercial', commercial], ['poc', poc]] as const) {
    const l = armLifetime(t, scenario, name, sv);
    arm.lifetime = { lifeYears: exactly(l.lifeYears), qalys: exactly(l.qalys), costPerQaly: exactly(l.costPerQaly), costAfterYear1: exactly(l.costAfterYear1) };
    arm.price = { parity: exactly(priceParity(t, scenario, name, sv)) };
  }
  const d = differenceLifetime(t, scenario, sv);
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
      lifeYears: exactly(d.lifeYears),
      qalys: exactly(d.qalys),
      costPerQalyGained: exactly(d.costPerQalyGained),
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

/** An arm's outputs after its costs: life-years, QALYs and price parity (MODEL.md v2). */
const VALUE_PATHS = ['lifetime.lifeYears', 'lifetime.qalys', 'lifetime.costPerQaly', 'lifetime.costAfterYear1', 'price.parity'];

/** The outputs `expectedValues` writes, by path, in its order (that of the result file). */
export const EXPECTED_OUTPUT_PATHS: readonly string[] = [
  ...[...ARM_PATHS, ...VALUE_PATHS].map((p) => `arms.commercial.${p}`),
  ...[...ARM_PATHS, ...VALUE_PATHS].map((p) => `arms.poc.${p}`),
  ...['infused', 'completeResponses', 'alive1y', 'totalCost', 'costPerExtraAlive1y', 'lifeYears', 'qalys', 'costPerQalyGained'].map((k) => `difference.${k}`),
];

/** a / b, NaN where the result file has null. */
function ratioValue(a: number, b: number): number {
  const r = a / b;
  return b === 0 || !Number.isFinite(r) ? NaN : r;
}

function armValues(e: ArmExpectation, N: number, fixed: number, later: number, out: Float64Array, o: number): number {
  const total = (e.costs.variable + later) * N + fixed;
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

/** One arm's one-year states per eligible patient, [dead, progressed, remission] (`armStates` of the mean tally), into `out`. */
function statesOf(e: ArmExpectation, out: Float64Array): Float64Array {
  out[DEAD] = 1 - e.alive1y;
  out[PROGRESSED] = e.alive1y - e.progressionFree1y;
  out[REMISSION] = e.progressionFree1y;
  return out;
}

/** The sum over states of states[k] v[k], k in order (`armSums`' sum). */
function stateSum(states: ArrayLike<number>, v: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < 3; k++) s += states[k] * v[k];
  return s;
}

/** The sum over states of (poc[k] - com[k]) v[k], k in order (`pairSums`' sum). */
function pairSum(com: ArrayLike<number>, poc: ArrayLike<number>, v: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < 3; k++) s += (poc[k] - com[k]) * v[k];
  return s;
}

const isProgressed = (k: number) => (k === PROGRESSED ? 1 : 0);

/** The last cohort's state values and its key (a PSA's draws mostly share the cohort's numbers). */
let lastStateValues: StateValues | undefined;
const lastCohort = new Float64Array(6).fill(NaN);

/** `stateValues(cohort)`, the same object while the numbers it depends on stay the same (never changed by its users here). */
function cohortStateValues(c: Cohort): StateValues {
  const k = lastCohort;
  if (
    lastStateValues === undefined || !Object.is(k[0], c.lifeYearsRemission) || !Object.is(k[1], c.lifeYearsProgressed)
    || !Object.is(k[2], c.utilityRemission) || !Object.is(k[3], c.utilityProgressed) || !Object.is(k[4], c.discountRate)
    || !Object.is(k[5], c.annualCostProgressed)
  ) {
    lastStateValues = stateValues(c);
    k[0] = c.lifeYearsRemission;
    k[1] = c.lifeYearsProgressed;
    k[2] = c.utilityRemission;
    k[3] = c.utilityProgressed;
    k[4] = c.discountRate;
    k[5] = c.annualCostProgressed;
  }
  return lastStateValues;
}

/** Scratch of `expectedValues`: each arm's states, and the commercial arm's and poc arm's margins. */
const STATES_C = new Float64Array(3);
const STATES_P = new Float64Array(3);

/**
 * An arm's life-years, QALYs, cost per QALY, cost after year one and price parity into out
 * from o (`expectedValues`); `parity` is priceParity's numerator before it is divided by the
 * units paid. Returns the next index.
 */
function valueOutputs(
  out: Float64Array, o: number, sv: StateValues, N: number, units: number, states: ArrayLike<number>,
  cost: number, fixed: number, price: number, parity: number,
): number {
  const q = stateSum(states, sv.qalys);
  out[o++] = stateSum(states, sv.lifeYears) * N;
  out[o++] = q * N;
  // ratioEstimate's value: (sumX / n + c) / (sumY / n), null where sumY is 0 or it is not finite.
  const r = (cost + fixed / N) / q;
  out[o++] = q === 0 || !Number.isFinite(r) ? NaN : r;
  out[o++] = stateSum(states, sv.laterCost) * N;
  out[o++] = units === 0 ? NaN : price + parity / units;
  return o;
}

/**
 * The values of `expectedResult(x.scenario)`'s outputs, in the order of
 * `EXPECTED_OUTPUT_PATHS`, into `out` (NaN where the result file has null): what a PSA keeps of
 * each draw, without making the result file.
 *
 * Life-years, QALYs, cost per QALY and price parity are the values `expectedResult` gets from
 * the economics (`armLifetime`, `priceParity`, `differenceLifetime` on `meanTally`, with
 * `withLaterCosts`), computed here with the very same operations in the same order on the one
 * mean patient (n = 1: a sum over patients is the value per eligible patient, x / 1 = x),
 * without their MCSE: no tally, no estimate objects. test/exact-psa.test.ts holds them to the
 * result file's values bit for bit on random scenarios.
 */
export function expectedValues(x: ScenarioExpectation, out: Float64Array): void {
  const s = x.scenario;
  const N = s.cohort.eligiblePerYear;
  const c = x.arms.commercial;
  const p = x.arms.poc;
  const sv = cohortStateValues(s.cohort);
  const laterX = sv.laterCost[PROGRESSED];
  const laterC = laterX * c.states.progressed;
  const laterP = laterX * p.states.progressed;
  const fixedC = s.arms.commercial.fixedCostPerYear;
  const fixedP = s.arms.poc.fixedCostPerYear;
  const statesC = statesOf(c, STATES_C);
  const statesP = statesOf(p, STATES_P);

  // The mean tally's cost slots after `withLaterCosts`: each arm's cost, and d cost.
  let costC = c.costs.variable;
  let costP = p.costs.variable;
  let dCost = p.costs.variable - c.costs.variable;
  if (laterX !== 0) {
    costC += laterX * (c.alive1y - c.progressionFree1y);
    costP += laterX * (p.alive1y - p.progressionFree1y);
    // tableSum of d progressed over the table of the arms' states (as if independent, `meanTally`).
    // The margins are the arms' states (`meanTally`: index DEAD, PROGRESSED, REMISSION).
    let dProgressed = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) dProgressed += statesC[i] * statesP[j] * (isProgressed(j) - isProgressed(i));
    dCost += laterX * dProgressed;
  }
  const dQ = pairSum(statesC, statesP, sv.qalys);

  // priceParity's numerator, sign * (wtp dQ - d cost) - sign * d fixed / N: -1 for the commercial arm, 1 for poc.
  const wtp = s.cohort.wtp;
  const parityC = -1 * (wtp * dQ - dCost) - (-1 * (fixedP - fixedC)) / N;
  const parityP = 1 * (wtp * dQ - dCost) - (1 * (fixedP - fixedC)) / N;
  let o = armValues(c, N, fixedC, laterC, out, 0);
  o = valueOutputs(out, o, sv, N, unitsPaid(c, s.arms.commercial.payment), statesC, costC, fixedC, s.arms.commercial.price, parityC);
  o = armValues(p, N, fixedP, laterP, out, o);
  o = valueOutputs(out, o, sv, N, unitsPaid(p, s.arms.poc.payment), statesP, costP, fixedP, s.arms.poc.price, parityP);
  const dAlive = (p.alive1y - c.alive1y) * N;
  const dTotal = ((p.costs.variable + laterP) * N + fixedP) - ((c.costs.variable + laterC) * N + fixedC);
  out[o++] = (p.infused - c.infused) * N;
  out[o++] = (p.completeResponses - c.completeResponses) * N;
  out[o++] = dAlive;
  out[o++] = dTotal;
  out[o++] = ratioValue(dTotal, dAlive);
  out[o++] = pairSum(statesC, statesP, sv.lifeYears) * N;
  out[o++] = dQ * N;
  const r = (dCost + (fixedP - fixedC) / N) / dQ;
  out[o] = dQ === 0 || !Number.isFinite(r) ? NaN : r;
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
  // Each option read once (and options null refused by name, not "Cannot read properties of null").
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`expected: options must be an object { refine, base } (or left out); got ${showAny(options)}`);
  }
  const o: ExpectedOptions = { refine: options.refine, base: options.base };
  if (o.refine !== undefined && !(typeof o.refine === 'number' && Number.isInteger(o.refine) && o.refine >= 1 && o.refine <= 64)) {
    throw new RangeError(`refine: must be an integer in [1, 64] (the quadrature's step is divided by it); got ${showAny(o.refine)}`);
  }
  const full = resolveScenario(scenario, o.base ?? defaultScenario);
  return expectedResult(full, o.refine === undefined ? {} : { refine: o.refine });
}
