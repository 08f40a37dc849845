/**
 * The uncertain forms of MODEL.md version 2: accepted and resolved to their central values
 * (a point run is the PSA's base case), version 1 files untouched, and a table of bad inputs,
 * each refused with its path, its value and its rule, every violation at once.
 */

import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../src/scenario/defaults.js';
import { scenarioJsonSchema } from '../src/scenario/schema.js';
import { validateScenario } from '../src/scenario/validate.js';
import { validatePsaScenario } from '../src/psa/validate.js';
import { extractUncertainty } from '../src/scenario/uncertain.js';
import { mergeScenarioFiles } from '../src/psa/merge.js';
import { at } from './fixtures/scenario-arbitraries.js';

const ajv = new Ajv2020.Ajv2020({ strict: false, allErrors: true });
const schemaValidate = ajv.compile(scenarioJsonSchema());

const uncertainFile = {
  cohort: { bridgingHazardRatio: { value: 0.5, p90: 0.8 }, pOs1Untreated: { value: 0.28, n: 200 } },
  arms: {
    commercial: {
      pOrr: { value: 0.73, n: 1297 }, price: { value: 373000, p90: 420000 },
      mfgDays: { median: 17, p90: 35, uncertainty: { p90: 22 } },
    },
    poc: { pOrr: 'same', maxAttempts: 'same', fixedCostPerYear: { value: 2e6, p90: 3e6 } },
  },
  run: { seed: 4, psa: { draws: 50, patientsPerDraw: 2000 } },
};

describe('the uncertain forms', () => {
  it('are accepted; the point-run scenario has their central values and no run.psa', () => {
    const v = validateScenario(uncertainFile);
    expect(v.errors).toEqual([]);
    const s = v.scenario!;
    expect(s.cohort.bridgingHazardRatio).toBe(0.5);
    expect(s.cohort.pOs1Untreated).toBe(0.28);
    expect(s.arms.commercial.pOrr).toBe(0.73);
    expect(s.arms.commercial.price).toBe(373000);
    expect(s.arms.commercial.mfgDays).toEqual({ median: 17, p90: 35 });
    expect(s.arms.poc.pOrr).toBe(0.73);
    expect(s.arms.poc.maxAttempts).toBe(defaultScenario.arms.commercial.maxAttempts);
    expect(s.arms.poc.fixedCostPerYear).toBe(2e6);
    expect(s.run).toEqual({ patients: defaultScenario.run.patients, seed: 4 });
  });

  it('give the PSA scenario its parameters in field-table order, its "same" fields and its run', () => {
    const v = validatePsaScenario(uncertainFile);
    expect(v.errors).toEqual([]);
    const ps = v.scenario!;
    expect(ps.parameters.map((p) => [p.path, p.distribution])).toEqual([
      ['cohort.bridgingHazardRatio', 'logNormal'], ['cohort.pOs1Untreated', 'beta'],
      ['arms.commercial.mfgDays', 'durationScale'], ['arms.commercial.pOrr', 'beta'], ['arms.commercial.price', 'logNormal'],
      ['arms.poc.fixedCostPerYear', 'logNormal'],
    ]);
    expect(ps.parameters.find((p) => p.distribution === 'durationScale')).toMatchObject({ median: 17, p90: 35, factorP90: 22 / 17 });
    expect(ps.same).toEqual(['maxAttempts', 'pOrr']); // field-table order
    expect(ps.run).toEqual({ draws: 50, patientsPerDraw: 2000 });
    expect(validatePsaScenario({}).scenario!.run).toEqual({ draws: 1000, patientsPerDraw: 10000 });
  });

  it('a version 1 file comes back from the uncertainty pass as the same object', () => {
    const file = { arms: { poc: { pReferral: 0.9, adminDays: { median: 3, p90: 9 } } }, run: { patients: 10 } };
    expect(extractUncertainty(file, defaultScenario).central).toBe(file);
    expect(extractUncertainty(file, defaultScenario).parameters).toEqual([]);
  });

  it('the JSON Schema accepts the uncertain forms (but "same" for a poc duration, documented)', () => {
    expect(schemaValidate(uncertainFile), JSON.stringify(schemaValidate.errors)).toBe(true);
    expect(schemaValidate(at('arms.commercial.pOrr', { value: 0.5 }))).toBe(false);
    expect(schemaValidate(at('arms.commercial.pOrr', 'same'))).toBe(false);
    expect(schemaValidate(at('run.psa', { draws: 1 }))).toBe(false);
    expect(validateScenario(at('arms.poc.adminDays', 'same')).ok).toBe(true);
  });

  it('layering: a plain value over an uncertain one makes it certain; a duration\'s keys merge', () => {
    const under = { arms: { commercial: { pOrr: { value: 0.7, n: 50 }, mfgDays: { median: 17, p90: 35, uncertainty: { p90: 22 } } }, poc: { pOrr: 'same' } } };
    const m = mergeScenarioFiles(under, { arms: { commercial: { pOrr: 0.6, mfgDays: { median: 18 } } }, run: { psa: { draws: 9 } } }) as any;
    expect(m.arms.commercial.pOrr).toBe(0.6);
    expect(m.arms.commercial.mfgDays).toEqual({ median: 18, p90: 35, uncertainty: { p90: 22 } });
    expect(m.arms.poc.pOrr).toBe('same');
    expect(m.run.psa).toEqual({ draws: 9 });
    const proto = mergeScenarioFiles({}, JSON.parse('{"__proto__": {"x": 1}}'));
    expect(Object.keys(proto as object)).toEqual(['__proto__']);
    expect(validatePsaScenario(proto).ok).toBe(false);
  });
});

interface Bad { name: string; input: unknown; path: string; value: unknown; rule: string }

const bad: Bad[] = [
  { name: 'n missing', input: at('arms.poc.pCr', { value: 0.5 }), path: 'arms.poc.pCr', value: undefined, rule: 'n is required' },
  { name: 'n = 0', input: at('arms.poc.pCr', { value: 0.5, n: 0 }), path: 'arms.poc.pCr', value: 0, rule: 'n must be >= 1' },
  { name: 'n negative', input: at('cohort.pOs1Untreated', { value: 0.3, n: -5 }), path: 'cohort.pOs1Untreated', value: -5, rule: 'n must be >= 1' },
  { name: 'n a string', input: at('arms.commercial.pOrr', { value: 0.7, n: '100' }), path: 'arms.commercial.pOrr', value: '100', rule: 'n must be >= 1' },
  { name: 'n beyond 1e12', input: at('arms.commercial.pOrr', { value: 0.7, n: 1e13 }), path: 'arms.commercial.pOrr', value: 1e13, rule: 'n must be >= 1 and <= 1000000000000' },
  { name: 'n below one patient (no proper Beta: issue 16)', input: at('arms.poc.pOs1', { value: 0.5, n: 5e-324 }), path: 'arms.poc.pOs1', value: 5e-324, rule: 'n must be >= 1' },
  { name: 'n = 0.999', input: at('arms.poc.pOs1', { value: 0.5, n: 0.999 }), path: 'arms.poc.pOs1', value: 0.999, rule: 'the draws pile up at 0 and 1' },
  { name: 'a probability value of 0', input: at('arms.poc.pFunding', { value: 0, n: 10 }), path: 'arms.poc.pFunding', value: 0, rule: 'value must be a number in (0, 1)' },
  { name: 'a probability value of 1', input: at('arms.poc.pFunding', { value: 1, n: 10 }), path: 'arms.poc.pFunding', value: 1, rule: 'value must be a number in (0, 1)' },
  { name: 'a probability value above 1', input: at('arms.poc.pReferral', { value: 1.2, n: 10 }), path: 'arms.poc.pReferral', value: 1.2, rule: 'value must be a number in (0, 1)' },
  { name: 'an unknown key of an uncertain probability', input: at('arms.poc.pReferral', { value: 0.5, n: 10, sd: 1 }), path: 'arms.poc.pReferral', value: 1, rule: 'sd: unknown field' },
  { name: 'p90 below value', input: at('arms.commercial.price', { value: 373000, p90: 300000 }), path: 'arms.commercial.price', value: 300000, rule: 'p90 must be >= value' },
  { name: 'p90 missing', input: at('arms.commercial.price', { value: 373000 }), path: 'arms.commercial.price', value: undefined, rule: 'p90 is required' },
  { name: 'a log-normal value of 0', input: at('arms.poc.crsCost', { value: 0, p90: 10 }), path: 'arms.poc.crsCost', value: 0, rule: 'value must be a number > 0' },
  { name: 'a log-normal value above the money limit', input: at('arms.poc.price', { value: 2e12, p90: 3e12 }), path: 'arms.poc.price', value: 2e12, rule: 'value must be a number > 0 and <= 1000000000000' },
  { name: 'p90 NaN (library)', input: at('cohort.bridgingHazardRatio', { value: 0.5, p90: NaN }), path: 'cohort.bridgingHazardRatio', value: NaN, rule: 'p90 must be a number > 0 and <= 1000000000' },
  { name: 'p90 more than 1e6 times the value', input: at('cohort.untreatedMedianSurvivalDays', { value: 0.001, p90: 5000 }), path: 'cohort.untreatedMedianSurvivalDays', value: 5000, rule: 'p90 must be at most 1000000 times' },
  { name: 'an uncertain integer', input: at('arms.poc.maxAttempts', { value: 2, p90: 3 }), path: 'arms.poc.maxAttempts', value: { value: 2, p90: 3 }, rule: 'cannot be uncertain' },
  { name: 'an uncertain cohort size', input: at('cohort.eligiblePerYear', { value: 600, p90: 700 }), path: 'cohort.eligiblePerYear', value: { value: 600, p90: 700 }, rule: 'cannot be uncertain' },
  { name: '"same" in the commercial arm', input: at('arms.commercial.pCr', 'same'), path: 'arms.commercial.pCr', value: 'same', rule: '"same" is allowed in arms.poc only' },
  { name: '"same" in the cohort', input: at('cohort.pOs1Untreated', 'same'), path: 'cohort.pOs1Untreated', value: 'same', rule: '"same" is allowed in arms.poc only' },
  { name: 'a duration uncertainty below the median', input: at('arms.commercial.mfgDays', { median: 17, p90: 35, uncertainty: { p90: 10 } }), path: 'arms.commercial.mfgDays', value: 10, rule: 'uncertainty.p90 must be >= median' },
  { name: 'a duration uncertainty as a number', input: at('arms.poc.adminDays', { median: 14, p90: 30, uncertainty: 20 }), path: 'arms.poc.adminDays', value: 20, rule: 'uncertainty must be an object' },
  { name: 'a duration uncertainty without p90', input: at('arms.poc.adminDays', { median: 14, p90: 30, uncertainty: {} }), path: 'arms.poc.adminDays', value: undefined, rule: 'uncertainty.p90 is required' },
  { name: 'a duration uncertainty on a fixed zero wait', input: at('arms.poc.slotWaitDays', { median: 0, p90: 0, uncertainty: { p90: 2 } }), path: 'arms.poc.slotWaitDays', value: 2, rule: 'uncertainty.p90 needs a median > 0' },
  { name: 'a misspelt key of a duration uncertainty', input: at('arms.poc.adminDays', { median: 14, p90: 30, uncertainty: { p95: 20 } }), path: 'arms.poc.adminDays', value: 20, rule: 'uncertainty.p95: unknown field' },
  { name: 'draws 1', input: at('run.psa', { draws: 1 }), path: 'run.psa.draws', value: 1, rule: 'must be an integer in [2, 100000]' },
  { name: 'draws 2.5', input: at('run.psa', { draws: 2.5 }), path: 'run.psa.draws', value: 2.5, rule: 'must be an integer in [2, 100000]' },
  { name: 'patientsPerDraw 0', input: at('run.psa', { patientsPerDraw: 0 }), path: 'run.psa.patientsPerDraw', value: 0, rule: 'must be an integer in [1, 100000000]' },
  { name: 'draws x patients beyond 1e10', input: at('run.psa', { draws: 100000, patientsPerDraw: 1e6 }), path: 'run.psa.patientsPerDraw', value: 1e6, rule: 'draws x patientsPerDraw must be <= 10000000000' },
  { name: 'run.psa not an object', input: at('run.psa', 100), path: 'run.psa', value: 100, rule: 'must be an object' },
  { name: 'an unknown key of run.psa', input: at('run.psa', { draw: 100 }), path: 'run.psa.draw', value: 100, rule: 'unknown field' },
  { name: 'central values breaking a rule between fields (pCr > pOrr)', input: at('arms.commercial', { pCr: { value: 0.8, n: 50 }, pOrr: { value: 0.7, n: 50 } }), path: 'arms.commercial.pCr', value: 0.8, rule: 'must be <= pOrr (0.7)' },
];

describe('bad uncertain inputs are refused with path, value and rule', () => {
  it('covers at least 15 cases', () => {
    expect(bad.length).toBeGreaterThanOrEqual(15);
  });

  it.each(bad)('$name', ({ input, path, value, rule }) => {
    for (const v of [validatePsaScenario(input), validateScenario(input)]) {
      expect(v.ok).toBe(false);
      // An uncertain number's errors are all at its path (`arms.poc.pCr: n must be > 0`): find the one with this rule.
      const e = v.errors.find((x) => x.path === path && x.rule.includes(rule));
      expect(e, `no error at ${path}; got ${JSON.stringify(v.errors.map((x) => x.message))}`).toBeDefined();
      expect(e!.value).toEqual(value);
      expect(e!.rule).toContain(rule);
      expect(e!.message.startsWith(`${path}: `)).toBe(true);
      expect(e!.message).toContain(rule);
    }
  });

  it('reports every violation at once, uncertain and version 1 alike', () => {
    const v = validatePsaScenario({
      arms: { commercial: { pOrr: { value: 2, n: 0 }, pRefferal: 0.4 }, poc: { price: { value: 5, p90: 1 } } },
      run: { psa: { draws: 0 } },
    });
    expect(v.ok).toBe(false);
    expect(v.errors.map((e) => `${e.path}: ${e.rule.split(' ')[0]}`).sort()).toEqual([
      'arms.commercial.pOrr: n', 'arms.commercial.pOrr: value', 'arms.commercial.pRefferal: unknown', 'arms.poc.price: p90', 'run.psa.draws: must',
    ]);
  });
});
