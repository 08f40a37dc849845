/**
 * The uncertainty of the scenario shown: which parameters are uncertain and how (the preset's
 * from the trials' patient counts, `presetUncertaintyFile`, unless the user gave a file of
 * their own), laid onto the current values. The element's scenario is a plain (version 1)
 * scenario that the sliders change; each uncertain parameter keeps its spread and is centred
 * on the value now shown:
 *
 *   Beta          { value: now, n }                       (a value at 0 or 1 stays certain)
 *   log-normal    { value: now, p90: now * p90 / value }  (the same relative spread)
 *   duration      { ...now, uncertainty: { p90: now.median * factorP90 } }
 *   "same"        kept while the poc value equals the commercial one, else the poc value
 */

import { presetUncertaintyFile } from '../../../src/psa/presets.js';
import { validatePsaScenario, type PsaScenario } from '../../../src/psa/validate.js';
import type { Preset } from '../../../src/presets/index.js';
import type { PsaEffect, UncertainParameter } from '../../../src/scenario/uncertain.js';
import type { ValidationError } from '../../../src/scenario/validate.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { getPath } from './paths.js';

/** The spread of each uncertain parameter, independent of its central value. */
export interface UncertaintySpec {
  parameters: UncertainParameter[];
  /** Fields (keys) of the poc arm that take the commercial arm's value in every draw. */
  same: string[];
  /** Where it comes from: the preset's sources, or the user's file. */
  origin: 'preset' | 'user';
  /** For the preset's: the basis of each parameter's spread in a few words, by path (`presetUncertaintyFile`'s `basis`). */
  basis?: Record<string, string>;
}

/** The uncertain parameters of a scenario file laid onto `base`, or the validator's errors. */
export function specOf(file: unknown, base: Scenario, origin: UncertaintySpec['origin']): { ok: true; spec: UncertaintySpec } | { ok: false; errors: ValidationError[] } {
  const v = validatePsaScenario(file, base);
  if (!v.ok) return { ok: false, errors: v.errors };
  return { ok: true, spec: { parameters: v.scenario.parameters, same: v.scenario.same, origin } };
}

/** The preset's uncertainty (outcomes, access and manufacturing, from the sample sizes of their sources). */
export function presetSpec(preset: Preset): UncertaintySpec {
  const u = presetUncertaintyFile(preset);
  const r = specOf(u.file, preset.scenario, 'preset');
  // The preset's own file is valid by construction; an empty spec if it ever is not.
  return r.ok ? { ...r.spec, basis: u.basis } : { parameters: [], same: [], origin: 'preset' };
}

function setIn(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const k of parts.slice(0, -1)) {
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** The uncertain form of parameter `p` centred on `now`, or `now` itself where the form cannot hold it. */
function centred(p: UncertainParameter, now: unknown): unknown {
  switch (p.distribution) {
    case 'beta':
      return typeof now === 'number' && now > 0 && now < 1 ? { value: now, n: p.n } : now;
    case 'logNormal':
      return typeof now === 'number' && now > 0 ? { value: now, p90: now * (p.p90 / p.value) } : now;
    case 'durationScale': {
      const d = now as { median: number; p90: number };
      return { median: d.median, p90: d.p90, uncertainty: { p90: d.median * p.factorP90 } };
    }
  }
}

/** The PSA scenario file of `scenario` with the spread of `spec`, `draws` x `patientsPerDraw` and the effect measure. */
export function psaFile(scenario: Scenario, spec: UncertaintySpec, draws: number, patientsPerDraw: number, effect: PsaEffect = 'alive1y'): Record<string, unknown> {
  const file: Record<string, unknown> = { run: { psa: { draws, patientsPerDraw, effect } } };
  for (const p of spec.parameters) setIn(file, p.path, centred(p, getPath(scenario, p.path)));
  for (const key of spec.same) {
    const path = `arms.poc.${key}`;
    if (JSON.stringify(getPath(scenario, path)) === JSON.stringify(getPath(scenario, `arms.commercial.${key}`))) setIn(file, path, 'same');
  }
  return file;
}

/** The PSA scenario to run, or the validator's errors (e.g. a spread the current values break). */
export function psaScenario(scenario: Scenario, spec: UncertaintySpec, draws: number, patientsPerDraw: number, effect: PsaEffect = 'alive1y'): { ok: true; scenario: PsaScenario } | { ok: false; errors: ValidationError[] } {
  const v = validatePsaScenario(psaFile(scenario, spec, draws, patientsPerDraw, effect), scenario);
  return v.ok ? { ok: true, scenario: v.scenario } : { ok: false, errors: v.errors };
}
