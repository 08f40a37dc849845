/**
 * Validation of scenario files (MODEL.md, "Validation of parameters" and "Scenario file"):
 * every broken rule is refused with an error naming the path, the value and the rule; valid
 * partial files merge onto the defaults; nothing of the input reaches a prototype; the
 * validator never throws, whatever it is given.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../src/scenario/defaults.js';
import { validateScenario, type ValidationError } from '../src/scenario/validate.js';
import {
  arbFullScenario, arbMutation, arbPartialScenario, at, mergeOnto, setAt, type Json,
} from './fixtures/scenario-arbitraries.js';

interface Case {
  /** What is wrong. */
  name: string;
  input: unknown;
  /** The path the error must carry. */
  path: string;
  /** The value the error must carry (compared with toEqual; NaN equals NaN). */
  value: unknown;
  /**
   * How the message shows the value (`got ...`). Null for unknown fields: MODEL.md asks only
   * that an unknown field be named, and README's example shows it without its value.
   */
  shown: string | null;
  /** Text of the rule, in the error's `rule` and in its `message`. */
  rule: string;
}

const PROB = 'must be a probability, a number in [0, 1]';
const MONEY = 'must be an amount of money, a number in [0, 1000000000000]';
const SEED = 'must be an integer in [0, 2^32)';
const PATIENTS = 'must be an integer in [1, 10000000000]';
const ELIGIBLE = 'must be an integer in [1, 100000000]';
const ATTEMPTS = 'must be an integer in [1, 4]';
const PAYMENT = 'must be one of "perInfusion", "perAttempt", "perResponse"';
const DAYS = 'must be a number of days in [0, 36500]';

const cases: Case[] = [
  // non-finite numbers, as strings (the only way JSON can carry them) and as numbers (the library API)
  { name: '"NaN" as a string for a probability', input: at('arms.poc.pReferral', 'NaN'), path: 'arms.poc.pReferral', value: 'NaN', shown: '"NaN" (a string)', rule: PROB },
  { name: '"Infinity" as a string for a price', input: at('arms.commercial.price', 'Infinity'), path: 'arms.commercial.price', value: 'Infinity', shown: '"Infinity" (a string)', rule: MONEY },
  { name: '"Infinity" as a string for a median', input: at('arms.poc.adminDays', { median: 'Infinity', p90: 30 }), path: 'arms.poc.adminDays.median', value: 'Infinity', shown: '"Infinity" (a string)', rule: DAYS },
  { name: 'NaN (library) for a probability', input: at('arms.poc.pFunding', NaN), path: 'arms.poc.pFunding', value: NaN, shown: 'got NaN', rule: 'finite' },
  { name: 'Infinity (library) for a hazard ratio', input: at('cohort.bridgingHazardRatio', Infinity), path: 'cohort.bridgingHazardRatio', value: Infinity, shown: 'got Infinity', rule: 'finite' },
  { name: '-Infinity (library) for a cost', input: at('arms.poc.crsCost', -Infinity), path: 'arms.poc.crsCost', value: -Infinity, shown: 'got -Infinity', rule: 'finite' },
  { name: '1e400 in the JSON text (Infinity once parsed) for a seed', input: JSON.parse('{"run":{"seed":1e400}}'), path: 'run.seed', value: Infinity, shown: 'got Infinity', rule: 'finite' },
  { name: '1e400 in the JSON text for untreatedMedianSurvivalDays', input: JSON.parse('{"cohort":{"untreatedMedianSurvivalDays":1e400}}'), path: 'cohort.untreatedMedianSurvivalDays', value: Infinity, shown: 'got Infinity', rule: 'finite' },
  // probabilities
  { name: 'a negative probability', input: at('arms.poc.pApheresis', -0.1), path: 'arms.poc.pApheresis', value: -0.1, shown: 'got -0.1', rule: PROB },
  { name: 'a probability > 1', input: at('arms.commercial.pRetry', 1.5), path: 'arms.commercial.pRetry', value: 1.5, shown: 'got 1.5', rule: PROB },
  { name: 'pOs1Untreated > 1', input: at('cohort.pOs1Untreated', 2), path: 'cohort.pOs1Untreated', value: 2, shown: 'got 2', rule: PROB },
  { name: 'a boolean for a probability', input: at('arms.poc.pCrs3', true), path: 'arms.poc.pCrs3', value: true, shown: 'true (a boolean)', rule: PROB },
  // durations
  { name: 'p90 < median', input: at('arms.poc.adminDays', { median: 20, p90: 10 }), path: 'arms.poc.adminDays.p90', value: 10, shown: 'got 10', rule: 'must be >= median (20)' },
  { name: 'p90 alone below the default median', input: at('arms.commercial.slotWaitDays', { p90: 3 }), path: 'arms.commercial.slotWaitDays.p90', value: 3, shown: 'got 3', rule: 'must be >= median (7)' },
  { name: 'median 0 with p90 > 0', input: at('arms.poc.logisticsDays', { median: 0, p90: 2 }), path: 'arms.poc.logisticsDays.median', value: 0, shown: 'got 0', rule: 'may be 0 only as a fixed zero wait' },
  { name: 'mfgDays median 0 (fixed zero)', input: at('arms.commercial.mfgDays', { median: 0, p90: 0 }), path: 'arms.commercial.mfgDays.median', value: 0, shown: 'got 0', rule: 'must be > 0' },
  { name: 'mfgDays median 0 with p90 > 0', input: at('arms.poc.mfgDays', { median: 0, p90: 10 }), path: 'arms.poc.mfgDays.median', value: 0, shown: 'got 0', rule: 'must be > 0' },
  { name: 'a negative median', input: at('arms.poc.reapheresisDays', { median: -1, p90: 5 }), path: 'arms.poc.reapheresisDays.median', value: -1, shown: 'got -1', rule: DAYS },
  { name: 'a p90 beyond 100 years', input: at('arms.commercial.adminDays', { median: 30, p90: 40000 }), path: 'arms.commercial.adminDays.p90', value: 40000, shown: 'got 40000', rule: DAYS },
  { name: 'a spread p90/median > 1e6', input: at('arms.poc.mfgDays', { median: 0.001, p90: 5000 }), path: 'arms.poc.mfgDays.p90', value: 5000, shown: 'got 5000', rule: 'must be at most 1000000 times the median (0.001)' },
  { name: 'a duration given as a number', input: at('arms.poc.adminDays', 14), path: 'arms.poc.adminDays', value: 14, shown: 'got 14', rule: 'must be a duration, an object { "median": days, "p90": days }' },
  { name: 'a duration given as a string', input: at('arms.commercial.logisticsDays', '4 days'), path: 'arms.commercial.logisticsDays', value: '4 days', shown: '"4 days" (a string)', rule: 'must be a duration' },
  { name: 'a misspelt key of a duration', input: at('arms.poc.adminDays', { median: 14, p95: 30 }), path: 'arms.poc.adminDays.p95', value: 30, shown: null, rule: 'unknown field (did you mean p90?)' },
  // rules between fields
  { name: 'pInSpec + pOos > 1', input: at('arms.poc', { pInSpec: 0.9, pOos: 0.2 }), path: 'arms.poc.pOos', value: 0.2, shown: 'got 0.2', rule: 'pInSpec + pOos must be <= 1 (pInSpec is 0.9' },
  { name: 'pInSpec raised above 1 - default pOos', input: at('arms.commercial.pInSpec', 0.99), path: 'arms.commercial.pOos', value: defaultScenario.arms.commercial.pOos, shown: `got ${defaultScenario.arms.commercial.pOos}`, rule: 'pInSpec + pOos must be <= 1 (pInSpec is 0.99' },
  { name: 'pCr > pOrr', input: at('arms.poc.pCr', 0.8), path: 'arms.poc.pCr', value: 0.8, shown: 'got 0.8', rule: 'must be <= pOrr (0.73)' },
  { name: 'pOrr lowered below the default pCr', input: at('arms.commercial.pOrr', 0.5), path: 'arms.commercial.pCr', value: 0.56, shown: 'got 0.56', rule: 'must be <= pOrr (0.5)' },
  { name: 'pPfs1 > pOs1', input: at('arms.commercial', { pPfs1: 0.7, pOs1: 0.6 }), path: 'arms.commercial.pPfs1', value: 0.7, shown: 'got 0.7', rule: 'must be <= pOs1 (0.6)' },
  // unknown fields
  { name: 'a misspelt field', input: at('arms.poc.pRefferal', 0.9), path: 'arms.poc.pRefferal', value: 0.9, shown: null, rule: 'unknown field (did you mean pReferral?)' },
  { name: 'an unknown top-level field (near a known one)', input: { runs: { seed: 2 } }, path: 'runs', value: { seed: 2 }, shown: null, rule: 'unknown field (did you mean run?)' },
  { name: 'an unknown top-level field (near nothing)', input: { banana: 1 }, path: 'banana', value: 1, shown: null, rule: 'unknown field (known fields: cohort, arms, run, budget)' },
  { name: 'an unknown arm', input: at('arms.hospital', {}), path: 'arms.hospital', value: {}, shown: null, rule: 'unknown field' },
  { name: 'a field of the wrong case', input: at('cohort.EligiblePerYear', 600), path: 'cohort.EligiblePerYear', value: 600, shown: null, rule: 'unknown field (did you mean eligiblePerYear?)' },
  { name: 'a __proto__ key at the top', input: JSON.parse('{"__proto__": {"x": 1}}'), path: '__proto__', value: { x: 1 }, shown: null, rule: 'unknown field' },
  { name: 'a __proto__ key in arms.poc', input: JSON.parse('{"arms": {"poc": {"__proto__": {"pReferral": 2, "x": 1}}}}'), path: 'arms.poc.__proto__', value: { pReferral: 2, x: 1 }, shown: null, rule: 'unknown field' },
  { name: 'a constructor key in cohort', input: JSON.parse('{"cohort": {"constructor": {"prototype": {"x": 1}}}}'), path: 'cohort.constructor', value: { prototype: { x: 1 } }, shown: null, rule: 'unknown field' },
  { name: 'a key that is not an identifier', input: at('run', { 'my seed': 3 }), path: 'run."my seed"', value: 3, shown: null, rule: 'unknown field' },
  // seeds
  { name: 'a non-integer seed', input: at('run.seed', 1.5), path: 'run.seed', value: 1.5, shown: 'got 1.5', rule: SEED },
  { name: 'seed 2^32', input: at('run.seed', 2 ** 32), path: 'run.seed', value: 2 ** 32, shown: 'got 4294967296', rule: SEED },
  { name: 'seed 1e20', input: at('run.seed', 1e20), path: 'run.seed', value: 1e20, shown: 'got 100000000000000000000', rule: SEED },
  { name: 'a negative seed', input: at('run.seed', -1), path: 'run.seed', value: -1, shown: 'got -1', rule: SEED },
  { name: 'a seed as a string', input: at('run.seed', '7'), path: 'run.seed', value: '7', shown: '"7" (a string)', rule: SEED },
  // patients, eligiblePerYear, maxAttempts
  { name: 'patients 0', input: at('run.patients', 0), path: 'run.patients', value: 0, shown: 'got 0', rule: PATIENTS },
  { name: 'patients 1.5', input: at('run.patients', 1.5), path: 'run.patients', value: 1.5, shown: 'got 1.5', rule: PATIENTS },
  { name: 'patients 1e10 + 1', input: at('run.patients', 1e10 + 1), path: 'run.patients', value: 1e10 + 1, shown: 'got 10000000001', rule: PATIENTS },
  { name: 'eligiblePerYear 0', input: at('cohort.eligiblePerYear', 0), path: 'cohort.eligiblePerYear', value: 0, shown: 'got 0', rule: ELIGIBLE },
  { name: 'eligiblePerYear 1e8 + 1', input: at('cohort.eligiblePerYear', 1e8 + 1), path: 'cohort.eligiblePerYear', value: 1e8 + 1, shown: 'got 100000001', rule: ELIGIBLE },
  { name: 'maxAttempts 0', input: at('arms.poc.maxAttempts', 0), path: 'arms.poc.maxAttempts', value: 0, shown: 'got 0', rule: ATTEMPTS },
  { name: 'maxAttempts 5', input: at('arms.commercial.maxAttempts', 5), path: 'arms.commercial.maxAttempts', value: 5, shown: 'got 5', rule: ATTEMPTS },
  { name: 'maxAttempts 2.5', input: at('arms.poc.maxAttempts', 2.5), path: 'arms.poc.maxAttempts', value: 2.5, shown: 'got 2.5', rule: ATTEMPTS },
  // wrong types
  { name: 'a string for a number', input: at('arms.poc.price', '90000'), path: 'arms.poc.price', value: '90000', shown: '"90000" (a string)', rule: MONEY },
  { name: 'a number for payment', input: at('arms.poc.payment', 1), path: 'arms.poc.payment', value: 1, shown: 'got 1', rule: PAYMENT },
  { name: 'an unknown payment (did you mean)', input: at('arms.commercial.payment', 'perInfusions'), path: 'arms.commercial.payment', value: 'perInfusions', shown: '"perInfusions" (a string)', rule: `${PAYMENT} (did you mean "perInfusion"?)` },
  { name: 'a payment of the wrong case', input: at('arms.poc.payment', 'PerAttempt'), path: 'arms.poc.payment', value: 'PerAttempt', shown: '"PerAttempt" (a string)', rule: '(did you mean "perAttempt"?)' },
  { name: 'an array for an arm', input: at('arms.poc', []), path: 'arms.poc', value: [], shown: 'got an array', rule: 'must be an object' },
  { name: 'null for cohort', input: { cohort: null }, path: 'cohort', value: null, shown: 'got null', rule: 'must be an object' },
  { name: 'a string for arms', input: { arms: 'poc' }, path: 'arms', value: 'poc', shown: '"poc" (a string)', rule: 'must be an object' },
  { name: 'a number as the root', input: 42, path: '(root)', value: 42, shown: 'got 42', rule: 'must be an object' },
  { name: 'an array as the root', input: [], path: '(root)', value: [], shown: 'got an array', rule: 'must be an object' },
  { name: 'a string as the root', input: 'x', path: '(root)', value: 'x', shown: '"x" (a string)', rule: 'must be an object' },
  { name: 'null as the root', input: null, path: '(root)', value: null, shown: 'got null', rule: 'must be an object' },
  // cohort
  { name: 'a negative bridgingHazardRatio', input: at('cohort.bridgingHazardRatio', -0.5), path: 'cohort.bridgingHazardRatio', value: -0.5, shown: 'got -0.5', rule: 'must be a number in [0, 1000]' },
  { name: 'untreatedMedianSurvivalDays 0', input: at('cohort.untreatedMedianSurvivalDays', 0), path: 'cohort.untreatedMedianSurvivalDays', value: 0, shown: 'got 0', rule: 'must be a number > 0' },
  // money
  { name: 'a negative cost', input: at('arms.commercial.infusionCost', -1), path: 'arms.commercial.infusionCost', value: -1, shown: 'got -1', rule: MONEY },
  { name: 'a price above 1e12', input: at('arms.poc.price', 2e12), path: 'arms.poc.price', value: 2e12, shown: 'got 2000000000000', rule: MONEY },
];

function errorsOf(input: unknown): ValidationError[] {
  const v = validateScenario(input);
  expect(v.ok).toBe(false);
  expect(v.scenario).toBeUndefined();
  return v.errors;
}

describe('validateScenario refuses each broken rule with its path, value and rule', () => {
  it('covers at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name', ({ input, path, value, shown, rule }) => {
    const errors = errorsOf(input);
    const err = errors.find((e) => e.path === path);
    expect(err, `no error at ${path}; got ${JSON.stringify(errors.map((e) => e.message))}`).toBeDefined();
    const e = err!;
    expect(e.value).toEqual(value);
    expect(e.rule).toContain(rule);
    expect(e.message).toContain(path);
    expect(e.message).toContain(rule);
    if (shown !== null) expect(e.message).toContain(shown);
    // one line for people
    expect(e.message).not.toContain('\n');
    // a single broken rule gives a single message
    expect(errors).toHaveLength(1);
  });

  it('names a misspelt field exactly as README shows it', () => {
    const errors = errorsOf({ arms: { poc: { pRefferal: 0.9 } } });
    expect(errors.map((e) => e.message)).toContain('arms.poc.pRefferal: unknown field (did you mean pReferral?)');
  });

  it('gives README example its two messages', () => {
    const errors = errorsOf(JSON.parse('{"arms":{"poc":{"pRefferal":0.9,"pCr":0.8}}}'));
    expect(errors.map((e) => e.message)).toEqual([
      'arms.poc.pRefferal: unknown field (did you mean pReferral?)',
      'arms.poc.pCr: must be <= pOrr (0.73): a complete response is an overall response; got 0.8',
    ]);
  });

  it('a probability that breaks its own rule is not also reported by a rule between fields', () => {
    const errors = errorsOf({ arms: { poc: { pCr: 2, pOos: 3, pPfs1: -1 } } });
    expect(errors.map((e) => e.path).sort()).toEqual(['arms.poc.pCr', 'arms.poc.pOos', 'arms.poc.pPfs1']);
  });
});

describe('several violations are all reported at once', () => {
  it('counts every one of them', () => {
    const input = {
      cohort: { eligiblePerYear: 0, bridgingHazardRatio: -1 },
      arms: {
        commercial: { maxAttempts: 9, payment: 'perDose', adminDays: { median: 5, p90: 1 } },
        poc: { pReferral: 2, pCr: 0.9, pRefferal: 1, mfgDays: { median: 0, p90: 0 }, price: 'free' },
      },
      run: { seed: -1, patients: 0.5 },
      extra: 1,
    };
    const errors = errorsOf(input);
    const expected = [
      'extra',
      'cohort.eligiblePerYear',
      'cohort.bridgingHazardRatio',
      'arms.commercial.maxAttempts',
      'arms.commercial.payment',
      'arms.commercial.adminDays.p90',
      'arms.poc.pRefferal',
      'arms.poc.pReferral',
      'arms.poc.pCr',
      'arms.poc.mfgDays.median',
      'arms.poc.price',
      'run.seed',
      'run.patients',
    ];
    expect(errors).toHaveLength(expected.length);
    expect(errors.map((e) => e.path).sort()).toEqual([...expected].sort());
    for (const e of errors) expect(e.message.startsWith(`${e.path}: `)).toBe(true);
  });

  it('reports the same field in both arms separately', () => {
    const errors = errorsOf({ arms: { commercial: { pFunding: 7 }, poc: { pFunding: 7 } } });
    expect(errors.map((e) => e.path)).toEqual(['arms.commercial.pFunding', 'arms.poc.pFunding']);
  });
});

describe('valid partial scenarios merge onto the defaults', () => {
  it('{} is the default scenario', () => {
    const v = validateScenario({});
    expect(v.ok).toBe(true);
    expect(v.errors).toEqual([]);
    expect(v.scenario).toEqual(defaultScenario);
    // a copy, not the defaults themselves
    expect(v.scenario).not.toBe(defaultScenario);
    expect(Object.isFrozen(v.scenario!.arms.poc)).toBe(false);
  });

  it('{"arms":{"poc":{"pReferral":0.9}}} changes that one value', () => {
    const v = validateScenario({ arms: { poc: { pReferral: 0.9 } } });
    expect(v.ok).toBe(true);
    const expected = JSON.parse(JSON.stringify(defaultScenario)) as Json;
    setAt(expected, 'arms.poc.pReferral', 0.9);
    expect(v.scenario).toEqual(expected);
  });

  it('a half-given duration keeps the other half of the default', () => {
    const v = validateScenario({ arms: { commercial: { adminDays: { p90: 90 } } } });
    expect(v.ok).toBe(true);
    expect(v.scenario!.arms.commercial.adminDays).toEqual({ median: 30, p90: 90 });
    expect(v.scenario!.arms.poc.adminDays).toEqual(defaultScenario.arms.poc.adminDays);
  });

  it('the edges of every range are accepted', () => {
    const v = validateScenario({
      cohort: { eligiblePerYear: 1e8, bridgingHazardRatio: 0, pOs1Untreated: 1 },
      arms: {
        commercial: { pReferral: 0, pInSpec: 1, pOos: 0, maxAttempts: 4, price: 1e12, adminDays: { median: 0, p90: 0 } },
        poc: { pReferral: 1, pInSpec: 0.5, pOos: 0.5, maxAttempts: 1, price: 0, pOrr: 0.56, pCr: 0.56, pOs1: 0.47, pPfs1: 0.47 },
      },
      run: { patients: 1e10, seed: 2 ** 32 - 1 },
    });
    expect(v.errors).toEqual([]);
    expect(v.ok).toBe(true);
    const w = validateScenario({ run: { patients: 1, seed: 0 }, cohort: { eligiblePerYear: 1 } });
    expect(w.ok).toBe(true);
  });

  it('validates onto another base (a preset) when given one', () => {
    const base = validateScenario({ arms: { poc: { pOrr: 0.5, pCr: 0.4 } } }).scenario!;
    expect(validateScenario({ arms: { poc: { pCr: 0.45 } } }, base).ok).toBe(true);
    const errors = validateScenario({ arms: { poc: { pCr: 0.6 } } }, base).errors;
    expect(errors.map((e) => e.path)).toEqual(['arms.poc.pCr']);
    expect(errors[0].message).toContain('pOrr (0.5)');
  });
});

describe('the defaults and Object.prototype are never changed', () => {
  it('validation does not mutate the defaults, which are deeply frozen', () => {
    const before = structuredClone(defaultScenario);
    const inputs: unknown[] = [
      {}, { arms: { poc: { pReferral: 0.9 } } }, ...cases.map((c) => c.input),
      { arms: { commercial: { adminDays: { p90: 90 } } } }, { run: { seed: 5 } },
    ];
    for (const input of inputs) {
      const v = validateScenario(input);
      if (v.ok) {
        // changing a result must not reach the defaults either
        v.scenario.arms.poc.adminDays.median = 999;
        v.scenario.cohort.eligiblePerYear = 3;
      }
    }
    expect(defaultScenario).toEqual(before);
    const frozen = (o: unknown): boolean => typeof o !== 'object' || o === null
      || (Object.isFrozen(o) && Object.values(o).every(frozen));
    expect(Object.isFrozen(defaultScenario)).toBe(true);
    expect(frozen(defaultScenario)).toBe(true);
  });

  it('__proto__ keys do not pollute Object.prototype nor the result', () => {
    const inputs = [
      JSON.parse('{"__proto__": {"x": 1}}'),
      JSON.parse('{"arms": {"poc": {"__proto__": {"x": 1, "polluted": true}}}}'),
      JSON.parse('{"arms": {"__proto__": {"poc": {"pReferral": 0.1}}}}'),
      JSON.parse('{"arms": {"poc": {"adminDays": {"__proto__": {"median": 1}}}}}'),
      JSON.parse('{"constructor": {"prototype": {"x": 1}}}'),
    ];
    for (const input of inputs) {
      const v = validateScenario(input);
      expect(v.ok).toBe(false);
      expect(v.errors.some((e) => e.path.endsWith('__proto__') || e.path.endsWith('constructor'))).toBe(true);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'x')).toBe(false);
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(Object.keys(Object.prototype)).toEqual([]);
    // a valid file next to a __proto__ key: still refused, and a valid one has plain objects
    const ok = validateScenario({ arms: { poc: { pReferral: 0.9 } } });
    expect(Object.getPrototypeOf(ok.scenario!.arms.poc)).toBe(Object.prototype);
    expect((ok.scenario!.arms.poc as unknown as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('property tests (fast-check, seed 42)', () => {
  const params = { seed: 42, numRuns: 200 };

  it('a full valid scenario validates ok and comes back unchanged', () => {
    fc.assert(fc.property(arbFullScenario, (s) => {
      const v = validateScenario(s);
      if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('\n'));
      expect(v.scenario).toEqual(s);
    }), params);
  });

  it('a valid partial scenario validates ok and merges onto the defaults', () => {
    fc.assert(fc.property(arbPartialScenario, (s) => {
      const v = validateScenario(s);
      if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('\n'));
      expect(v.scenario).toEqual(mergeOnto(defaultScenario, s));
    }), params);
  });

  it('breaking exactly one rule is refused at the mutated path', () => {
    fc.assert(fc.property(arbFullScenario, arbMutation, (s, m) => {
      const broken = structuredClone(s) as Json;
      m.apply(broken);
      const v = validateScenario(broken);
      expect(v.ok, `${m.rule} at ${m.path} accepted`).toBe(false);
      const paths = v.errors.map((e) => e.path);
      expect(paths, `${m.rule}`).toContain(m.path);
      for (const e of v.errors) {
        expect(e.message).toContain(e.path);
        expect(e.message).toContain(e.rule);
      }
    }), params);
  });

  it('breaking one rule of a valid partial scenario is refused at the mutated path', () => {
    fc.assert(fc.property(arbPartialScenario, arbMutation, (s, m) => {
      const broken = structuredClone(s) as Json;
      m.apply(broken);
      const v = validateScenario(broken);
      expect(v.ok, `${m.rule} at ${m.path} accepted`).toBe(false);
      expect(v.errors.map((e) => e.path)).toContain(m.path);
    }), params);
  });

  const checkShape = (input: unknown) => {
    let v;
    try {
      v = validateScenario(input);
    } catch (e) {
      throw new Error(`validateScenario threw ${String(e)}`);
    }
    expect(typeof v.ok).toBe('boolean');
    expect(Array.isArray(v.errors)).toBe(true);
    if (!v.ok) {
      expect(v.errors.length).toBeGreaterThan(0);
      for (const e of v.errors) {
        expect(typeof e.path).toBe('string');
        expect(e.path.length).toBeGreaterThan(0);
        expect(typeof e.rule).toBe('string');
        expect(e.message).toContain(e.path);
        expect(e.message).toContain(e.rule);
      }
    } else {
      expect(v.errors).toEqual([]);
    }
  };

  it('never throws on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), checkShape), params);
  });

  it('never throws on anything', () => {
    fc.assert(fc.property(fc.anything({
      withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true,
      withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true,
    }), checkShape), params);
  });

  it('never throws on scenario-shaped input with arbitrary leaves', () => {
    const leafPaths = fc.constantFrom(
      'cohort', 'arms', 'run', 'arms.poc', 'arms.commercial', 'cohort.eligiblePerYear', 'run.seed', 'run.patients',
      'arms.poc.pReferral', 'arms.poc.adminDays', 'arms.poc.adminDays.median', 'arms.commercial.mfgDays.p90',
      'arms.commercial.payment', 'arms.poc.pCr', 'arms.poc.pOos', 'arms.commercial.pPfs1', 'arms.poc.maxAttempts',
    );
    fc.assert(fc.property(
      arbPartialScenario,
      fc.array(fc.tuple(leafPaths, fc.oneof(fc.jsonValue(), fc.anything())), { minLength: 1, maxLength: 5 }),
      (s, changes) => {
        const input = structuredClone(s) as Json;
        for (const [path, value] of changes) setAt(input, path, value);
        checkShape(input);
      },
    ), params);
  });
});
