/**
 * The library's functions check their arguments at the edge (issue 26, item 5): a bad one
 * throws a TypeError or RangeError naming the function, the argument, its value and the rule,
 * before anything is computed (no NaN results, no out-of-memory abort, no "Cannot destructure").
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  budgetImpact, closePools, logGrid, ratesScenario, resolveScenario, simulate, simulateTally, sweepLines, viciousCircle,
  ARM_NAMES, type Result, type Scenario,
} from '../src/index.js';
import { TALLY_SIZE } from '../src/model/tally.js';

afterAll(() => closePools());

describe('logGrid', () => {
  it.each<[unknown[], RegExp, ErrorConstructor]>([
    [[1, 10, 1e9], /^logGrid: points must be an integer in \[1, 1000\]; got 1000000000$/, RangeError],
    [[NaN, 10, 5], /^logGrid: from must be a finite number in \(0, 10000000000\]; got NaN$/, RangeError],
    [[1, Infinity, 5], /^logGrid: to must be .*; got Infinity$/, RangeError],
    [[-1, 10, 5], /^logGrid: from .*; got -1$/, RangeError],
    [[10, 1, 5], /^logGrid: to must be a finite number in \[10, 10000000000\]; got 1$/, RangeError],
    [[1, 10, 2.5], /^logGrid: points .*; got 2.5$/, RangeError],
    [[1, 10, 0], /^logGrid: points .*; got 0$/, RangeError],
    [['1', 10, 3], /^logGrid: from must be .*; got "1" \(a string\)$/, TypeError],
  ])('logGrid(%j) throws', (args, message, kind) => {
    expect(() => (logGrid as (...a: unknown[]) => number[])(...args)).toThrow(kind);
    expect(() => (logGrid as (...a: unknown[]) => number[])(...args)).toThrow(message);
  });

  it('valid grids are as before', () => {
    expect(logGrid(10, 1e6, 5)).toEqual([10, 10 ** 2, 10 ** 3, 10 ** 4 * (1 + 0) * 1, 1e6].map((x, i) => (i === 0 || i === 4 ? x : Math.exp(Math.log(10) + ((Math.log(1e6) - Math.log(10)) * i) / 4))));
    expect(logGrid(5, 5, 1)).toEqual([5]);
  });
});

describe('viciousCircle', () => {
  let s: Scenario;
  let tally: Float64Array;
  beforeAll(async () => {
    s = resolveScenario({ run: { patients: 2000 } });
    tally = await simulateTally(ratesScenario(s, ARM_NAMES), { engine: 'reference' });
  });

  it.each<[string, unknown[], RegExp, ErrorConstructor]>([
    ['a NaN market', [NaN, 100], /^viciousCircle: markets\[0\] must be a finite number in \(0, 10000000000\]; got NaN$/, RangeError],
    ['an infinite market', [10, Infinity], /^viciousCircle: markets\[1\] .*; got Infinity$/, RangeError],
    ['a negative market', [-5], /^viciousCircle: markets\[0\] .*; got -5$/, RangeError],
    ['no markets', [], /^viciousCircle: markets must be a list of 1 to 1000 numbers.*; it has 0$/, RangeError],
  ])('%s is refused', (_, markets, message, kind) => {
    expect(() => viciousCircle(s, tally, markets as number[])).toThrow(kind);
    expect(() => viciousCircle(s, tally, markets as number[])).toThrow(message);
  });

  it('a bad tally or scenario is refused', () => {
    expect(() => viciousCircle(s, new Float64Array(3), [10])).toThrow(/^viciousCircle: rateTally must be a run's tally .*; it has 3 counts$/);
    expect(() => viciousCircle(s, new Float64Array(TALLY_SIZE), [10])).toThrow(/^viciousCircle: rateTally .*; its count of patients is 0$/);
    expect(() => viciousCircle(s, [1, 2] as unknown as Float64Array, [10])).toThrow(TypeError);
    expect(() => viciousCircle({ ...s, cohort: { ...s.cohort, eligiblePerYear: NaN } }, tally, [10])).toThrow(/^viciousCircle: scenario is not a valid scenario:\n.*cohort\.eligiblePerYear/);
    expect(() => viciousCircle(undefined as unknown as Scenario, tally, [10])).toThrow(TypeError);
  });

  it('valid markets give finite prices', () => {
    const c = viciousCircle(s, tally, [10, 1e6]);
    expect(c.markets).toEqual([10, 1e6]);
    for (const a of ARM_NAMES) for (const p of c.arms[a].points) expect(Number.isFinite(p.infused.value as number)).toBe(true);
  });
});

describe('budgetImpact', () => {
  let r: Result;
  beforeAll(async () => {
    r = await simulate({ run: { patients: 2000 }, budget: { uptake: [0.1, 0.5, 0.9] } }, { engine: 'reference' });
  });

  it.each<[string, unknown, RegExp]>([
    ['a NaN share', { years: 2, uptake: [NaN, 0.5] }, /budget\.uptake\[0\]: must be a share/],
    ['a share above 1', { years: 2, uptake: [0.1, 1.5] }, /budget\.uptake\[1\]: must be a share, a number in \[0, 1\]; got 1.5/],
    ['a negative discount rate', { years: 1, uptake: [0.5], discountRate: -0.5 }, /budget\.discountRate: must be a rate, a number in \[0, 1\); got -0.5/],
    ['a huge growth', { years: 1, uptake: [0.5], eligibleGrowth: 1e6 }, /budget\.eligibleGrowth: must be a growth rate/],
    ['a list of the wrong length', { years: 3, uptake: [0.1, 0.2] }, /budget\.uptake: must be a list of exactly years \(3\) shares, one per year; it has 2/],
  ])('%s is refused', (_, budget, message) => {
    expect(() => budgetImpact(r, budget as never)).toThrow(RangeError);
    expect(() => budgetImpact(r, budget as never)).toThrow(message);
  });

  it('a list of the wrong length is named even when a share is bad too', () => {
    let msg = '';
    try {
      budgetImpact(r, { years: 3, uptake: [0.1, 2] } as never);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/budget\.uptake\[1\]: must be a share/);
    expect(msg).toMatch(/budget\.uptake: must be a list of exactly years \(3\) shares, one per year; it has 2/);
  });

  it('a bad result is refused', () => {
    expect(() => budgetImpact(undefined as unknown as Result)).toThrow(/^budgetImpact: result must be a result of simulate/);
    const { budget: _b, ...scenario } = r.scenario;
    const noBudget = { ...r, scenario: scenario as Scenario };
    expect(() => budgetImpact(noBudget)).toThrow(/^budgetImpact: budget: the scenario has no budget/);
    const broken = { ...r, difference: { ...r.difference, qalys: { value: NaN, mcse: 1 } } };
    expect(() => budgetImpact(broken)).toThrow(/^budgetImpact: result\.difference\.qalys must be an estimate/);
  });

  it('a valid budget gives the same as before, its left-out fields from the defaults', () => {
    const a = budgetImpact(r);
    expect(a.years.map((y) => y.uptake)).toEqual([0.1, 0.5, 0.9]);
    const b = budgetImpact(r, { years: 3, uptake: [0.1, 0.5, 0.9], eligibleGrowth: 0, discountRate: 0 });
    expect(b).toEqual(a);
    expect(budgetImpact(r, { uptake: [0.1, 0.5, 0.9] } as never)).toEqual(a);
  });
});

describe('sweepLines', () => {
  it('without options: a TypeError naming what is required', async () => {
    await expect(sweepLines({})).rejects.toThrow(/^sweepLines: options\.arm is required/);
    await expect((sweepLines as (...a: unknown[]) => Promise<unknown>)({}, 5)).rejects.toThrow(/^sweepLines: options must be an object/);
    await expect(sweepLines({}, { arm: 'poc' } as never)).rejects.toThrow(/^sweepLines: options\.from is required/);
  });

  it.each<[object, RegExp, ErrorConstructor]>([
    [{ arm: 'poc', from: '1', to: 3 }, /^sweepLines: from must be an integer in \[1, 1000000\]; got "1" \(a string\)$/, TypeError],
    [{ arm: 'poc', from: 1, to: NaN }, /^sweepLines: to must be an integer .*; got NaN$/, RangeError],
    [{ arm: 'nope', from: 1, to: 3 }, /^arm: unknown arm "nope"/, RangeError],
    [{ arm: 'poc', from: 1, to: 3, onProgress: 5 }, /^onProgress: must be a function; got 5$/, TypeError],
    [{ arm: 'poc', from: 1, to: 3, lines: 5 }, /^sweepLines: unknown option "lines"/, TypeError],
  ])('%j is refused', async (options, message, kind) => {
    await expect(sweepLines({}, options as never)).rejects.toThrow(kind);
    await expect(sweepLines({}, options as never)).rejects.toThrow(message);
  });
});

describe('a cost-recovery arm with nothing to recover (issue 26, item 7)', () => {
  it('rdCost = cogsPerAttempt = 0: "no cost to recover", not "sustained at price 0"', async () => {
    const { runWithPricing } = await import('../src/economics/cost-recovery.js');
    const { simulateTally: tallyOf } = await import('../src/simulate.js');
    const s = resolveScenario({ run: { patients: 2000 }, arms: { poc: { pricing: { rule: 'costRecovery', rdCost: 0, cogsPerAttempt: 0 } } } });
    const r = await runWithPricing(s, (x) => tallyOf(x, { engine: 'reference' }));
    const cr = r.costRecovery.poc!;
    expect(cr.sustained).toBe(false);
    expect(cr.price.value).toBe(null);
    expect(cr.note).toMatch(/^poc: no cost to recover/);
  });
});
