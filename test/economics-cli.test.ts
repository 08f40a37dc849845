/**
 * `cgt-access price` and `cgt-access budget`, `psa --effect qalys`, and bad inputs of the
 * version 2 economics fields (MODEL.md "Validation of the version 2 fields"): exit status 2,
 * nothing on standard output, the path, the value and the rule on standard error; nothing runs.
 */

import { describe, expect, it, vi } from 'vitest';
import { cli } from './helpers/cli.js';
import { validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/simulate.js';
import * as pools from '../src/engine/pools.js';

describe('price', () => {
  it('prints each arm\'s solved price and patients infused per market size (table, csv, json)', async () => {
    const t = await cli('price', '--market', '10:1000000:5', '--patients', '20000', '--format', 'table');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/market \(eligible a year\)/);
    expect(t.out.split('\n').filter((l) => /^1,000,000\s/.test(l))).toHaveLength(1);
    const c = await cli('price', '--market', '10:1000000:5', '--patients', '20000', '--format', 'csv');
    const rows = c.out.trim().split('\n');
    expect(rows[0]).toBe('market,arm,sustained,price,price_mcse,pFunding,infused,infused_mcse');
    expect(rows).toHaveLength(1 + 5 * 2);
    const j = JSON.parse((await cli('price', '--market', '100:100000:4', '--patients', '20000', '--format', 'json')).out);
    expect(j.markets).toHaveLength(4);
    expect(j.markets[0]).toBe(100);
    expect(j.markets[3]).toBe(100000);
    expect(j.arms.poc.points[0].price.value).toBeGreaterThan(j.arms.poc.points[3].price.value);
  });

  it('takes one run however many market sizes', async () => {
    const runs = vi.fn();
    const { getPool } = pools;
    const spy = vi.spyOn(pools, 'getPool').mockImplementation(async (w?: number) => {
      const pool = await getPool(w);
      return new Proxy(pool, { get: (p, k) => (k === 'run' ? (...a: unknown[]) => { runs(); return (p.run as (...x: unknown[]) => unknown)(...a); } : Reflect.get(p, k)) });
    });
    try {
      const r = await cli('price', '--market', '10:1000000:50', '--patients', '20000', '--format', 'csv');
      expect(r.code).toBe(0);
      expect(r.out.trim().split('\n')).toHaveLength(1 + 50 * 2);
    } finally {
      spy.mockRestore();
    }
    expect(runs).toHaveBeenCalledTimes(1);
  });

  it('says in words where a market does not sustain the product', async () => {
    const r = await cli('price', '--market', '10:100000:3', '--patients', '20000', '--format', 'table',
      '--set', 'arms.commercial.pricing={"rule":"costRecovery","elasticity":1.5}');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/not sustained/);
    expect(r.out).toMatch(/does not sustain the product/);
    expect(r.out).not.toMatch(/NaN/);
  });
});

describe('budget', () => {
  it('prints per year and in total, both worlds and the impact; CSV one row per year and quantity', async () => {
    const set = 'budget={"uptake":[0.2,0.5,0.8],"discountRate":0.03}';
    const t = await cli('budget', '--set', set, '--patients', '20000', '--format', 'table');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/without poc/);
    expect(t.out).toMatch(/total, discounted/);
    const c = await cli('budget', '--set', set, '--patients', '20000', '--format', 'csv');
    const rows = c.out.trim().split('\n');
    expect(rows[0].split(',').slice(0, 4)).toEqual(['year', 'eligible', 'uptake', 'quantity']);
    expect(rows).toHaveLength(1 + 4 * 4); // 3 years and the total, 4 quantities each
    const j = JSON.parse((await cli('budget', '--set', set, '--patients', '20000', '--format', 'json')).out);
    expect(j.years).toHaveLength(3);
    expect(j.total.impact.cost.mcse).toBeGreaterThan(0);
  });
});

describe('psa --effect qalys', () => {
  it('makes the CE plane, acceptability and EVPI per QALY', async () => {
    const r = await cli('psa', '--preset', 'default', '--draws', '20', '--patients-per-draw', '2000', '--effect', 'qalys', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.effect).toBe('qalys');
    expect(j.cePlane.extraQalys).toHaveLength(20);
    expect(j.wtp[j.wtp.length - 1]).toBe(300000);
    // Acceptability from the QALY plane: the share of draws with wtp x extra QALYs > extra cost.
    const i = 10;
    const share = j.cePlane.extraQalys.filter((q: number, d: number) => j.wtp[i] * q - j.cePlane.extraCost[d] > 0).length / 20;
    expect(j.acceptability.poc[i]).toBe(share);
    // The table gives each WTP its unit (issue 22): per QALY gained, not per patient alive.
    const t = await cli('psa', '--preset', 'default', '--draws', '20', '--patients-per-draw', '2000', '--effect', 'qalys', '--format', 'table', '--tornado', 'netBenefit', '--tornado-wtp', '50000');
    expect(t.out).toContain('Per willingness to pay (WTP) per QALY gained:');
    expect(t.out).toMatch(/^ +WTP per QALY +P\(poc cost-effective\)/m);
    expect(t.out).toContain('Tornado of incremental net benefit at WTP 50,000 per QALY gained');
    expect(t.out).not.toMatch(/WTP per extra/);
  });
});

describe('uncertain forms of the new cohort fields', () => {
  it('a PSA draws utilities (Beta), life-years and the cost after year one (log-normal)', async () => {
    const { simulatePsa } = await import('../src/psa/simulate.js');
    const file = {
      cohort: {
        utilityRemission: { value: 0.83, n: 100 },
        lifeYearsRemission: { value: 15, p90: 20 },
        annualCostProgressed: { value: 10000, p90: 20000 },
      },
      run: { psa: { draws: 30, patientsPerDraw: 2000, effect: 'qalys' } },
    };
    const r = await simulatePsa(file, { tornado: false });
    expect(r.parameters.map((p) => `${p.path}:${p.distribution}`)).toEqual([
      'cohort.lifeYearsRemission:logNormal', 'cohort.utilityRemission:beta', 'cohort.annualCostProgressed:logNormal',
    ]);
    expect(r.arms.poc.lifetime.qalys.sd as number).toBeGreaterThan(0);
    expect(r.arms.poc.lifetime.costAfterYear1.sd as number).toBeGreaterThan(0);
    expect(r.scenario.cohort.utilityRemission).toBe(0.83);
  });
});

/** Bad inputs: [name, scenario file, path, value shown, rule fragment]. */
const BAD: [string, unknown, string, string, string][] = [
  ['negative budget years', { budget: { years: -1, uptake: [0.5] } }, 'budget.years', '-1', 'must be an integer in [1, 30]'],
  ['budget years not an integer', { budget: { years: 2.5, uptake: [0.5, 0.5] } }, 'budget.years', '2.5', 'integer'],
  ['budget years over 30', { budget: { years: 31, uptake: [0.5] } }, 'budget.years', '31', '[1, 30]'],
  ['uptake of the wrong length', { budget: { years: 3, uptake: [0.1, 0.2] } }, 'budget.uptake', 'an array', 'exactly years (3)'],
  ['uptake above 1', { budget: { uptake: [0.1, 1.2] } }, 'budget.uptake[1]', '1.2', 'a number in [0, 1]'],
  ['uptake below 0', { budget: { uptake: [-0.1] } }, 'budget.uptake[0]', '-0.1', 'a number in [0, 1]'],
  ['uptake not a list', { budget: { uptake: 0.5 } }, 'budget.uptake', '0.5', 'a list of 1 to 30 shares'],
  ['budget without uptake', { budget: { years: 3 } }, 'budget.uptake', 'nothing', 'is required'],
  ['eligible growth of -1', { budget: { uptake: [0.5], eligibleGrowth: -1 } }, 'budget.eligibleGrowth', '-1', '> -1'],
  ['budget discount rate 1', { budget: { uptake: [0.5], discountRate: 1 } }, 'budget.discountRate', '1', '[0, 1)'],
  ['an unknown budget field', { budget: { uptake: [0.5], uptakes: [1] } }, 'budget.uptakes', '', 'unknown field'],
  ['a negative margin', { arms: { commercial: { pricing: { rule: 'costRecovery', margin: -0.1 } } } }, 'arms.commercial.pricing.margin', '-0.1', 'a number in [0, 100]'],
  ['an unknown pricing rule', { arms: { poc: { pricing: { rule: 'valueBased' } } } }, 'arms.poc.pricing.rule', '"valueBased" (a string)', 'must be one of "costRecovery"'],
  ['pricing without a rule', { arms: { poc: { pricing: { rdCost: 1e6 } } } }, 'arms.poc.pricing.rule', 'nothing', 'is required'],
  ['a negative rdCost', { arms: { poc: { pricing: { rule: 'costRecovery', rdCost: -1 } } } }, 'arms.poc.pricing.rdCost', '-1', 'a number in [0,'],
  ['horizonYears 0', { arms: { poc: { pricing: { rule: 'costRecovery', horizonYears: 0 } } } }, 'arms.poc.pricing.horizonYears', '0', 'a number > 0'],
  ['a market of 0', { arms: { poc: { pricing: { rule: 'costRecovery', marketEligiblePerYear: 0 } } } }, 'arms.poc.pricing.marketEligiblePerYear', '0', 'a number > 0'],
  ['a negative elasticity', { arms: { poc: { pricing: { rule: 'costRecovery', elasticity: -1 } } } }, 'arms.poc.pricing.elasticity', '-1', 'a number in [0, 100]'],
  ['priceRef 0', { arms: { poc: { pricing: { rule: 'costRecovery', priceRef: 0 } } } }, 'arms.poc.pricing.priceRef', '0', 'a number > 0'],
  ['cogsPerAttempt as a string', { arms: { poc: { pricing: { rule: 'costRecovery', cogsPerAttempt: 'x' } } } }, 'arms.poc.pricing.cogsPerAttempt', '"x" (a string)', 'an amount of money'],
  ['a misspelt pricing field', { arms: { poc: { pricing: { rule: 'costRecovery', rdcost: 1 } } } }, 'arms.poc.pricing.rdcost', '', 'did you mean rdCost'],
  ['a utility above 1', { cohort: { utilityRemission: 1.2 } }, 'cohort.utilityRemission', '1.2', 'a utility, a number in [0, 1]'],
  ['a negative utility', { cohort: { utilityProgressed: -0.1 } }, 'cohort.utilityProgressed', '-0.1', 'a utility, a number in [0, 1]'],
  ['lifeYearsRemission 0', { cohort: { lifeYearsRemission: 0 } }, 'cohort.lifeYearsRemission', '0', 'a number > 0'],
  ['negative lifeYearsProgressed', { cohort: { lifeYearsProgressed: -3 } }, 'cohort.lifeYearsProgressed', '-3', 'a number > 0'],
  ['discount rate 1', { cohort: { discountRate: 1 } }, 'cohort.discountRate', '1', 'a rate, a number in [0, 1)'],
  ['a negative discount rate', { cohort: { discountRate: -0.01 } }, 'cohort.discountRate', '-0.01', '[0, 1)'],
  ['a negative wtp', { cohort: { wtp: -5 } }, 'cohort.wtp', '-5', 'an amount of money'],
  ['annualCostProgressed as a string', { cohort: { annualCostProgressed: 'abc' } }, 'cohort.annualCostProgressed', '"abc" (a string)', 'an amount of money'],
  ['an uncertain discount rate', { cohort: { discountRate: { value: 0.03, p90: 0.05 } } }, 'cohort.discountRate', 'an object', 'cannot be uncertain (a discount rate)'],
];

describe('bad inputs of the version 2 economics fields', () => {
  it('has at least 20 cases', () => expect(BAD.length).toBeGreaterThanOrEqual(20));

  it.each(BAD)('%s: exit 2, path, value and rule, nothing on stdout, nothing run', async (_name, file, path, shown, rule) => {
    const v = validateScenario(file);
    expect(v.ok).toBe(false);
    const e = v.errors.find((x) => x.path === path);
    expect(e, JSON.stringify(v.errors)).toBeDefined();
    expect(e!.rule).toContain(rule);
    if (shown) expect(e!.message).toContain(`got ${shown}`);
    const progress = vi.fn();
    await expect(simulate(file, { onProgress: progress })).rejects.toThrow(path);
    expect(progress).not.toHaveBeenCalled();
    for (const command of ['run', 'budget', 'price']) {
      const r = await cli(command, '--set', `${Object.keys(file as object)[0]}=${JSON.stringify((file as Record<string, unknown>)[Object.keys(file as object)[0]])}`);
      expect(r.code, command).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(path);
      expect(r.err).toContain(rule);
    }
  });

  it('refuses a bad PSA effect, a PSA with cost-recovery pricing, a budget command without a budget, and bad --market', async () => {
    const cases: [string[], string][] = [
      [['psa', '--effect', 'lifeYears', '--draws', '5'], 'run.psa.effect'],
      [['psa', '--draws', '5', '--effect', ''], 'run.psa.effect'],
      [['budget'], 'budget: missing'],
      [['price', '--market', '0:100'], '--market'],
      [['price', '--market', '100:10'], '--market'],
      [['price', '--market', '10:100:0'], '--market'],
      [['price', '--market', 'abc'], '--market'],
    ];
    for (const [argv, what] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(what);
    }
    const { validatePsaScenario } = await import('../src/psa/validate.js');
    const v = validatePsaScenario({ arms: { commercial: { pricing: { rule: 'costRecovery' } } } });
    expect(v.ok).toBe(false);
    expect(v.errors[0].path).toBe('arms.commercial.pricing');
    expect(v.errors[0].rule).toMatch(/not available in a PSA/);
  });
});
