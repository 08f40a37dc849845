/** The scenario the element's attributes describe: the preset, then the inline JSON, then patients and seed. */

import { presets } from '../../../src/presets/index.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { validateScenario, type ValidationError } from '../../../src/scenario/validate.js';
import { parseJson } from '../common/values.js';
import { presetOrDefault } from '../state/explorer-state.js';

export interface ScenarioAttributes {
  preset: string;
  scenarioJson: string | undefined;
  patients: number | undefined;
  seed: number | undefined;
}

/** The scenario, or the errors of the attributes that could not be applied (the others are). */
export function attributeScenario(a: ScenarioAttributes): { presetName: string; scenario: Scenario; errors: ValidationError[] } {
  const errors: ValidationError[] = [];
  if (!presets.some((p) => p.name === a.preset)) {
    errors.push({ path: 'preset', value: a.preset, rule: `unknown preset (known: ${presets.map((p) => p.name).join(', ')})`, message: `preset: unknown preset ${JSON.stringify(a.preset)}` });
  }
  const preset = presetOrDefault(a.preset);
  let scenario = preset.scenario;
  if (a.scenarioJson) {
    const parsed = parseJson(a.scenarioJson, 'scenario attribute');
    if (!parsed.ok) errors.push(parsed.error);
    else {
      const v = validateScenario(parsed.value, scenario);
      if (v.ok) scenario = v.scenario;
      else errors.push(...v.errors);
    }
  }
  const run: Record<string, unknown> = {};
  if (a.patients !== undefined && a.patients !== null) run.patients = a.patients;
  if (a.seed !== undefined && a.seed !== null) run.seed = a.seed;
  if (Object.keys(run).length) {
    const v = validateScenario({ run }, scenario);
    if (v.ok) scenario = v.scenario;
    else errors.push(...v.errors);
  }
  return { presetName: preset.name, scenario, errors };
}
