/**
 * The public edge of the library's functions of counts, scenarios and draws (issue 26, item 5):
 * each function here is the one of the same name that `index.ts` exports, checked. Every
 * argument is read once (into a copy that the computation then reads) and checked before
 * anything is computed: a TypeError for the wrong kind of value, a RangeError for one out of
 * range, each naming the function, the argument (and the path within it), the value and the
 * rule. A scenario is a full one, as `resolveScenario` returns it (checked by the validator);
 * a tally, `TALLY_SIZE` finite counts with patients > 0. Where arguments each in range can
 * still overflow together, the result is checked too (a RangeError rather than a NaN).
 *
 * The library's own code calls the unchecked functions (the PSA, the exact engine and the
 * economics call some of them in inner loops): nothing here is on those paths, and a valid
 * call gives the same numbers as the unchecked function.
 */

import {
  checkArmName, checkCallable, checkFields, checkFiniteResult, checkFullScenario, checkNumber, checkNumberList,
  checkObject, checkScenario, checkTally, readPlain,
} from './arguments.js';
import { checkBoolean, checkEnum, checkFunction, checkPool, checkSignal, checkWorkers, readOptions } from './options.js';
import { MAX_DAYS, MAX_DURATION_SPREAD, MAX_LINES, MAX_MARKET, MAX_MONEY } from './scenario/fields.js';
import { showAny } from './scenario/show.js';
import { ARM_NAMES, type Arm, type ArmLifetime, type ArmName, type Cohort, type Estimate, type Pricing, type Result, type Scenario } from './scenario/types.js';
import { cloneScenario as cloneUnchecked, defaultScenario } from './scenario/defaults.js';
import * as life from './economics/life.js';
import * as counts from './economics/counts.js';
import * as value from './economics/value.js';
import * as pricing from './economics/pricing.js';
import * as recovery from './economics/cost-recovery.js';
import * as tally from './model/tally.js';
import * as lines from './analyses/lines.js';
import * as exactArm from './exact/arm.js';
import * as exactExpected from './exact/expected.js';
import * as lognormal from './exact/lognormal.js';
import * as summary from './summary/summarise.js';
import * as draw from './psa/draw.js';
import * as voi from './psa/voi.js';
import * as evppi from './psa/evppi.js';
import * as groups from './psa/evppi-groups.js';
import * as presetU from './psa/presets.js';
import * as merge from './psa/merge.js';
import * as sim from './simulate.js';
import * as calib from './calibrate/parameters.js';
import { checkPsaScenario, type PsaScenario } from './psa/validate.js';
import { polynomialTerms } from './psa/regression.js';
import type { PsaResult } from './psa/result.js';
import type { Preset } from './presets/index.js';
import type { ArmExpectation, ExactOptions } from './exact/arm.js';
import type { ScenarioExpectation } from './exact/expected.js';
import type { DurationTransforms } from './exact/lognormal.js';
import type { DecisionCurves } from './psa/voi.js';
import type { ParameterEvppi } from './psa/evppi-groups.js';
import type { PresetUncertainty } from './psa/presets.js';
import type { LinesSweep } from './analyses/lines.js';
import type { PricedRun } from './economics/cost-recovery.js';
import type { CostRecoverySolution, PricingRates } from './economics/pricing.js';
import type { DifferenceLifetime } from './economics/value.js';
import type { StateValues } from './economics/life.js';
import type { Engine, SimulateOptions } from './simulate.js';

// --- Pieces of arguments -------------------------------------------------------------------

const STATE_FIELDS = ['lifeYearsRemission', 'lifeYearsProgressed', 'utilityRemission', 'utilityProgressed', 'discountRate', 'annualCostProgressed'] as const;
const PRICING_KEYS = ['rule', 'rdCost', 'cogsPerAttempt', 'margin', 'horizonYears', 'elasticity', 'priceRef', 'marketEligiblePerYear'] as const;
const inCohort = (c: Record<string, unknown>) => ({ cohort: c });
/** A pricing's fields in a scenario file (its rule, which the validator requires, costRecovery where not given, as resolvedPricing fills it). */
const inPricing = (p: Record<string, unknown>) => ({ arms: { commercial: { pricing: { rule: 'costRecovery', ...p } } } });

/** The cohort fields `stateValues` reads. */
function checkStateCohort(fn: string, name: string, c: unknown): Cohort {
  return checkFields(fn, name, c, { required: STATE_FIELDS }, inCohort, 'cohort') as unknown as Cohort;
}

/** A pricing with every field (`resolvedPricing`'s result). */
function checkFullPricing(fn: string, name: string, p: unknown): Required<Pricing> {
  return checkFields(fn, name, p, { required: PRICING_KEYS, strings: ['rule'] }, inPricing, 'arms.commercial.pricing') as unknown as Required<Pricing>;
}

/** State values (`stateValues`' result): three lists of 3 finite numbers. */
function checkStateValues(fn: string, name: string, sv: unknown): StateValues | undefined {
  if (sv === undefined) return undefined;
  const o = checkObject(fn, name, sv, 'state values { lifeYears, qalys, laterCost } (as stateValues returns them)');
  const list = (k: string) => checkNumberList(fn, `${name}.${k}`, o[k], { min: -MAX_MONEY * 1e3, max: MAX_MONEY * 1e3 }, { min: 3, max: 3 }) as [number, number, number];
  return { lifeYears: list('lifeYears'), qalys: list('qalys'), laterCost: list('laterCost') };
}

/** Rates of an arm (`pricingRates`' result): the fields `keys`, each finite (>= 0 but the covariance; n > 0). */
function checkRates(fn: string, name: string, r: unknown, keys: readonly (keyof PricingRates)[]): PricingRates {
  const o = checkObject(fn, name, r, `an arm's rates { ${keys.join(', ')} } (as pricingRates returns them)`);
  const out = {} as PricingRates;
  for (const k of keys) {
    const rule = k === 'n' ? { above: 0 } : k === 'covAttemptsUnits' ? {} : { min: 0 };
    out[k] = checkNumber(fn, `${name}.${k}`, o[k], rule);
  }
  return out;
}

function checkExactOptions(fn: string, options: unknown): ExactOptions {
  const o = readOptions(options, ['refine'], fn);
  if (o.refine === undefined) return {};
  return { refine: checkNumber(fn, 'options.refine', o.refine, { integer: true, min: 1, max: 64 }) };
}

/** Draws' values: an array or typed array of 1 to `max` finite numbers, copied. */
function checkDraws(fn: string, name: string, v: unknown, length?: number): Float64Array {
  if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    throw new TypeError(`${fn}: ${name} must be an array of finite numbers, one per draw; got ${showAny(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  const n = a.length;
  if (typeof (a as { [0]?: unknown })[0] === 'bigint') throw new TypeError(`${fn}: ${name} must hold numbers; got bigints`);
  if (n < 1 || (length !== undefined && n !== length)) {
    throw new RangeError(`${fn}: ${name} must have ${length !== undefined ? `${length} values (one per draw)` : 'at least one value'}; it has ${n}`);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = checkNumber(fn, `${name}[${i}]`, a[i]);
  return out;
}

const MAX_WTP = 1e12;
const MAX_WTP_POINTS = 10_000;

// --- Life-years, QALYs and the state table -------------------------------------------------

export function stateValues(c: Pick<Cohort, (typeof STATE_FIELDS)[number]>): StateValues {
  return checkFiniteResult('stateValues', life.stateValues(checkStateCohort('stateValues', 'cohort', c)));
}

export function discountedYears(a: number, b: number, delta: number): number {
  checkNumber('discountedYears', 'a', a, { min: 0 });
  checkNumber('discountedYears', 'b', b, { min: a });
  checkNumber('discountedYears', 'delta', delta, { min: 0 });
  return checkFiniteResult('discountedYears', life.discountedYears(a, b, delta));
}

export function discountedTail(m: number, delta: number): number {
  checkNumber('discountedTail', 'm', m, { above: 0 });
  checkNumber('discountedTail', 'delta', delta, { min: 0 });
  return checkFiniteResult('discountedTail', life.discountedTail(m, delta));
}

export function stateSlot(c: number, p: number): number {
  checkNumber('stateSlot', 'c', c, { integer: true, min: 0, max: 2 });
  checkNumber('stateSlot', 'p', p, { integer: true, min: 0, max: 2 });
  return tally.stateSlot(c, p);
}

export function armStates(t: Float64Array, arm: ArmName): [number, number, number] {
  const u = checkTally('armStates', 't', t);
  return counts.armStates(u, checkArmName('armStates', 'arm', arm));
}

/** `tableSum`: f is called once per cell (9 calls, in the table's order) and must give finite numbers. */
export function tableSum(t: Float64Array, f: (c: number, p: number) => number): number {
  const u = checkTally('tableSum', 't', t);
  const g = checkCallable<(c: number, p: number) => number>('tableSum', 'f', f);
  const values = new Float64Array(9);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < 3; p++) values[3 * c + p] = checkNumber('tableSum', `f(${c}, ${p})`, g(c, p));
  }
  return checkFiniteResult('tableSum', counts.tableSum(u, (c, p) => values[3 * c + p]));
}

/** `withLaterCosts`: a new tally (a copy of `t` when there is no cost after year one). */
export function withLaterCosts(t: Float64Array, s: Scenario): Float64Array {
  const u = checkTally('withLaterCosts', 't', t);
  return checkFiniteResult('withLaterCosts', counts.withLaterCosts(u, checkScenario('withLaterCosts', 'scenario', s)));
}

export function armLifetime(t: Float64Array, s: Scenario, arm: ArmName, sv?: StateValues): ArmLifetime {
  const u = checkTally('armLifetime', 't', t);
  const full = checkScenario('armLifetime', 'scenario', s);
  const a = checkArmName('armLifetime', 'arm', arm);
  const v = checkStateValues('armLifetime', 'sv', sv);
  return checkFiniteResult('armLifetime', value.armLifetime(u, full, a, v ?? life.stateValues(full.cohort)));
}

export function differenceLifetime(t: Float64Array, s: Scenario, sv?: StateValues): DifferenceLifetime {
  const u = checkTally('differenceLifetime', 't', t);
  const full = checkScenario('differenceLifetime', 'scenario', s);
  const v = checkStateValues('differenceLifetime', 'sv', sv);
  return checkFiniteResult('differenceLifetime', value.differenceLifetime(u, full, v ?? life.stateValues(full.cohort)));
}

export function priceParity(t: Float64Array, s: Scenario, arm: ArmName, sv?: StateValues): Estimate {
  const u = checkTally('priceParity', 't', t);
  const full = checkScenario('priceParity', 'scenario', s);
  const a = checkArmName('priceParity', 'arm', arm);
  const v = checkStateValues('priceParity', 'sv', sv);
  return checkFiniteResult('priceParity', value.priceParity(u, full, a, v ?? life.stateValues(full.cohort)));
}

// --- Pricing ---------------------------------------------------------------------------------

export function pricingRates(t: Float64Array, arm: ArmName): PricingRates {
  const u = checkTally('pricingRates', 't', t);
  return checkFiniteResult('pricingRates', pricing.pricingRates(u, checkArmName('pricingRates', 'arm', arm)));
}

export function resolvedPricing(arm: Arm, given?: Partial<Pricing>): Required<Pricing> {
  const o = checkObject('resolvedPricing', 'arm', arm, 'an arm (an object with its price, and its pricing if any)');
  const price = checkNumber('resolvedPricing', 'arm.price', o.price, { min: 0, max: MAX_MONEY });
  const source = given !== undefined ? given : o.pricing;
  const name = given !== undefined ? 'pricing' : 'arm.pricing';
  const p = source === undefined ? undefined
    : checkFields('resolvedPricing', name, source, { required: [], optional: PRICING_KEYS, strings: ['rule'] }, inPricing, 'arms.commercial.pricing');
  return pricing.resolvedPricing({ price } as Arm, p as Partial<Pricing> | undefined);
}

export function fundingAt(price: number, pFunding: number, p: Pick<Pricing, 'elasticity' | 'priceRef'>): number {
  checkNumber('fundingAt', 'price', price, { min: 0 });
  checkNumber('fundingAt', 'pFunding', pFunding, { min: 0, max: 1 });
  const q = checkFields('fundingAt', 'pricing', p, { required: ['elasticity'], optional: ['priceRef'] }, inPricing, 'arms.commercial.pricing');
  if (q.elasticity !== 0 && q.priceRef === undefined) throw new TypeError('fundingAt: pricing.priceRef is required when pricing.elasticity is not 0');
  const f = pricing.fundingAt(price, pFunding, q as unknown as Pick<Pricing, 'elasticity' | 'priceRef'>);
  // pFunding 0 times (priceRef / price)^elasticity overflowing to Infinity: nobody is funded at any price.
  return Number.isNaN(f) ? 0 : f;
}

export function costRecoveryMap(
  x: number, rates: Pick<PricingRates, 'attempts' | 'units'>, pFunding: number, p: Required<Pricing>, market?: number,
): number {
  const fn = 'costRecoveryMap';
  checkNumber(fn, 'x', x, { min: 0 });
  const r = checkRates(fn, 'rates', rates, ['attempts', 'units']);
  checkNumber(fn, 'pFunding', pFunding, { min: 0, max: 1 });
  const q = checkFullPricing(fn, 'pricing', p);
  const m = market === undefined ? q.marketEligiblePerYear : checkNumber(fn, 'market', market, { above: 0, max: MAX_MARKET });
  const y = pricing.costRecoveryMap(x, r, pFunding, q, m);
  if (!Number.isFinite(y)) {
    throw new RangeError(`${fn}: no finite price recovers the cost at the price ${x}: no unit is paid there (rates.units ${r.units}, pFunding at that price ${pricing.fundingAt(x, pFunding, q)})`);
  }
  return y;
}

export function solveCostRecovery(rates: PricingRates, pFunding: number, p: Required<Pricing>, market?: number): CostRecoverySolution {
  const fn = 'solveCostRecovery';
  const r = checkRates(fn, 'rates', rates, ['n', 'attempts', 'units', 'varAttempts', 'varUnits', 'covAttemptsUnits']);
  checkNumber(fn, 'pFunding', pFunding, { min: 0, max: 1 });
  const q = checkFullPricing(fn, 'pricing', p);
  const m = market === undefined ? q.marketEligiblePerYear : checkNumber(fn, 'market', market, { above: 0, max: MAX_MARKET });
  return checkFiniteResult(fn, pricing.solveCostRecovery(r, pFunding, q, m));
}

export function pricedArms(s: Scenario): ArmName[] {
  return recovery.pricedArms(checkScenario('pricedArms', 'scenario', s));
}

export function ratesScenario(s: Scenario, arms?: readonly ArmName[]): Scenario {
  const full = checkScenario('ratesScenario', 'scenario', s);
  if (arms === undefined) return recovery.ratesScenario(full);
  if (!Array.isArray(arms)) throw new TypeError(`ratesScenario: arms must be a list of arm names (${ARM_NAMES.join(', ')}); got ${showAny(arms)}`);
  const list = arms.slice();
  if (list.length > ARM_NAMES.length) throw new RangeError(`ratesScenario: arms must be a list of at most ${ARM_NAMES.length} arm names; it has ${list.length}`);
  return recovery.ratesScenario(full, list.map((a, i) => checkArmName('ratesScenario', `arms[${i}]`, a)));
}

/** `runWithPricing`: `run` must resolve to a run's tally. */
export async function runWithPricing(s: Scenario, run: (s: Scenario) => Promise<Float64Array>): Promise<PricedRun> {
  const full = checkScenario('runWithPricing', 'scenario', s);
  const go = checkCallable<(s: Scenario) => Promise<Float64Array>>('runWithPricing', 'run', run);
  return recovery.runWithPricing(full, async (x) => checkTally('runWithPricing', 'what run(scenario) resolves to', await go(x)));
}

// --- Scenarios ---------------------------------------------------------------------------------

export function cloneScenario(s: Scenario): Scenario {
  return cloneUnchecked(checkScenario('cloneScenario', 'scenario', s));
}

export function isCohortYears(s: Scenario): boolean {
  return sim.isCohortYears(checkScenario('isCohortYears', 'scenario', s));
}

/** `mergeScenarioFiles`: each a scenario file (an object of plain data) or undefined (nothing to layer). */
export function mergeScenarioFiles(under: unknown, over: unknown): unknown {
  const file = (name: string, v: unknown) => {
    if (v === undefined) return undefined;
    checkObject('mergeScenarioFiles', name, v, 'a scenario file (an object), or undefined');
    return readPlain('mergeScenarioFiles', name, v, 'a scenario file of plain data');
  };
  return merge.mergeScenarioFiles(file('under', under), file('over', over));
}

export function calibratablePaths(arm: ArmName): string[] {
  return calib.calibratablePaths(checkArmName('calibratablePaths', 'arm', arm));
}

// --- Summaries, the exact engine -----------------------------------------------------------------

export function summarise(scenario: Scenario, runTally: Float64Array, engine: string, options: { histogram?: boolean } = {}): Result {
  const full = checkScenario('summarise', 'scenario', scenario);
  const t = checkTally('summarise', 'runTally', runTally);
  if (typeof engine !== 'string') throw new TypeError(`summarise: engine must be the engine's name (a string, e.g. "wasm"); got ${showAny(engine)}`);
  const o = readOptions(options, ['histogram'], 'summarise');
  const histogram = checkBoolean('histogram', o.histogram);
  return checkFiniteResult('summarise', summary.summarise(full, t, engine, histogram === undefined ? {} : { histogram }));
}

/** An arm and a cohort as a scenario's: full and valid, with no capacity or pricing (no exact form). */
export function armExpectation(arm: Arm, cohort: Cohort, options: ExactOptions = {}): ArmExpectation {
  const fn = 'armExpectation';
  checkObject(fn, 'arm', arm, 'an arm (an object, as in a scenario from resolveScenario)');
  checkObject(fn, 'cohort', cohort, 'a cohort (an object, as in a scenario from resolveScenario)');
  const a = readPlain(fn, 'arm', arm, 'an arm of plain data');
  const c = readPlain(fn, 'cohort', cohort, 'a cohort of plain data');
  const o = checkExactOptions(fn, options);
  const rename = (path: string) => (path === '' ? 'the scenario of arm and cohort' : path.startsWith('arms.commercial') ? `arm${path.slice('arms.commercial'.length)}` : path);
  const s = checkFullScenario(fn, { cohort: c, arms: { commercial: a, poc: cloneUnchecked(defaultScenario as Scenario).arms.poc }, run: { ...defaultScenario.run } }, rename, (x) => exactCheck(fn, x, rename));
  return checkFiniteResult(fn, exactArm.armExpectation(s.arms.commercial, s.cohort, o));
}

function exactCheck(fn: string, s: Scenario, rename: (path: string) => string): void {
  try {
    exactExpected.checkExactScenario(s);
  } catch (e) {
    const m = /^(arms\.\w+\.\w+)(: .*)$/s.exec((e as Error).message);
    throw new RangeError(`${fn}: ${m ? `${rename(m[1])}${m[2]}` : (e as Error).message}`);
  }
}

export function scenarioExpectation(scenario: Scenario, options: ExactOptions = {}): ScenarioExpectation {
  const fn = 'scenarioExpectation';
  const s = checkScenario(fn, 'scenario', scenario, (x) => exactCheck(fn, x, (path) => `scenario.${path}`));
  const o = checkExactOptions(fn, options);
  return checkFiniteResult(fn, exactExpected.scenarioExpectation(s, o));
}

/** `durationTransforms`: a valid duration { median, p90 } (as a scenario's), a rate a >= 0. */
export function durationTransforms(median: number, p90: number, a: number, refine = 1): Readonly<DurationTransforms> {
  const fn = 'durationTransforms';
  checkNumber(fn, 'median', median, { min: 0, max: MAX_DAYS });
  checkNumber(fn, 'p90', p90, { min: median, max: MAX_DAYS });
  if (median === 0 && p90 !== 0) throw new RangeError(`${fn}: median may be 0 only as a fixed zero duration (p90 0 too); got p90 ${p90}`);
  if (median > 0 && p90 / median > MAX_DURATION_SPREAD) throw new RangeError(`${fn}: p90 must be at most ${MAX_DURATION_SPREAD} times the median (${median}); got ${p90}`);
  checkNumber(fn, 'a', a, { min: 0 });
  checkNumber(fn, 'refine', refine, { integer: true, min: 1, max: 64 });
  return checkFiniteResult(fn, lognormal.durationTransforms(median, p90, a, refine));
}

// --- The queue's sweep ---------------------------------------------------------------------------

const LINES_COLUMNS = lines.LINES_COLUMNS;

export function linesToCsv(s: LinesSweep): string {
  const fn = 'linesToCsv';
  const o = checkObject(fn, 'sweep', s, 'a sweep (as sweepLines resolves to)');
  const rows = o.rows;
  if (!Array.isArray(rows)) throw new TypeError(`${fn}: sweep.rows must be an array of rows; got ${showAny(rows)}`);
  const copy = rows.slice().map((row: unknown, i) => {
    const r = checkObject(fn, `sweep.rows[${i}]`, row, `a row { lines, ${LINES_COLUMNS.join(', ')} }`);
    const out: Record<string, unknown> = { lines: checkNumber(fn, `sweep.rows[${i}].lines`, r.lines, { integer: true, min: 1, max: MAX_LINES }) };
    for (const c of LINES_COLUMNS) {
      const e = checkObject(fn, `sweep.rows[${i}].${c}`, r[c], 'an estimate { value, mcse }');
      const part = (k: 'value' | 'mcse') => {
        const v = e[k];
        return v === null ? null : checkNumber(fn, `sweep.rows[${i}].${c}.${k}`, v, k === 'mcse' ? { min: 0 } : {});
      };
      out[c] = { value: part('value'), mcse: part('mcse') };
    }
    return out;
  });
  return lines.linesToCsv({ rows: copy } as unknown as LinesSweep);
}

// --- PSA: draws, decision curves, EVPPI, presets -------------------------------------------------

export function drawScenario(ps: PsaScenario, d: number): Scenario {
  const checked = checkPsaScenario(ps, 'drawScenario', 'ps');
  checkNumber('drawScenario', 'd', d, { integer: true, min: 0, max: 2 ** 32 - 1 });
  return draw.drawScenario(checked, d);
}

export function decisionCurves(dAlive: ArrayLike<number>, dCost: ArrayLike<number>, wtp: readonly number[]): DecisionCurves {
  const fn = 'decisionCurves';
  const a = checkDraws(fn, 'dAlive', dAlive);
  const c = checkDraws(fn, 'dCost', dCost, a.length);
  const w = checkNumberList(fn, 'wtp', wtp, { min: 0, max: MAX_WTP }, { min: 0, max: MAX_WTP_POINTS });
  return checkFiniteResult(fn, voi.decisionCurves(a, c, w));
}

export function evppiBasis(k: number, draws: number): { degree: number; terms: number } | undefined {
  checkNumber('evppiBasis', 'k', k, { integer: true, min: 1, max: 1000 });
  checkNumber('evppiBasis', 'draws', draws, { integer: true, min: 0, max: 1e9 });
  return evppi.evppiBasis(k, draws);
}

export function evppiFromDraws(
  values: readonly ArrayLike<number>[], dAlive: ArrayLike<number>, dCost: ArrayLike<number>, wtp: readonly number[], degree: number,
): number[] {
  const fn = 'evppiFromDraws';
  if (!Array.isArray(values)) throw new TypeError(`${fn}: values must be an array of the group's parameters' values (one array per parameter); got ${showAny(values)}`);
  const vs = values.slice();
  const a = checkDraws(fn, 'dAlive', dAlive);
  const c = checkDraws(fn, 'dCost', dCost, a.length);
  const w = checkNumberList(fn, 'wtp', wtp, { min: 0, max: MAX_WTP }, { min: 0, max: MAX_WTP_POINTS });
  checkNumber(fn, 'degree', degree, { integer: true, min: 1, max: 3 });
  if (vs.length < 1) throw new RangeError(`${fn}: values must hold at least one parameter's values; it has 0`);
  const terms = polynomialTerms(vs.length, degree);
  if (terms > evppi.MAX_EVPPI_TERMS) throw new RangeError(`${fn}: ${vs.length} parameters at degree ${degree} make ${terms} terms, more than ${evppi.MAX_EVPPI_TERMS}`);
  if (a.length < terms) throw new RangeError(`${fn}: dAlive must have at least as many draws as the polynomial's ${terms} terms; it has ${a.length}`);
  const x = vs.map((v, i) => checkDraws(fn, `values[${i}]`, v, a.length));
  const out = evppi.evppiFromDraws(x, a, c, w, degree);
  return checkFiniteResult(fn, out, 'the EVPPI (a parameter constant over the draws?)');
}

export function parameterEvppi(r: PsaResult): ParameterEvppi[] {
  const fn = 'parameterEvppi';
  const o = checkObject(fn, 'result', r, 'a PSA result (as simulatePsa resolves to)');
  const plane = checkObject(fn, 'result.cePlane', o.cePlane, 'the cost-effectiveness plane { extraAlive1y, extraQalys, extraCost }');
  const effect = checkEnum('result.effect', o.effect, ['alive1y', 'qalys'] as const);
  const params = o.parameters;
  if (!Array.isArray(params)) throw new TypeError(`${fn}: result.parameters must be the PSA's uncertain parameters (an array); got ${showAny(params)}`);
  // The parameters checked as a PSA scenario's (their percentiles p025, p975 are the result's own).
  const bare = params.slice().map((p: unknown, i) => {
    const q = checkObject(fn, `result.parameters[${i}]`, p, 'an uncertain parameter');
    const copy = { ...(readPlain(fn, `result.parameters[${i}]`, q, 'an uncertain parameter of plain data') as Record<string, unknown>) };
    delete copy.p025;
    delete copy.p975;
    return copy;
  });
  const ps = checkPsaScenario({ base: o.scenario, parameters: bare, same: o.same, run: o.psa }, fn, 'result (its scenario, parameters, same and psa)');
  const seed = checkNumber(fn, 'result.seed', o.seed, { integer: true, min: 0, max: 2 ** 32 - 1 });
  const S = ps.run.draws;
  const cePlane = {
    extraAlive1y: effect === 'qalys' ? [] : Array.from(checkDraws(fn, 'result.cePlane.extraAlive1y', plane.extraAlive1y, S)),
    extraQalys: effect === 'qalys' ? Array.from(checkDraws(fn, 'result.cePlane.extraQalys', plane.extraQalys, S)) : [],
    extraCost: Array.from(checkDraws(fn, 'result.cePlane.extraCost', plane.extraCost, S)),
  };
  const out = groups.parameterEvppi({ psa: ps.run, seed, effect: effect ?? 'alive1y', cePlane, parameters: ps.parameters } as unknown as PsaResult);
  return out.map(({ parameter, at }) => ({
    parameter,
    at: (wtp: number) => checkFiniteResult(`parameterEvppi(...).at`, at(checkNumber(`parameterEvppi(...).at`, 'wtp', wtp, { min: 0, max: MAX_WTP }))),
  }));
}

/** A preset's scenario (full) and sources (strings by path), read once. */
function checkPreset(fn: string, preset: unknown): Preset {
  const o = checkObject(fn, 'preset', preset, 'a preset (from presets or getPreset)');
  const scenario = checkScenario(fn, 'preset.scenario', o.scenario);
  const sources = checkObject(fn, 'preset.sources', o.sources, 'the sources of the preset\'s numbers, by path');
  const copy: Record<string, string> = {};
  for (const k of Object.keys(sources)) {
    const v = sources[k];
    if (typeof v !== 'string') throw new TypeError(`${fn}: preset.sources.${k} must be a string (a source); got ${showAny(v)}`);
    copy[k] = v;
  }
  return { ...o, scenario, sources: copy } as unknown as Preset;
}

export function presetUncertaintyFile(preset: Preset): PresetUncertainty {
  return presetU.presetUncertaintyFile(checkPreset('presetUncertaintyFile', preset));
}

export function presetUncertainty(preset: Preset): PsaScenario {
  return presetU.presetUncertainty(checkPreset('presetUncertainty', preset));
}

// --- Runs -------------------------------------------------------------------------------------------

const TALLY_OPTIONS = ['engine', 'workers', 'pool', 'signal', 'onProgress', 'supersede'] as const;

/** `simulateTally`: a full scenario, and simulate's options but `base` (each checked as simulate checks them). */
export async function simulateTally(full: Scenario, options: Omit<SimulateOptions, 'base'> = {}): Promise<Float64Array> {
  const s = checkScenario('simulateTally', 'scenario', full);
  const o = readOptions(options, TALLY_OPTIONS, 'simulateTally');
  const checked: Omit<SimulateOptions, 'base'> = {
    engine: checkEnum<Engine>('engine', o.engine, sim.ENGINES),
    workers: checkWorkers(o.workers),
    pool: checkPool(o.pool),
    signal: checkSignal(o.signal),
    onProgress: checkFunction('onProgress', o.onProgress),
    supersede: checkBoolean('supersede', o.supersede),
  };
  for (const k of TALLY_OPTIONS) if (checked[k] === undefined) delete checked[k];
  return sim.simulateTally(s, checked);
}
