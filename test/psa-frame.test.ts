/**
 * `DrawFrame` (src/psa/draw.ts), the exact PSA's drawn scenarios in one reused object: each
 * draw has the very values of `drawScenario(ps, d)` (a fresh deep copy of the base case per
 * draw), whatever the order of the draws, on random PSA files (uncertain probabilities,
 * quantities and durations in the cohort and both arms, poc fields "same", the repairs), and
 * the base case is never written; and the exact engine's evaluation of draw after draw in the
 * same objects, each arm's funnel kept while the numbers it depends on are unchanged
 * (`FunnelKey`), gives each draw's values bit for bit.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DrawFrame, drawScenario } from '../src/psa/draw.js';
import { FunnelKey, armExpectation } from '../src/exact/arm.js';
import { EXPECTED_OUTPUT_PATHS, expectedValues, scenarioExpectation, scenarioExpectationInto } from '../src/exact/expected.js';
import { validatePsaScenario } from '../src/psa/validate.js';
import { defaultScenario } from '../src/scenario/defaults.js';
import { COHORT_FIELDS, ARM_FIELDS } from '../src/scenario/fields.js';
import { arbFullScenario, type Json } from './fixtures/scenario-arbitraries.js';

/** A small deterministic generator (mulberry32) for the choices of one file. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Makes some numbers of a section uncertain (and, in the poc arm, some fields "same"). */
function uncertainSection(section: Json, fields: Record<string, { kind: string }>, u: () => number, poc: boolean, only?: readonly string[]): Json {
  const out: Json = { ...section };
  for (const [key, spec] of Object.entries(fields)) {
    if (only && !only.includes(key)) continue;
    const v = section[key];
    if (!Object.hasOwn(section, key)) continue;
    if (poc && u() < 0.15) {
      out[key] = 'same';
      continue;
    }
    if (u() > (only ? 1 : 0.4)) continue;
    if (spec.kind === 'probability' && typeof v === 'number' && v > 0 && v < 1) {
      out[key] = { value: v, n: 1 + Math.floor(u() * 3000) };
    } else if ((spec.kind === 'money' || spec.kind === 'positive' || spec.kind === 'nonNegative') && typeof v === 'number' && v > 0) {
      out[key] = { value: v, p90: v * (1 + 2 * u()) };
    } else if (spec.kind === 'duration' && typeof v === 'object' && v !== null && (v as Json).median as number > 0) {
      out[key] = { ...(v as Json), uncertainty: { p90: ((v as Json).median as number) * (1 + 3 * u()) } };
    }
  }
  return out;
}

/** Outcomes, prices and costs: what leaves each arm's funnel as it is. */
const OUTCOMES = ['pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3', 'price', 'apheresisCost', 'bridgingCostPerDay', 'infusionCost', 'crsCost', 'icansCost', 'fixedCostPerYear'];

/** Which fields may be uncertain: any, outcomes only, or one field of the arms (each of them in turn over the runs). */
const arbOnly: fc.Arbitrary<{ cohort?: string[]; arms?: string[] } | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant({ cohort: [], arms: OUTCOMES }),
  fc.constantFrom(...Object.keys(ARM_FIELDS)).map((k) => ({ cohort: [], arms: [k] })),
  fc.constantFrom(...Object.keys(COHORT_FIELDS)).map((k) => ({ cohort: [k], arms: [] })),
);

/** Scenarios: random ones over the validator's whole ranges (most of them extreme), and the default one (every step of the funnel in play). */
const arbBase = fc.oneof(arbFullScenario, fc.constant(structuredClone(defaultScenario)));

const arbPsaFile = fc.tuple(arbBase, fc.integer({ min: 0, max: 2 ** 31 - 1 }), arbOnly).map(([s, seed, only]) => {
  const u = rng(seed);
  const full = s as unknown as { cohort: Json; arms: { commercial: Json; poc: Json }; run: Json };
  return {
    cohort: uncertainSection(full.cohort, COHORT_FIELDS as Record<string, { kind: string }>, u, false, only?.cohort),
    arms: {
      commercial: uncertainSection(full.arms.commercial, ARM_FIELDS as Record<string, { kind: string }>, u, false, only?.arms),
      poc: uncertainSection(full.arms.poc, ARM_FIELDS as Record<string, { kind: string }>, u, true, only?.arms),
    },
    run: { ...full.run, patients: 1000, psa: { draws: 10, patientsPerDraw: 100 } },
  };
});

describe('DrawFrame', () => {
  it('gives the values of drawScenario, draw by draw, in any order (random PSA files)', () => {
    let uncertain = 0;
    let same = 0;
    fc.assert(fc.property(arbPsaFile, (file) => {
      const v = validatePsaScenario(file);
      fc.pre(v.ok);
      const ps = v.scenario!;
      uncertain += ps.parameters.length;
      same += ps.same.length;
      const before = structuredClone(ps.base);
      const frame = new DrawFrame(ps);
      for (const d of [0, 1, 7, 3, 1000, 1, 0, 99_999]) expect(frame.draw(d)).toStrictEqual(drawScenario(ps, d));
      expect(ps.base).toStrictEqual(before);
    }), { numRuns: 300, seed: 15 });
    // The files do draw: many uncertain parameters and "same" fields over the runs.
    expect(uncertain).toBeGreaterThan(300);
    expect(same).toBeGreaterThan(50);
  });

  it('with the exact engine in reused objects (funnels kept while unchanged), gives each draw\'s values bit for bit (random PSA files)', () => {
    const fresh = new Float64Array(EXPECTED_OUTPUT_PATHS.length);
    const reused = new Float64Array(EXPECTED_OUTPUT_PATHS.length);
    let kept = 0;
    fc.assert(fc.property(arbPsaFile, (file) => {
      const v = validatePsaScenario(file);
      fc.pre(v.ok);
      const ps = v.scenario!;
      fc.pre(ps.base.arms.commercial.capacity === undefined && ps.base.arms.poc.capacity === undefined);
      const frame = new DrawFrame(ps);
      const x = scenarioExpectation(frame.draw(0));
      const keys = { commercial: new FunnelKey(), poc: new FunnelKey() };
      for (const d of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1000, 3, 3]) {
        const before = keys.commercial.matches(frame.draw(d).arms.commercial, frame.scenario.cohort, 1);
        if (before) kept++;
        expectedValues(scenarioExpectationInto(frame.draw(d), x, keys), reused);
        expectedValues(scenarioExpectation(drawScenario(ps, d)), fresh);
        expect(Array.from(reused)).toStrictEqual(Array.from(fresh));
        expect(x.arms.poc).toStrictEqual(armExpectation(drawScenario(ps, d).arms.poc, drawScenario(ps, d).cohort));
      }
    }), { numRuns: 300, seed: 16 });
    expect(kept).toBeGreaterThan(200);
  });

  it('repairs each draw as drawScenario does (pCr <= pOrr, pPfs1 <= pOs1, pInSpec + pOos <= 1)', () => {
    const v = validatePsaScenario({
      arms: {
        commercial: { pOrr: { value: 0.5, n: 3 }, pCr: { value: 0.45, n: 3 }, pInSpec: { value: 0.8, n: 4 }, pOos: { value: 0.15, n: 4 } },
        poc: { pOrr: 'same', pCr: 'same', pOs1: { value: 0.5, n: 2 }, pPfs1: { value: 0.45, n: 2 }, pInSpec: 'same', pOos: 'same' },
      },
      run: { psa: { draws: 200, patientsPerDraw: 10 } },
    });
    const ps = v.scenario!;
    const frame = new DrawFrame(ps);
    let repaired = 0;
    for (let d = 0; d < 200; d++) {
      const s = drawScenario(ps, d);
      expect(frame.draw(d)).toStrictEqual(s);
      if (s.arms.poc.pCr === s.arms.poc.pOrr || s.arms.commercial.pInSpec + s.arms.commercial.pOos === 1) repaired++;
    }
    expect(repaired).toBeGreaterThan(20);
  });
});
