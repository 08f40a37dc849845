/**
 * The syntax of parameter uncertainty (MODEL.md version 2, "Parameter uncertainty") and its
 * validation. In a scenario file, in the cohort or an arm:
 *
 *   a probability        { "value": 0.56, "n": 1297 }           Beta(value n, (1 - value) n)
 *   a positive quantity  { "value": 373000, "p90": 420000 }      log-normal, median value, 90th percentile p90
 *   a duration           { "median": 25, "p90": 40, "uncertainty": { "p90": 32 } }
 *                        both median and p90 scaled by one log-normal factor, median 1, p90 32 / 25
 *   in the poc arm       "same"                                  the commercial arm's value, draw by draw
 *
 * and `run.psa = { "draws": S, "patientsPerDraw": M }`. `extractUncertainty` finds these forms,
 * checks each (every violation, with path, value and rule) and gives back the file with every
 * uncertain number replaced by its central value (the Beta's mean, the log-normal's median,
 * the duration as written, the commercial arm's value for "same") and `run.psa` removed: a
 * version 1 file, which the version 1 validator then checks as usual. A file without any of
 * these forms is given back untouched (the same object), so version 1 files validate exactly
 * as before.
 */

import { COHORT_FIELDS, ARM_FIELDS, MAX_DAYS, MAX_DURATION_SPREAD, MAX_PATIENTS, type FieldSpec } from './fields.js';
import { joinPath } from './snapshot.js';
import type { Scenario } from './types.js';

/** Largest effective sample size of a Beta (beyond it the Beta is a point in double precision anyway). */
export const MAX_SAMPLE_SIZE = 1e12;
/**
 * Smallest effective sample size of a Beta: one patient. Below it both shapes can be far
 * below 1 (n = 5e-324 makes them 0 in floating point), which is no proper Beta to draw from.
 */
export const MIN_SAMPLE_SIZE = 1;
export const MIN_DRAWS = 2;
export const MAX_DRAWS = 100_000;
export const MAX_PATIENTS_PER_DRAW = 1e8;
/** Defaults of `run.psa` (1000 draws of 10^4 patients: the issue's benchmark size). */
export const DEFAULT_PSA_RUN: Readonly<PsaRun> = Object.freeze({ draws: 1000, patientsPerDraw: 10_000 });

/** The outer and inner loop of a PSA: S parameter draws, M patients per arm in each. */
export interface PsaRun {
  draws: number;
  patientsPerDraw: number;
  /** The effect measure of the CE plane, acceptability, EVPI and EVPPI (MODEL.md v2): patients alive at one year (default) or QALYs. */
  effect?: PsaEffect;
}

export type PsaEffect = 'alive1y' | 'qalys';
export const PSA_EFFECTS: readonly PsaEffect[] = ['alive1y', 'qalys'];

/** Where a parameter lives, and the fixed slot of its random stream (see `stream.ts`). */
interface Located {
  /** Dotted path (`arms.commercial.pCr`, `cohort.bridgingHazardRatio`). */
  path: string;
  /** Fixed per field: cohort fields 0.., commercial fields 64.., poc fields 128.. in field-table order. */
  slot: number;
}

/** One uncertain parameter of a PSA scenario. */
export type UncertainParameter = Located & (
  /** A probability ~ Beta(value n, (1 - value) n). */
  | { distribution: 'beta'; value: number; n: number }
  /** A positive quantity ~ log-normal with median `value` and 90th percentile `p90`. */
  | { distribution: 'logNormal'; value: number; p90: number }
  /** A duration whose median and p90 are both multiplied by a log-normal factor with median 1 and 90th percentile `p90 / median`. */
  | { distribution: 'durationScale'; median: number; p90: number; factorP90: number }
);

/** A rule broken by an uncertain form: its path, the value found, the rule. */
export interface UncertaintyError {
  path: string;
  value: unknown;
  rule: string;
}

export interface Extracted {
  /** The file with central values in place of uncertain ones and without `run.psa` (the input itself if it has none). */
  central: unknown;
  parameters: UncertainParameter[];
  /** Fields of the poc arm that take the commercial arm's value in every draw. */
  same: string[];
  /** `run.psa` if the file has one (and it is valid). */
  psa?: PsaRun;
  errors: UncertaintyError[];
  /** Violations found beyond the MAX_UNCERTAINTY_ERRORS kept in `errors`. */
  omittedErrors?: number;
}

/** Most violations of uncertain forms kept (the validator lists fewer still); beyond it they are counted. */
export const MAX_UNCERTAINTY_ERRORS = 100;

const COHORT_KEYS = Object.keys(COHORT_FIELDS);
const ARM_KEYS = Object.keys(ARM_FIELDS);
export const SLOT_BASE = { cohort: 0, commercial: 64, poc: 128 } as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The commercial arm's resolved value of a field (its central value merged onto the base), which
 * `"same"` in the poc arm takes: a duration the file gives in part (`{ "median": 5 }`) is
 * completed by the commercial arm's base, not by the poc arm's.
 */
function resolvedCommercial(
  spec: FieldSpec, key: string, commercial: { input: Record<string, unknown>; base: Record<string, unknown> },
): unknown {
  if (!Object.hasOwn(commercial.input, key)) return commercial.base[key];
  const v = commercial.input[key];
  if (spec.kind !== 'duration' || !isPlainObject(v)) return v;
  const base = commercial.base[key] as Record<string, unknown>;
  return {
    median: Object.hasOwn(v, 'median') ? v.median : base.median,
    p90: Object.hasOwn(v, 'p90') ? v.p90 : base.p90,
  };
}

class Extractor {
  readonly errors: UncertaintyError[] = [];
  omitted = 0;
  readonly parameters: UncertainParameter[] = [];
  readonly same: string[] = [];

  fail(path: string, value: unknown, rule: string): void {
    // An uncertain number with a million unknown keys must not make a million messages.
    if (this.errors.length >= MAX_UNCERTAINTY_ERRORS) {
      this.omitted++;
      return;
    }
    this.errors.push({ path, value, rule });
  }

  unknownKeys(obj: Record<string, unknown>, known: readonly string[], path: string, what: string, prefix?: string): void {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const rule = `unknown field (${what} has ${known.join(' and ')})`;
      // An uncertain number's errors are the field's own (`arms.poc.pCr: n must be > 0`); run.psa's fields have paths of their own.
      // Keys cut and escaped as everywhere in messages (joinPath quotes what is not an identifier).
      if (prefix === undefined) this.fail(joinPath(path, key), obj[key], rule);
      else this.fail(path, obj[key], `${prefix}${joinPath('', key)}: ${rule}`);
    }
  }

  /** A probability `{ value, n }`: its central value, or undefined when invalid. */
  beta(v: Record<string, unknown>, path: string, slot: number): number | undefined {
    this.unknownKeys(v, ['value', 'n'], path, 'an uncertain probability', '');
    let ok = true;
    const value = v.value;
    if (!finite(value) || !(value > 0 && value < 1)) {
      this.fail(path, value, 'value must be a number in (0, 1), the mean of the Beta (a certain probability is a plain number)');
      ok = false;
    }
    const n = v.n;
    if (!Object.hasOwn(v, 'n')) {
      this.fail(path, undefined, 'n is required: the effective sample size of the Beta (e.g. the trial\'s patient count)');
      ok = false;
    } else if (!finite(n) || !(n >= MIN_SAMPLE_SIZE) || n > MAX_SAMPLE_SIZE) {
      this.fail(path, n, `n must be >= ${MIN_SAMPLE_SIZE} and <= ${MAX_SAMPLE_SIZE}: the effective sample size of the Beta, in patients (below 1, both shapes value n and (1 - value) n can fall toward 0 and the draws pile up at 0 and 1)`);
      ok = false;
    }
    if (!ok) return undefined;
    this.parameters.push({ path, slot, distribution: 'beta', value: value as number, n: n as number });
    return value as number;
  }

  /** A positive quantity `{ value, p90 }`: its central value, or undefined when invalid. */
  logNormal(v: Record<string, unknown>, spec: FieldSpec, path: string, slot: number): number | undefined {
    this.unknownKeys(v, ['value', 'p90'], path, 'an uncertain quantity', '');
    const max = spec.kind === 'money' ? 1e12 : spec.kind === 'positive' || spec.kind === 'nonNegative' ? spec.max : undefined;
    // The bounds of the JSON Schema's uncertain quantity (schema.ts), so that both accept the same values.
    const p90Max = max === undefined ? 1e300 : max * MAX_DURATION_SPREAD;
    let ok = true;
    const value = v.value;
    if (!finite(value) || !(value > 0) || value > (max ?? 1e300)) {
      this.fail(path, value, `value must be a number > 0${max !== undefined ? ` and <= ${max}` : ''}, the median of the log-normal (a fixed zero is a plain 0)`);
      ok = false;
    }
    const p90 = v.p90;
    if (!Object.hasOwn(v, 'p90')) {
      this.fail(path, undefined, 'p90 is required: the 90th percentile of the log-normal (p90 >= value; p90 == value is a fixed value)');
      ok = false;
    } else if (!finite(p90) || !(p90 > 0) || p90 > p90Max) {
      this.fail(path, p90, `p90 must be a number > 0 and <= ${p90Max}, the 90th percentile of the log-normal`);
      ok = false;
    } else if (ok && p90 < (value as number)) {
      this.fail(path, p90, `p90 must be >= value (${value as number})`);
      ok = false;
    } else if (ok && p90 / (value as number) > MAX_DURATION_SPREAD) {
      this.fail(path, p90, `p90 must be at most ${MAX_DURATION_SPREAD} times the value (${value as number})`);
      ok = false;
    }
    if (!ok) return undefined;
    this.parameters.push({ path, slot, distribution: 'logNormal', value: value as number, p90: p90 as number });
    return value as number;
  }

  /**
   * A duration with `uncertainty`: the duration without it (for the version 1 validator to
   * check the rest, e.g. an unknown key beside an invalid uncertainty), the uncertainty's own
   * violations reported.
   */
  duration(v: Record<string, unknown>, base: { median: number; p90: number }, path: string, slot: number): Record<string, unknown> | undefined {
    const rest: Record<string, unknown> = { ...v };
    delete rest.uncertainty;
    const u = v.uncertainty;
    if (!isPlainObject(u)) {
      this.fail(path, u, 'uncertainty must be an object { "p90": days }: the 90th percentile of the duration\'s median across draws');
      return rest;
    }
    this.unknownKeys(u, ['p90'], path, 'a duration\'s uncertainty', 'uncertainty.');
    const median = Object.hasOwn(v, 'median') ? v.median : base.median;
    const p90 = Object.hasOwn(v, 'p90') ? v.p90 : base.p90;
    const q = u.p90;
    if (!Object.hasOwn(u, 'p90')) {
      this.fail(path, undefined, 'uncertainty.p90 is required: the 90th percentile of the median across draws (>= median)');
      return rest;
    }
    if (!finite(q) || !(q > 0) || q > MAX_DAYS * MAX_DURATION_SPREAD) {
      this.fail(path, q, `uncertainty.p90 must be a number of days > 0 and <= ${MAX_DAYS * MAX_DURATION_SPREAD}, the 90th percentile of the median across draws`);
      return rest;
    }
    // The duration's own median and p90 are the version 1 validator's to check; only a valid pair is used here.
    if (!finite(median) || !finite(p90)) return rest;
    if (!(median > 0)) {
      this.fail(path, q, `uncertainty.p90 needs a median > 0 to scale (median is ${median})`);
      return rest;
    }
    if (q < median) {
      this.fail(path, q, `uncertainty.p90 must be >= median (${median})`);
      return rest;
    }
    if (q / median > MAX_DURATION_SPREAD) {
      this.fail(path, q, `uncertainty.p90 must be at most ${MAX_DURATION_SPREAD} times the median (${median})`);
      return rest;
    }
    this.parameters.push({ path, slot, distribution: 'durationScale', median, p90, factorP90: q / median });
    return rest;
  }

  /** The section (cohort or an arm) with central values; the same object when nothing in it is uncertain. */
  section(
    value: unknown, fields: Record<string, FieldSpec>, keys: readonly string[], base: Record<string, unknown>,
    path: string, slotBase: number, commercial?: { input: Record<string, unknown>; base: Record<string, unknown> },
  ): unknown {
    if (!isPlainObject(value)) return value;
    let out: Record<string, unknown> | undefined;
    const set = (key: string, v: unknown) => {
      out ??= { ...value };
      out[key] = v;
    };
    keys.forEach((key, i) => {
      if (!Object.hasOwn(value, key)) return;
      const spec = fields[key];
      const v = value[key];
      const p = `${path}.${key}`;
      const slot = slotBase + i;
      if (v === 'same') {
        if (!commercial) {
          this.fail(p, v, '"same" is allowed in arms.poc only (it takes the commercial arm\'s value, draw by draw)');
          set(key, base[key]);
          return;
        }
        this.same.push(key);
        set(key, resolvedCommercial(spec, key, commercial));
        return;
      }
      if (!isPlainObject(v)) return;
      if (spec.kind === 'duration') {
        if (!Object.hasOwn(v, 'uncertainty')) return;
        const rest = this.duration(v, base[key] as { median: number; p90: number }, p, slot);
        set(key, rest ?? base[key]);
        return;
      }
      if (!Object.hasOwn(v, 'value')) return;
      if (spec.kind === 'probability') {
        set(key, this.beta(v, p, slot) ?? base[key]);
      } else if (spec.kind === 'money' || spec.kind === 'positive' || spec.kind === 'nonNegative') {
        set(key, this.logNormal(v, spec, p, slot) ?? base[key]);
      } else {
        const what = spec.kind === 'integer' ? 'an integer' : spec.kind === 'rate' ? 'a discount rate' : spec.kind === 'object' ? 'a group of fields' : 'a choice';
        this.fail(p, v, `cannot be uncertain (${what}); only probabilities, positive quantities and durations can`);
        set(key, base[key]);
      }
    });
    return out ?? value;
  }

  psaRun(v: unknown, path: string): PsaRun | undefined {
    if (!isPlainObject(v)) {
      this.fail(path, v, 'must be an object { "draws": S, "patientsPerDraw": M }');
      return undefined;
    }
    this.unknownKeys(v, ['draws', 'patientsPerDraw', 'effect'], path, 'run.psa');
    const out: PsaRun = { ...DEFAULT_PSA_RUN };
    let ok = true;
    const int = (key: 'draws' | 'patientsPerDraw', min: number, max: number, what: string) => {
      if (!Object.hasOwn(v, key)) return;
      const x = v[key];
      if (!finite(x) || !Number.isInteger(x) || x < min || x > max) {
        this.fail(`${path}.${key}`, x, `must be an integer in [${min}, ${max}] (${what})`);
        ok = false;
      } else out[key] = x;
    };
    int('draws', MIN_DRAWS, MAX_DRAWS, 'parameter draws, the outer loop');
    int('patientsPerDraw', 1, MAX_PATIENTS_PER_DRAW, 'patients per arm in each draw, the inner loop');
    if (Object.hasOwn(v, 'effect')) {
      if (typeof v.effect === 'string' && (PSA_EFFECTS as readonly string[]).includes(v.effect)) out.effect = v.effect as PsaEffect;
      else {
        this.fail(`${path}.effect`, v.effect, `must be one of ${PSA_EFFECTS.map((e) => JSON.stringify(e)).join(', ')} (the effect measure: patients alive at one year, or QALYs)`);
        ok = false;
      }
    }
    if (ok && out.draws * out.patientsPerDraw > MAX_PATIENTS) {
      this.fail(`${path}.patientsPerDraw`, out.patientsPerDraw, `draws x patientsPerDraw must be <= ${MAX_PATIENTS} (draws is ${out.draws})`);
      ok = false;
    }
    return ok ? out : undefined;
  }
}

/**
 * The uncertain forms of a scenario file (merged onto `base` for missing values), checked,
 * and the file with central values in their place. Never throws; a file that is not an
 * object is given back for the version 1 validator to refuse.
 */
export function extractUncertainty(input: unknown, base: Readonly<Scenario>): Extracted {
  const x = new Extractor();
  if (!isPlainObject(input)) return { central: input, parameters: [], same: [], errors: [] };
  let root: Record<string, unknown> | undefined;
  const setRoot = (key: string, v: unknown) => {
    root ??= { ...input };
    root[key] = v;
  };
  const b = base as unknown as { cohort: Record<string, unknown>; arms: Record<string, Record<string, unknown>> };
  const cohort = x.section(input.cohort, COHORT_FIELDS, COHORT_KEYS, b.cohort, 'cohort', SLOT_BASE.cohort);
  if (cohort !== input.cohort) setRoot('cohort', cohort);
  const arms = input.arms;
  if (isPlainObject(arms)) {
    const comIn = arms.commercial;
    const com = x.section(comIn, ARM_FIELDS, ARM_KEYS, b.arms.commercial, 'arms.commercial', SLOT_BASE.commercial);
    // "same" takes the commercial arm's central value (or the base's where the file gives none).
    const commercial = { input: isPlainObject(com) ? com : {}, base: b.arms.commercial };
    const poc = x.section(arms.poc, ARM_FIELDS, ARM_KEYS, b.arms.poc, 'arms.poc', SLOT_BASE.poc, commercial);
    if (com !== comIn || poc !== arms.poc) setRoot('arms', { ...arms, commercial: com, poc });
  }
  let psa: PsaRun | undefined;
  const run = input.run;
  if (isPlainObject(run) && Object.hasOwn(run, 'psa')) {
    psa = x.psaRun(run.psa, 'run.psa');
    const rest = { ...run };
    delete rest.psa;
    setRoot('run', rest);
  }
  // `{ ...arms, commercial: undefined }` would add a key the file did not have: drop such keys.
  if (root && isPlainObject(root.arms)) {
    const a = root.arms;
    for (const k of ['commercial', 'poc']) if (a[k] === undefined && !Object.hasOwn(arms as object, k)) delete a[k];
  }
  x.parameters.sort((p, q) => p.slot - q.slot);
  return { central: root ?? input, parameters: x.parameters, same: x.same, psa, errors: x.errors, omittedErrors: x.omitted };
}
