/**
 * The options of the library's entry points (`simulate`, `simulatePsa`, `runPsa`), checked
 * once at the entry: each is read once, and a bad one throws a TypeError (wrong kind of value)
 * or a RangeError (out of range) whose message names the option, the value found and what it
 * must be. Code behind the entry trusts what it is given.
 */

import { KernelPool } from './engine/pool.js';
import { nearestName } from './scenario/nearest.js';
import { kindOf, showAny } from './scenario/show.js';

export const MAX_WORKERS = 256;

/** A plain object (its prototype Object.prototype or null), not an array. */
export function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The options object read once into a plain record of the known options (undefined ones left
 * out); a TypeError for anything but undefined or a plain object, or for an unknown option.
 */
export function readOptions(options: unknown, known: readonly string[], fn: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlain(options)) {
    throw new TypeError(`${fn}: options must be an object { ${known.join(', ')} } (or left out); got ${showAny(options)}`);
  }
  const out: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(options)) {
    if (typeof key === 'symbol' || !known.includes(key)) {
      const name = typeof key === 'symbol' ? 'a symbol key' : showAny(key).replace(/ \(a string\)$/, '');
      const near = typeof key === 'string' ? nearestName(key, known) : undefined;
      throw new TypeError(`${fn}: unknown option ${name}${near ? ` (did you mean ${near}?)` : ''}; the options are ${known.join(', ')}`);
    }
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export function checkEnum<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const err = typeof value === 'string' ? RangeError : TypeError;
    throw new err(`${name}: unknown ${name} ${showAny(value).replace(/ \(a string\)$/, '')}; known ${name}s: ${allowed.join(', ')}`);
  }
  return value as T;
}

export function checkWorkers(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new TypeError(`workers: must be an integer in [1, ${MAX_WORKERS}]; got ${showAny(value)}`);
  if (!Number.isInteger(value) || value < 1 || value > MAX_WORKERS) throw new RangeError(`workers: must be an integer in [1, ${MAX_WORKERS}]; got ${value}`);
  return value;
}

export function checkPool(value: unknown): KernelPool | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof KernelPool)) {
    throw new TypeError(`pool: must be a KernelPool (from KernelPool.create or getPool); got ${kindOf(value)}`);
  }
  return value;
}

/** An AbortSignal (or one of another realm: a boolean `aborted` and add/removeEventListener). */
export function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const isSignal = (typeof AbortSignal === 'function' && value instanceof AbortSignal) || (
    typeof value === 'object' && value !== null
    && typeof (value as AbortSignal).aborted === 'boolean'
    && typeof (value as AbortSignal).addEventListener === 'function'
    && typeof (value as AbortSignal).removeEventListener === 'function');
  if (!isSignal) throw new TypeError(`signal: must be an AbortSignal (e.g. new AbortController().signal); got ${showAny(value)}`);
  return value as AbortSignal;
}

export function checkFunction<F>(name: string, value: unknown): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new TypeError(`${name}: must be a function; got ${showAny(value)}`);
  return value as F;
}

export function checkBoolean(name: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new TypeError(`${name}: must be true or false; got ${showAny(value)}`);
  return value;
}
