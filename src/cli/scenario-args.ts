/**
 * The scenario a `run` or `validate` command means: a file (or standard input), on top of a
 * preset (or the defaults), with `--set PATH=VALUE`, `--patients` and `--seed` on top.
 */

import { getPreset } from '../presets/index.js';
import { defaultScenario } from '../scenario/defaults.js';
import { SCENARIO_SPEC, specAt, type FieldSpec } from '../scenario/fields.js';
import { nearestName } from '../scenario/nearest.js';
import type { Scenario } from '../scenario/types.js';
import { readNumber } from '../scenario/number.js';
import { safeText } from '../scenario/show.js';
import { errorLines, validateScenario } from '../scenario/validate.js';
import { UsageError } from './errors.js';
import { inputName, parseJson, readInput } from './io.js';

export interface ScenarioArgs {
  file?: string;
  preset?: string;
  sets: string[];
  patients?: string;
  seed?: string;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A --set or option value: a number as the one number reader reads it (`readNumber`: as JSON
 * writes numbers, no blanks around it), else JSON if it parses (true, lists, objects), else the
 * text itself (which the validator then names: `0x10`, ` 1`, `1e999`).
 */
export function parseValue(text: string): unknown {
  const n = readNumber(text);
  if (n !== undefined) return n;
  try {
    const v: unknown = JSON.parse(text);
    // A number JSON.parse reads but the reader does not (blanks around it, or too large to be finite) stays text.
    return typeof v === 'number' ? text : v;
  } catch {
    return text;
  }
}

/** Checks a dotted path against the scenario's fields, with the nearest name on a typo. */
function checkPath(path: string, flag: string): void {
  let spec: FieldSpec = SCENARIO_SPEC;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i];
    const here = parts.slice(0, i + 1).join('.');
    const known = spec.kind === 'object' ? Object.keys(spec.fields) : spec.kind === 'duration' ? ['median', 'p90'] : [];
    if (!known.includes(key)) {
      const near = nearestName(key, known);
      const rule = known.length === 0 ? `${parts.slice(0, i).join('.')} has no fields` : near ? `unknown field (did you mean ${near}?)` : `unknown field (known: ${known.join(', ')})`;
      throw new UsageError(`${flag} ${safeText(here)}: ${rule}`);
    }
    const next = specAt(here);
    if (!next) throw new UsageError(`${flag} ${safeText(here)}: unknown field`);
    spec = next;
  }
}

/** Sets an own property (a "__proto__" key stays an own field). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Sets a dotted path in a partial scenario, making the objects on the way (not through a
 * non-object: the validator reports that). Copy on write: only the objects along the path are
 * copied, so the file (however deeply nested elsewhere) is neither changed nor walked.
 */
export function setPath(target: Record<string, unknown>, path: string | string[], value: unknown): void {
  const parts = typeof path === 'string' ? path.split('.') : path;
  let node: Record<string, unknown> = target;
  for (const key of parts.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : {};
    // A non-object here is the file's own error; the validator reports it.
    if (!isPlainObject(next)) return;
    const copy = { ...next };
    define(node, key, copy);
    node = copy;
  }
  define(node, parts[parts.length - 1], value);
}

/** The base scenario (a preset or the defaults). */
export function baseScenario(preset: string | undefined): Readonly<Scenario> {
  if (preset === undefined) return defaultScenario;
  try {
    return getPreset(preset).scenario;
  } catch (e) {
    throw new UsageError(`--preset: ${(e as Error).message.replace(/^preset: /, '')}`);
  }
}

/** The partial scenario given by the arguments (file, sets), before validation. */
export function partialFromArgs(args: ScenarioArgs, stdin?: () => string): unknown {
  let partial: unknown = {};
  if (args.file !== undefined) partial = parseJson(readInput(args.file, stdin), inputName(args.file));
  const sets: [string, string, unknown][] = args.sets.map((s) => {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${safeText(s)}: expected PATH=VALUE, e.g. --set arms.poc.pReferral=0.9`);
    const path = s.slice(0, eq).trim();
    checkPath(path, '--set');
    return ['--set', path, parseValue(s.slice(eq + 1))];
  });
  if (args.patients !== undefined) sets.push(['--patients', 'run.patients', parseValue(args.patients)]);
  if (args.seed !== undefined) sets.push(['--seed', 'run.seed', parseValue(args.seed)]);
  if (sets.length > 0) {
    if (!isPlainObject(partial)) return partial; // the validator refuses a non-object file
    const copy = { ...partial };
    for (const [, path, value] of sets) setPath(copy, path, value);
    partial = copy;
  }
  return partial;
}

/** The full, valid scenario of the arguments; a UsageError listing every violation otherwise. */
export function scenarioFromArgs(args: ScenarioArgs, stdin?: () => string): Scenario {
  const base = baseScenario(args.preset);
  const partial = partialFromArgs(args, stdin);
  const v = validateScenario(partial, base);
  if (!v.ok) {
    const where = args.file === undefined ? 'scenario' : inputName(args.file);
    throw new UsageError(`${where}: invalid scenario\n${errorLines(v.errors, v.omittedErrors)}`);
  }
  return v.scenario;
}
