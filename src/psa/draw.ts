/**
 * From a PSA scenario to the plain (version 1) scenario of draw d: every uncertain parameter
 * drawn from its own stream of (seed, d, parameter slot), the "same" fields of the poc arm
 * copied from the commercial arm, MODEL.md's repairs, and M patients.
 *
 * Patients: every draw runs the same patients (the patient streams of run.seed), i.e. common
 * random numbers across draws as well as between the arms within a draw. The spread of an
 * output over draws is then the parameters' effect with little Monte Carlo noise added
 * (differences between draws are measured on the same patients); the price is that the
 * inner-loop error of the mean over draws does not shrink with more draws (it is about that
 * of one run of M patients).
 */

import { cloneScenario } from '../scenario/defaults.js';
import type { Arm, Scenario } from '../scenario/types.js';
import { drawParameter, setParameter, type ParameterValue } from './parameter.js';
import { repairScenario } from './repair.js';
import { ParameterStream } from './stream.js';
import type { UncertainParameter } from '../scenario/uncertain.js';
import type { PsaScenario } from './validate.js';
import { NormalSource } from './variates.js';

/** Copies the "same" fields of the poc arm from the commercial arm. */
export function applySame(s: Scenario, same: readonly string[]): void {
  const com = s.arms.commercial as unknown as Record<string, unknown>;
  const poc = s.arms.poc as unknown as Record<string, unknown>;
  for (const key of same) {
    const v = com[key as keyof Arm];
    poc[key] = typeof v === 'object' && v !== null ? { ...v } : v;
  }
}

/** The base case with some parameters set (e.g. one at a percentile for the tornado), "same" applied, repaired, M patients. */
export function scenarioWith(ps: PsaScenario, values: ReadonlyMap<string, ParameterValue>): Scenario {
  const s = cloneScenario(ps.base);
  for (const [path, v] of values) setParameter(s, path, v);
  applySame(s, ps.same);
  repairScenario(s);
  s.run = { patients: ps.run.patientsPerDraw, seed: ps.base.run.seed };
  return s;
}

/** The value of one parameter in draw d of a PSA with `seed` (before "same" and the repairs), from its own stream. */
export function parameterDraw(seed: number, p: UncertainParameter, d: number): ParameterValue {
  return drawParameter(p, new NormalSource(new ParameterStream(seed, d, p.slot)));
}

/** The value of one parameter in draw d (before "same" and the repairs), from its own stream. */
export function drawValue(ps: PsaScenario, p: UncertainParameter, d: number): ParameterValue {
  return parameterDraw(ps.base.run.seed, p, d);
}

/** The parameter values of draw d (before "same" and the repairs), by path. */
export function drawValues(ps: PsaScenario, d: number): Map<string, ParameterValue> {
  const values = new Map<string, ParameterValue>();
  for (const p of ps.parameters) values.set(p.path, drawValue(ps, p, d));
  return values;
}

/** The full scenario of draw d (0-based). */
export function drawScenario(ps: PsaScenario, d: number): Scenario {
  return scenarioWith(ps, drawValues(ps, d));
}
