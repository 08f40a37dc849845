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

/** A field of a frame's scenario: its object (the frame's own copy of the cohort or an arm) and key. */
interface FrameField {
  node: Record<string, unknown>;
  key: string;
}

/**
 * A shallow copy built key by key from an empty object (not by spread, which would share the
 * base case's object layout): its layout then settles, from one PSA to the next, on fields
 * that hold the drawn numbers in place (measured: half the allocation per draw of a copy by
 * spread, in a second PSA of the same file).
 */
function ownCopy<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) out[key] = (o as Record<string, unknown>)[key];
  return out as T;
}

/**
 * The scenarios of a PSA's draws, one at a time, in one scenario object that each draw
 * overwrites: the same values as `drawScenario(ps, d)` (test/psa-frame.test.ts), without a
 * copy of the base case and a map of values per draw. For a caller that is done with a draw's
 * scenario before it asks for the next one and never changes it (the exact PSA). The cohort and
 * both arms are copied once, shallowly: their nested objects (durations) are the base case's,
 * never written (a drawn duration is a new object). Each draw sets the parameters in order,
 * then "same", then the repairs, as `scenarioWith` does; a field the repairs may change
 * (`repair.ts`: pCr, pPfs1, pInSpec, pOos) is first put back to its base value (every other
 * field a draw writes, it writes in every draw).
 */
export class DrawFrame {
  readonly scenario: Scenario;
  private readonly stream: ParameterStream;
  private readonly normals: NormalSource;
  private readonly targets: FrameField[];

  constructor(private readonly ps: PsaScenario) {
    const b = ps.base;
    const s: Scenario = {
      ...b,
      cohort: ownCopy(b.cohort),
      arms: { ...b.arms, commercial: ownCopy(b.arms.commercial), poc: ownCopy(b.arms.poc) },
      run: { patients: ps.run.patientsPerDraw, seed: b.run.seed },
    };
    this.scenario = s;
    const sections: Record<string, unknown> = {
      cohort: s.cohort, 'arms.commercial': s.arms.commercial, 'arms.poc': s.arms.poc,
    };
    this.targets = ps.parameters.map((p) => {
      const cut = p.path.lastIndexOf('.');
      const node = sections[p.path.slice(0, cut)] as Record<string, unknown> | undefined;
      if (!node) throw new Error(`${p.path}: not a field of the cohort or an arm`);
      return { node, key: p.path.slice(cut + 1) };
    });
    this.stream = new ParameterStream(b.run.seed, 0, 0);
    this.normals = new NormalSource(this.stream);
  }

  /** The scenario of draw d (0-based): `this.scenario`, overwritten. */
  draw(d: number): Scenario {
    const { ps, stream, normals, targets } = this;
    const s = this.scenario;
    const com = s.arms.commercial;
    const poc = s.arms.poc;
    const baseCom = ps.base.arms.commercial;
    const basePoc = ps.base.arms.poc;
    com.pCr = baseCom.pCr;
    com.pPfs1 = baseCom.pPfs1;
    com.pInSpec = baseCom.pInSpec;
    com.pOos = baseCom.pOos;
    poc.pCr = basePoc.pCr;
    poc.pPfs1 = basePoc.pPfs1;
    poc.pInSpec = basePoc.pInSpec;
    poc.pOos = basePoc.pOos;
    const parameters = ps.parameters;
    for (let i = 0; i < parameters.length; i++) {
      const p = parameters[i];
      stream.restart(d, p.slot);
      normals.restart();
      targets[i].node[targets[i].key] = drawParameter(p, normals);
    }
    const same = ps.same;
    const from = com as unknown as Record<string, unknown>;
    const to = poc as unknown as Record<string, unknown>;
    for (let i = 0; i < same.length; i++) to[same[i]] = from[same[i]];
    repairScenario(s);
    return s;
  }
}
