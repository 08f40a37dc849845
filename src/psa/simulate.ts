/**
 * `simulatePsa`: a probabilistic sensitivity analysis of a scenario file with uncertain
 * numbers (MODEL.md version 2). The S draws' scenarios run through the worker pool a batch at
 * a time (`KernelPool.runBatch`: every draw's chunks over all workers, each draw's tally the
 * same bits whatever the worker count), each draw summarised to a result file and kept only
 * as its outputs' values (memory grows with S times the number of outputs, not with the
 * results); then the statistics, the decision curves, the EVPPI of the groups asked for and
 * the tornado.
 */

import { newTally } from '../engine/tally.js';
import type { KernelPool } from '../engine/pool.js';
import { getPool } from '../engine/pools.js';
import { abortError } from '../engine/run-options.js';
import type { Progress } from '../simulate.js';
import { defaultScenario } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';
import { summarise } from '../summary/summarise.js';
import { drawScenario } from './draw.js';
import { evppiCurves, resolveEvppiGroups, type EvppiGroup } from './evppi-groups.js';
import { forEachOutput, resultOutputs } from './outputs.js';
import { parameterQuantile } from './parameter.js';
import type { PsaResult } from './result.js';
import { psaStatistic } from './statistics.js';
import {
  DEFAULT_TORNADO_OUTPUT, DEFAULT_TORNADO_WTP, NET_BENEFIT, tornadoFrom, tornadoScenarios, type Tornado,
} from './tornado.js';
import { resolvePsaScenario, type PsaScenario } from './validate.js';
import { DEFAULT_WTP, decisionCurves } from './voi.js';
import {
  EXACT_ENGINE, EXPECTED_OUTPUT_PATHS, expectedResult, expectedValues, scenarioExpectation,
} from '../exact/expected.js';

/**
 * Draws run per `runBatch` call: bounds the pool's bookkeeping alive at once (each draw's
 * scenario is made when it is handed out, and summarised and dropped as soon as its tally is
 * in). Fewer calls leave the workers fewer moments with nothing to do, between one call's last
 * chunks and the next call's first.
 */
export const PSA_BATCH_DRAWS = 1024;
/** Largest WTP grid. */
export const MAX_WTP_POINTS = 10_000;

/**
 * `wasm` (default): each draw simulated on `patientsPerDraw` patients per arm by the kernel.
 * `exact`: each draw evaluated exactly (src/exact, no inner Monte Carlo noise, no workers;
 * `patientsPerDraw` unused): every output that is an expectation is given; the vein-to-vein
 * median and percentiles, which are not, are null in every draw (their statistics have
 * `draws` 0).
 */
export type PsaEngine = 'wasm' | 'exact';
export const PSA_ENGINES: readonly PsaEngine[] = ['wasm', 'exact'];

/** Draws the exact engine evaluates between two yields to the event loop (so that an abort is seen). */
const EXACT_YIELD_DRAWS = 4096;

export interface PsaOptions {
  /** How each draw is evaluated (default `wasm`; see `PsaEngine`). */
  engine?: PsaEngine;
  /** Workers of the shared pool (default: all cores). */
  workers?: number;
  /** A pool of your own (default: the shared pool of `workers` workers). */
  pool?: KernelPool;
  /** Scenario the file is merged onto (default: the defaults; a preset's scenario to start from it). */
  base?: Readonly<Scenario>;
  /** Stops the run within one chunk; the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after every chunk with the patients done so far (draws and tornado runs together). */
  onProgress?: (p: Progress) => void;
  /** Willingness-to-pay grid per extra patient alive at one year (default 0 to 2e6 by 5e4). */
  wtp?: readonly number[];
  /** The tornado's output (default `difference.alive1y`; `netBenefit` at `wtp`, default 1e6), or false for none. */
  tornado?: { output?: string; wtp?: number } | false;
  /**
   * Groups of uncertain parameters whose EVPPI (expected value of partial perfect information)
   * is wanted over the WTP grid, e.g. `[{ name: 'efficacy', parameters: ['arms.commercial.pOs1'] }]`
   * (default none). Checked before running; see `evppi.ts` for the method.
   */
  evppi?: readonly EvppiGroup[];
}

/** The output paths of a result file, for checking a tornado output before running. */
function outputPaths(): string[] {
  const s = defaultScenario as Scenario;
  return resultOutputs(summarise(s, newTally(), 'none')).map(([p]) => p);
}

function checkOptions(o: PsaOptions): { wtp: number[]; tornado: { output: string; wtp: number } | false } {
  if (o.engine !== undefined && !PSA_ENGINES.includes(o.engine)) {
    throw new RangeError(`engine: must be one of ${PSA_ENGINES.join(', ')}; got ${JSON.stringify(o.engine)}`);
  }
  if (o.workers !== undefined && (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > 256)) {
    throw new RangeError(`workers: must be an integer in [1, 256]; got ${o.workers}`);
  }
  const wtp = [...(o.wtp ?? DEFAULT_WTP)];
  if (wtp.length === 0 || wtp.length > MAX_WTP_POINTS || !wtp.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
    throw new RangeError(`wtp: must be 1 to ${MAX_WTP_POINTS} finite numbers >= 0; got ${JSON.stringify(o.wtp).slice(0, 80)}`);
  }
  if (o.tornado === false) return { wtp, tornado: false };
  const output = o.tornado?.output ?? DEFAULT_TORNADO_OUTPUT;
  const tw = o.tornado?.wtp ?? DEFAULT_TORNADO_WTP;
  if (output !== NET_BENEFIT && !outputPaths().includes(output)) {
    throw new RangeError(`tornado.output: must be ${NET_BENEFIT} or an output path such as difference.alive1y or arms.poc.funnel.infused; got ${JSON.stringify(output)}`);
  }
  if (!Number.isFinite(tw) || tw < 0) throw new RangeError(`tornado.wtp: must be a finite number >= 0; got ${tw}`);
  return { wtp, tornado: { output, wtp: tw } };
}

/** Sets `value` at a dotted path in a nested object, creating the objects on the way. */
function setNested(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const k of parts.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

/** Runs a resolved PSA scenario. */
export async function runPsa(ps: PsaScenario, options: PsaOptions = {}): Promise<PsaResult> {
  const { wtp, tornado: tornadoSpec } = checkOptions(options);
  const evppiGroups = resolveEvppiGroups(ps, options.evppi);
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError(signal);
  const exact = options.engine === 'exact';
  const S = ps.run.draws;
  const M = ps.run.patientsPerDraw;
  const tornadoRuns = tornadoSpec ? 1 + 2 * ps.parameters.length : 0;
  let paths: string[] | undefined;
  let columns: Float64Array[] = [];
  const keep = (d: number, result: ReturnType<typeof summarise>) => {
    if (!paths) {
      paths = resultOutputs(result).map(([p]) => p);
      columns = paths.map(() => new Float64Array(S));
    }
    let k = 0;
    forEachOutput(result, (v) => { columns[k++][d] = v ?? NaN; });
  };
  let tornado: Tornado | null = null;
  if (exact) {
    // Progress counts draws (and tornado evaluations), not patients.
    const total = S + tornadoRuns;
    // Each draw's values straight from its expectations (no result file made), in the order of
    // the result file's outputs, found from the first draw's result file.
    keep(0, expectedResult(drawScenario(ps, 0)));
    const where = (paths as string[]).map((p) => EXPECTED_OUTPUT_PATHS.indexOf(p));
    const direct = where.every((i) => i >= 0);
    const values = new Float64Array(EXPECTED_OUTPUT_PATHS.length);
    for (let d = 1; d < S; d++) {
      if (d % EXACT_YIELD_DRAWS === 0) {
        onProgress?.({ done: d, total });
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (signal?.aborted) throw abortError(signal);
      }
      const scenario = drawScenario(ps, d);
      if (direct) {
        expectedValues(scenarioExpectation(scenario), values);
        for (let k = 0; k < where.length; k++) columns[k][d] = values[where[k]];
      } else {
        keep(d, expectedResult(scenario));
      }
    }
    if (tornadoSpec) {
      const results = tornadoScenarios(ps).map((sc) => expectedResult(sc));
      tornado = tornadoFrom(ps, results, tornadoSpec.output, tornadoSpec.wtp);
    }
    onProgress?.({ done: total, total });
  } else {
    const pool = options.pool ?? await getPool(options.workers);
    const total = (S + tornadoRuns) * M;

    // Pipelined: each draw is summarised as soon as its tally is in, while the workers go on
    // with the others, and the next batch is queued on the pool before this one is done, so the
    // workers never wait for the main thread's drawing and summarising (runs on a pool take turns).
    const record = (d: number, scenario: Scenario, tally: Float64Array) => {
      keep(d, summarise(scenario, tally, 'wasm', { histogram: false }));
    };
    const launch = (first: number) => {
      const count = Math.min(PSA_BATCH_DRAWS, S - first);
      const offset = first * M;
      // Each draw's scenario is made when the pool hands it out, and nothing of it outlives its
      // record: a batch's draws never pile up (and die young, cheap to collect).
      const draws = { count, patients: M, seed: ps.base.run.seed, scenario: (i: number) => drawScenario(ps, first + i) };
      const tallies = pool.runBatch(draws, {
        signal,
        onProgress: (p) => onProgress?.({ done: offset + p.done, total }),
        onRunDone: (i, tally, scenario) => record(first + i, scenario, tally),
        keepTallies: false,
      });
      tallies.catch(() => undefined); // awaited below; a batch queued behind a failed one must not go unhandled
      return { first, count, tallies };
    };
    let next = launch(0);
    for (;;) {
      const batch = next;
      const more = batch.first + batch.count < S;
      if (more) next = launch(batch.first + batch.count);
      await batch.tallies;
      if (!more) break;
    }
    const before = S * M;
    const progress = (p: Progress) => onProgress?.({ done: before + p.done, total });

    if (tornadoSpec) {
      const scenarios = tornadoScenarios(ps);
      const tallies = await pool.runBatch(scenarios, { signal, onProgress: progress });
      const results = scenarios.map((s, i) => summarise(s, tallies[i], 'wasm'));
      tornado = tornadoFrom(ps, results, tornadoSpec.output, tornadoSpec.wtp);
    }
  }

  const column = (path: string) => columns[(paths as string[]).indexOf(path)];
  const stats: Record<string, unknown> = {};
  (paths as string[]).forEach((p, k) => setNested(stats, p, psaStatistic(columns[k])));
  const dInfused = column('difference.infused');
  const dAlive = column('difference.alive1y');
  const dCost = column('difference.totalCost');
  let more = 0;
  let less = 0;
  let both = 0;
  for (let d = 0; d < S; d++) {
    const m = dInfused[d] > 0;
    const l = dCost[d] < 0;
    if (m) more++;
    if (l) less++;
    if (m && l) both++;
  }
  const curves = decisionCurves(dAlive, dCost, wtp);
  const scenario: Scenario = { ...ps.base, run: { patients: M, seed: ps.base.run.seed } };
  return {
    scenario,
    psa: { draws: S, patientsPerDraw: M },
    seed: ps.base.run.seed,
    engine: exact ? EXACT_ENGINE : 'wasm',
    parameters: ps.parameters.map((p) => ({ ...p, p025: parameterQuantile(p, 'low'), p975: parameterQuantile(p, 'high') })),
    same: [...ps.same],
    arms: stats.arms as PsaResult['arms'],
    difference: stats.difference as PsaResult['difference'],
    probabilities: { pocInfusesMore: more / S, pocCostsLess: less / S, both: both / S },
    cePlane: { extraAlive1y: Array.from(dAlive), extraCost: Array.from(dCost) },
    wtp: curves.wtp,
    acceptability: curves.acceptability,
    frontier: curves.frontier,
    expectedIncrementalNetBenefit: curves.expectedIncrementalNetBenefit,
    evpi: curves.evpi,
    evppi: evppiCurves(ps, evppiGroups, dAlive, dCost, wtp),
    tornado,
  };
}

/**
 * Runs a probabilistic sensitivity analysis of a scenario file (merged onto the defaults or
 * `base`): `run.psa.draws` parameter draws of `run.psa.patientsPerDraw` patients each, on the
 * wasm kernel over the worker pool. Resolves to the PSA result file (see `result.ts`); rejects
 * with a `ScenarioError` listing every violation, or an `AbortError` when cancelled.
 * Deterministic for a seed, whatever the number of workers.
 */
export async function simulatePsa(scenario: unknown = {}, options: PsaOptions = {}): Promise<PsaResult> {
  const ps = resolvePsaScenario(scenario, options.base ?? defaultScenario);
  return runPsa(ps, options);
}
