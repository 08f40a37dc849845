/**
 * The positional arguments of the library's functions (numbers, lists of numbers, scenarios,
 * results, tallies), checked at the edge as `readOptions` checks options: each is read once,
 * and a bad one throws a TypeError (wrong kind of value) or a RangeError (out of range) whose
 * message names the function, the argument, the value found and the rule.
 */

import { PATIENTS_SLOT, TALLY_SIZE } from './engine/tally.js';
import { showAny } from './scenario/show.js';
import type { Scenario } from './scenario/types.js';
import { defaultScenario } from './scenario/defaults.js';
import { errorLines, validateScenario } from './scenario/validate.js';

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

/**
 * A full scenario argument (as `resolveScenario` returns it): checked by the validator, which
 * throws nothing itself; a bad one is a RangeError listing its violations, a non-object a TypeError.
 * Returns the scenario as given (a valid full scenario resolves to itself).
 */
export function checkScenario(fn: string, name: string, value: unknown): Scenario {
  checkObject(fn, name, value, 'a scenario (an object, as resolveScenario returns it)');
  const v = validateScenario(value, defaultScenario);
  if (!v.ok) throw new RangeError(`${fn}: ${name} is not a valid scenario:\n${errorLines(v.errors, v.omittedErrors)}`);
  return value as Scenario;
}

/** A run's tally (a Float64Array of TALLY_SIZE counts with patients > 0, as `simulateTally` returns it). */
export function checkTally(fn: string, name: string, value: unknown): Float64Array {
  const what = `a run's tally (a Float64Array of ${TALLY_SIZE} counts, as simulateTally returns it)`;
  if (!(value instanceof Float64Array)) throw new TypeError(`${fn}: ${name} must be ${what}; got ${showAny(value)}`);
  if (value.length !== TALLY_SIZE) throw new RangeError(`${fn}: ${name} must be ${what}; it has ${value.length} counts`);
  if (!value.every(Number.isFinite)) throw new RangeError(`${fn}: ${name} must be ${what}; it has counts that are not finite`);
  if (!(value[PATIENTS_SLOT] > 0)) throw new RangeError(`${fn}: ${name} must be ${what}; its count of patients is ${value[PATIENTS_SLOT]}`);
  return value;
}
