/**
 * The caller's input, read once into plain data: the one copy that is validated and run.
 *
 * A scenario given to the library may be any JavaScript value. Reading it once (each key
 * listed once, each value got once, getters included) means that what the validator checks
 * is what runs: a getter that answers 0.4 to the validator and 0.9 to the run cannot slip
 * through. Only plain data is taken: objects whose prototype is Object.prototype or null,
 * arrays and primitives. Anything else (a Date, a Map, a RegExp, a Promise, a class
 * instance, an object inheriting fields from a prototype) is refused where it is, as are
 * symbol keys, and nesting deeper than MAX_DEPTH levels (a scenario's deepest value is 5
 * levels down: arms.poc.mfgDays.uncertainty.p90), so that no later step can run out of stack
 * however deep a file is.
 */

import { kindOf, quote } from './show.js';

/** Deepest nesting of objects and arrays accepted in a scenario file (its own fields go 5 levels deep). */
export const MAX_DEPTH = 32;

export type Report = (path: string, value: unknown, rule: string) => void;

/** `path.key` with a key that is not an identifier quoted (escaped and cut). */
export function joinPath(path: string, key: string): string {
  const safe = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) && key.length <= 80 ? key : quote(key);
  return path === '' ? safe : `${path}.${safe}`;
}

const ROOT = '(root)';

function describeError(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}` : typeof e;
  } catch {
    return 'an error';
  }
}

/**
 * A plain copy of `value` (objects, arrays and primitives only), each of the caller's values
 * read once. Problems are reported (path, value, rule) and the offending part is left out of
 * the copy (undefined in its place, or a non-plain object kept by reference for the validator
 * to name: it is never read). `path` is the path of `value` itself ('' for a whole file).
 */
export function plainCopy(value: unknown, report: Report, path = ''): unknown {
  return copy(value, report, path, 0);
}

function copy(value: unknown, report: Report, path: string, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) {
    const where = path.length > 120 ? `${path.slice(0, 120)}...` : path;
    report(where || ROOT, value, `nested more than ${MAX_DEPTH} levels deep (a scenario file is at most 5 levels deep); nothing below is read`);
    return undefined;
  }
  let isArray: boolean;
  let proto: unknown;
  try {
    isArray = Array.isArray(value);
    proto = isArray ? undefined : Object.getPrototypeOf(value);
  } catch (e) {
    report(path || ROOT, value, `could not be read (${describeError(e)})`);
    return undefined;
  }
  if (isArray) {
    const source = value as unknown[];
    try {
      const n = source.length;
      const out: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = copy(source[i], report, `${path || ROOT}[${i}]`, depth + 1);
      return out;
    } catch (e) {
      report(path || ROOT, value, `could not be read (${describeError(e)})`);
      return undefined;
    }
  }
  if (proto !== Object.prototype && proto !== null) {
    report(path || ROOT, value, `must be plain data (an object of JSON: no ${kindOf(value).replace(/^an? /, '')}, no inherited fields)`);
    return undefined;
  }
  let keys: string[];
  try {
    for (const symbol of Object.getOwnPropertySymbols(value)) {
      report(path || ROOT, value, `has a symbol key (${quote(String(symbol.description ?? ''), 40)}): a scenario's keys are strings`);
    }
    // Own enumerable string keys: what JSON would write and the validator reads.
    keys = Object.keys(value);
  } catch (e) {
    report(path || ROOT, value, `could not be read (${describeError(e)})`);
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const at = joinPath(path, key);
    let v: unknown;
    try {
      v = (value as Record<string, unknown>)[key];
    } catch (e) {
      report(at, undefined, `could not be read (${describeError(e)} from its getter)`);
      continue;
    }
    const c = copy(v, report, at, depth + 1);
    // defineProperty for "__proto__" (`out[key] =` would set the prototype): it stays an own (unknown, refused) field.
    if (key === '__proto__') Object.defineProperty(out, key, { value: c, enumerable: true, writable: true, configurable: true });
    else out[key] = c;
  }
  return out;
}
