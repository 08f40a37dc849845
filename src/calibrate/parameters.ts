/**
 * The parameters a calibration may fit: any number of the calibrated arm or of the cohort
 * (MODEL.md, "Calibration") that some target depends on (`TARGET_INPUTS`), each kept in its
 * valid range (the table of inputs, src/scenario/fields.ts), with the rules between fields as
 * constraints: pInSpec + pOos <= 1, pCr <= pOrr, pPfs1 <= pOs1, a duration's median <= p90.
 * When only one field of such a pair is fitted, the rule is a bound on it (the other stays);
 * when both are, it is a linear constraint the solver keeps.
 *
 * A duration's median moves alone between p90 / 10^6 and p90; a fixed duration (p90 ==
 * median) stays fixed, its p90 moving with its median.
 */

import { ARM_FIELDS, MAX_DAYS, MAX_DURATION_SPREAD, SCENARIO_SPEC, specAt, type FieldSpec } from '../scenario/fields.js';
import { TARGET_INPUTS } from './targets.js';
import { nearestName } from '../scenario/nearest.js';
import type { ArmName, Duration, Scenario } from '../scenario/types.js';
import type { PairConstraint } from './solver.js';

/** One parameter of a calibration, resolved against the scenario. */
export interface CalibrationParameter {
  path: string;
  get(s: Scenario): number;
  set(s: Scenario, v: number): void;
  lower: number;
  upper: number;
  /** Why each bound is where it is, in words: the field's valid range, or a rule with a field that stays. */
  lowerWhy: string;
  upperWhy: string;
  /** Whether a bound comes from a rule with a field that is not fitted (else from the field's own range). */
  lowerByRule: boolean;
  upperByRule: boolean;
  scale: number;
}

export interface ParameterProblem {
  parameters: CalibrationParameter[];
  pairs: PairConstraint[];
  /** Each pair's rule in words (`pInSpec + pOos <= 1`), in the order of `pairs`. */
  pairRules: string[];
}

/** A request's fault: the path (or option) at fault, the value and the rule. */
export interface CalibrationIssue {
  path: string;
  value: unknown;
  rule: string;
  message: string;
}

export const issue = (path: string, value: unknown, rule: string): CalibrationIssue => ({
  path, value, rule, message: `${path}: ${rule}${value === undefined ? '' : `; got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`}`,
});

/** The smallest positive value given to a number that must be > 0. */
const TINY = 1e-9;

/** The numbers of the arm and the cohort a calibration may fit (durations by median and p90): those some target depends on (`TARGET_INPUTS`). */
export function calibratablePaths(arm: ArmName): string[] {
  const out: string[] = TARGET_INPUTS.cohort.map((k) => `cohort.${k}`);
  for (const k of TARGET_INPUTS.arm) {
    const f = ARM_FIELDS[k];
    if (f.kind === 'duration') out.push(`arms.${arm}.${k}.median`, `arms.${arm}.${k}.p90`);
    else if (f.kind !== 'integer') out.push(`arms.${arm}.${k}`);
  }
  return out;
}

/** Whether some target depends on the field at `parts` (an arm's or the cohort's; a duration by its median or p90). */
function targetsDependOn(parts: readonly string[]): boolean {
  if (parts[0] === 'cohort') return parts.length === 2 && (TARGET_INPUTS.cohort as readonly string[]).includes(parts[1]);
  return parts[0] === 'arms' && parts.length >= 3 && (TARGET_INPUTS.arm as readonly string[]).includes(parts[2]);
}

/** A parameter's range: its field's valid range in the table of inputs (src/scenario/fields.ts), with why each bound holds. */
function fieldRange(spec: FieldSpec | undefined): [number, number, string, string] {
  switch (spec?.kind) {
    case 'probability': return [0, 1, 'a probability (its field\'s range [0, 1])', 'a probability (its field\'s range [0, 1])'];
    case 'positive': return [TINY, spec.max, 'its field must be > 0', `its field's largest value ${spec.max}${spec.unit ? ` ${spec.unit}` : ''}`];
    case 'nonNegative': return [0, spec.max ?? Infinity, 'its field must be >= 0', spec.max === undefined ? 'no upper bound' : `its field's largest value ${spec.max}`];
    default: throw new Error(`cgt-access: no calibration range for a field of kind ${spec?.kind}`);
  }
}

/** Why a path is not a parameter of this calibration (undefined: it is one). */
function refusal(path: string, arm: ArmName): CalibrationIssue | undefined {
  const parts = path.split('.');
  const spec = specAt(path);
  if (!spec) {
    // Name the first unknown part, with the nearest known name.
    let node = SCENARIO_SPEC;
    for (let i = 0; i < parts.length; i++) {
      const known = node.kind === 'object' ? Object.keys(node.fields) : node.kind === 'duration' ? ['median', 'p90'] : [];
      if (!known.includes(parts[i])) {
        const near = nearestName(parts[i], known);
        return issue(path, undefined, `unknown parameter path${near ? ` (did you mean ${[...parts.slice(0, i), near].join('.')}?)` : ''}; a parameter is a number of the arm or the cohort, e.g. arms.${arm}.pReferral`);
      }
      const next = specAt(parts.slice(0, i + 1).join('.'));
      if (!next) break;
      node = next;
    }
    return issue(path, undefined, `unknown parameter path; a parameter is a number of the arm or the cohort, e.g. arms.${arm}.pReferral`);
  }
  if (parts[0] === 'run') return issue(path, undefined, 'not a parameter of the model (the run\'s size and seed); a parameter is a number of the arm or the cohort');
  if (parts[0] === 'arms' && parts.length >= 2 && parts[1] !== arm) {
    return issue(path, undefined, `belongs to the ${parts[1]} arm, and the calibration fits the ${arm} arm (whose targets do not depend on the other arm)`);
  }
  if (spec.kind === 'object') return issue(path, undefined, 'not a number: name one of its fields');
  if (spec.kind === 'duration') return issue(path, undefined, `a duration: name its median or p90 (${path}.median)`);
  if (spec.kind === 'enum') return issue(path, undefined, 'not a number of the scenario (a choice among names): it cannot be fitted');
  if (path === 'cohort.eligiblePerYear') return issue(path, undefined, 'the cohort\'s size, not fitted (the targets are per eligible patient)');
  if (!targetsDependOn(parts)) {
    return issue(path, undefined, 'no target depends on it (the targets are the arm\'s funnel, losses and manufacturing counts; costs, prices, pricing, capacity, value and budget enter none): it cannot be fitted'
      + `; parameters: ${calibratablePaths(arm).join(', ')}`);
  }
  if (spec.kind === 'integer') return issue(path, undefined, 'an integer: it cannot be fitted continuously (try each value with cgt-access run --engine exact)');
  return undefined;
}

const getAt = (s: Scenario, parts: readonly string[]): unknown => parts.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], s);

/** Resolves the parameter paths of a request (issues listed, nothing thrown). */
export function resolveParameters(scenario: Scenario, arm: ArmName, paths: readonly string[]): { problem?: ParameterProblem; issues: CalibrationIssue[] } {
  const issues: CalibrationIssue[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p)) issues.push(issue(p, undefined, 'named twice'));
    seen.add(p);
    const why = refusal(p, arm);
    if (why) issues.push(why);
  }
  if (issues.length > 0) return { issues };

  const armObj = scenario.arms[arm] as unknown as Record<string, unknown>;
  const parameters: CalibrationParameter[] = [];
  const index = new Map<string, number>();
  for (const path of paths) {
    const parts = path.split('.');
    const x0 = getAt(scenario, parts) as number;
    let lower = 0;
    let upper = Infinity;
    let lowerWhy = '';
    let upperWhy = '';
    let lowerByRule = false;
    let upperByRule = false;
    let set = (s: Scenario, v: number) => {
      (getAt(s, parts.slice(0, -1)) as Record<string, number>)[parts[parts.length - 1]] = v;
    };
    const spec = specAt(path);
    if (parts[0] === 'cohort' || spec?.kind === 'probability') {
      [lower, upper, lowerWhy, upperWhy] = fieldRange(spec);
    } else {
      // A duration's median or p90.
      const name = parts[2];
      const d = armObj[name] as Duration;
      const bothFitted = paths.includes(`arms.${arm}.${name}.median`) && paths.includes(`arms.${arm}.${name}.p90`);
      const key = parts[3] as 'median' | 'p90';
      const fixed = d.median === d.p90;
      const longest = `the longest duration, ${MAX_DAYS} days`;
      if (bothFitted) {
        [lower, upper] = [TINY, MAX_DAYS];
        [lowerWhy, upperWhy] = ['a duration must be > 0', longest];
      } else if (key === 'median') {
        if (fixed) {
          [lower, upper] = [TINY, MAX_DAYS];
          [lowerWhy, upperWhy] = [`a duration must be > 0 (${name} is fixed: its p90 follows its median)`, longest];
          set = (s, v) => { (s.arms[arm] as unknown as Record<string, Duration>)[name] = { median: v, p90: v }; };
        } else {
          [lower, upper] = [d.p90 / MAX_DURATION_SPREAD, d.p90];
          lowerWhy = `p90 / median <= ${MAX_DURATION_SPREAD} (the widest spread), with the p90 ${d.p90} not fitted`;
          upperWhy = `median <= p90, with the p90 ${d.p90} not fitted`;
          lowerByRule = upperByRule = true;
        }
      } else {
        if (d.median === 0) {
          issues.push(issue(path, undefined, `the p90 of a fixed zero wait (${name} is { median: 0, p90: 0 }) cannot move alone: fit its median too, or give it a median first`));
          continue;
        }
        [lower, upper] = [d.median, Math.min(MAX_DAYS, d.median * MAX_DURATION_SPREAD)];
        lowerWhy = `p90 >= median, with the median ${d.median} not fitted`;
        upperWhy = upper === MAX_DAYS ? longest : `p90 / median <= ${MAX_DURATION_SPREAD} (the widest spread), with the median ${d.median} not fitted`;
        lowerByRule = true;
        upperByRule = upper !== MAX_DAYS;
      }
    }
    index.set(path, parameters.length);
    parameters.push({
      path,
      get: (s) => getAt(s, parts) as number,
      set,
      lower,
      upper,
      lowerWhy,
      upperWhy,
      lowerByRule,
      upperByRule,
      scale: Math.max(1, Math.abs(x0)),
    });
  }
  if (issues.length > 0) return { issues };

  // The rules between fields.
  const pairs: PairConstraint[] = [];
  const pairRules: string[] = [];
  const value = (field: string) => armObj[field] as number;
  const rule = (a: string, b: string, ai: number, aj: number, rhs: number, words: string) => {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) {
      pairs.push({ i, j, ai, aj, b: rhs });
      pairRules.push(`${words} (both fitted)`);
      const sc = Math.max(parameters[i].scale, parameters[j].scale);
      parameters[i].scale = sc;
      parameters[j].scale = sc;
    } else if (i !== undefined) {
      // ai x_i <= rhs - aj x_j (ai = 1 here)
      const other = b.split('.').pop() as string;
      const bound = rhs - aj * value(other);
      if (bound < parameters[i].upper) {
        parameters[i].upper = bound;
        parameters[i].upperWhy = `${words}, with ${other} ${value(other)} not fitted`;
        parameters[i].upperByRule = true;
      }
    } else if (j !== undefined) {
      const other = a.split('.').pop() as string;
      const bound = (rhs - ai * value(other)) / aj;
      const why = `${words}, with ${other} ${value(other)} not fitted`;
      if (aj > 0 && bound < parameters[j].upper) {
        parameters[j].upper = bound;
        parameters[j].upperWhy = why;
        parameters[j].upperByRule = true;
      } else if (aj < 0 && bound > parameters[j].lower) {
        parameters[j].lower = bound;
        parameters[j].lowerWhy = why;
        parameters[j].lowerByRule = true;
      }
    }
  };
  const p = (k: string) => `arms.${arm}.${k}`;
  rule(p('pInSpec'), p('pOos'), 1, 1, 1, 'pInSpec + pOos <= 1');
  rule(p('pCr'), p('pOrr'), 1, -1, 0, 'pCr <= pOrr');
  rule(p('pPfs1'), p('pOs1'), 1, -1, 0, 'pPfs1 <= pOs1');
  for (const name of ['adminDays', 'slotWaitDays', 'mfgDays', 'reapheresisDays', 'logisticsDays']) {
    const i = index.get(p(`${name}.median`));
    const j = index.get(p(`${name}.p90`));
    if (i !== undefined && j !== undefined) {
      pairs.push({ i, j, ai: 1, aj: -1, b: 0 });
      pairRules.push(`${name}: median <= p90 (both fitted)`);
      const sc = Math.max(parameters[i].scale, parameters[j].scale);
      parameters[i].scale = sc;
      parameters[j].scale = sc;
    }
  }
  return { problem: { parameters, pairs, pairRules }, issues };
}
