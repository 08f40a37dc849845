/**
 * Validation of a scenario file, and its merge onto defaults (or a preset).
 *
 * Every violation is reported at once, each with its JSON path, the value found and the
 * rule it breaks. Leaf rules are checked on what the file gives; rules between fields
 * (p90 >= median, pInSpec + pOos <= 1, pCr <= pOrr, pPfs1 <= pOs1) on the merged values.
 * Nothing of the input is copied but the known fields, so keys such as `__proto__` can
 * never reach an object's prototype: they are refused as unknown fields.
 */

import { cloneScenario, defaultScenario } from './defaults.js';
import {
  DEFAULT_YEARS, MAX_BUDGET_YEARS, MAX_DAYS, MAX_DURATION_SPREAD, MAX_ELIGIBLE_PER_YEAR_WITH_CAPACITY, MAX_MONEY, SCENARIO_SPEC, type FieldSpec,
} from './fields.js';
import { nearestName } from './nearest.js';
import { showAny } from './show.js';
import { joinPath, plainCopy } from './snapshot.js';
import { extractUncertainty, type Extracted } from './uncertain.js';
import type { Scenario } from './types.js';

/** Most violations kept and listed; beyond it they are counted (`omittedErrors`, "...and N more"). */
export const MAX_LISTED_ERRORS = 40;

export interface ValidationError {
  /** JSON path of the offending field, dotted (`arms.poc.pReferral`); `(root)` for the whole file. */
  path: string;
  /** The value found (undefined for a missing one). */
  value: unknown;
  /** The rule broken, in words. */
  rule: string;
  /** `path: rule; got value`, one line for people. */
  message: string;
}

export type Validation =
  | { ok: true; scenario: Scenario; errors: [] }
  | {
    ok: false; scenario?: undefined;
    /** The violations, at most MAX_LISTED_ERRORS of them. */
    errors: ValidationError[];
    /** Violations found beyond those listed (0 when all are). */
    omittedErrors?: number;
  };

/** The lines of a list of violations, one per violation (indented), then `...and N more` if some were left out. */
export function errorLines(errors: readonly ValidationError[], omitted = 0): string {
  const lines = errors.map((e) => `  ${e.message}`);
  if (omitted > 0) lines.push(`  ...and ${omitted} more`);
  return lines.join('\n');
}

/** Thrown by `resolveScenario` and `simulate` on an invalid scenario; `errors` lists every violation (at most MAX_LISTED_ERRORS, then `omittedErrors`). */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(readonly errors: ValidationError[], readonly omittedErrors = 0) {
    super(`invalid scenario:\n${errorLines(errors, omittedErrors)}`);
  }
}

/** A short, safe rendering of a value for messages (strings cut to 40 characters and escaped). */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return showAny(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return showAny(value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  readonly errors: ValidationError[] = [];
  /** Violations found beyond MAX_LISTED_ERRORS. */
  omitted = 0;

  private full(): boolean {
    if (this.errors.length < MAX_LISTED_ERRORS) return false;
    this.omitted++;
    return true;
  }

  fail(path: string, value: unknown, rule: string): void {
    if (this.full()) return;
    this.errors.push({ path: path || '(root)', value, rule, message: `${path || '(root)'}: ${rule}; got ${showValue(value)}` });
  }

  unknownField(path: string, key: string, value: unknown, known: readonly string[]): void {
    if (this.full()) return;
    const p = joinPath(path, key);
    const near = nearestName(key, known);
    const rule = near ? `unknown field (did you mean ${near}?)` : `unknown field (known fields: ${known.join(', ')})`;
    this.errors.push({ path: p, value, rule, message: `${p}: ${rule}` });
  }

  isNumber(path: string, v: unknown, what: string): v is number {
    if (typeof v !== 'number') {
      this.fail(path, v, `must be ${what}`);
      return false;
    }
    if (!Number.isFinite(v)) {
      this.fail(path, v, `must be ${what}, finite`);
      return false;
    }
    return true;
  }

  /** Checks `value` against `spec`; returns the merged value, or undefined where it is invalid. */
  merge(spec: FieldSpec, value: unknown, base: unknown, path: string): unknown {
    switch (spec.kind) {
      case 'object': {
        // An optional object (pricing, budget) given for the first time starts from its defaults.
        const from = base === undefined && spec.optional ? { ...(spec.defaults ?? {}) } : base as Record<string, unknown>;
        const merged = this.mergeObject(spec.fields, value, from, path, spec.optional === true);
        if (spec.optional && path === 'budget') {
          if (merged !== undefined) return this.checkBudget(merged as Record<string, unknown>, value, path);
          // Another fault (a share out of range, a bad growth) does not hide a list of the wrong length.
          this.checkBudgetLength(value, from, path);
          return undefined;
        }
        if (merged !== undefined) {
          for (const key of spec.required ?? []) {
            if ((merged as Record<string, unknown>)[key] === undefined) return this.fail(`${path}.${key}`, undefined, `is required when ${path} is given`);
          }
        }
        return merged;
      }
      case 'duration': return this.mergeDuration(spec.medianPositive, value, base as Record<string, number>, path);
      case 'probability': {
        const what = `${spec.noun ?? 'a probability'}, a number in [0, 1]`;
        if (!this.isNumber(path, value, what)) return undefined;
        if (value < 0 || value > 1) return this.fail(path, value, `must be ${what}`);
        return value;
      }
      case 'rate': {
        const what = 'a rate, a number in [0, 1)';
        if (!this.isNumber(path, value, what)) return undefined;
        if (value < 0 || value >= 1) return this.fail(path, value, `must be ${what}`);
        return value;
      }
      case 'growth': {
        const what = `a growth rate, a number > -1 and <= ${spec.max}`;
        if (!this.isNumber(path, value, what)) return undefined;
        if (!(value > -1) || value > spec.max) return this.fail(path, value, `must be ${what}`);
        return value;
      }
      case 'shares': {
        const what = `a list of 1 to ${spec.maxLength} shares, each a number in [0, 1]`;
        if (!Array.isArray(value) || value.length < 1 || value.length > spec.maxLength) return this.fail(path, value, `must be ${what}`);
        let ok = true;
        value.forEach((x: unknown, i: number) => {
          if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1) {
            this.fail(`${path}[${i}]`, x, 'must be a share, a number in [0, 1]');
            ok = false;
          }
        });
        return ok ? [...value] : undefined;
      }
      case 'money': {
        if (!this.isNumber(path, value, `an amount of money, a number in [0, ${MAX_MONEY}]`)) return undefined;
        if (value < 0 || value > MAX_MONEY) return this.fail(path, value, `must be an amount of money, a number in [0, ${MAX_MONEY}]`);
        return value;
      }
      case 'positive': {
        const rule = `a number > 0 and <= ${spec.max}`;
        if (!this.isNumber(path, value, rule)) return undefined;
        if (!(value > 0) || value > spec.max) return this.fail(path, value, `must be ${rule}`);
        return value;
      }
      case 'nonNegative': {
        const rule = spec.max === undefined ? 'a number >= 0' : `a number in [0, ${spec.max}]`;
        if (!this.isNumber(path, value, rule)) return undefined;
        if (value < 0 || (spec.max !== undefined && value > spec.max)) return this.fail(path, value, `must be ${rule}`);
        return value;
      }
      case 'integer': {
        const range = `[${spec.min}, ${spec.max === 2 ** 32 ? '2^32' : spec.max}${spec.maxExclusive ? ')' : ']'}`;
        const rule = `must be an integer in ${range}`;
        if (!this.isNumber(path, value, `an integer in ${range}`)) return undefined;
        const tooBig = spec.maxExclusive ? value >= spec.max : value > spec.max;
        if (!Number.isInteger(value) || value < spec.min || tooBig) return this.fail(path, value, rule);
        return value;
      }
      case 'enum': {
        if (typeof value === 'string' && spec.values.includes(value)) return value;
        const near = typeof value === 'string' ? nearestName(value, spec.values) : undefined;
        return this.fail(path, value, `must be one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`);
      }
    }
  }

  /** A merged budget: `years` defaults to the length of `uptake`, which must have exactly `years` shares. */
  checkBudget(b: Record<string, unknown>, given: unknown, path: string): unknown {
    const uptake = b.uptake as number[] | undefined;
    if (uptake === undefined) return this.fail(`${path}.uptake`, undefined, `is required when ${path} is given: the share of eligible patients on the poc arm in each year`);
    const givenYears = isPlainObject(given) && Object.hasOwn(given, 'years');
    if (!givenYears && b.years === undefined) b.years = uptake.length;
    if (uptake.length !== b.years) {
      return this.fail(`${path}.uptake`, uptake, `must be a list of exactly years (${b.years as number}) shares, one per year; it has ${uptake.length}`);
    }
    return { years: b.years, eligibleGrowth: b.eligibleGrowth, uptake, discountRate: b.discountRate };
  }

  /** The length of a budget's uptake against its years, where the budget has other faults (each value read once more, none trusted). */
  checkBudgetLength(given: unknown, base: Record<string, unknown> | undefined, path: string): void {
    if (!isPlainObject(given)) return;
    const uptake = Object.hasOwn(given, 'uptake') ? given.uptake : base?.uptake;
    if (!Array.isArray(uptake)) return;
    const years = Object.hasOwn(given, 'years') ? given.years : base?.years ?? uptake.length;
    if (typeof years !== 'number' || !Number.isInteger(years) || years < 1 || years > MAX_BUDGET_YEARS) return;
    if (uptake.length !== years) this.fail(`${path}.uptake`, uptake, `must be a list of exactly years (${years}) shares, one per year; it has ${uptake.length}`);
  }

  mergeObject(fields: Record<string, FieldSpec>, value: unknown, base: Record<string, unknown>, path: string, optional = false): unknown {
    if (value === undefined) return base;
    if (!isPlainObject(value)) return this.fail(path, value, 'must be an object');
    const known = Object.keys(fields);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) this.unknownField(path, key, value[key], known);
    }
    const out: Record<string, unknown> = {};
    let whole = true;
    for (const key of known) {
      const given = Object.hasOwn(value, key);
      // A nullable optional object given as null (an arm's capacity: unlimited lines) is removed.
      const spec0 = fields[key];
      if (given && value[key] === null && spec0.kind === 'object' && spec0.nullable) continue;
      // Absent and without a value to take: an optional object (pricing, budget) or a field of
      // one without a default (priceRef) stays absent.
      if (!given && base[key] === undefined) {
        const spec = fields[key];
        if (optional || (spec.kind === 'object' && spec.optional)) continue;
      }
      const merged = given ? this.merge(fields[key], value[key], base[key], joinPath(path, key)) : base[key];
      if (merged === undefined) whole = false;
      out[key] = merged;
    }
    return whole ? out : undefined;
  }

  mergeDuration(medianPositive: boolean, value: unknown, base: Record<string, number>, path: string): unknown {
    if (value === undefined) return base;
    if (!isPlainObject(value)) return this.fail(path, value, 'must be a duration, an object { "median": days, "p90": days }');
    for (const key of Object.keys(value)) {
      if (key !== 'median' && key !== 'p90') this.unknownField(path, key, value[key], ['median', 'p90']);
    }
    let ok = true;
    const out = { median: base.median, p90: base.p90 };
    for (const key of ['median', 'p90'] as const) {
      if (!Object.hasOwn(value, key)) continue;
      const v = value[key];
      const p = `${path}.${key}`;
      const rule = `a number of days in [0, ${MAX_DAYS}]`;
      if (!this.isNumber(p, v, rule)) ok = false;
      else if (v < 0 || v > MAX_DAYS) {
        this.fail(p, v, `must be ${rule}`);
        ok = false;
      } else out[key] = v;
    }
    if (!ok) return undefined;
    if (medianPositive && !(out.median > 0)) return this.fail(`${path}.median`, out.median, 'must be > 0 (a manufacturing attempt takes time)');
    if (out.p90 < out.median) return this.fail(`${path}.p90`, out.p90, `must be >= median (${out.median})`);
    if (out.median === 0 && out.p90 !== 0) return this.fail(`${path}.median`, out.median, 'may be 0 only as a fixed zero wait (p90 0 too)');
    if (out.median > 0 && out.p90 / out.median > MAX_DURATION_SPREAD) {
      return this.fail(`${path}.p90`, out.p90, `must be at most ${MAX_DURATION_SPREAD} times the median (${out.median})`);
    }
    return out;
  }

  /** Rules between the fields of one merged arm. */
  checkArm(arm: Record<string, unknown>, path: string): boolean {
    // Only probabilities that pass their own rule take part, so one bad value gives one message.
    const num = (k: string) => {
      const v = arm[k];
      return typeof v === 'number' && v >= 0 && v <= 1 ? v : undefined;
    };
    let ok = true;
    const inSpec = num('pInSpec');
    const oos = num('pOos');
    if (inSpec !== undefined && oos !== undefined && inSpec + oos > 1 + 1e-12) {
      this.fail(`${path}.pOos`, oos, `pInSpec + pOos must be <= 1 (pInSpec is ${inSpec}, sum ${inSpec + oos})`);
      ok = false;
    }
    const cr = num('pCr');
    const orr = num('pOrr');
    if (cr !== undefined && orr !== undefined && cr > orr) {
      this.fail(`${path}.pCr`, cr, `must be <= pOrr (${orr}): a complete response is an overall response`);
      ok = false;
    }
    const pfs = num('pPfs1');
    const os = num('pOs1');
    if (pfs !== undefined && os !== undefined && pfs > os) {
      this.fail(`${path}.pPfs1`, pfs, `must be <= pOs1 (${os}): progression-free implies alive`);
      ok = false;
    }
    return ok;
  }
}

/**
 * The base a file is merged onto, validated as a version 1 scenario (merged onto the defaults,
 * so a partial base is completed by them), its violations reported under `base.`; undefined
 * when invalid. The defaults themselves (deeply frozen) are taken as they are.
 */
function checkBase(checker: Checker, base: unknown): Scenario | undefined {
  if (base === defaultScenario) return base as Scenario;
  const before = checker.errors.length + checker.omitted;
  const copy = plainCopy(base, (path, value, rule) => checker.fail(path, value, rule), 'base');
  const merged = checker.merge(SCENARIO_SPEC, copy, cloneScenario(defaultScenario as Scenario), 'base') as Scenario | undefined;
  if (merged) for (const name of ['commercial', 'poc'] as const) checker.checkArm(merged.arms[name] as unknown as Record<string, unknown>, `base.arms.${name}`);
  return checker.errors.length + checker.omitted === before ? merged : undefined;
}

/** A validation, and what was read from the file: its plain copy's uncertain forms (for a PSA). */
export interface FileValidation {
  validation: Validation;
  /** The uncertain forms of the file (undefined when the base or the file could not be read). */
  extracted?: Extracted;
  /** The validated base. */
  base?: Scenario;
}

/**
 * `validateScenario`, with the uncertain forms found on the way: the caller's file and base
 * are each read once, into plain copies, and everything after works on those copies.
 */
export function validateScenarioFile(file: unknown, base: unknown = defaultScenario): FileValidation {
  const checker = new Checker();
  const fullBase = checkBase(checker, base);
  const input = plainCopy(file, (path, value, rule) => checker.fail(path, value, rule));
  if (!fullBase) {
    return { validation: { ok: false, errors: checker.errors, omittedErrors: checker.omitted } };
  }
  // Uncertain numbers (MODEL.md version 2) count at their central values and `run.psa` is set
  // aside: a point run is the PSA's base case. A version 1 file comes back as the same object.
  const uncertain = extractUncertainty(input, fullBase);
  for (const e of uncertain.errors) checker.fail(e.path, e.value, e.rule);
  checker.omitted += uncertain.omittedErrors ?? 0;
  const central = uncertain.central;
  const merged = checker.merge(SCENARIO_SPEC, central, cloneScenario(fullBase), '') as Scenario | undefined;
  // Cross-field rules on whatever arms are whole (partial merge results where leaves were invalid are skipped).
  const arms = isPlainObject(central) && isPlainObject(central.arms) ? central.arms : {};
  for (const name of ['commercial', 'poc'] as const) {
    const armIn = arms[name];
    const armBase = (fullBase.arms as unknown as Record<string, Record<string, unknown>>)[name];
    const armMerged: Record<string, unknown> = { ...armBase };
    if (isPlainObject(armIn)) {
      for (const key of Object.keys(armIn)) if (Object.hasOwn(armBase, key)) armMerged[key] = armIn[key];
    }
    checker.checkArm(armMerged, `arms.${name}`);
  }
  if (merged !== undefined) checkCapacity(checker, merged);
  if (checker.errors.length > 0 || checker.omitted > 0 || merged === undefined) {
    if (checker.errors.length === 0) checker.fail('', file, 'must be a valid scenario');
    return { validation: { ok: false, errors: checker.errors, omittedErrors: checker.omitted }, extracted: uncertain, base: fullBase };
  }
  return { validation: { ok: true, scenario: merged, errors: [] }, extracted: uncertain, base: fullBase };
}

/**
 * Validates a scenario file (any JSON value) and merges it onto `base` (the defaults, or a
 * preset; itself checked as a version 1 scenario, its violations under `base.`). Returns the
 * full scenario, or every violation found (at most MAX_LISTED_ERRORS, then `omittedErrors`).
 * The uncertain forms of MODEL.md version 2 (`{ "value", "n" }`, `{ "value", "p90" }`, a
 * duration's `uncertainty`, `"same"` in the poc arm, `run.psa`) are checked too and taken at
 * their central values: the scenario returned is the probabilistic analysis's base case (see
 * `validatePsaScenario`). The file is read once, into a plain copy (getters run once); only
 * plain data is accepted (no Date, Map, class instance or symbol key; at most MAX_DEPTH levels).
 */
export function validateScenario(file: unknown, base: Readonly<Scenario> = defaultScenario): Validation {
  return validateScenarioFile(file, base).validation;
}

/**
 * Capacity and queues (MODEL.md v2): a run where either arm has `capacity` is cohort-years, so
 * it gets `run.years` (the defaults where the file gives none) and at most 10^6 eligible
 * patients a year (every patient of the warmupYears + 1 cohorts of a replicate is held at once).
 */
function checkCapacity(checker: Checker, s: Scenario): void {
  const capacity = s.arms.commercial.capacity !== undefined || s.arms.poc.capacity !== undefined;
  if (capacity && s.run.years === undefined) s.run.years = { ...DEFAULT_YEARS };
  // MODEL.md v2, "Price": the queue breaks the proportionality the cost-recovery fixed point rests on.
  for (const arm of ['commercial', 'poc'] as const) {
    const a = s.arms[arm];
    if (a.capacity !== undefined && a.pricing !== undefined) {
      checker.fail(`arms.${arm}.capacity`, a.capacity,
        `must be absent (or null) in an arm with cost-recovery pricing (arms.${arm}.pricing): the queue breaks the proportionality of the price's fixed point`);
    }
  }
  if ((capacity || s.run.years !== undefined) && s.cohort.eligiblePerYear > MAX_ELIGIBLE_PER_YEAR_WITH_CAPACITY) {
    checker.fail('cohort.eligiblePerYear', s.cohort.eligiblePerYear,
      `must be <= ${MAX_ELIGIBLE_PER_YEAR_WITH_CAPACITY} in a run with capacity (cohort-years hold every patient of warmupYears + 1 cohorts at once)`);
  }
}

/** The full scenario for a scenario file, or a ScenarioError listing every violation. */
export function resolveScenario(input: unknown, base: Readonly<Scenario> = defaultScenario): Scenario {
  const v = validateScenario(input, base);
  if (!v.ok) throw new ScenarioError(v.errors, v.omittedErrors);
  return v.scenario;
}
