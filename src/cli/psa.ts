/**
 * `cgt-access psa`: a probabilistic sensitivity analysis of a scenario file (or a preset with
 * the uncertainty of its trials' patient counts), printed as a table, the PSA result JSON or CSV.
 */

import { psaResultToCsv } from '../format/psa-csv.js';
import { psaResultToTable } from '../format/psa-table.js';
import { getPreset } from '../presets/index.js';
import { mergeScenarioFiles } from '../psa/merge.js';
import { presetUncertaintyFile } from '../psa/presets.js';
import type { PsaResult } from '../psa/result.js';
import type { EvppiGroup } from '../psa/evppi-groups.js';
import { runPsa, MAX_WTP, MAX_WTP_POINTS, type PsaEngine } from '../psa/simulate.js';
import { readNumber } from '../scenario/number.js';
import { quote } from '../scenario/show.js';
import { validatePsaScenario } from '../psa/validate.js';
import { wtpGrid } from '../psa/voi.js';
import { UsageError } from './errors.js';
import type { CliIo } from './main.js';
import { cliRun } from './interrupt.js';
import { errorLines } from '../scenario/validate.js';
import { inputName, writeOutput } from './io.js';
import { baseScenario, isPlainObject, parseValue, partialFromArgs, setPath } from './scenario-args.js';

export interface PsaArgs {
  file?: string;
  preset?: string;
  draws?: string;
  patientsPerDraw?: string;
  /** `alive1y` or `qalys` (run.psa.effect). */
  effect?: string;
  seed?: string;
  wtp?: string;
  tornado?: string;
  tornadoWtp?: string;
  /** `NAME=PATH,PATH,...`, one per --evppi. */
  evppi?: string[];
  workers?: number;
  /** wasm (default) or exact (each draw evaluated exactly). */
  engine?: PsaEngine;
  format: 'table' | 'json' | 'csv';
  out?: string;
}

/** `a:b:step` -> the grid a, a + step, ..., b. */
export function parseWtp(text: string): number[] {
  const parts = text.split(':');
  const nums = parts.map((p) => readNumber(p) ?? NaN);
  const rule = `must be FROM:TO:STEP with 0 <= FROM <= TO <= ${MAX_WTP}, STEP > 0 and at most ${MAX_WTP_POINTS} points, e.g. 0:2000000:50000`;
  if (parts.length !== 3 || !nums.every(Number.isFinite)) throw new UsageError(`--wtp: ${rule}; got ${quote(text)}`);
  const [from, to, step] = nums;
  if (from < 0 || to < from || to > MAX_WTP || !(step > 0) || (to - from) / step + 1 > MAX_WTP_POINTS) throw new UsageError(`--wtp: ${rule}; got ${quote(text)}`);
  return wtpGrid(from, to, step);
}

/**
 * `NAME=PATH[,PATH...]` -> an EVPPI group. Only the syntax is checked here; the paths are the
 * library's to judge against the scenario (unknown, not uncertain, too few draws), so the
 * messages are the same for both.
 */
export function parseEvppi(text: string): EvppiGroup {
  const eq = text.indexOf('=');
  const name = eq < 0 ? '' : text.slice(0, eq).trim();
  if (name === '') {
    throw new UsageError(`--evppi: must be NAME=PATH[,PATH...], e.g. efficacy=arms.commercial.pOrr,arms.commercial.pOs1; got ${quote(text)}`);
  }
  const list = text.slice(eq + 1).trim();
  return { name, parameters: list === '' ? [] : list.split(',').map((p) => p.trim()) };
}

export async function psaCli(a: PsaArgs, io: CliIo): Promise<number> {
  const base = baseScenario(a.preset);
  const wtp = a.wtp === undefined ? undefined : parseWtp(a.wtp);
  const evppi = a.evppi?.map(parseEvppi);
  let tornadoWtp: number | undefined;
  if (a.tornadoWtp !== undefined) {
    tornadoWtp = readNumber(a.tornadoWtp) ?? NaN;
    if (!(tornadoWtp >= 0 && tornadoWtp <= MAX_WTP)) {
      throw new UsageError(`--tornado-wtp: must be a number in [0, ${MAX_WTP}]; got ${quote(a.tornadoWtp)}`);
    }
  }
  const under = a.preset === undefined ? {} : presetUncertaintyFile(getPreset(a.preset)).file;
  const file = a.file === undefined ? {} : partialFromArgs({ file: a.file, sets: [] }, io.stdin);
  let input = mergeScenarioFiles(under, file);
  const sets: [string[], string | undefined][] = [
    [['run', 'seed'], a.seed], [['run', 'psa', 'draws'], a.draws], [['run', 'psa', 'patientsPerDraw'], a.patientsPerDraw],
    [['run', 'psa', 'effect'], a.effect],
  ];
  if (isPlainObject(input) && sets.some(([, v]) => v !== undefined)) {
    input = { ...input };
    for (const [path, v] of sets) if (v !== undefined) setPath(input as Record<string, unknown>, path, parseValue(v));
  }
  const v = validatePsaScenario(input, base);
  if (!v.ok) {
    const where = a.file === undefined ? 'scenario' : inputName(a.file);
    throw new UsageError(`${where}: invalid scenario\n${errorLines(v.errors, v.omittedErrors)}`);
  }
  let result: PsaResult;
  try {
    result = await cliRun(io, ({ signal, onProgress }) => runPsa(v.scenario, {
      engine: a.engine,
      workers: a.workers,
      wtp,
      tornado: { output: a.tornado, wtp: tornadoWtp },
      evppi,
      signal,
      onProgress,
    }));
  } catch (e) {
    if (e instanceof RangeError && /^evppi/.test(e.message)) throw new UsageError(e.message.replace(/^evppi/gm, '--evppi'));
    if (e instanceof RangeError && /^tornado\./.test(e.message)) throw new UsageError(`--${e.message.replace(/^tornado\.output/, 'tornado').replace(/^tornado\.wtp/, 'tornado-wtp')}`);
    throw e;
  }
  const text = a.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : a.format === 'csv' ? psaResultToCsv(result) : psaResultToTable(result);
  if (a.out !== undefined) writeOutput(a.out, text);
  else io.stdout.write(text);
  return 0;
}
