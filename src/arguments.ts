/**
 * The positional arguments of the library's functions (numbers, lists of numbers, scenarios,
 * results, tallies), checked at the edge as `readOptions` checks options: each is read once,
 * and a bad one throws a TypeError (wrong kind of value) or a RangeError (out of range) whose
 * message names the function, the argument, the value found and the rule.
 */

import { PATIENTS_SLOT, TALLY_SIZE } from './model/tally.js';
import { safeText, showAny } from './scenario/show.js';
import { plainCopy } from './scenario/snapshot.js';
import { ARM_NAMES, type ArmName, type Scenario } from './scenario/types.js';
import { defaultScenario } from './scenario/defaults.js';
import { errorLines, showValue, validateScenario } from './scenario/validate.js';

/** The range of a number argument: bounds included unless `above`/`below` (excluded) are used. */
export interface NumberRule {
  min?: number;
  max?: number;
  above?: number;
  below?: number;
  integer?: boolean;
}

/** The rule in words: `an integer in [1, 1000]`, `a finite number > 0 and <= 1e10`. */
export function ruleText(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a finite number';
  const lo = rule.above !== undefined ? { v: rule.above, open: true } : rule.min !== undefined ? { v: rule.min, open: false } : undefined;
  const hi = rule.below !== undefined ? { v: rule.below, open: true } : rule.max !== undefined ? { v: rule.max, open: false } : undefined;
  if (lo && hi) return `${kind} in ${lo.open ? '(' : '['}${lo.v}, ${hi.v}${hi.open ? ')' : ']'}`;
  if (lo) return `${kind} ${lo.open ? '>' : '>='} ${lo.v}`;
  if (hi) return `${kind} ${hi.open ? '<' : '<='} ${hi.v}`;
  return kind;
}

/** Whether `x` (a number) keeps `rule`. */
export function keepsRule(x: number, rule: NumberRule): boolean {
  if (!Number.isFinite(x) || (rule.integer && !Number.isInteger(x))) return false;
  if (rule.min !== undefined && !(x >= rule.min)) return false;
  if (rule.max !== undefined && !(x <= rule.max)) return false;
  if (rule.above !== undefined && !(x > rule.above)) return false;
  if (rule.below !== undefined && !(x < rule.below)) return false;
  return true;
}

/** A number argument: a TypeError when it is not a number, a RangeError when it breaks `rule` (NaN and infinities included). */
export function checkNumber(fn: string, name: string, value: unknown, rule: NumberRule = {}): number {
  if (typeof value !== 'number') throw new TypeError(`${fn}: ${name} must be ${ruleText(rule)}; got ${showAny(value)}`);
  if (!keepsRule(value, rule)) throw new RangeError(`${fn}: ${name} must be ${ruleText(rule)}; got ${value}`);
  return value;
}

/** A list of numbers, each keeping `rule`, of `minLength` to `maxLength` entries (copied: read once). */
export function checkNumberList(
  fn: string, name: string, value: unknown, rule: NumberRule, length: { min: number; max: number },
): number[] {
  const what = `a list of ${length.min === length.max ? length.min : `${length.min} to ${length.max}`} numbers, each ${ruleText(rule)}`;
  if (!Array.isArray(value)) throw new TypeError(`${fn}: ${name} must be ${what}; got ${showAny(value)}`);
  const n = value.length;
  if (n < length.min || n > length.max) throw new RangeError(`${fn}: ${name} must be ${what}; it has ${n}`);
  const out = value.slice();
  for (let i = 0; i < n; i++) checkNumber(fn, `${name}[${i}]`, out[i], rule);
  return out as number[];
}

/** An object argument (not null, not an array): a TypeError otherwise. */
export function checkObject(fn: string, name: string, value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${fn}: ${name} must be ${what}; got ${showAny(value)}`);
  return value as Record<string, unknown>;
}

/** The first path at which two pieces of plain data differ (undefined when they are the same, numbers by Object.is). */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (const k of kb) if (!Object.hasOwn(a, k)) return `${path}.${k}`;
  for (const k of ka) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * A full scenario argument (as `resolveScenario` returns it): read once into a plain copy,
 * checked by the validator (which throws nothing itself; a bad one is a RangeError listing its
 * violations, a non-object or anything but plain data a TypeError), and full: it resolves to
 * itself, so that every field the function reads is there as a number (a RangeError naming the
 * first field missing or not in its resolved form, e.g. an uncertain `{ "value", "n" }`).
 * Returns the copy, which the function then works on.
 */
export function checkScenario(fn: string, name: string, value: unknown, refuse?: (s: Scenario) => void): Scenario {
  checkObject(fn, name, value, 'a scenario (an object, as resolveScenario returns it)');
  return checkFullScenario(fn, readPlain(fn, name, value, 'a scenario of plain data (as resolveScenario returns it)'), (path) => (path === '' ? name : `${name}.${path}`), refuse);
}

/** `value` read once into a plain copy (a TypeError listing what is not plain data: a getter that throws, a Date, a cycle, ...). */
export function readPlain(fn: string, name: string, value: unknown, what: string): unknown {
  const problems: string[] = [];
  const copy = plainCopy(value, (path, v, rule) => { if (problems.length < 10) problems.push(`${path}: ${rule}; got ${showAny(v)}`); }, name);
  if (problems.length > 0) throw new TypeError(`${fn}: ${name} must be ${what}:\n${problems.map((l) => `  ${l}`).join('\n')}`);
  return copy;
}

/**
 * A plain copy of a scenario checked by the validator, not refused by `refuse`, and full (it resolves to itself); `rename`
 * gives the caller's name of a scenario path (`cohort.discountRate` -> `scenario.cohort.discountRate`).
 */
export function checkFullScenario(fn: string, copy: unknown, rename: (path: string) => string, refuse?: (s: Scenario) => void): Scenario {
  const v = validateScenario(copy, defaultScenario);
  if (!v.ok) {
    const lines = v.errors.map((e) => ({ ...e, message: `${rename(e.path)}: ${e.rule}; got ${showValue(e.value)}` }));
    throw new RangeError(`${fn}: ${rename('')} is not a valid scenario:\n${errorLines(lines, v.omittedErrors)}`);
  }
  // What the function refuses of a valid scenario (the exact engine: capacity), before its fullness.
  refuse?.(v.scenario);
  const d = firstDifference(copy, v.scenario, '');
  if (d !== undefined) {
    throw new RangeError(`${fn}: ${rename('')} must be full, as resolveScenario returns it (every field there, each at its resolved value); ${safeText(rename(d.slice(1)), 120)} is missing or not resolved`);
  }
  return copy as Scenario;
}

/** An arm's name: a TypeError for anything but a string, a RangeError for an unknown one. */
export function checkArmName(fn: string, name: string, value: unknown): ArmName {
  if (typeof value !== 'string') throw new TypeError(`${fn}: ${name} must be an arm name (${ARM_NAMES.join(' or ')}); got ${showAny(value)}`);
  if (!(ARM_NAMES as readonly string[]).includes(value)) throw new RangeError(`${fn}: ${name} must be an arm name (${ARM_NAMES.join(' or ')}); got ${showAny(value)}`);
  return value as ArmName;
}

/** A function argument. */
export function checkCallable<F>(fn: string, name: string, value: unknown): F {
  if (typeof value !== 'function') throw new TypeError(`${fn}: ${name} must be a function; got ${showAny(value)}`);
  return value as F;
}

/**
 * Some fields of an object (a cohort's, an arm's, a pricing's), each read once into a fresh
 * object: a TypeError when one in `required` is missing or one is not a number (a string for
 * those in `strings`), and a RangeError, by the validator's rules, when one is out of range
 * (`place` puts the copy where it goes in a scenario file; `prefix` is its path there).
 */
export function checkFields(
  fn: string, name: string, value: unknown,
  fields: { required: readonly string[]; optional?: readonly string[]; strings?: readonly string[] },
  place: (copy: Record<string, unknown>) => unknown, prefix: string,
): Record<string, unknown> {
  const all = [...fields.required, ...(fields.optional ?? [])];
  const o = checkObject(fn, name, value, `an object with ${fields.required.length > 0 ? fields.required.join(', ') : `some of ${all.join(', ')}`}`);
  const copy: Record<string, unknown> = {};
  for (const key of all) {
    const v = o[key];
    if (v === undefined) {
      if (fields.required.includes(key)) throw new TypeError(`${fn}: ${name}.${key} is required (${name} must have ${fields.required.join(', ')})`);
      continue;
    }
    const kind = fields.strings?.includes(key) ? 'string' : 'number';
    if (typeof v !== kind) throw new TypeError(`${fn}: ${name}.${key} must be a ${kind}; got ${showAny(v)}`);
    copy[key] = v;
  }
  const v = validateScenario(place(copy), defaultScenario);
  if (!v.ok) {
    const at = (path: string) => (path.startsWith(prefix) ? `${name}${path.slice(prefix.length)}` : path);
    throw new RangeError(`${fn}: ${name} is not valid:\n${errorLines(v.errors.map((e) => ({ ...e, message: `${at(e.path)}: ${e.rule}; got ${showValue(e.value)}` })), v.omittedErrors)}`);
  }
  return copy;
}

/**
 * A result made of numbers (in objects, arrays and typed arrays): a RangeError when one is not
 * finite (NaN or an infinity, from arguments that are each in range but together overflow),
 * naming the function and where. Returns the result.
 */
export function checkFiniteResult<T>(fn: string, result: T, what = 'the result'): T {
  const bad = notFinite(result, '', 0);
  if (bad !== undefined) {
    throw new RangeError(`${fn}: the arguments give ${what} a value that is not a finite number (${bad.path || 'the value'} is ${bad.value}): some argument is too large or its counts are not those of a run`);
  }
  return result;
}

function notFinite(x: unknown, path: string, depth: number): { path: string; value: number } | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? undefined : { path, value: x };
  if (typeof x !== 'object' || x === null || depth > 8) return undefined;
  if (ArrayBuffer.isView(x)) {
    const a = x as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return { path: `${path}[${i}]`, value: a[i] };
    return undefined;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const r = notFinite(x[i], `${path}[${i}]`, depth + 1);
      if (r) return r;
    }
    return undefined;
  }
  for (const k of Object.keys(x)) {
    const r = notFinite((x as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`, depth + 1);
    if (r) return r;
  }
  return undefined;
}

/** A run's tally (a Float64Array of TALLY_SIZE counts with patients > 0, as `simulateTally` returns it). */
export function checkTally(fn: string, name: string, value: unknown): Float64Array {
  const what = `a run's tally (a Float64Array of ${TALLY_SIZE} counts, as simulateTally returns it)`;
  if (!(value instanceof Float64Array)) throw new TypeError(`${fn}: ${name} must be ${what}; got ${showAny(value)}`);
  const copy = new Float64Array(value); // read once: what follows reads the copy
  if (copy.length !== TALLY_SIZE) throw new RangeError(`${fn}: ${name} must be ${what}; it has ${copy.length} counts`);
  if (!copy.every(Number.isFinite)) throw new RangeError(`${fn}: ${name} must be ${what}; it has counts that are not finite`);
  if (!(copy[PATIENTS_SLOT] > 0)) throw new RangeError(`${fn}: ${name} must be ${what}; its count of patients is ${copy[PATIENTS_SLOT]}`);
  return copy;
}
