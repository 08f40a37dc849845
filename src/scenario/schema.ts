/**
 * The JSON Schema (draft 2020-12) of the scenario file, made from the same field table as
 * the validator. It gives editors completion and checks each field's type and range; the
 * rules between fields (p90 >= median, p90 at most 1e6 times the median, pInSpec + pOos <= 1,
 * pCr <= pOrr, pPfs1 <= pOs1, a zero median only with a zero p90) are beyond JSON Schema and
 * checked by the validator only.
 *
 * It covers MODEL.md version 2's uncertain numbers too: a probability may be
 * `{ "value", "n" }`, a positive quantity `{ "value", "p90" }`, a field of the poc arm
 * `"same"` (each an `anyOf` beside the plain number or, for a poc duration, beside the duration
 * object), a duration may have `uncertainty` and the run `psa` (as `patternProperties`, so that
 * the plain fields and their defaults stay as in version 1); `value <= p90` and
 * `uncertainty.p90 >= median` are rules between fields. Schema and validator accept the same
 * files but for the rules between fields, which only the validator checks.
 */

import { MAX_DAYS, MAX_DURATION_SPREAD, MAX_MONEY, SCENARIO_SPEC, type FieldSpec } from './fields.js';
import { defaultScenario } from './defaults.js';
import { MAX_DRAWS, MAX_PATIENTS_PER_DRAW, MAX_SAMPLE_SIZE, MIN_DRAWS, MIN_SAMPLE_SIZE } from './uncertain.js';

type Json = Record<string, unknown>;

const SAME: Json = { const: 'same', description: 'The commercial arm\'s value, draw by draw (MODEL.md v2)' };

/** A number field with its uncertain form (if any) and, in the poc arm, "same" beside it. */
function withUncertainty(plain: Json, uncertain: Json | undefined, inPoc: boolean, doc: string, dflt: unknown): Json {
  if (!uncertain && !inPoc) return { ...plain, description: doc, ...(dflt === undefined ? {} : { default: dflt }) };
  return {
    description: doc,
    anyOf: [plain, ...(uncertain ? [uncertain] : []), ...(inPoc ? [SAME] : [])],
    ...(dflt === undefined ? {} : { default: dflt }),
  };
}

function logNormalSchema(max: number | undefined): Json {
  return {
    type: 'object',
    description: 'Uncertain (MODEL.md v2): log-normal with median value and 90th percentile p90 (p90 >= value)',
    properties: {
      value: { type: 'number', exclusiveMinimum: 0, ...(max === undefined ? { maximum: 1e300 } : { maximum: max }) },
      p90: { type: 'number', exclusiveMinimum: 0, maximum: max === undefined ? 1e300 : max * MAX_DURATION_SPREAD },
    },
    required: ['value', 'p90'],
    additionalProperties: false,
  };
}

const BETA_SCHEMA: Json = {
  type: 'object',
  description: 'Uncertain (MODEL.md v2): Beta(value n, (1 - value) n), n the effective sample size',
  properties: {
    value: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    n: { type: 'number', minimum: MIN_SAMPLE_SIZE, maximum: MAX_SAMPLE_SIZE },
  },
  required: ['value', 'n'],
  additionalProperties: false,
};

const DURATION_UNCERTAINTY: Json = {
  type: 'object',
  description: 'Uncertain (MODEL.md v2): median and p90 scaled by a log-normal factor with median 1 and 90th percentile p90 / median',
  properties: { p90: { type: 'number', exclusiveMinimum: 0, maximum: MAX_DAYS * MAX_DURATION_SPREAD } },
  required: ['p90'],
  additionalProperties: false,
};

const PSA_RUN: Json = {
  type: 'object',
  description: 'Probabilistic sensitivity analysis (MODEL.md v2): parameter draws and patients per arm in each',
  properties: {
    draws: { type: 'integer', minimum: MIN_DRAWS, maximum: MAX_DRAWS, description: 'Parameter draws (outer loop)' },
    patientsPerDraw: { type: 'integer', minimum: 1, maximum: MAX_PATIENTS_PER_DRAW, description: 'Patients per arm in each draw (inner loop)' },
    effect: { type: 'string', enum: ['alive1y', 'qalys'], default: 'alive1y', description: 'Effect measure of the CE plane, acceptability, EVPI and EVPPI: patients alive at one year, or QALYs (MODEL.md v2)' },
  },
  additionalProperties: false,
};

/** A field's schema without its uncertain forms (the plain number of an `anyOf`). */
function plainOf(s: Json): Json {
  if (!Array.isArray(s.anyOf)) return s;
  const { anyOf, ...rest } = s;
  return { ...(anyOf as Json[])[0], ...rest };
}

function fieldSchema(spec: FieldSpec, dflt: unknown, inPoc = false, key = ''): Json {
  const withDefault = (s: Json): Json => withUncertainty(s, undefined, inPoc, spec.doc, dflt);
  switch (spec.kind) {
    case 'object': {
      const properties: Json = {};
      const defaults = (dflt as Record<string, unknown> | undefined) ?? spec.defaults;
      for (const [k, f] of Object.entries(spec.fields)) {
        // The fields of an optional object (pricing, budget) are plain values: no uncertain forms, no "same".
        const sub = fieldSchema(f, defaults?.[k], !spec.optional && (inPoc || k === 'poc'), k);
        properties[k] = spec.optional ? plainOf(sub) : sub;
      }
      const psa = key === 'run' ? { patternProperties: { '^psa$': PSA_RUN } } : {};
      const required = spec.required ? { required: [...spec.required] } : {};
      // MODEL.md v2, "Price": a cost-recovery arm cannot also have a capacity (null, no capacity, is fine).
      const notBoth = Object.hasOwn(spec.fields, 'pricing') && Object.hasOwn(spec.fields, 'capacity')
        ? { not: { required: ['pricing', 'capacity'], properties: { capacity: { type: 'object' } } } }
        : {};
      const type = spec.nullable ? ['object', 'null'] : 'object';
      return { type, description: spec.doc, properties, ...required, ...psa, ...notBoth, additionalProperties: false };
    }
    case 'rate':
      return withDefault({ type: 'number', minimum: 0, exclusiveMaximum: 1 });
    case 'growth':
      return withDefault({ type: 'number', exclusiveMinimum: -1, maximum: spec.max });
    case 'shares':
      return withDefault({ type: 'array', items: { type: 'number', minimum: 0, maximum: 1 }, minItems: 1, maxItems: spec.maxLength });
    case 'duration': {
      const median: Json = spec.medianPositive
        ? { type: 'number', exclusiveMinimum: 0, maximum: MAX_DAYS }
        : { type: 'number', minimum: 0, maximum: MAX_DAYS };
      const d = dflt as { median: number; p90: number } | undefined;
      const duration: Json = {
        type: 'object',
        description: `${spec.doc}. Log-normal by median and 90th percentile (days); p90 == median is a fixed value.`,
        properties: {
          median: { ...median, description: 'Median (days)', ...(d ? { default: d.median } : {}) },
          p90: { type: 'number', minimum: 0, maximum: MAX_DAYS, description: '90th percentile (days), >= median', ...(d ? { default: d.p90 } : {}) },
        },
        patternProperties: { '^uncertainty$': DURATION_UNCERTAINTY },
        additionalProperties: false,
      };
      // In the poc arm a duration may be "same" too (the commercial arm's resolved duration).
      if (!inPoc) return duration;
      const { description, ...rest } = duration;
      return { description, anyOf: [rest, SAME] };
    }
    case 'probability':
      return withUncertainty({ type: 'number', minimum: 0, maximum: 1 }, BETA_SCHEMA, inPoc, spec.doc, dflt);
    case 'money':
      return withUncertainty({ type: 'number', minimum: 0, maximum: MAX_MONEY }, logNormalSchema(MAX_MONEY), inPoc, spec.doc, dflt);
    case 'positive':
      return withUncertainty({ type: 'number', exclusiveMinimum: 0, maximum: spec.max }, logNormalSchema(spec.max), inPoc, spec.doc, dflt);
    case 'nonNegative':
      return withUncertainty(
        { type: 'number', minimum: 0, ...(spec.max === undefined ? {} : { maximum: spec.max }) }, logNormalSchema(spec.max), inPoc, spec.doc, dflt,
      );
    case 'integer':
      return withDefault({
        type: 'integer',
        minimum: spec.min,
        ...(spec.maxExclusive ? { exclusiveMaximum: spec.max } : { maximum: spec.max }),
      });
    case 'enum':
      return withDefault({ type: 'string', enum: [...spec.values] });
  }
}

/** The scenario file's JSON Schema. */
export function scenarioJsonSchema(): Json {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'cgt-access scenario',
    ...fieldSchema(SCENARIO_SPEC, defaultScenario),
  };
}
