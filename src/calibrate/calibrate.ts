/**
 * `calibrate(scenario, { arm, targets, parameters })` (MODEL.md, "Calibration"): the values of
 * the named parameters that bring the arm's exact expectations to the observed targets, by
 * bounded least squares (`solver.ts`) on the exact model (`src/exact`), from the scenario's
 * values. Reported: each parameter's value, its range with why each bound is there (the
 * field's valid range, or a rule with a field that is not fitted), whether a bound or a rule
 * holds it, and whether it lies outside the range the sources make plausible; each target's
 * fitted value and residual (fitted - target); the rank of the Jacobian and, where it is below
 * the number of parameters, which combinations the targets identify; and the kind of fit:
 *
 * - `exact`: every residual below 1e-6 (`determination` says whether there were as many
 *   parameters as targets, more (`underDetermined`: one solution of many, the one the solver
 *   reached from the scenario's values) or fewer (`overDetermined`, consistent targets));
 * - `unreachable`: converged with a residual above 1e-6 and a bound or rule holding a
 *   parameter (the gradient pushes against it): the targets named in `unreachable` cannot be
 *   reached within the ranges; their smallest residuals are reported;
 * - `leastSquares`: converged with a residual above 1e-6 at a minimum no bound holds: more
 *   targets than the parameters can move (over-determined, or targets that do not depend on
 *   the parameters, see `rank` and `message`); the fit minimises the sum of squared residuals;
 * - `notConverged`: a residual above 1e-6 and the solver stopped before the first-order test
 *   held (the iteration cap, or no step decreased the residuals while the projected gradient
 *   was not small): the values are the last iterate, not a minimum.
 */

import { armExpectation } from '../exact/arm.js';
import { checkExactScenario } from '../exact/expected.js';
import { cloneScenario, defaultScenario } from '../scenario/defaults.js';
import type { ArmName, Scenario } from '../scenario/types.js';
import { resolveScenario, validateScenario } from '../scenario/validate.js';
import { issue, resolveParameters, type CalibrationIssue } from './parameters.js';
import { solveLeastSquares, type StopReason } from './solver.js';
import { plausibleRange } from './plausible.js';
import { binomialLogLikelihood, devianceResidual, fisherInformation, inverseSpd, transformedInterval } from './likelihood.js';
import { TARGETS, isPartOf } from './targets.js';
import { readOptions } from '../options.js';
import { showAny } from '../scenario/show.js';
import { readRequest, type TargetCount } from './request.js';
import { identification, identifiedWords, shareJacobian } from './identify.js';

export { MAX_CALIBRATION_PARAMETERS, MAX_CALIBRATION_TARGETS, MAX_COUNT_OF, type TargetCount } from './request.js';

/** A residual below this is a fit (MODEL.md). */
export const EXACT_RESIDUAL = 1e-6;

/** The two-sided normal quantile of the 95% intervals. */
const Z95 = 1.959963984540054;

export interface CalibrationRequest {
  /** The arm whose expectations are fitted. */
  arm: ArmName;
  /**
   * Observed values by target name (`perEligible.infused`, `perFunded.anyManufacturingFailure`,
   * ... or an older alias such as `infusedFraction`): each a number (the share or mean count;
   * fitted by least squares), or, for a share of patients, counts `{ count: 38, of: 981 }`
   * (fitted by maximum likelihood, with an interval per parameter). Every target is a number,
   * or every one is counts: a mix is refused.
   */
  targets: Readonly<Record<string, number | TargetCount>>;
  /** Paths of the numbers to fit (`arms.commercial.pReferral`, `cohort.bridgingHazardRatio`, ...). */
  parameters: readonly string[];
}

export interface CalibrationOptions {
  /** Scenario the file is merged onto (default: the defaults; a preset's scenario to start from it). */
  base?: Readonly<Scenario>;
  /** The solver's iteration cap (an integer from 1 to 10000; default 300); a fit stopped by it is `notConverged`. */
  maxIterations?: number;
}

export type FitKind = 'exact' | 'leastSquares' | 'maximumLikelihood' | 'unreachable' | 'notConverged';
/** How the targets are weighed: values by least squares, counts by their binomial likelihood. */
export type FitMethod = 'leastSquares' | 'maximumLikelihood';
export type Determination = 'square' | 'overDetermined' | 'underDetermined';

export interface CalibrationResult {
  arm: ArmName;
  /** The full scenario with the fitted values (valid: it runs as it is). */
  scenario: Scenario;
  parameters: {
    path: string; start: number; value: number; lower: number; upper: number;
    /** Why each bound is there: the field's valid range, or a rule with a field that is not fitted (`median <= p90, with the p90 35 not fitted`). */
    lowerWhy: string; upperWhy: string;
    /** Whether each bound comes from a rule with a field that is not fitted (else it is the field's own range). */
    lowerByRule: boolean; upperByRule: boolean;
    /**
     * `lower` / `upper` where a bound holds the value, `rule` where a rule between two fitted
     * fields does (the value is there and the residuals' gradient pushes against it), else null.
     */
    held: 'lower' | 'upper' | 'rule' | null;
    /** What holds it, in words (the bound and why it is there, or the rule), or null. */
    heldWhy: string | null;
    /** The range the sources make plausible (src/calibrate/plausible.ts), or null where they give none. */
    plausible: { low: number; high: number; basis: string } | null;
    /** Whether the fitted value lies outside `plausible`. */
    implausible: boolean;
    /**
     * With count targets: the approximate 95% interval (see `fit.intervals`) and the standard
     * error at the fit; null for a fit of values, or where the counts do not identify the
     * parameters (`fit.intervals` says why).
     */
    interval: { low: number; high: number; se: number } | null;
  }[];
  /**
   * Each target as given (an alias keeps its name; `means` is the target it names), the value
   * observed (`count / of` for counts), the fitted value and the residual (fitted - target).
   */
  targets: { name: string; means: string; target: number; count: number | null; of: number | null; fitted: number; residual: number }[];
  fit: {
    kind: FitKind;
    /** Values: least squares; counts: maximum likelihood (binomial). */
    method: FitMethod;
    /** With counts: the binomial log-likelihood at the fit (sum over targets of ln C(of, count) + count ln p + (of - count) ln(1 - p)), else null. */
    logLikelihood: number | null;
    /** With counts: the deviance (twice the log-likelihood ratio to a perfect fit of every share; about chi-square with targets - rank degrees of freedom), else null. */
    deviance: number | null;
    /** With counts: what the parameters' intervals are, in words (or why there are none); null for a fit of values. */
    intervals: string | null;
    determination: Determination;
    /** Independent directions in which the parameters move the targets (rank of the Jacobian). */
    rank: number;
    /**
     * Where the rank is below the number of parameters: the directions in which the parameters
     * can move together without changing any target (near the fit), each as the change of each
     * parameter involved in its own units; and in words, what the targets identify.
     */
    unidentified: { path: string; change: number }[][];
    identified: string | null;
    /** Targets not reached (residual above 1e-6) when `kind` is `unreachable` or `leastSquares`. */
    unreachable: string[];
    sumOfSquares: number;
    iterations: number;
    evaluations: number;
    /** Whether the solver's first-order test held (or the residuals vanished); false for `notConverged`. */
    converged: boolean;
    /** Why the solver stopped: `residuals` (all vanished), `gradient` (first-order test), `noDescent` (no step decreased them), `iterations` (the cap). */
    stop: StopReason;
    /** The first-order measure at the fit: the projected gradient step, per parameter, over |J_k| |r| (0 at a minimum; the test is 1e-7). */
    optimality: number;
    /** Notes on fitted values outside the ranges the sources make plausible, and on count targets that count the same patients twice. */
    notes: string[];
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

/**
 * Fits the named parameters of a scenario file (merged onto the defaults, or `options.base`)
 * to the observed targets of one arm. Throws a `ScenarioError` for an invalid scenario and a
 * `CalibrationError` (with every fault) for a bad request: an unknown target or parameter, a
 * target outside its possible range, a parameter that is not a number of the arm or cohort,
 * too many parameters.
 */
export function calibrate(scenario: unknown, request: CalibrationRequest, options: CalibrationOptions = {}): CalibrationResult {
  const o = readOptions(options, ['base', 'maxIterations'], 'calibrate');
  const maxIterations = o.maxIterations;
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && (maxIterations as number) >= 1 && (maxIterations as number) <= 10000)) {
    throw new RangeError(`calibrate: maxIterations must be an integer from 1 to 10000; got ${showAny(maxIterations)}`);
  }
  const start = resolveScenario(scenario, (Object.hasOwn(o, 'base') ? o.base : defaultScenario) as Scenario);
  checkExactScenario(start);
  const read = readRequest(request);
  const { arm, issues } = read;
  const resolved = arm ? resolveParameters(start, arm, read.parameters) : { issues: [] };
  issues.push(...resolved.issues);
  if (!arm || issues.length > 0 || !('problem' in resolved) || !resolved.problem) throw new CalibrationError(issues);
  const { parameters, pairs, pairRules } = resolved.problem;
  const names = read.targets.map(([n]) => n);
  const specs = names.map((n) => TARGETS[n]);
  const goal = read.targets.map(([, v]) => v);
  const counts = read.targets.map(([, , c]) => c);
  const method: FitMethod = counts.some((c) => c !== null) ? 'maximumLikelihood' : 'leastSquares';
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
    // Counts: the signed deviance residuals (their squares sum to the deviance; see likelihood.ts).
    residuals: method === 'leastSquares' ? (x) => fitted(x).map((v, i) => v - goal[i])
      : (x) => fitted(x).map((v, i) => devianceResidual((counts[i] as TargetCount).count, (counts[i] as TargetCount).of, v)),
    lower: parameters.map((p) => p.lower),
    upper: parameters.map((p) => p.upper),
    pairs,
    scale: parameters.map((p) => p.scale),
  }, x0, { maxIterations: maxIterations as number | undefined });

  const x = solution.x;
  apply(x);
  const out = cloneScenario(work);
  const check = validateScenario(out, out);
  if (!check.ok) {
    throw new CalibrationError(check.errors.map((e) => issue(e.path, e.value, `the fitted value breaks a rule of the scenario: ${e.rule}`)));
  }
  const values = fitted(x);
  const residuals = values.map((v, i) => v - goal[i]);
  const { binding } = solution;
  const held = parameters.map((_, k): CalibrationResult['parameters'][number]['held'] => {
    const pair = pairs.findIndex((q) => q.i === k || q.j === k);
    if (pair >= 0 && binding.pairs[pair]) return 'rule';
    if (binding.lower[k]) return 'lower';
    if (binding.upper[k]) return 'upper';
    return null;
  });
  const heldWhy = parameters.map((p, k) => {
    switch (held[k]) {
      case 'lower': return `at its lower bound ${x[k]} (${p.lowerWhy})`;
      case 'upper': return `at its upper bound ${x[k]} (${p.upperWhy})`;
      case 'rule': return `held by the rule ${pairRules[pairs.findIndex((q) => q.i === k || q.j === k)]}`;
      default: return null;
    }
  });
  const plausible = parameters.map((p) => plausibleRange(p.path) ?? null);
  const implausible = parameters.map((_, k) => {
    const range = plausible[k];
    return range !== null && (x[k] < range.low || x[k] > range.high);
  });
  const notes = parameters.flatMap((p, k) => (implausible[k]
    ? [`${p.path} = ${Number(x[k].toPrecision(6))} lies outside the plausible range ${plausible[k]?.low} to ${plausible[k]?.high} (${plausible[k]?.basis}): check the targets and the parameters chosen`]
    : []));
  // Identification: the Jacobian in the parameters' scales, its rank and null space.
  const Ju = solution.jacobian.map((row) => row.map((v, k) => v * parameters[k].scale));
  const { rank, nullSpace } = identification(Ju, parameters.length);
  const unidentified = nullSpace.map((v) => {
    // In each parameter's units, the largest change 1 of its scale; components below 1e-3 of it dropped.
    const big = Math.max(...v.map(Math.abs));
    return v.map((c, k) => ({ path: parameters[k].path, change: Number(((c / big) * parameters[k].scale).toPrecision(6)), value: x[k], size: Math.abs(c) / big }))
      .filter((d) => d.size >= 1e-3);
  });
  const identified = rank < parameters.length ? identifiedWords(unidentified, parameters.length, rank) : null;
  // Counts: each parameter's interval from the Fisher information at the fit (likelihood.ts).
  let intervals: ({ low: number; high: number; se: number } | null)[] = parameters.map(() => null);
  let intervalWords: string | null = null;
  let logLikelihood: number | null = null;
  let deviance: number | null = null;
  if (method === 'maximumLikelihood') {
    const cs = counts as TargetCount[];
    logLikelihood = values.reduce((t, p, i) => t + binomialLogLikelihood(cs[i].count, cs[i].of, p), 0);
    deviance = solution.residuals.reduce((t, r) => t + r * r, 0);
    const Jp = shareJacobian(fitted, x, parameters.map((p) => p.lower), parameters.map((p) => p.upper), parameters.map((p) => p.scale));
    const cov = rank === parameters.length ? inverseSpd(fisherInformation(Jp, values, cs.map((c) => c.of))) : null;
    if (cov === null) {
      intervalWords = `no intervals: the counts do not identify every parameter (the targets move them in ${rank} independent direction${rank === 1 ? '' : 's'} of ${parameters.length})`;
    } else {
      intervals = parameters.map((p, k) => {
        const se = Math.sqrt(Math.max(0, cov[k][k]));
        if (!Number.isFinite(se)) return null;
        return { ...transformedInterval(x[k], se, p.lower, p.upper, Z95), se };
      });
      intervalWords = 'approximate 95% intervals: Wald intervals from the expected Fisher information of the binomial likelihood at the fit'
        + ' (J\'WJ, W = of / (p (1 - p)), inverted), on the logit of each parameter\'s position within its range (log with one finite bound),'
        + ' so they stay in the range; they treat the count targets as independent samples (counts of the same patients that are'
        + ' nested, such as a total and its parts, are counted twice and make the intervals too narrow)';
    }
  }
  const overlap: string[] = [];
  if (method === 'maximumLikelihood') {
    // Counts of a quantity and of its part from the same number of patients: likely the same patients, counted twice.
    const cs = counts as TargetCount[];
    for (let a = 0; a < names.length; a++) {
      const parts = names.filter((b, j) => j !== a && cs[j].of === cs[a].of && isPartOf(b, names[a]));
      if (parts.length > 0) {
        overlap.push(`${parts.join(', ')} ${parts.length === 1 ? 'is' : 'are'} part of ${names[a]}, all counted of ${cs[a].of} patients: if these are the same patients,`
          + ` the likelihood counts them twice and the intervals are too narrow (give the parts alone, or the whole and not its parts)`);
      }
    }
  }
  const bad = names.filter((_, i) => !(Math.abs(residuals[i]) < EXACT_RESIDUAL));
  const determination: Determination = parameters.length === names.length ? 'square'
    : parameters.length > names.length ? 'underDetermined' : 'overDetermined';
  let kind: FitKind;
  let message: string;
  const heldText = parameters.map((p, k) => (heldWhy[k] === null ? null : `${p.path} ${heldWhy[k]}`)).filter((t) => t !== null);
  const badText = bad.map((n) => `${n} (target ${targetOf(n)}, best ${values[names.indexOf(n)]}, residual ${residuals[names.indexOf(n)]})`);
  if (bad.length === 0) {
    kind = 'exact';
    // Nothing pushes against a bound or rule at an exact fit: the value only lies on it.
    heldWhy.forEach((w, k) => { if (w !== null) heldWhy[k] = w.replace(/^held by the rule/, 'on the rule'); });
    heldText.splice(0, heldText.length, ...parameters.map((p, k) => (heldWhy[k] === null ? null : `${p.path} ${heldWhy[k]}`)).filter((t) => t !== null));
    message = determination === 'square' ? 'exact fit: every target reached (as many parameters as targets)'
      : determination === 'underDetermined' ? 'exact fit, under-determined: every target reached, but more parameters than targets (this is one solution of many, the one reached from the scenario\'s values)'
        : 'exact fit of consistent targets (over-determined: fewer parameters than targets)';
    if (heldText.length > 0) message += `; on a bound or rule: ${heldText.join('; ')}`;
  } else if (!solution.converged) {
    kind = 'notConverged';
    message = `did not converge: ${solution.stop === 'iterations' ? `the solver stopped at its cap of ${solution.iterations} iterations` : 'no step decreased the residuals any more'}`
      + ` with the first-order measure (projected gradient over |J_k| |r|) at ${solution.optimality.toExponential(1)} (the test is 1e-7); these are the last values, not a minimum: ${badText.join('; ')}`;
  } else if (heldText.length > 0) {
    kind = 'unreachable';
    message = `not reachable within the parameters' ranges: ${badText.join('; ')}; held: ${heldText.join('; ')}`;
  } else {
    kind = method;
    const rowNorm = (i: number) => Math.hypot(...Ju[i]);
    const biggest = Math.max(...names.map((_, i) => rowNorm(i)));
    const flat = names.filter((_, i) => rowNorm(i) <= 1e-7 * biggest);
    message = `${method === 'leastSquares' ? 'least squares' : 'maximum likelihood (binomial)'}: ${badText.join('; ')}`
      + (determination === 'overDetermined' ? ' (more targets than parameters)' : '')
      + (rank < Math.min(names.length, parameters.length) ? `; the parameters move the targets in ${rank} independent direction${rank === 1 ? '' : 's'} only` : '')
      + (flat.length > 0 ? `; ${flat.join(', ')} ${flat.length === 1 ? 'does' : 'do'} not depend on any parameter fitted` : '');
  }
  if (identified !== null) message += `; ${identified}`;
  if (notes.length > 0) message += `; implausible: ${notes.join('; ')}`;
  if (overlap.length > 0) message += `; ${overlap.join('; ')}`;
  notes.push(...overlap);
  return {
    arm,
    scenario: out,
    parameters: parameters.map((p, k) => ({
      path: p.path, start: x0[k], value: x[k], lower: p.lower, upper: p.upper, lowerWhy: p.lowerWhy, upperWhy: p.upperWhy,
      lowerByRule: p.lowerByRule, upperByRule: p.upperByRule,
      held: held[k], heldWhy: heldWhy[k], plausible: plausible[k], implausible: implausible[k], interval: intervals[k],
    })),
    targets: names.map((name, i) => ({
      name, means: specs[i].aliasOf ?? name, target: goal[i], count: counts[i]?.count ?? null, of: counts[i]?.of ?? null, fitted: values[i], residual: residuals[i],
    })),
    fit: {
      kind,
      method,
      logLikelihood,
      deviance,
      intervals: intervalWords,
      determination,
      rank,
      unidentified: unidentified.map((dir) => dir.map(({ path, change }) => ({ path, change }))),
      identified,
      unreachable: bad,
      sumOfSquares: residuals.reduce((t, r) => t + r * r, 0),
      iterations: solution.iterations,
      evaluations: solution.evaluations,
      converged: solution.converged,
      stop: solution.stop,
      optimality: solution.optimality,
      notes,
      message,
    },
  };
}
