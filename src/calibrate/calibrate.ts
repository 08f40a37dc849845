/**
 * `calibrate(scenario, { arm, targets, parameters })` (MODEL.md, "Calibration"): the values of
 * the named parameters that bring the arm's exact expectations to the observed targets, by
 * bounded least squares (`solver.ts`) on the exact model (`src/exact`), from the scenario's
 * values. Reported: each parameter's value (and whether a bound or a rule between fields holds
 * it), each target's fitted value and residual (fitted - target), and the kind of fit:
 *
 * - `exact`: every residual below 1e-6 (`determination` says whether there were as many
 *   parameters as targets, more (`underDetermined`: one solution of many, the one the solver
 *   reached from the scenario's values) or fewer (`overDetermined`, consistent targets));
 * - `unreachable`: a residual above 1e-6 with a parameter held at a bound of its range: the
 *   targets named in `unreachable` cannot be reached within the ranges; their smallest
 *   residuals are reported;
 * - `leastSquares`: a residual above 1e-6 at an interior minimum: more targets than the
 *   parameters can move (over-determined, or targets that do not depend on the parameters, see
 *   `rank` and `message`); the fit minimises the sum of squared residuals.
 */

import { armExpectation } from '../exact/arm.js';
import { checkExactScenario } from '../exact/expected.js';
import { cloneScenario, defaultScenario } from '../scenario/defaults.js';
import { nearestName } from '../scenario/nearest.js';
import type { ArmName, Scenario } from '../scenario/types.js';
import { ARM_NAMES } from '../scenario/types.js';
import { resolveScenario, validateScenario } from '../scenario/validate.js';
import { issue, resolveParameters, type CalibrationIssue } from './parameters.js';
import { solveLeastSquares } from './solver.js';
import { TARGETS, TARGET_NAMES, targetNamed } from './targets.js';
import { readOptions } from '../options.js';
import { quote, safeText, showAny } from '../scenario/show.js';

/** Most parameters one calibration fits. */
export const MAX_CALIBRATION_PARAMETERS = 12;
/** Most targets one calibration fits. */
export const MAX_CALIBRATION_TARGETS = 40;
/** A residual below this is a fit (MODEL.md). */
export const EXACT_RESIDUAL = 1e-6;

export interface CalibrationRequest {
  /** The arm whose expectations are fitted. */
  arm: ArmName;
  /** Observed values by target name (`infusedFraction`, `lossAfterApheresis`, `funnel.referred`, ...). */
  targets: Readonly<Record<string, number>>;
  /** Paths of the numbers to fit (`arms.commercial.pReferral`, `cohort.bridgingHazardRatio`, ...). */
  parameters: readonly string[];
}

export interface CalibrationOptions {
  /** Scenario the file is merged onto (default: the defaults; a preset's scenario to start from it). */
  base?: Readonly<Scenario>;
}

export type FitKind = 'exact' | 'leastSquares' | 'unreachable';
export type Determination = 'square' | 'overDetermined' | 'underDetermined';

export interface CalibrationResult {
  arm: ArmName;
  /** The full scenario with the fitted values (valid: it runs as it is). */
  scenario: Scenario;
  parameters: {
    path: string; start: number; value: number; lower: number; upper: number;
    /** `lower` / `upper` where a bound holds the value, `rule` where a rule between two fitted fields does, else null. */
    held: 'lower' | 'upper' | 'rule' | null;
  }[];
  targets: { name: string; target: number; fitted: number; residual: number }[];
  fit: {
    kind: FitKind;
    determination: Determination;
    /** Independent directions in which the parameters move the targets (rank of the Jacobian). */
    rank: number;
    /** Targets not reached (residual above 1e-6) when `kind` is `unreachable` or `leastSquares`. */
    unreachable: string[];
    sumOfSquares: number;
    iterations: number;
    evaluations: number;
    /** The fit in words. */
    message: string;
  };
}

/** Thrown on a request that cannot be calibrated; `issues` lists every fault with its path, value and rule. */
export class CalibrationError extends RangeError {
  override readonly name = 'CalibrationError';
  constructor(readonly issues: CalibrationIssue[]) {
    super(`invalid calibration:\n${issues.map((i) => `  ${i.message}`).join('\n')}`);
  }
}

/** A request as read at the edge: each field, and each target's value, read once. */
interface ReadRequest {
  /** Undefined when the request names no known arm. */
  arm?: ArmName;
  targets: [string, number][];
  parameters: string[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Reads a request once (a getter is called once, and what it gave is what is checked and
 * fitted): a TypeError when it is not an object of the known fields, else every fault as an
 * issue (thrown together by `calibrate`).
 */
function readRequest(request: unknown): ReadRequest & { issues: CalibrationIssue[] } {
  if (!isPlainObject(request)) throw new TypeError(`calibrate: the request must be an object { arm, targets, parameters }; got ${showAny(request)}`);
  const known = ['arm', 'targets', 'parameters'];
  const fields: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(request)) {
    if (typeof key === 'symbol' || !known.includes(key)) {
      const near = typeof key === 'string' ? nearestName(key, known) : undefined;
      throw new TypeError(`calibrate: unknown field ${typeof key === 'symbol' ? 'a symbol key' : quote(key)} of the request${near ? ` (did you mean ${near}?)` : ''}; its fields are ${known.join(', ')}`);
    }
    fields[key] = request[key];
  }
  const out: CalibrationIssue[] = [];
  const arm = fields.arm;
  if (typeof arm !== 'string' || !(ARM_NAMES as readonly string[]).includes(arm)) {
    out.push(issue('arm', undefined, `must be one of ${ARM_NAMES.join(', ')}; got ${showAny(arm)}`));
  }
  const targets: [string, number][] = [];
  const given = fields.targets;
  if (given !== undefined && !isPlainObject(given)) {
    out.push(issue('targets', undefined, `must be an object of observed values by target name (e.g. { infusedFraction: 0.17 }); got ${showAny(given)}`));
  } else if (given !== undefined) {
    for (const key of Reflect.ownKeys(given)) {
      if (typeof key === 'symbol') {
        out.push(issue('targets', undefined, 'a symbol key is not a target name'));
        continue;
      }
      targets.push([key, given[key] as number]);
    }
  }
  if (targets.length === 0 && out.every((i) => i.path !== 'targets')) {
    out.push(issue('targets', undefined, `at least one target is needed (e.g. infusedFraction=0.17); targets: ${TARGET_NAMES.join(', ')}`));
  }
  if (targets.length > MAX_CALIBRATION_TARGETS) out.push(issue('targets', undefined, `at most ${MAX_CALIBRATION_TARGETS} targets; got ${targets.length}`));
  for (const [name, v] of targets) {
    const spec = targetNamed(name);
    if (!spec) {
      const near = nearestName(name, TARGET_NAMES);
      out.push(issue(safeText(name), undefined, `unknown target${near ? ` (did you mean ${near}?)` : ''}; targets: infusedFraction, lossAfterApheresis, manufacturingFailure, or funnel.*, lost.*, manufacturing.* per eligible patient`));
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.min || v > spec.max) {
      out.push(issue(name, undefined, `must be a number in [${spec.min}, ${spec.max}] (${spec.doc}); got ${showAny(v)}`));
    }
  }
  const parameters: string[] = [];
  const list = fields.parameters;
  if (list !== undefined && !Array.isArray(list)) {
    out.push(issue('parameters', undefined, `must be an array of parameter paths (e.g. ["arms.${typeof arm === 'string' && (ARM_NAMES as readonly string[]).includes(arm) ? arm : 'poc'}.pReferral"]); got ${showAny(list)}`));
  } else if (list !== undefined) {
    const copy = Array.from(list as unknown[]);
    copy.forEach((p, i) => {
      if (typeof p === 'string') parameters.push(p);
      else out.push(issue(`parameters[${i}]`, undefined, `must be a parameter path (a string); got ${showAny(p)}`));
    });
    if (copy.length > MAX_CALIBRATION_PARAMETERS) {
      out.push(issue('parameters', undefined, `at most ${MAX_CALIBRATION_PARAMETERS} parameters can be fitted at once; got ${copy.length}`));
    }
  }
  if (parameters.length === 0 && out.every((i) => !i.path.startsWith('parameters'))) {
    out.push(issue('parameters', undefined, `at least one parameter to fit is needed (e.g. arms.${typeof arm === 'string' && (ARM_NAMES as readonly string[]).includes(arm) ? arm : 'poc'}.pReferral)`));
  }
  const armName = typeof arm === 'string' && (ARM_NAMES as readonly string[]).includes(arm) ? arm as ArmName : undefined;
  return { arm: armName, targets, parameters: parameters.length <= MAX_CALIBRATION_PARAMETERS ? parameters : [], issues: out };
}

/** Rank of a small matrix (m rows of n) by Gram-Schmidt on its columns, relative tolerance 1e-7. */
function rankOf(J: number[][], n: number): number {
  const cols: number[][] = [];
  const norm = (v: number[]) => Math.sqrt(v.reduce((t, x) => t + x * x, 0));
  const biggest = Math.max(1e-300, ...Array.from({ length: n }, (_, k) => norm(J.map((row) => row[k]))));
  for (let k = 0; k < n; k++) {
    let v = J.map((row) => row[k]);
    for (const q of cols) {
      const d = v.reduce((t, x, i) => t + x * q[i], 0);
      v = v.map((x, i) => x - d * q[i]);
    }
    const nv = norm(v);
    if (nv > 1e-7 * biggest) cols.push(v.map((x) => x / nv));
  }
  return cols.length;
}

/**
 * Fits the named parameters of a scenario file (merged onto the defaults, or `options.base`)
 * to the observed targets of one arm. Throws a `ScenarioError` for an invalid scenario and a
 * `CalibrationError` (with every fault) for a bad request: an unknown target or parameter, a
 * target outside its possible range, a parameter that is not a number of the arm or cohort,
 * too many parameters.
 */
export function calibrate(scenario: unknown, request: CalibrationRequest, options: CalibrationOptions = {}): CalibrationResult {
  const o = readOptions(options, ['base'], 'calibrate');
  const start = resolveScenario(scenario, (Object.hasOwn(o, 'base') ? o.base : defaultScenario) as Scenario);
  checkExactScenario(start);
  const read = readRequest(request);
  const { arm, issues } = read;
  const resolved = arm ? resolveParameters(start, arm, read.parameters) : { issues: [] };
  issues.push(...resolved.issues);
  if (!arm || issues.length > 0 || !('problem' in resolved) || !resolved.problem) throw new CalibrationError(issues);
  const { parameters, pairs } = resolved.problem;
  const names = read.targets.map(([n]) => n);
  const specs = names.map((n) => TARGETS[n]);
  const goal = read.targets.map(([, v]) => v);
  const targetOf = (n: string) => goal[names.indexOf(n)];

  const work = cloneScenario(start);
  const apply = (x: readonly number[]) => {
    parameters.forEach((p, k) => p.set(work, x[k]));
  };
  const fitted = (x: readonly number[]) => {
    apply(x);
    const e = armExpectation(work.arms[arm], work.cohort);
    return specs.map((t) => t.value(e));
  };
  const x0 = parameters.map((p) => p.get(start));
  const solution = solveLeastSquares({
    residuals: (x) => fitted(x).map((v, i) => v - goal[i]),
    lower: parameters.map((p) => p.lower),
    upper: parameters.map((p) => p.upper),
    pairs,
    scale: parameters.map((p) => p.scale),
  }, x0);

  const x = solution.x;
  apply(x);
  const out = cloneScenario(work);
  const check = validateScenario(out, out);
  if (!check.ok) {
    throw new CalibrationError(check.errors.map((e) => issue(e.path, e.value, `the fitted value breaks a rule of the scenario: ${e.rule}`)));
  }
  const values = fitted(x);
  const residuals = values.map((v, i) => v - goal[i]);
  const held = parameters.map((p, k): CalibrationResult['parameters'][number]['held'] => {
    const tol = 1e-9 * p.scale;
    if (x[k] <= p.lower + tol && p.lower > -Infinity) return 'lower';
    if (x[k] >= p.upper - tol) return 'upper';
    const c = pairs.find((q) => q.i === k || q.j === k);
    if (c && Math.abs(c.ai * x[c.i] + c.aj * x[c.j] - c.b) <= 1e-9 * Math.max(1, Math.abs(c.b), parameters[c.i].scale)) return 'rule';
    return null;
  });
  const rank = rankOf(solution.jacobian, parameters.length);
  const bad = names.filter((_, i) => !(Math.abs(residuals[i]) < EXACT_RESIDUAL));
  const determination: Determination = parameters.length === names.length ? 'square'
    : parameters.length > names.length ? 'underDetermined' : 'overDetermined';
  let kind: FitKind;
  let message: string;
  const heldText = parameters.map((p, k) => (held[k] === 'lower' || held[k] === 'upper' ? `${p.path} at its ${held[k]} bound ${x[k]}`
    : held[k] === 'rule' ? `${p.path} held by a rule between fields (${x[k]})` : null)).filter((t) => t !== null);
  const badText = bad.map((n) => `${n} (target ${targetOf(n)}, best ${values[names.indexOf(n)]}, residual ${residuals[names.indexOf(n)]})`);
  if (bad.length === 0) {
    kind = 'exact';
    message = determination === 'square' ? 'exact fit: every target reached (as many parameters as targets)'
      : determination === 'underDetermined' ? 'exact fit, under-determined: every target reached, but more parameters than targets (this is one solution of many, the one reached from the scenario\'s values)'
        : 'exact fit of consistent targets (over-determined: fewer parameters than targets)';
  } else if (heldText.length > 0) {
    kind = 'unreachable';
    message = `not reachable within the parameters' ranges: ${badText.join('; ')}; held: ${heldText.join('; ')}`;
  } else {
    kind = 'leastSquares';
    const rowNorm = (i: number) => Math.hypot(...solution.jacobian[i].map((v, k) => v * parameters[k].scale));
    const biggest = Math.max(...names.map((_, i) => rowNorm(i)));
    const flat = names.filter((_, i) => rowNorm(i) <= 1e-7 * biggest);
    message = `least squares: ${badText.join('; ')}`
      + (determination === 'overDetermined' ? ' (more targets than parameters)' : '')
      + (rank < Math.min(names.length, parameters.length) ? `; the parameters move the targets in ${rank} independent direction${rank === 1 ? '' : 's'} only` : '')
      + (flat.length > 0 ? `; ${flat.join(', ')} ${flat.length === 1 ? 'does' : 'do'} not depend on any parameter fitted` : '');
  }
  return {
    arm,
    scenario: out,
    parameters: parameters.map((p, k) => ({ path: p.path, start: x0[k], value: x[k], lower: p.lower, upper: p.upper, held: held[k] })),
    targets: names.map((name, i) => ({ name, target: goal[i], fitted: values[i], residual: residuals[i] })),
    fit: {
      kind,
      determination,
      rank,
      unreachable: bad,
      sumOfSquares: residuals.reduce((t, r) => t + r * r, 0),
      iterations: solution.iterations,
      evaluations: solution.evaluations,
      message,
    },
  };
}
