/**
 * The uncertainty of a preset, from the seed paper's Table 2: each outcome probability of an
 * arm (pOrr, pCr, pOs1, pPfs1, pCrs3, pIcans3) becomes `{ "value": p, "n": n }`, n being the
 * patient count of the trial or series its source names (`... 1297 pts`, `35 enrolled,
 * 30 infused` -> 30, the infused patients who carry the outcomes). An outcome whose source
 * names no count (an assumption, such as an ORR taken equal to the CRR) takes the count of
 * its arm's trial: its uncertainty is at least that of the arm's data. An outcome of the poc
 * arm that the preset takes equal to the commercial arm's ("assumed equal", "taken equal to",
 * with the same value) becomes `"same"`, so both arms draw it together. Everything else stays
 * fixed. Presets themselves, `presets` and point runs are unchanged: this only builds the
 * PSA scenario that `psa --preset` runs.
 */

import type { Preset } from '../presets/index.js';
import type { ArmName } from '../scenario/types.js';
import { resolvePsaScenario, type PsaScenario } from './validate.js';

const OUTCOMES = ['pOrr', 'pCr', 'pOs1', 'pPfs1', 'pCrs3', 'pIcans3'] as const;

/** The patient count a source string names, or undefined. */
export function patientCount(source: string): number | undefined {
  const infused = /(\d+) infused/.exec(source);
  if (infused) return Number(infused[1]);
  const m = /(\d+) (?:[A-Za-z]+ )?(?:pts|patients)\b/.exec(source);
  return m ? Number(m[1]) : undefined;
}

/** The most frequent count among an arm's outcome sources (the first one on a tie). */
function armCount(preset: Preset, arm: ArmName): number | undefined {
  const counts = new Map<number, number>();
  for (const k of OUTCOMES) {
    const n = patientCount(preset.sources[`arms.${arm}.${k}`] ?? '');
    if (n !== undefined) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [n, c] of counts) if (c > bestCount) [best, bestCount] = [n, c];
  return best;
}

export interface PresetUncertainty {
  /** A scenario file (to lay onto the preset's scenario) with the uncertain outcomes. */
  file: { arms: Record<ArmName, Record<string, unknown>> };
  /** Where each uncertainty comes from, by path. */
  notes: Record<string, string>;
}

/** The uncertain outcomes of a preset, as a scenario file to lay onto its scenario. */
export function presetUncertaintyFile(preset: Preset): PresetUncertainty {
  const file: PresetUncertainty['file'] = { arms: { commercial: {}, poc: {} } };
  const notes: Record<string, string> = {};
  const arms = preset.scenario.arms;
  for (const arm of ['commercial', 'poc'] as const) {
    const fallback = armCount(preset, arm);
    for (const k of OUTCOMES) {
      const path = `arms.${arm}.${k}`;
      const source = preset.sources[path] ?? '';
      const value = arms[arm][k];
      if (arm === 'poc' && /assumed equal|taken equal to/.test(source) && value === arms.commercial[k] && typeof file.arms.commercial[k] === 'object') {
        file.arms.poc[k] = 'same';
        notes[path] = 'same as the commercial arm in every draw (the preset assumes equal efficacy and safety)';
        continue;
      }
      const own = patientCount(source);
      const n = own ?? fallback;
      if (n === undefined || !(value > 0 && value < 1)) continue;
      file.arms[arm][k] = { value, n };
      notes[path] = own !== undefined
        ? `Beta with n = ${n}, the patient count of its source (${source})`
        : `Beta with n = ${n}, the patient count of the arm's trial (its own source names none: ${source})`;
    }
  }
  return { file, notes };
}

/** The PSA scenario of a preset: its scenario with the uncertain outcomes of `presetUncertaintyFile`. */
export function presetUncertainty(preset: Preset): PsaScenario {
  return resolvePsaScenario(presetUncertaintyFile(preset).file, preset.scenario);
}
