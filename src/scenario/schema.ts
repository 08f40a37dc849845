/**
 * The JSON Schema (draft 2020-12) of the scenario file, made from the same field table as
 * the validator. It gives editors completion and checks each field's type and range; the
 * rules between fields (p90 >= median, p90 at most 1e6 times the median, pInSpec + pOos <= 1,
 * pCr <= pOrr, pPfs1 <= pOs1, a zero median only with a zero p90) are beyond JSON Schema and
 * checked by the validator only.
 */

import { MAX_DAYS, MAX_MONEY, SCENARIO_SPEC, type FieldSpec } from './fields.js';
import { defaultScenario } from './defaults.js';

type Json = Record<string, unknown>;

function fieldSchema(spec: FieldSpec, dflt: unknown): Json {
  const withDefault = (s: Json): Json => (dflt === undefined ? s : { ...s, default: dflt });
  switch (spec.kind) {
    case 'object': {
      const properties: Json = {};
      for (const [k, f] of Object.entries(spec.fields)) {
        properties[k] = fieldSchema(f, (dflt as Record<string, unknown> | undefined)?.[k]);
      }
      return { type: 'object', description: spec.doc, properties, additionalProperties: false };
    }
    case 'duration': {
      const median: Json = spec.medianPositive
        ? { type: 'number', exclusiveMinimum: 0, maximum: MAX_DAYS }
        : { type: 'number', minimum: 0, maximum: MAX_DAYS };
      const d = dflt as { median: number; p90: number } | undefined;
      return {
        type: 'object',
        description: `${spec.doc}. Log-normal by median and 90th percentile (days); p90 == median is a fixed value.`,
        properties: {
          median: { ...median, description: 'Median (days)', ...(d ? { default: d.median } : {}) },
          p90: { type: 'number', minimum: 0, maximum: MAX_DAYS, description: '90th percentile (days), >= median', ...(d ? { default: d.p90 } : {}) },
        },
        additionalProperties: false,
      };
    }
    case 'probability':
      return withDefault({ type: 'number', minimum: 0, maximum: 1, description: spec.doc });
    case 'money':
      return withDefault({ type: 'number', minimum: 0, maximum: MAX_MONEY, description: spec.doc });
    case 'positive':
      return withDefault({ type: 'number', exclusiveMinimum: 0, maximum: spec.max, description: spec.doc });
    case 'nonNegative':
      return withDefault({ type: 'number', minimum: 0, ...(spec.max === undefined ? {} : { maximum: spec.max }), description: spec.doc });
    case 'integer':
      return withDefault({
        type: 'integer',
        minimum: spec.min,
        ...(spec.maxExclusive ? { exclusiveMaximum: spec.max } : { maximum: spec.max }),
        description: spec.doc,
      });
    case 'enum':
      return withDefault({ type: 'string', enum: [...spec.values], description: spec.doc });
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
