/**
 * Layering scenario files with uncertain numbers (a preset's uncertainty, then the user's
 * file): sections (cohort, arms, an arm, run, run.psa) merge key by key, a duration's keys
 * merge as in version 1 (`{ "median": 20 }` keeps the p90 and the uncertainty under it), and
 * any other value replaces the one below it whole (a plain 0.8 over `{ "value", "n" }` makes
 * the probability certain; `{ "value", "n" }` over `"same"` unties the poc arm).
 */

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isDuration = (v: unknown): v is Record<string, unknown> => isPlainObject(v) && ('median' in v || 'p90' in v || 'uncertainty' in v);

const SECTIONS = new Set(['', 'cohort', 'arms', 'arms.commercial', 'arms.poc', 'run', 'run.psa']);

function mergeAt(under: unknown, over: unknown, path: string): unknown {
  if (over === undefined) return under;
  if (!isPlainObject(under) || !isPlainObject(over)) return over;
  if (!SECTIONS.has(path)) {
    if (isDuration(under) && isDuration(over)) return { ...under, ...over };
    return over;
  }
  const out: Record<string, unknown> = { ...under };
  for (const key of Object.keys(over)) {
    const value = mergeAt(Object.hasOwn(under, key) ? under[key] : undefined, over[key], path === '' ? key : `${path}.${key}`);
    // defineProperty, not `out[key] =`: a "__proto__" key of a file stays an own (unknown, refused) field.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `over` layered onto `under`; either may be anything (the validator judges the result). */
export function mergeScenarioFiles(under: unknown, over: unknown): unknown {
  return mergeAt(under, over, '');
}
