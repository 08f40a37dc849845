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
  scale: number;
}

export interface ParameterProblem {
  parameters: CalibrationParameter[];
  pairs: PairConstraint[];
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

/** A parameter's range: its field's valid range in the table of inputs (src/scenario/fields.ts). */
function fieldRange(spec: FieldSpec | undefined): [number, number] {
  switch (spec?.kind) {
    case 'probability': return [0, 1];
    case 'positive': return [TINY, spec.max];
    case 'nonNegative': return [0, spec.max ?? Infinity];
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
    let set = (s: Scenario, v: number) => {
      (getAt(s, parts.slice(0, -1)) as Record<string, number>)[parts[parts.length - 1]] = v;
    };
    const spec = specAt(path);
    if (parts[0] === 'cohort' || spec?.kind === 'probability') {
      [lower, upper] = fieldRange(spec);
    } else {
      // A duration's median or p90.
      const name = parts[2];
      const d = armObj[name] as Duration;
      const bothFitted = paths.includes(`arms.${arm}.${name}.median`) && paths.includes(`arms.${arm}.${name}.p90`);
      const key = parts[3] as 'median' | 'p90';
      const fixed = d.median === d.p90;
      if (bothFitted) {
        [lower, upper] = [TINY, MAX_DAYS];
      } else if (key === 'median') {
        if (fixed) {
          [lower, upper] = [TINY, MAX_DAYS];
          set = (s, v) => { (s.arms[arm] as unknown as Record<string, Duration>)[name] = { median: v, p90: v }; };
        } else {
          [lower, upper] = [d.p90 / MAX_DURATION_SPREAD, d.p90];
        }
      } else {
        if (d.median === 0) {
          issues.push(issue(path, undefined, `the p90 of a fixed zero wait (${name} is { median: 0, p90: 0 }) cannot move alone: fit its median too, or give it a median first`));
          continue;
        }
        [lower, upper] = [d.median, Math.min(MAX_DAYS, d.median * MAX_DURATION_SPREAD)];
      }
    }
    index.set(path, parameters.length);
    parameters.push({
      path,
      get: (s) => getAt(s, parts) as number,
      set,
      lower,
      upper,
      scale: Math.max(1, Math.abs(x0)),
    });
  }
  if (issues.length > 0) return { issues };

  // The rules between fields.
  const pairs: PairConstraint[] = [];
  const value = (field: string) => armObj[field] as number;
  const rule = (a: string, b: string, ai: number, aj: number, rhs: number) => {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) {
      pairs.push({ i, j, ai, aj, b: rhs });
      const sc = Math.max(parameters[i].scale, parameters[j].scale);
      parameters[i].scale = sc;
      parameters[j].scale = sc;
    } else if (i !== undefined) {
      // ai x_i <= rhs - aj x_j (ai = 1 here)
      const bound = rhs - aj * value(b.split('.').pop() as string);
      parameters[i].upper = Math.min(parameters[i].upper, bound);
    } else if (j !== undefined) {
      const bound = (rhs - ai * value(a.split('.').pop() as string)) / aj;
      if (aj > 0) parameters[j].upper = Math.min(parameters[j].upper, bound);
      else parameters[j].lower = Math.max(parameters[j].lower, bound);
    }
  };
  const p = (k: string) => `arms.${arm}.${k}`;
  rule(p('pInSpec'), p('pOos'), 1, 1, 1);
  rule(p('pCr'), p('pOrr'), 1, -1, 0);
  rule(p('pPfs1'), p('pOs1'), 1, -1, 0);
  for (const name of ['adminDays', 'slotWaitDays', 'mfgDays', 'reapheresisDays', 'logisticsDays']) {
    const i = index.get(p(`${name}.median`));
    const j = index.get(p(`${name}.p90`));
    if (i !== undefined && j !== undefined) {
      pairs.push({ i, j, ai: 1, aj: -1, b: 0 });
      const sc = Math.max(parameters[i].scale, parameters[j].scale);
      parameters[i].scale = sc;
      parameters[j].scale = sc;
    }
  }
  return { problem: { parameters, pairs }, issues };
}
