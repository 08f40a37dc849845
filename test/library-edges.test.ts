/**
 * Every exported function of the library checks its arguments at the edge (issue 26, item 5):
 * for each function of src/index.ts (the module's exports are iterated, so a new export without
 * a case here fails), each argument in turn is replaced by undefined, null, NaN, a string, {},
 * a wrong-length array and a wrong-length tally; the call must give a finite result (no NaN or
 * infinity anywhere in it) or throw a TypeError or RangeError (a ScenarioError for a scenario
 * file, as documented) whose message names the function or the argument and is no internal
 * "Cannot read properties of undefined". Then fast-check over generated arguments.
 */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';
import { resolvePsaScenario, resolveScenario, ScenarioError, type PsaResult, type PsaScenario, type Result, type Scenario } from '../src/index.js';
import { simulateTally as tallyOf } from '../src/simulate.js';
import { summarise as summariseUnchecked } from '../src/summary/summarise.js';
import { stateValues as stateValuesUnchecked } from '../src/economics/life.js';
import { pricingRates as ratesUnchecked, resolvedPricing as pricingUnchecked } from '../src/economics/pricing.js';
import * as economics from '../src/economics/value.js';
import { armExpectation as armExpectationUnchecked } from '../src/exact/arm.js';
import { TALLY_SIZE } from '../src/model/tally.js';

afterAll(() => lib.closePools());

const INTERNAL = /Cannot read|Cannot destructure|is not a function|undefined \(reading|is not iterable|Cannot convert/;

type Fn = (...args: unknown[]) => unknown;

/** The first number in `x` that is not finite (a path), or undefined. */
function notFinite(x: unknown, path = '', depth = 0): string | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? undefined : `${path || 'result'} = ${x}`;
  if (typeof x !== 'object' || x === null || depth > 10) return undefined;
  if (ArrayBuffer.isView(x)) {
    const a = x as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return `${path}[${i}] = ${a[i]}`;
    return undefined;
  }
  for (const [k, v] of Object.entries(x)) {
    const r = notFinite(v, `${path}.${k}`, depth + 1);
    if (r) return r;
  }
  return undefined;
}

/** Calls fn(...args): a finite result, or an error that is the library's own. */
async function expectEdge(name: string, argNames: readonly string[], fn: Fn, args: unknown[], label: string): Promise<void> {
  let result: unknown;
  try {
    result = fn(...args);
    if (result instanceof Promise) result = await result;
  } catch (e) {
    const err = e as Error;
    const where = `${name}(${label}): ${err?.constructor?.name}: ${err?.message}`;
    expect(err instanceof TypeError || err instanceof RangeError || err instanceof ScenarioError, where).toBe(true);
    expect(err.message, where).not.toMatch(INTERNAL);
    const named = err.message.includes(name) || argNames.some((a) => err.message.includes(a)) || err instanceof ScenarioError || err instanceof lib.CalibrationError
      || /^(engine|workers|pool|signal|onProgress|supersede|options|histogram|base|preset|refine|wtp|arm|evppi|tornado|budget)\b/.test(err.message);
    expect(named, `${where}: names neither the function nor an argument`).toBe(true);
    return;
  }
  // A validation's errors show the value found (NaN included): the value given, not one computed.
  const computed = typeof result === 'object' && result !== null && 'errors' in result ? { ...result, errors: [] } : result;
  expect(notFinite(computed), `${name}(${label}) gave a result that is not finite`).toBeUndefined();
  if (Array.isArray(result) && result.some((r) => typeof r === 'object' && r !== null && typeof r.at === 'function')) {
    // parameterEvppi's curves: at(bad) is checked too.
    for (const r of result as { at: (w: unknown) => number }[]) {
      for (const bad of [NaN, -1, 'x', undefined]) {
        try {
          expect(Number.isFinite(r.at(bad))).toBe(true);
        } catch (e) {
          expect(e instanceof TypeError || e instanceof RangeError, String(e)).toBe(true);
          expect((e as Error).message).toMatch(/^parameterEvppi\(\.\.\.\)\.at: wtp must be/);
        }
      }
    }
  }
}

/** A generated value in a test's name. */
function label(v: unknown): string {
  try {
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
  } catch {
    return typeof v;
  }
}

interface Case {
  /** Valid arguments, in order, with their names. */
  args: () => unknown[];
  names: string[];
  /** Bad values (by label) that are valid in a position but would run for long there (e.g. undefined: the defaults' 10^6 patients). */
  slow?: Record<number, string[]>;
}

const BAD: [string, () => unknown][] = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['NaN', () => NaN],
  ['a string', () => 'x'],
  ['{}', () => ({})],
  ['a wrong-length array', () => [1, 2]],
  ['a wrong-length tally', () => new Float64Array(3)],
];

let s: Scenario;
let t: Float64Array;
let r: Result;
let ps: PsaScenario;
let psa: PsaResult;
const small = { run: { patients: 2000 } };

beforeAll(async () => {
  s = resolveScenario(small);
  t = await tallyOf(s, { engine: 'reference' });
  r = summariseUnchecked(s, t, 'reference');
  ps = resolvePsaScenario({ arms: { commercial: { pOs1: { value: 0.6, n: 50 } } }, run: { psa: { draws: 60, patientsPerDraw: 100 } } });
  psa = await lib.runPsa(ps, { engine: 'exact' });
}, 60_000);

const sweep = () => ({ rows: [{ lines: 2, infused: { value: 1, mcse: 0.1 }, lostWhileQueued: { value: 0, mcse: null }, waitFirstMean: { value: 3, mcse: 0 }, waitFirstP90: { value: null, mcse: null }, utilisation: { value: 0.5, mcse: 0.01 } }] });
const pricing = () => pricingUnchecked(s.arms.poc);
const rates = () => ratesUnchecked(t, 'poc');
const draws = (n: number, k = 1) => Array.from({ length: n }, (_, i) => Math.sin(i * k) + i / n);
const onlyCapacity = { cohort: { eligiblePerYear: 40 }, run: { seed: 3, years: { replicates: 2, warmupYears: 0 } } };

/** Every exported function's valid arguments (the table the iteration over the exports checks against). */
const CASES: Record<string, Case> = {
  simulate: { args: () => [small, { engine: 'reference' }], names: ['scenario', 'options'], slow: { 0: ['undefined', '{}'] } },
  getPool: { args: () => [1], names: ['workers'], slow: { 0: ['undefined'] } },
  validateScenario: { args: () => [small, s], names: ['file', 'base'] },
  resolveScenario: { args: () => [small, s], names: ['input', 'base'] },
  getPreset: { args: () => ['eliana'], names: ['name'] },
  simulatePsa: { args: () => [{ run: { psa: { draws: 20, patientsPerDraw: 100 } } }, { engine: 'exact' }], names: ['scenario', 'options'], slow: { 0: ['undefined', '{}'], 1: ['undefined', '{}'] } },
  runPsa: { args: () => [{ ...ps, run: { draws: 20, patientsPerDraw: 100 } }, { engine: 'exact' }], names: ['ps', 'options'], slow: { 1: ['undefined', '{}'] } },
  validatePsaScenario: { args: () => [small, s], names: ['input', 'base'] },
  resolvePsaScenario: { args: () => [small, s], names: ['input', 'base'] },
  presetUncertainty: { args: () => [lib.getPreset('eliana')], names: ['preset'] },
  presetUncertaintyFile: { args: () => [lib.getPreset('eliana')], names: ['preset'] },
  mergeScenarioFiles: { args: () => [{ cohort: { eligiblePerYear: 5 } }, { run: { seed: 2 } }], names: ['under', 'over'] },
  drawScenario: { args: () => [ps, 3], names: ['ps', 'd'] },
  decisionCurves: { args: () => [draws(50), draws(50, 3), [0, 1e5]], names: ['dAlive', 'dCost', 'wtp'] },
  wtpGrid: { args: () => [0, 100, 10], names: ['from', 'to', 'step'] },
  evppiFromDraws: { args: () => [[draws(60, 2)], draws(60), draws(60, 3), [0, 10], 2], names: ['values', 'dAlive', 'dCost', 'wtp', 'degree'] },
  evppiBasis: { args: () => [2, 500], names: ['k', 'draws'] },
  parameterEvppi: { args: () => [psa], names: ['result'] },
  simulateTally: { args: () => [s, { engine: 'reference' }], names: ['scenario', 'options'], slow: { 1: ['undefined', '{}'] } },
  stateValues: { args: () => [s.cohort], names: ['cohort'] },
  discountedYears: { args: () => [0, 1, 0.03], names: ['a', 'b', 'delta'] },
  discountedTail: { args: () => [5, 0.03], names: ['m', 'delta'] },
  withLaterCosts: { args: () => [t, s], names: ['t', 'scenario'] },
  armStates: { args: () => [t, 'poc'], names: ['t', 'arm'] },
  tableSum: { args: () => [t, (c: number, p: number) => c - p], names: ['t', 'f'] },
  armLifetime: { args: () => [t, s, 'poc', stateValuesUnchecked(s.cohort)], names: ['t', 'scenario', 'arm', 'sv'] },
  differenceLifetime: { args: () => [t, s, stateValuesUnchecked(s.cohort)], names: ['t', 'scenario', 'sv'] },
  priceParity: { args: () => [t, s, 'commercial', stateValuesUnchecked(s.cohort)], names: ['t', 'scenario', 'arm', 'sv'] },
  solveCostRecovery: { args: () => [rates(), 0.9, pricing(), 500], names: ['rates', 'pFunding', 'pricing', 'market'] },
  costRecoveryMap: { args: () => [300_000, rates(), 0.9, pricing(), 500], names: ['x', 'rates', 'pFunding', 'pricing', 'market'] },
  pricingRates: { args: () => [t, 'poc'], names: ['t', 'arm'] },
  resolvedPricing: { args: () => [s.arms.poc, { margin: 0.2 }], names: ['arm', 'pricing'] },
  fundingAt: { args: () => [200_000, 0.8, { elasticity: 1.5, priceRef: 300_000 }], names: ['price', 'pFunding', 'pricing'] },
  runWithPricing: { args: () => [resolveScenario({ run: { patients: 1000 }, arms: { poc: { pricing: { rule: 'costRecovery' } } } }), (x: Scenario) => tallyOf(x, { engine: 'reference' })], names: ['scenario', 'run'] },
  viciousCircle: { args: () => [s, t, [100, 1000]], names: ['scenario', 'rateTally', 'markets'] },
  ratesScenario: { args: () => [s, ['poc']], names: ['scenario', 'arms'] },
  pricedArms: { args: () => [s], names: ['scenario'] },
  logGrid: { args: () => [10, 1000, 3], names: ['from', 'to', 'points'] },
  budgetImpact: { args: () => [r, { years: 2, uptake: [0.2, 0.4], eligibleGrowth: 0, discountRate: 0 }], names: ['result', 'budget'] },
  stateSlot: { args: () => [1, 2], names: ['c', 'p'] },
  expected: { args: () => [small, {}], names: ['scenario', 'options'] },
  armExpectation: { args: () => [s.arms.poc, s.cohort, { refine: 1 }], names: ['arm', 'cohort', 'options'] },
  scenarioExpectation: { args: () => [s, { refine: 2 }], names: ['scenario', 'options'] },
  durationTransforms: { args: () => [20, 40, 0.01, 1], names: ['median', 'p90', 'a', 'refine'] },
  calibrate: { args: () => [small, { arm: 'commercial', targets: { infusedFraction: 0.2 }, parameters: ['arms.commercial.pReferral'] }, {}], names: ['scenario', 'request', 'options'] },
  calibratablePaths: { args: () => ['poc'], names: ['arm'] },
  sweepLines: { args: () => [onlyCapacity, { arm: 'poc', from: 1, to: 1, engine: 'reference' }], names: ['scenario', 'options'], slow: { 0: ['undefined', '{}'] } },
  linesToCsv: { args: () => [sweep()], names: ['sweep'] },
  isCohortYears: { args: () => [s], names: ['scenario'] },
  cloneScenario: { args: () => [s], names: ['scenario'] },
  summarise: { args: () => [s, t, 'reference', { histogram: false }], names: ['scenario', 'runTally', 'engine', 'options'] },
};

/** Functions of no argument. */
const NO_ARGUMENTS = ['closePools', 'scenarioJsonSchema'];
/** Classes (constructed, not called: their constructors are checked by their own suites). */
const CLASSES = ['KernelPool', 'ScenarioError', 'CalibrationError'];

const functions = Object.entries(lib).filter(([, v]) => typeof v === 'function') as [string, Fn][];

describe('every exported function', () => {
  it('has a case here (valid arguments), takes none, or is a class', () => {
    const missing = functions.map(([n]) => n).filter((n) => !Object.hasOwn(CASES, n) && !NO_ARGUMENTS.includes(n) && !CLASSES.includes(n));
    expect(missing).toEqual([]);
    for (const n of CLASSES) expect(/^class\b/.test(Function.prototype.toString.call((lib as Record<string, unknown>)[n]))).toBe(true);
  });

  it('functions of no argument give a finite result', async () => {
    for (const n of NO_ARGUMENTS) expect(notFinite(await (lib as unknown as Record<string, Fn>)[n]())).toBeUndefined();
  });

  it.each(Object.keys(CASES))('%s: its valid arguments give a finite result', async (name) => {
    const c = CASES[name];
    let result = (lib as unknown as Record<string, Fn>)[name](...c.args());
    if (result instanceof Promise) result = await result;
    const computed = typeof result === 'object' && result !== null && 'errors' in result ? { ...result, errors: [] } : result;
    expect(notFinite(computed)).toBeUndefined();
  }, 60_000);

  it.each(Object.keys(CASES))('%s: a bad value in each argument is refused by name', async (name) => {
    const c = CASES[name];
    const fn = (lib as unknown as Record<string, Fn>)[name];
    for (let i = 0; i < c.names.length; i++) {
      for (const [label, bad] of BAD) {
        if (c.slow?.[i]?.includes(label)) continue;
        const args = c.args();
        args[i] = bad();
        await expectEdge(name, c.names, fn, args, `${c.names[i]} = ${label}`);
      }
    }
  }, 120_000);
});

describe('generated arguments (fast-check)', () => {
  const anyValue = fc.oneof(
    fc.double(), fc.integer(), fc.constantFrom(undefined, null, '', 'poc', 'commercial', true, NaN, Infinity, -0, 1e308),
    fc.array(fc.double(), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), fc.double(), { maxKeys: 3 }),
  );
  const cheap = ['stateValues', 'discountedYears', 'discountedTail', 'stateSlot', 'armStates', 'tableSum', 'fundingAt',
    'costRecoveryMap', 'solveCostRecovery', 'pricingRates', 'resolvedPricing', 'decisionCurves', 'evppiBasis', 'evppiFromDraws',
    'durationTransforms', 'linesToCsv', 'logGrid', 'wtpGrid', 'calibratablePaths', 'mergeScenarioFiles', 'armExpectation'];

  it.each(cheap)('%s: any argument replaced by a generated value', async (name) => {
    const c = CASES[name];
    const fn = (lib as unknown as Record<string, Fn>)[name];
    await fc.assert(fc.asyncProperty(fc.nat(c.names.length - 1), anyValue, async (i, v) => {
      const args = c.args();
      args[i] = v;
      await expectEdge(name, c.names, fn, args, `${c.names[i]} = ${label(v)}`);
    }), { numRuns: 120, seed: 26 });
  });

  it('numbers of the economics: in range gives a finite result, out of range a RangeError', () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1e7, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }),
      (a, b, delta, p, price, e) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(Number.isFinite(lib.discountedYears(lo, hi, delta))).toBe(true);
        if (lo > 0) expect(Number.isFinite(lib.discountedTail(lo, delta))).toBe(true);
        expect(Number.isFinite(lib.fundingAt(price, p, { elasticity: e, priceRef: 1e5 }))).toBe(true);
        if (lo !== hi) expect(() => lib.discountedYears(hi, lo, delta)).toThrow(RangeError);
      },
    ), { numRuns: 1500, seed: 26 });
  });

  it('random tallies: finite results or a RangeError, never NaN', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: TALLY_SIZE, maxLength: TALLY_SIZE }), fc.double({ min: 1, max: 1e9, noNaN: true }), (xs, n) => {
      const u = Float64Array.from(xs);
      u[TALLY_SIZE - 1] = n;
      for (const call of [
        () => lib.differenceLifetime(u, s), () => lib.armLifetime(u, s, 'poc'), () => lib.priceParity(u, s, 'commercial'),
        () => lib.pricingRates(u, 'poc'), () => lib.withLaterCosts(u, s), () => lib.summarise(s, u, 'x'),
      ]) {
        try {
          expect(notFinite(call())).toBeUndefined();
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError);
          expect((e as Error).message).toMatch(/^\w+: the arguments give/);
        }
      }
    }), { numRuns: 40, seed: 26 });
  });
});

describe('valid calls give what the unchecked functions give', () => {
  it('the same numbers, to the bit', () => {
    expect(lib.summarise(s, t, 'reference')).toEqual(r);
    expect(lib.differenceLifetime(t, s)).toEqual(economics.differenceLifetime(t, s));
    expect(lib.priceParity(t, s, 'poc')).toEqual(economics.priceParity(t, s, 'poc'));
    expect(lib.stateValues(s.cohort)).toEqual(stateValuesUnchecked(s.cohort));
    expect(lib.armExpectation(s.arms.poc, s.cohort)).toEqual(armExpectationUnchecked(s.arms.poc, s.cohort));
    expect(lib.resolvedPricing(s.arms.poc)).toEqual(pricingUnchecked(s.arms.poc));
    expect(lib.cloneScenario(s)).toEqual(s);
  });

  it('a partial scenario is refused where a full one is read, naming the field', () => {
    const { discountRate: _d, ...cohort } = s.cohort;
    expect(() => lib.differenceLifetime(t, { ...s, cohort } as Scenario)).toThrow(/^differenceLifetime: scenario must be full, .*scenario\.cohort\.discountRate is missing/);
    expect(() => lib.isCohortYears({} as Scenario)).toThrow(/^isCohortYears: scenario must be full/);
    expect(() => lib.stateValues({ ...s.cohort, discountRate: 1.5 })).toThrow(/^stateValues: cohort is not valid:\n {2}cohort\.discountRate: must be a rate/);
  });

  it('each argument is read once', () => {
    let reads = 0;
    const cohort = { ...s.cohort };
    Object.defineProperty(cohort, 'discountRate', { get: () => (reads++ === 0 ? 0.035 : NaN), enumerable: true });
    const v = lib.stateValues(cohort);
    expect(reads).toBe(1);
    expect(v).toEqual(stateValuesUnchecked({ ...s.cohort, discountRate: 0.035 }));
  });
});
