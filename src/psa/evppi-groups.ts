/**
 * The `evppi` option of a PSA: named groups of uncertain parameters, checked against the PSA
 * scenario before anything runs, and their EVPPI curves from the draws (`evppi.ts`).
 */

import { ARM_FIELDS, COHORT_FIELDS } from '../scenario/fields.js';
import { kindOf, quote, safeText } from '../scenario/show.js';
import { parameterDraw } from './draw.js';
import { DRAWS_PER_TERM, EVPPI_METHOD, MAX_EVPPI_TERMS, evppiBasis, evppiFromDraws, evppiOfFit } from './evppi.js';
import { polynomialFit, polynomialTerms } from './regression.js';
import type { PsaResult } from './result.js';
import type { UncertainParameter } from '../scenario/uncertain.js';
import type { PsaScenario } from './validate.js';

/** A group of parameters whose EVPPI is wanted: a name of your choice and parameter paths (`arms.commercial.pOs1`). */
export interface EvppiGroup {
  name: string;
  parameters: readonly string[];
}

/** The EVPPI of one group over the result's WTP grid. */
export interface EvppiCurve {
  name: string;
  /** The group's parameter paths, as given. */
  parameters: string[];
  /** How it was estimated (see `evppi.ts`). */
  method: string;
  /** Total degree of the polynomial (3, or 2 when the draws are too few for the cubic). */
  degree: number;
  /** Terms of the polynomial, the constant included. */
  terms: number;
  /** Expected value of partial perfect information per cohort, at each WTP of the result's `wtp`. */
  evppi: number[];
}

/** A checked group: its parameters resolved and its basis chosen. */
export interface ResolvedGroup {
  name: string;
  parameters: UncertainParameter[];
  degree: number;
  terms: number;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value for a message: numbers and strings as written (strings cut and escaped), a duration as JSON, anything else by kind. */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (isPlainObject(v) && typeof v.median === 'number' && typeof v.p90 === 'number') return JSON.stringify({ median: v.median, p90: v.p90 });
  return kindOf(v);
}

/** The value at a field path of the base scenario, or undefined when the path is not a cohort or arm field. */
function fieldValue(ps: PsaScenario, path: string): { found: boolean; value?: unknown } {
  const m = /^(?:cohort|arms\.(commercial|poc))\.([A-Za-z0-9]+)$/.exec(path);
  if (!m) return { found: false };
  const [, arm, key] = m;
  const fields = arm === undefined ? COHORT_FIELDS : ARM_FIELDS;
  if (!Object.hasOwn(fields, key)) return { found: false };
  const section = (arm === undefined ? ps.base.cohort : ps.base.arms[arm as 'commercial' | 'poc']) as unknown as Record<string, unknown>;
  return { found: true, value: section[key] };
}

/** The uncertain parameters' paths, for messages (the first few). */
function uncertainList(ps: PsaScenario): string {
  if (ps.parameters.length === 0) return 'this PSA has none';
  const paths = ps.parameters.map((p) => p.path);
  return `this PSA's are ${paths.slice(0, 8).join(', ')}${paths.length > 8 ? `, ... (${paths.length} in all)` : ''}`;
}

/**
 * The groups of the `evppi` option, checked against the PSA scenario: every violation at once
 * (unknown parameter path, a parameter that is not uncertain, an empty group, too few draws
 * for the basis, ...), each on its own line starting with `evppi`, naming the group, the
 * parameter path, its value and the rule, in one RangeError.
 */
export function resolveEvppiGroups(ps: PsaScenario, option: unknown): ResolvedGroup[] {
  if (option === undefined) return [];
  const errors: string[] = [];
  if (!Array.isArray(option)) {
    throw new RangeError(`evppi: must be an array of groups { name, parameters: [parameter paths] }; got ${show(option)}`);
  }
  const byPath = new Map(ps.parameters.map((p) => [p.path, p]));
  const names = new Set<string>();
  const out: ResolvedGroup[] = [];
  option.forEach((g: unknown, i) => {
    if (!isPlainObject(g)) {
      errors.push(`evppi[${i}]: must be a group { name, parameters: [parameter paths] }; got ${show(g)}`);
      return;
    }
    const name = g.name;
    if (typeof name !== 'string' || name.trim() === '') {
      errors.push(`evppi[${i}].name: must be a non-empty string; got ${show(name)}`);
      return;
    }
    const where = `evppi ${quote(name)}`;
    if (names.has(name)) errors.push(`${where}: the name is used by an earlier group; names must differ`);
    names.add(name);
    const paths = g.parameters;
    if (!Array.isArray(paths)) {
      errors.push(`${where}: parameters must be an array of parameter paths such as arms.commercial.pOs1; got ${show(paths)}`);
      return;
    }
    if (paths.length === 0) {
      errors.push(`${where}: the group is empty; it must name at least one uncertain parameter (${uncertainList(ps)})`);
      return;
    }
    const group: UncertainParameter[] = [];
    const seen = new Set<string>();
    for (const path of paths as unknown[]) {
      if (typeof path !== 'string') {
        errors.push(`${where}: a parameter path must be a string such as arms.commercial.pOs1; got ${show(path)}`);
        continue;
      }
      if (seen.has(path)) {
        errors.push(`${where}: ${safeText(path)}: listed twice; each parameter once`);
        continue;
      }
      seen.add(path);
      const p = byPath.get(path);
      if (p) {
        group.push(p);
        continue;
      }
      const f = fieldValue(ps, path);
      const key = path.split('.').pop() as string;
      if (!f.found) {
        errors.push(`${where}: ${quote(path)}: unknown parameter path; must be a field of the cohort or an arm (cohort.NAME, arms.commercial.NAME, arms.poc.NAME) that is uncertain (${uncertainList(ps)})`);
      } else if (path.startsWith('arms.poc.') && ps.same.includes(key)) {
        errors.push(`${where}: ${path}: is "same" (it takes the commercial arm's value in every draw, so it is no parameter of its own); name arms.commercial.${key} instead`);
      } else {
        errors.push(`${where}: ${path}: is fixed at ${show(f.value)} in every draw; a group may hold only uncertain parameters, with a distribution in the scenario file (${uncertainList(ps)})`);
      }
    }
    if (group.length !== paths.length) return;
    const S = ps.run.draws;
    const basis = evppiBasis(group.length, S);
    if (!basis) {
      const terms = polynomialTerms(group.length, 2);
      if (terms > MAX_EVPPI_TERMS) {
        errors.push(`${where}: ${group.length} parameters are too many: their quadratic has ${terms} terms, more than ${MAX_EVPPI_TERMS}; split the group`);
      } else {
        errors.push(`${where}: too few draws for the regression: ${group.length === 1 ? '1 parameter needs' : `${group.length} parameters need`} at least ${terms * DRAWS_PER_TERM} draws (a quadratic of ${terms} terms, ${DRAWS_PER_TERM} draws per term); got run.psa.draws = ${S}`);
      }
      return;
    }
    out.push({ name, parameters: group, ...basis });
  });
  if (errors.length > 0) throw new RangeError(errors.join('\n'));
  return out;
}

/**
 * A parameter's values over the draws, as the regression's variable. Any one-to-one function
 * of the parameter gives the same E[INB | theta], but a polynomial fits it better, and no draw
 * outweighs the rest, when the variable is not heavy-tailed: a log-normal quantity enters as
 * its logarithm (a normal), a duration as the logarithm of its median (its draw scales median
 * and p90 by one factor), a probability as drawn.
 */
export function regressorValues(ps: PsaScenario, p: UncertainParameter): Float64Array {
  return regressorOf(ps.base.run.seed, ps.run.draws, p);
}

function regressorOf(seed: number, draws: number, p: UncertainParameter): Float64Array {
  const x = new Float64Array(draws);
  for (let d = 0; d < x.length; d++) {
    const v = parameterDraw(seed, p, d);
    x[d] = typeof v === 'number' ? (p.distribution === 'logNormal' ? Math.log(v) : v) : Math.log(v.median);
  }
  return x;
}

/** One uncertain parameter alone: its EVPPI per cohort at any willingness to pay. */
export interface ParameterEvppi {
  parameter: string;
  at(wtp: number): number;
}

/**
 * The EVPPI of each uncertain parameter alone, from a PSA's result (its seed, draws and
 * cost-effectiveness plane): one regression per parameter, made here, after which `at(wtp)`
 * costs one pass over the draws. Empty when the draws are too few for the regression.
 */
export function parameterEvppi(r: PsaResult): ParameterEvppi[] {
  const S = r.psa.draws;
  const basis = evppiBasis(1, S);
  if (!basis) return [];
  const dAlive = r.effect === 'qalys' ? r.cePlane.extraQalys : r.cePlane.extraAlive1y;
  const dCost = r.cePlane.extraCost;
  return r.parameters.map((p) => {
    const [gAlive, gCost] = polynomialFit([regressorOf(r.seed, S, p)], [dAlive, dCost], basis.degree);
    return { parameter: p.path, at: (wtp: number) => evppiOfFit(gAlive, gCost, wtp) };
  });
}

/** The EVPPI curves of the groups, from the draws' differences (poc minus commercial) in patients alive at one year and in total cost. */
export function evppiCurves(
  ps: PsaScenario, groups: readonly ResolvedGroup[], dAlive: ArrayLike<number>, dCost: ArrayLike<number>, wtp: readonly number[],
): EvppiCurve[] {
  const cache = new Map<string, Float64Array>();
  const values = (p: UncertainParameter) => {
    let x = cache.get(p.path);
    if (!x) cache.set(p.path, (x = regressorValues(ps, p)));
    return x;
  };
  return groups.map((g) => ({
    name: g.name,
    parameters: g.parameters.map((p) => p.path),
    method: EVPPI_METHOD,
    degree: g.degree,
    terms: g.terms,
    evppi: evppiFromDraws(g.parameters.map(values), dAlive, dCost, wtp, g.degree),
  }));
}
