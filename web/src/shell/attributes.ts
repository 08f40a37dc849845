/** The element's attributes that describe a scenario or its uncertainty. */

import { presets } from '../../../src/presets/index.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { validateScenario, type ValidationError } from '../../../src/scenario/validate.js';
import { parseJson } from '../common/values.js';
import { presetOrDefault, type ExplorerState } from '../state/explorer-state.js';
import { specOf } from '../state/uncertainty.js';

export interface ScenarioAttributes {
  preset: string;
  scenarioJson: string | undefined;
  patients: number | undefined;
  seed: number | undefined;
}

/** The scenario the attributes describe (the preset, then the inline JSON, then patients and seed), and the errors of those that could not be applied. */
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

/** The `uncertainty` attribute (JSON): its uncertain numbers become the state's spread; refused, the spread stays. */
export function applyUncertaintyAttribute(json: string | undefined, state: ExplorerState): void {
  if (!json) {
    state.setUncertainty(null);
    return;
  }
  const parsed = parseJson(json, 'uncertainty attribute');
  if (!parsed.ok) {
    state.refuse([parsed.error], 'attribute');
    return;
  }
  const s = specOf(parsed.value, state.scenario, 'user');
  if (!s.ok) state.refuse(s.errors, 'attribute');
  else state.setUncertainty(s.spec);
}
