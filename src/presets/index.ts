/**
 * The presets: the default scenario and scenarios from the seed paper's Table 2 and text,
 * each resolved to a full scenario with the source of every number.
 */

import { DEFAULT_COHORT, DEFAULT_COMMERCIAL, DEFAULT_POC, defaultScenario } from '../scenario/defaults.js';
import { valuesOf, type Sourced } from '../scenario/sourced.js';
import type { Scenario } from '../scenario/types.js';
import { resolveScenario } from '../scenario/validate.js';
import { nearestName } from '../scenario/nearest.js';
import { quote, showAny } from '../scenario/show.js';
import { TABLE2_PRESETS } from './table2.js';
import { capacityPresets } from './capacity.js';
import type { PresetDefinition } from './types.js';

export type { PresetDefinition } from './types.js';

/** A preset ready to run: its full scenario and, for every parameter path, its source. */
export interface Preset {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly scenario: Scenario;
  /** Source of every parameter, by dotted path (`arms.poc.pCr`); the run section has none. */
  readonly sources: Readonly<Record<string, string>>;
}

export const DEFAULT_PRESET: PresetDefinition = {
  name: 'default',
  title: 'r/r large B-cell lymphoma, Italy-like access (MODEL.md defaults)',
  description:
    'Relapsed/refractory large B-cell lymphoma in a country like the one of the seed paper\'s access study: '
    + 'about 600 eligible patients a year, of whom about 17% are infused under centralised commercial manufacturing. '
    + 'Commercial arm: axi-cel real-world outcomes at its list price; point-of-care arm: the same efficacy, '
    + 'hospital manufacturing paid per attempt plus a facility\'s fixed cost.',
  cohort: DEFAULT_COHORT,
  arms: { commercial: DEFAULT_COMMERCIAL, poc: DEFAULT_POC },
};

function sourcesOf(prefix: string, fields: Record<string, Sourced<unknown> | undefined> | undefined, out: Record<string, string>): void {
  for (const [key, f] of Object.entries(fields ?? {})) if (f) out[`${prefix}.${key}`] = f.source;
}

/** Resolves a preset definition onto the defaults; throws if it breaks a rule (a bug in the data). */
export function resolvePreset(def: PresetDefinition): Preset {
  const sources: Record<string, string> = {};
  sourcesOf('cohort', DEFAULT_COHORT, sources);
  sourcesOf('arms.commercial', DEFAULT_COMMERCIAL, sources);
  sourcesOf('arms.poc', DEFAULT_POC, sources);
  sourcesOf('cohort', def.cohort, sources);
  sourcesOf('arms.commercial', def.arms?.commercial, sources);
  sourcesOf('arms.poc', def.arms?.poc, sources);
  const partial = {
    cohort: valuesOf(def.cohort ?? {}),
    arms: { commercial: valuesOf(def.arms?.commercial ?? {}), poc: valuesOf(def.arms?.poc ?? {}) },
  };
  const scenario = resolveScenario(partial, defaultScenario);
  return Object.freeze({ name: def.name, title: def.title, description: def.description, scenario, sources: Object.freeze(sources) });
}

/** Every preset, the default first; those with manufacturing capacity (MODEL.md v2) last. */
export const presets: readonly Preset[] = Object.freeze([DEFAULT_PRESET, ...TABLE2_PRESETS, ...capacityPresets(DEFAULT_PRESET)].map(resolvePreset));

/** The names of the presets. */
export const presetNames: readonly string[] = presets.map((p) => p.name);

/** The preset of that name; throws a RangeError naming the known ones (and the nearest) otherwise. */
export function getPreset(name: string): Preset {
  if (typeof name !== 'string') throw new TypeError(`preset: must be a preset name (a string); got ${showAny(name)}; known presets: ${presetNames.join(', ')}`);
  const found = presets.find((p) => p.name === name);
  if (found) return found;
  const near = nearestName(name, presetNames);
  throw new RangeError(
    `preset: unknown preset ${quote(name)}${near ? ` (did you mean ${near}?)` : ''}; known presets: ${presetNames.join(', ')}`,
  );
}
