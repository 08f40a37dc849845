/**
 * Scenario files in the explorer: import (button, or drag and drop), refused whole when it is
 * not JSON or not a valid scenario (the state kept); a file with uncertain numbers also gives
 * the uncertainty view its spread (and its `run.psa` the analysis' size).
 */

import { resultToCsv } from '../../../src/format/csv.js';
import { validatePsaScenario } from '../../../src/psa/validate.js';
import type { Result, Scenario } from '../../../src/scenario/types.js';
import { csvWithMeta, jsonWithMeta, type ExportMeta } from '../common/export-meta.js';
import { parseJson } from '../common/values.js';
import { downloadText } from '../figures/download.js';
import type { ExplorerState } from '../state/explorer-state.js';

/** At most this many bytes. */
export const MAX_FILE_BYTES = 1_000_000;

/** Reads `file` into the state; true when it was accepted. `setPsaSize` receives a file's `run.psa`. */
export async function importScenarioFile(file: File, state: ExplorerState, setPsaSize: (draws: number, patientsPerDraw: number) => void): Promise<boolean> {
  if (file.size > MAX_FILE_BYTES) {
    state.refuse([{ path: '(root)', value: file.size, rule: 'a scenario file is at most 1 MB', message: `${file.name.slice(0, 60)}: a scenario file is at most 1 MB; got ${file.size} bytes` }], 'file');
    return false;
  }
  const parsed = parseJson(await file.text(), file.name.slice(0, 60));
  if (!parsed.ok) {
    state.refuse([parsed.error], 'file');
    return false;
  }
  const psa = validatePsaScenario(parsed.value, state.preset.scenario);
  if (psa.ok && (psa.scenario.parameters.length > 0 || psa.scenario.same.length > 0)) {
    state.setUncertainty({ parameters: psa.scenario.parameters, same: psa.scenario.same, origin: 'user' });
    const run = (parsed.value as { run?: { psa?: unknown } }).run;
    if (run?.psa) setPsaSize(psa.scenario.run.draws, psa.scenario.run.patientsPerDraw);
  }
  return state.applyPartial(parsed.value, 'file');
}

/**
 * The toolbar's downloads: the result drawn as JSON or CSV, each with the export's metadata
 * (`meta`), and the scenario as JSON (for `cgt-access run`; a plain scenario file without
 * `meta`, so that it imports again: the validator refuses unknown fields).
 */
export function resultDownloads(result: () => Result | null, scenario: () => Scenario, fileName: (ext: string) => string, meta: () => ExportMeta) {
  return {
    resultJson: () => {
      const r = result();
      if (r) downloadText(jsonWithMeta(meta(), r), fileName('result.json'), 'application/json');
    },
    resultCsv: () => {
      const r = result();
      if (r) downloadText(csvWithMeta(meta(), resultToCsv(r)), fileName('result.csv'), 'text/csv');
    },
    saveScenario: () => downloadText(`${JSON.stringify(scenario(), null, 2)}\n`, fileName('scenario.json'), 'application/json'),
  };
}
