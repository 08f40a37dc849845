/**
 * The JSON Schema of scenario files (`cgt-access schema`) agrees with the validator: both
 * accept valid files, both refuse a file whose one field breaks its own rule (type, range,
 * unknown field, enum). The rules between fields are beyond JSON Schema: the validator
 * refuses them and the schema accepts them, which this file pins down as the documented
 * limitation. The schema's defaults are the default scenario.
 */

import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../src/scenario/defaults.js';
import { scenarioJsonSchema } from '../src/scenario/schema.js';
import { validateScenario } from '../src/scenario/validate.js';
import { arbFullScenario, arbPartialScenario, at } from './fixtures/scenario-arbitraries.js';

const schema = scenarioJsonSchema();
// The CommonJS module is the class itself, with the class also as its `Ajv2020` (and `default`)
// property: `.Ajv2020` types and runs the same whatever the module interop.
const ajv = new Ajv2020.Ajv2020({ strict: false, allErrors: true });
const schemaValidate = ajv.compile(schema);

function schemaAccepts(input: unknown): boolean {
  return schemaValidate(input) as boolean;
}
function schemaErrors(input: unknown): string {
  schemaValidate(input);
  return JSON.stringify(schemaValidate.errors);
}
function validatorAccepts(input: unknown): boolean {
  return validateScenario(input).ok;
}

const valid: [string, unknown][] = [
  ['the empty file', {}],
  ['one value', { arms: { poc: { pReferral: 0.9 } } }],
  ['README worked example', { arms: { poc: { pReferral: 0.9, payment: 'perResponse', price: 120000 } }, run: { patients: 1000000, seed: 7 } }],
  ['MODEL.md example', {
    cohort: { eligiblePerYear: 600, untreatedMedianSurvivalDays: 180, bridgingHazardRatio: 0.5, pOs1Untreated: 0.28 },
    arms: {
      commercial: { pReferral: 0.416, adminDays: { median: 30, p90: 60 }, payment: 'perInfusion', price: 373000 },
      poc: { pReferral: 0.70 },
    },
    run: { patients: 1000000, seed: 1 },
  }],
  ['the default scenario in full', JSON.parse(JSON.stringify(defaultScenario))],
  ['a fixed zero wait', at('arms.poc.slotWaitDays', { median: 0, p90: 0 })],
  ['a fixed wait', at('arms.commercial.logisticsDays', { median: 3, p90: 3 })],
  ['edges of the integers', { cohort: { eligiblePerYear: 1e8 }, run: { patients: 1e10, seed: 2 ** 32 - 1 }, arms: { poc: { maxAttempts: 4 } } }],
  ['lower edges', { cohort: { eligiblePerYear: 1, bridgingHazardRatio: 0 }, run: { patients: 1, seed: 0 }, arms: { commercial: { maxAttempts: 1, price: 0 } } }],
  ['edges of the probabilities', { arms: { poc: { pReferral: 0, pFunding: 1, pInSpec: 1, pOos: 0 } }, cohort: { pOs1Untreated: 1 } }],
  ['the largest amount of money and days', { arms: { commercial: { price: 1e12, adminDays: { median: 36500, p90: 36500 } } } }],
  ['every payment', { arms: { commercial: { payment: 'perAttempt' }, poc: { payment: 'perResponse' } } }],
  ['an integer written as 2.0', JSON.parse('{"arms":{"poc":{"maxAttempts":2.0}},"run":{"seed":5.0}}')],
  ['empty sections', { cohort: {}, arms: { commercial: {}, poc: {} }, run: {} }],
];

/** Each breaks the rule of a single field. */
const invalidSingleField: [string, unknown][] = [
  ['a string for a probability', at('arms.poc.pReferral', '0.9')],
  ['"NaN" for a probability', at('arms.poc.pReferral', 'NaN')],
  ['"Infinity" for a price', at('arms.commercial.price', 'Infinity')],
  ['a probability > 1', at('arms.poc.pFunding', 1.5)],
  ['a negative probability', at('cohort.pOs1Untreated', -0.1)],
  ['null for a probability', at('arms.poc.pCrs3', null)],
  ['a boolean for a number', at('run.patients', true)],
  ['a negative cost', at('arms.commercial.crsCost', -1)],
  ['a price above 1e12', at('arms.poc.price', 2e12)],
  ['maxAttempts 0', at('arms.poc.maxAttempts', 0)],
  ['maxAttempts 5', at('arms.poc.maxAttempts', 5)],
  ['maxAttempts 2.5', at('arms.commercial.maxAttempts', 2.5)],
  ['seed -1', at('run.seed', -1)],
  ['seed 2^32', at('run.seed', 2 ** 32)],
  ['seed 1.5', at('run.seed', 1.5)],
  ['seed 1e20', at('run.seed', 1e20)],
  ['patients 0', at('run.patients', 0)],
  ['patients 1e10 + 1', at('run.patients', 1e10 + 1)],
  ['eligiblePerYear 0', at('cohort.eligiblePerYear', 0)],
  ['eligiblePerYear 1e8 + 1', at('cohort.eligiblePerYear', 1e8 + 1)],
  ['untreatedMedianSurvivalDays 0', at('cohort.untreatedMedianSurvivalDays', 0)],
  ['a negative bridgingHazardRatio', at('cohort.bridgingHazardRatio', -0.5)],
  ['a negative median', at('arms.poc.adminDays', { median: -1, p90: 5 })],
  ['a p90 beyond 36500 days', at('arms.poc.adminDays', { median: 10, p90: 40000 })],
  ['a string for a median', at('arms.commercial.slotWaitDays', { median: '7', p90: 21 })],
  ['mfgDays median 0', at('arms.commercial.mfgDays', { median: 0, p90: 0 })],
  ['a duration as a number', at('arms.poc.adminDays', 14)],
  ['an unknown payment', at('arms.poc.payment', 'perInfusions')],
  ['a number for payment', at('arms.poc.payment', 1)],
  ['a misspelt field', at('arms.poc.pRefferal', 0.9)],
  ['an unknown top-level field', { runs: {} }],
  ['an unknown cohort field', at('cohort.eligible', 600)],
  ['an unknown arm', at('arms.hospital', {})],
  ['an unknown key of a duration', at('arms.poc.adminDays', { median: 14, p95: 30 })],
  ['a __proto__ key', JSON.parse('{"__proto__": {"x": 1}}')],
  ['a __proto__ key in arms.poc', JSON.parse('{"arms": {"poc": {"__proto__": {"x": 1}}}}')],
  ['an array for an arm', at('arms.poc', [])],
  ['null for cohort', { cohort: null }],
  ['a string for run', { run: 'fast' }],
  ['a number as the root', 42],
  ['an array as the root', []],
  ['a string as the root', 'x'],
  ['null as the root', null],
];

/**
 * Numbers beyond the range of a double: JSON text allows them, JSON.parse makes them Infinity
 * and the validator refuses them (MODEL.md: finite). The schema must refuse them too, which it
 * can only do with a maximum: fields without one let them through.
 */
const beyondDoubles: [string, unknown][] = [
  ['1e400 for run.seed', JSON.parse('{"run":{"seed":1e400}}')],
  ['1e400 for a price', JSON.parse('{"arms":{"poc":{"price":1e400}}}')],
  ['1e400 for a median', JSON.parse('{"arms":{"poc":{"adminDays":{"median":1e400,"p90":1e400}}}}')],
  ['1e400 for cohort.untreatedMedianSurvivalDays', JSON.parse('{"cohort":{"untreatedMedianSurvivalDays":1e400}}')],
  ['1e400 for cohort.bridgingHazardRatio', JSON.parse('{"cohort":{"bridgingHazardRatio":1e400}}')],
];

/** Each breaks a rule between fields only: every field on its own is within its schema. */
const crossField: [string, unknown][] = [
  ['p90 < median', at('arms.poc.adminDays', { median: 20, p90: 10 })],
  ['p90 given alone, below the default median', at('arms.commercial.adminDays', { p90: 10 })],
  ['pInSpec + pOos > 1', at('arms.poc', { pInSpec: 0.9, pOos: 0.2 })],
  ['pCr > pOrr', at('arms.commercial', { pCr: 0.8, pOrr: 0.7 })],
  ['pCr above the default pOrr', at('arms.poc.pCr', 0.9)],
  ['pPfs1 > pOs1', at('arms.poc', { pPfs1: 0.7, pOs1: 0.6 })],
  ['median 0 with p90 > 0', at('arms.poc.logisticsDays', { median: 0, p90: 2 })],
  ['a p90 more than 1e6 times the median', at('arms.poc.mfgDays', { median: 0.001, p90: 5000 })],
];

describe('the schema compiles under Ajv (draft 2020-12)', () => {
  it('is a draft 2020-12 schema of an object', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('the schema and the validator agree', () => {
  it.each(valid)('both accept %s', (_, input) => {
    expect(validateScenario(input).errors).toEqual([]);
    expect(schemaAccepts(input), schemaErrors(input)).toBe(true);
  });

  it.each(invalidSingleField)('both refuse %s', (_, input) => {
    expect(validatorAccepts(input)).toBe(false);
    expect(schemaAccepts(input)).toBe(false);
  });

  it.each(beyondDoubles)('both refuse a number beyond the doubles: %s', (_, input) => {
    expect(validatorAccepts(input)).toBe(false);
    expect(schemaAccepts(input), 'the schema accepts a value the validator refuses').toBe(false);
  });

  it.each(crossField)('rule between fields, beyond JSON Schema (documented): the validator refuses, the schema accepts %s', (_, input) => {
    expect(validatorAccepts(input)).toBe(false);
    expect(schemaAccepts(input), schemaErrors(input)).toBe(true);
  });

  it('the schema documents that the rules between fields are the validator\'s', () => {
    // cgt-access schema --help says so; here the schema's own descriptions say it of each pair
    const arm = ((schema.properties as any).arms.properties.poc as any).properties;
    expect(arm.pOos.description).toContain('pInSpec + pOos <= 1');
    expect(arm.pCr.description).toContain('pCr <= pOrr');
    expect(arm.pPfs1.description).toContain('pPfs1 <= pOs1');
    expect(arm.adminDays.anyOf[0].properties.p90.description).toContain('>= median');
    expect(((schema.properties as any).arms.properties.commercial as any).properties.adminDays.properties.p90.description).toContain('>= median');
  });

  const params = { seed: 42, numRuns: 200 };

  it('both accept arbitrary full valid scenarios', () => {
    fc.assert(fc.property(arbFullScenario, (s) => {
      expect(validateScenario(s).errors).toEqual([]);
      expect(schemaAccepts(s), schemaErrors(s)).toBe(true);
    }), params);
  });

  it('both accept arbitrary valid partial scenarios', () => {
    fc.assert(fc.property(arbPartialScenario, (s) => {
      expect(validateScenario(s).errors).toEqual([]);
      expect(schemaAccepts(s), schemaErrors(s)).toBe(true);
    }), params);
  });

  it('whatever JSON the schema refuses, the validator refuses too', () => {
    // The validator is the stricter of the two (it adds the rules between fields).
    const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -10, max: 10 }));
    const paths = fc.constantFrom(
      'cohort.eligiblePerYear', 'cohort.pOs1Untreated', 'cohort.untreatedMedianSurvivalDays', 'run.seed', 'run.patients',
      'arms.poc.pReferral', 'arms.poc.maxAttempts', 'arms.poc.adminDays.median', 'arms.commercial.mfgDays.median',
      'arms.commercial.payment', 'arms.commercial.price', 'arms.poc', 'cohort', 'arms.poc.extra', 'extra',
    );
    fc.assert(fc.property(fc.array(fc.tuple(paths, leaf), { maxLength: 3 }), (changes) => {
      const input: Record<string, unknown> = {};
      for (const [path, value] of changes) {
        const parts = path.split('.');
        let node = input;
        for (const k of parts.slice(0, -1)) {
          if (typeof node[k] !== 'object' || node[k] === null || Array.isArray(node[k])) node[k] = {};
          node = node[k] as Record<string, unknown>;
        }
        node[parts[parts.length - 1]] = value;
      }
      if (!schemaAccepts(input)) expect(validatorAccepts(input), JSON.stringify(input)).toBe(false);
    }), params);
  });
});

describe('the schema\'s defaults', () => {
  /** The value the schema's `default` keywords give at every leaf. */
  function defaultsOf(s: any, path: string, leaves: string[]): unknown {
    // A poc duration is the duration object or "same": its defaults are the object's.
    if (s.anyOf && !('default' in s)) s = s.anyOf.find((b: any) => b.type === 'object');
    if (s.type === 'object' && s.properties) {
      // Optional objects (pricing, budget, an arm's capacity, run.years: MODEL.md v2) are absent from the defaults; their own defaults are checked below.
      const present = Object.entries(s.properties).filter(([k]) => !['pricing', 'budget', 'capacity', 'years'].includes(k));
      return Object.fromEntries(present.map(([k, sub]) => [k, defaultsOf(sub, path ? `${path}.${k}` : k, leaves)]));
    }
    leaves.push(path);
    expect(s, `no default at ${path}`).toHaveProperty('default');
    return s.default;
  }

  it('are the default scenario, at every leaf', () => {
    const leaves: string[] = [];
    expect(defaultsOf(schema, '', leaves)).toEqual(defaultScenario);
    // 11 cohort fields (4 of version 1), 2 run fields, and per arm 22 scalar fields + 5 durations of 2
    expect(leaves).toHaveLength(11 + 2 + 2 * (22 + 5 * 2));
  });

  it('give pricing and budget their MODEL.md defaults, and require pricing.rule and budget.uptake', () => {
    const pricing = (schema as any).properties.arms.properties.poc.properties.pricing;
    expect(pricing.required).toEqual(['rule']);
    const d = Object.fromEntries(Object.entries(pricing.properties).map(([k, v]: [string, any]) => [k, v.default]));
    expect(d).toEqual({
      rule: undefined, rdCost: 1.75e9, horizonYears: 10, margin: 0.2, cogsPerAttempt: 100000,
      marketEligiblePerYear: 20000, elasticity: 0, priceRef: undefined,
    });
    const budget = (schema as any).properties.budget;
    expect(budget.required).toEqual(['uptake']);
    expect(budget.properties.eligibleGrowth.default).toBe(0);
    expect(budget.properties.discountRate.default).toBe(0);
  });

  it('refuse a cost-recovery arm with a capacity, as the validator does (null, no capacity, is fine)', () => {
    const both = { arms: { commercial: { pricing: { rule: 'costRecovery' }, capacity: { lines: 4 } } } };
    expect(schemaAccepts(both)).toBe(false);
    expect(validateScenario(both).ok).toBe(false);
    const removed = { arms: { commercial: { pricing: { rule: 'costRecovery' }, capacity: null } } };
    expect(schemaAccepts(removed)).toBe(true);
    expect(validateScenario(removed).ok).toBe(true);
    const separate = { arms: { commercial: { pricing: { rule: 'costRecovery' } }, poc: { capacity: { lines: 4 } } } };
    expect(schemaAccepts(separate)).toBe(true);
    expect(validateScenario(separate).ok).toBe(true);
  });

  it('are valid for the schema and the validator', () => {
    const leaves: string[] = [];
    const d = defaultsOf(schema, '', leaves);
    expect(schemaAccepts(d)).toBe(true);
    expect(validateScenario(d).ok).toBe(true);
  });
});
