/**
 * A PSA scenario: a scenario file with uncertain numbers (MODEL.md version 2), validated and
 * resolved into its base case (every uncertain number at its central value, a plain version 1
 * scenario), the list of its uncertain parameters, the poc fields that are "same" as the
 * commercial arm's, and the size of the run (`run.psa`).
 */

import { defaultScenario } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';
import { ScenarioError, validateScenario, type ValidationError } from '../scenario/validate.js';
import { DEFAULT_PSA_RUN, extractUncertainty, type PsaRun, type UncertainParameter } from '../scenario/uncertain.js';

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
  | { ok: false; scenario?: undefined; errors: ValidationError[] };

/**
 * Validates a PSA scenario file (any JSON value; version 1 files too, which then have no
 * uncertain parameter) merged onto `base`, with every violation at once, each with its path,
 * value and rule. `run.psa` defaults to 1000 draws of 10^4 patients.
 */
export function validatePsaScenario(input: unknown, base: Readonly<Scenario> = defaultScenario): PsaValidation {
  const v = validateScenario(input, base);
  if (!v.ok) return { ok: false, errors: v.errors };
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
  const u = extractUncertainty(input, base);
  return {
    ok: true,
    scenario: { base: v.scenario, parameters: u.parameters, same: u.same, run: { ...(u.psa ?? DEFAULT_PSA_RUN) } },
    errors: [],
  };
}

/** The PSA scenario of a file, or a ScenarioError listing every violation. */
export function resolvePsaScenario(input: unknown, base: Readonly<Scenario> = defaultScenario): PsaScenario {
  const v = validatePsaScenario(input, base);
  if (!v.ok) throw new ScenarioError(v.errors);
  return v.scenario;
}
