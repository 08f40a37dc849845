/**
 * A PSA scenario: a scenario file with uncertain numbers (MODEL.md version 2), validated and
 * resolved into its base case (every uncertain number at its central value, a plain version 1
 * scenario), the list of its uncertain parameters, the poc fields that are "same" as the
 * commercial arm's, and the size of the run (`run.psa`).
 */

import { defaultScenario } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';
import { plainCopy } from '../scenario/snapshot.js';
import { safeText } from '../scenario/show.js';
import { ScenarioError, showValue, validateScenario, validateScenarioFile, type ValidationError } from '../scenario/validate.js';
import { DEFAULT_PSA_RUN, type Extracted, type PsaRun, type UncertainParameter } from '../scenario/uncertain.js';

export interface PsaScenario {
  /** The base case: every uncertain number at its central value (Beta mean, log-normal median, the duration as written). */
  base: Scenario;
  /** The uncertain parameters, in field-table order (cohort, commercial arm, poc arm). */
  parameters: UncertainParameter[];
  /** Fields of the poc arm that take the commercial arm's value in every draw (`"same"`). */
  same: string[];
  /** Draws (outer loop) and patients per arm in each draw (inner loop). */
  run: PsaRun;
}

export type PsaValidation =
  | { ok: true; scenario: PsaScenario; errors: [] }
  | { ok: false; scenario?: undefined; errors: ValidationError[]; omittedErrors?: number };

/**
 * Validates a PSA scenario file (any JSON value; version 1 files too, which then have no
 * uncertain parameter) merged onto `base`, with every violation at once, each with its path,
 * value and rule. `run.psa` defaults to 1000 draws of 10^4 patients.
 */
export function validatePsaScenario(input: unknown, base: Readonly<Scenario> = defaultScenario): PsaValidation {
  // One read of the file (and the base), one plain copy: the uncertain forms are those validated.
  const { validation: v, extracted } = validateScenarioFile(input, base);
  if (!v.ok) return { ok: false, errors: v.errors, omittedErrors: v.omittedErrors };
  const priced = (['commercial', 'poc'] as const).filter((a) => v.scenario.arms[a].pricing !== undefined);
  if (priced.length > 0) {
    return {
      ok: false,
      errors: priced.map((a) => {
        const path = `arms.${a}.pricing`;
        const rule = 'cost-recovery pricing is not available in a PSA (each draw would need a second run at its own solved price): run the scenario with `cgt-access run`';
        return { path, value: v.scenario.arms[a].pricing, rule, message: `${path}: ${rule}; got an object` };
      }),
    };
  }
  // Capacity makes a run cohort-years (MODEL.md v2), which a PSA's draws do not run.
  const cohortYears: ValidationError[] = [];
  for (const arm of ['commercial', 'poc'] as const) {
    const capacity = v.scenario.arms[arm].capacity;
    if (capacity) {
      const path = `arms.${arm}.capacity`;
      const rule = 'is not run by a probabilistic sensitivity analysis (capacity makes cohort-years); remove it, or run without run.psa';
      cohortYears.push({ path, value: capacity, rule, message: `${path}: ${rule}; got an object` });
    }
  }
  const years = v.scenario.run.years;
  if (years && cohortYears.length === 0) {
    const rule = 'is not run by a probabilistic sensitivity analysis (cohort-years); remove it, or run without run.psa';
    cohortYears.push({ path: 'run.years', value: years, rule, message: `run.years: ${rule}; got an object` });
  }
  if (cohortYears.length > 0) return { ok: false, errors: cohortYears };
  const u = extracted as Extracted;
  return {
    ok: true,
    scenario: { base: v.scenario, parameters: u.parameters, same: u.same, run: { ...(u.psa ?? DEFAULT_PSA_RUN) } },
    errors: [],
  };
}

/** The PSA scenario of a file, or a ScenarioError listing every violation. */
export function resolvePsaScenario(input: unknown, base: Readonly<Scenario> = defaultScenario): PsaScenario {
  const v = validatePsaScenario(input, base);
  if (!v.ok) throw new ScenarioError(v.errors, v.omittedErrors);
  return v.scenario;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A parameter as a scenario file writes it: its uncertain form. */
function fileForm(p: Record<string, unknown>): unknown {
  switch (p.distribution) {
    case 'beta': return { value: p.value, n: p.n };
    case 'logNormal': return { value: p.value, p90: p.p90 };
    case 'durationScale': {
      const median = p.median as number;
      return { median, p90: p.p90, uncertainty: { p90: (p.factorP90 as number) * median } };
    }
    default: return { distribution: p.distribution };
  }
}

const same = (a: unknown, b: unknown) => Object.is(a, b) || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-12 * Math.abs(b));

/**
 * A PSA scenario given to `runPsa`, read once into a plain copy and checked: `base` a valid
 * version 1 scenario, `run` a valid `run.psa`, `same` fields of an arm, and every parameter a
 * valid uncertain number at a field's path with that field's stream slot (written back as a
 * scenario file and validated as one, so the rules are the file's). A TypeError listing the
 * violations otherwise. A PSA scenario from `resolvePsaScenario` (or one changed within the
 * rules, e.g. `{ ...ps, run: { ...ps.run, draws: 100 } }`) passes as it is.
 */
export function checkPsaScenario(ps: unknown, fn = 'runPsa', name = 'ps'): PsaScenario {
  const problems: string[] = [];
  const say = (path: string, rule: string) => { if (problems.length < 40) problems.push(`${path}: ${rule}`); };
  const copy = plainCopy(ps, (path, value, rule) => say(path, `${rule}; got ${showValue(value)}`), 'ps');
  const fail = () => new TypeError(`${fn}: ${name} must be a PSA scenario (from resolvePsaScenario, validatePsaScenario or presetUncertainty):\n${problems.map((l) => `  ${l}`).join('\n')}`);
  if (problems.length > 0) throw fail();
  if (!isPlainObject(copy)) {
    say('ps', `must be an object { base, parameters, same, run }; got ${showValue(copy)}`);
    throw fail();
  }
  for (const key of Object.keys(copy)) if (!['base', 'parameters', 'same', 'run'].includes(key)) say(`ps.${key}`, 'unknown field (a PSA scenario has base, parameters, same and run)');
  // The base: a full version 1 scenario (as the base of a file, its errors under base.).
  if (!isPlainObject(copy.base)) say('ps.base', `must be an object (a full scenario); got ${showValue(copy.base)}`);
  const bv = isPlainObject(copy.base) ? validateScenario({}, copy.base as unknown as Scenario) : undefined;
  for (const e of bv?.errors ?? []) say(`ps.${e.path}`, `${e.rule}; got ${showValue(e.value)}`);
  const { parameters, same: sameKeys, run } = copy;
  if (!Array.isArray(parameters)) say('ps.parameters', `must be an array of uncertain parameters; got ${showValue(parameters)}`);
  if (!Array.isArray(sameKeys) || !sameKeys.every((k) => typeof k === 'string')) say('ps.same', `must be an array of field names of an arm; got ${showValue(sameKeys)}`);
  if (!isPlainObject(run)) say('ps.run', `must be an object { draws, patientsPerDraw }; got ${showValue(run)}`);
  if (problems.length > 0 || !bv?.ok) throw fail();
  // The parameters, "same" and run.psa written as a scenario file over the base, and validated as one.
  const file: Record<string, unknown> = { run: { psa: run } };
  const params = parameters as unknown[];
  params.forEach((p, i) => {
    if (!isPlainObject(p) || typeof p.path !== 'string' || !/^(cohort|arms\.(commercial|poc))\.[A-Za-z0-9]+$/.test(p.path)) {
      say(`ps.parameters[${i}]`, `must be an uncertain parameter { path, slot, distribution, ... } at a field of the cohort or an arm; got ${showValue(p)}`);
      return;
    }
    const parts = p.path.split('.');
    let node = file;
    for (const k of parts.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    if (Object.hasOwn(node, parts[parts.length - 1])) say(`ps.parameters[${i}]`, `${p.path} is listed twice`);
    node[parts[parts.length - 1]] = fileForm(p);
  });
  for (const key of sameKeys as string[]) {
    const poc = (((file.arms ??= {}) as Record<string, unknown>).poc ??= {}) as Record<string, unknown>;
    if (Object.hasOwn(poc, key)) say('ps.same', `${safeText(key)} is both "same" and an uncertain parameter of the poc arm`);
    poc[key] = 'same';
  }
  if (problems.length > 0) throw fail();
  const v = validatePsaScenario(file, bv.scenario);
  if (!v.ok) {
    for (const e of v.errors) say(e.path.startsWith('run.psa') ? `ps.${e.path.replace(/^run\.psa/, 'run')}` : `ps: ${e.path}`, `${e.rule}; got ${showValue(e.value)}`);
    throw fail();
  }
  // Each parameter as given: the slot of its path, and the numbers validated.
  const byPath = new Map(v.scenario.parameters.map((q) => [q.path, q]));
  params.forEach((p, i) => {
    const q = byPath.get((p as Record<string, unknown>).path as string);
    const given = p as Record<string, unknown>;
    if (!q) return say(`ps.parameters[${i}]`, 'is not an uncertain parameter of the scenario');
    for (const [k, want] of Object.entries(q)) {
      if (!same(given[k], want)) say(`ps.parameters[${i}].${k}`, `must be ${String(want)} for ${q.path}; got ${showValue(given[k])}`);
    }
    for (const k of Object.keys(given)) if (!Object.hasOwn(q, k)) say(`ps.parameters[${i}].${safeText(k)}`, 'unknown field');
  });
  if (problems.length > 0) throw fail();
  return {
    base: bv.scenario,
    parameters: params as UncertainParameter[],
    same: [...(sameKeys as string[])],
    run: { ...v.scenario.run },
  };
}