/**
 * `simulatePsa`: a probabilistic sensitivity analysis of a scenario file with uncertain
 * numbers (MODEL.md version 2). The S draws' scenarios run through the worker pool a batch at
 * a time (`KernelPool.runBatch`: every draw's chunks over all workers, each draw's tally the
 * same bits whatever the worker count), each draw summarised to a result file and kept only
 * as its outputs' values (memory grows with S times the number of outputs, not with the
 * results); then the statistics, the decision curves, the EVPPI of the groups asked for and
 * the tornado.
 */

import { newTally } from '../model/tally.js';
import type { KernelPool } from '../engine/pool.js';
import { getPool } from '../engine/pools.js';
import { abortError } from '../model/run-options.js';
import type { Progress } from '../simulate.js';
import { defaultScenario } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';
import { summarise } from '../summary/summarise.js';
import { drawScenario } from './draw.js';
import { evppiCurves, resolveEvppiGroups, type EvppiGroup } from './evppi-groups.js';
import { forEachOutput, resultOutputs } from './outputs.js';
import { parameterQuantile } from './parameter.js';
import type { PsaResult } from './result.js';
import { Columns } from './columns.js';
import { EXACT_OUTPUTS, ExactDraws } from './exact-draws.js';
import {
  DEFAULT_TORNADO_OUTPUT, DEFAULT_TORNADO_WTP, NET_BENEFIT, tornadoFrom, tornadoScenarios, type Tornado,
} from './tornado.js';
import { checkPsaScenario, resolvePsaScenario, type PsaScenario } from './validate.js';
import { DEFAULT_WTP, DEFAULT_WTP_QALY, MAX_WTP, MAX_WTP_POINTS, decisionCurves } from './voi.js';
import type { PsaEffect } from '../scenario/uncertain.js';
import { checkBoolean, checkEnum, checkFunction, checkPool, checkSignal, checkWorkers, readOptions } from '../options.js';
import { showAny } from '../scenario/show.js';
import { EXACT_ENGINE, EXPECTED_OUTPUT_PATHS, expectedResult } from '../exact/expected.js';

/**
 * Draws run per `runBatch` call: bounds the pool's bookkeeping alive at once (each draw's
 * scenario is made when it is handed out, and summarised and dropped as soon as its tally is
 * in). Fewer calls leave the workers fewer moments with nothing to do, between one call's last
 * chunks and the next call's first.
 */
export const PSA_BATCH_DRAWS = 1024;
export { MAX_WTP_POINTS, MAX_WTP } from './voi.js';

/**
 * `wasm` (default): each draw simulated on `patientsPerDraw` patients per arm by the kernel.
 * `exact`: each draw evaluated exactly (src/exact, no inner Monte Carlo noise; `patientsPerDraw`
 * unused): every output that is an expectation is given; the vein-to-vein median and
 * percentiles, which are not, are null in every draw (their statistics have `draws` 0). The
 * draws are evaluated on the calling thread, or in blocks over the worker pool when a `pool` is
 * given or there are at least EXACT_POOL_DRAWS of them (or as `exactOnPool` says): the same
 * bits either way.
 */
export type PsaEngine = 'wasm' | 'exact';
export const PSA_ENGINES: readonly PsaEngine[] = ['wasm', 'exact'];

/**
 * Draws the exact engine evaluates between two yields to the event loop (so that an abort is
 * seen): some 50 ms of work at about 3 us a draw (each yield waits for a timer, a millisecond
 * or more).
 */
const EXACT_YIELD_DRAWS = 16384;

/**
 * Draws the main thread evaluates into one block, an array kept from run to run (fresh memory
 * for each run's blocks cost some tenths of the run's time on the machines measured).
 */
const EXACT_BLOCK_DRAWS = 1024;
let mainThreadBlock: Float64Array | undefined;

/**
 * Draws from which an exact PSA with no `pool` given goes to the shared pool of `workers`: a
 * pool's start (its workers and the kernel's compilation, some 0.1 s) costs more than it saves
 * on fewer draws (about 3 us each on one core).
 */
export const EXACT_POOL_DRAWS = 50_000;

export interface PsaOptions {
  /** How each draw is evaluated (default `wasm`; see `PsaEngine`). */
  engine?: PsaEngine;
  /** Workers of the shared pool (default: all cores). */
  workers?: number;
  /** A pool of your own (default: the shared pool of `workers` workers). */
  pool?: KernelPool;
  /**
   * Exact engine: the draws evaluated in blocks over the worker pool (true), on the calling
   * thread (false), or, by default, over the pool when one is given or there are
   * EXACT_POOL_DRAWS draws or more. The same bits either way.
   */
  exactOnPool?: boolean;
  /** Scenario the file is merged onto (default: the defaults; a preset's scenario to start from it). */
  base?: Readonly<Scenario>;
  /** Stops the run within one chunk; the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after every chunk with the patients done so far (draws and tornado runs together). */
  onProgress?: (p: Progress) => void;
  /** Willingness-to-pay grid per extra patient alive at one year (default 0 to 2e6 by 5e4), or per extra QALY with run.psa.effect "qalys" (default 0 to 3e5 by 5e3). */
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

/** The option names of `simulatePsa` and `runPsa`. */
const PSA_OPTIONS = ['engine', 'workers', 'pool', 'exactOnPool', 'base', 'signal', 'onProgress', 'wtp', 'tornado', 'evppi'] as const;

interface CheckedOptions {
  engine: PsaEngine;
  workers?: number;
  pool?: KernelPool;
  exactOnPool?: boolean;
  base: unknown;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Undefined: the default grid of the run's effect. */
  wtp?: number[];
  tornado: { output: string; wtp: number } | false;
  evppi?: unknown;
}

/** A number for a message. */
const num = (x: unknown) => (typeof x === 'number' ? String(x) : showAny(x));

/** The WTP grid, read once into an array: 1 to MAX_WTP_POINTS finite numbers in [0, MAX_WTP]. */
function checkWtp(value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  const rule = `must be 1 to ${MAX_WTP_POINTS} numbers in [0, ${MAX_WTP}] (per extra patient alive at one year; beyond it net benefits would overflow)`;
  if (!Array.isArray(value)) throw new TypeError(`wtp: ${rule}; got ${showAny(value)}`);
  const n = value.length;
  if (n === 0 || n > MAX_WTP_POINTS) throw new RangeError(`wtp: ${rule}; got ${n} numbers`);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x: unknown = value[i];
    if (typeof x !== 'number') throw new TypeError(`wtp[${i}]: ${rule}; got ${showAny(x)}`);
    if (!(x >= 0 && x <= MAX_WTP)) throw new RangeError(`wtp[${i}]: ${rule}; got ${x}`);
    out[i] = x;
  }
  return out;
}

function checkTornado(value: unknown): { output: string; wtp: number } | false {
  if (value === false) return false;
  let output: unknown;
  let tw: unknown;
  if (value !== undefined) {
    const o = readOptions(value, ['output', 'wtp'], 'tornado');
    output = o.output;
    tw = o.wtp;
  }
  output ??= DEFAULT_TORNADO_OUTPUT;
  tw ??= DEFAULT_TORNADO_WTP;
  if (typeof output !== 'string' || (output !== NET_BENEFIT && !outputPaths().includes(output))) {
    throw new RangeError(`tornado.output: must be ${NET_BENEFIT} or an output path such as difference.alive1y or arms.poc.funnel.infused; got ${showAny(output).replace(/ \(a string\)$/, '')}`);
  }
  if (typeof tw !== 'number' || !(tw >= 0 && tw <= MAX_WTP)) throw new RangeError(`tornado.wtp: must be a number in [0, ${MAX_WTP}]; got ${num(tw)}`);
  return { output, wtp: tw };
}

/** Every option of `simulatePsa` / `runPsa`, read once and checked before anything runs. */
function checkOptions(options: unknown, fn: string): CheckedOptions {
  const o = readOptions(options, PSA_OPTIONS, fn);
  return {
    engine: checkEnum<PsaEngine>('engine', o.engine, PSA_ENGINES) ?? 'wasm',
    workers: checkWorkers(o.workers),
    pool: checkPool(o.pool),
    exactOnPool: checkBoolean('exactOnPool', o.exactOnPool),
    base: Object.hasOwn(o, 'base') ? o.base : defaultScenario,
    signal: checkSignal(o.signal),
    onProgress: checkFunction<(p: Progress) => void>('onProgress', o.onProgress),
    wtp: checkWtp(o.wtp),
    tornado: checkTornado(o.tornado),
    evppi: o.evppi,
  };
}

/** The values of a column as an array (by index: Array.from would go through an iterator and box each value). */
function toArray(column: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < column.length; i++) out.push(column[i]);
  return out;
}

/** Sets `value` at a dotted path in a nested object, creating the objects on the way. */
function setNested(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const k of parts.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

/**
 * Runs a resolved PSA scenario (from `resolvePsaScenario`, `validatePsaScenario` or
 * `presetUncertainty`, possibly changed: it is checked again, a TypeError naming what is wrong).
 */
export async function runPsa(ps: PsaScenario, options: PsaOptions = {}): Promise<PsaResult> {
  const o = checkOptions(options, 'runPsa');
  return runChecked(checkPsaScenario(ps), o);
}

async function runChecked(ps: PsaScenario, options: CheckedOptions): Promise<PsaResult> {
  const { tornado: tornadoSpec, signal, onProgress } = options;
  const effect: PsaEffect = ps.run.effect ?? 'alive1y';
  const wtp = options.wtp ?? [...(effect === 'qalys' ? DEFAULT_WTP_QALY : DEFAULT_WTP)];
  const evppiGroups = resolveEvppiGroups(ps, options.evppi);
  if (signal?.aborted) throw abortError(signal);
  const exact = options.engine === 'exact';
  const S = ps.run.draws;
  const M = ps.run.patientsPerDraw;
  const tornadoRuns = tornadoSpec ? 1 + 2 * ps.parameters.length : 0;
  let paths: string[] | undefined;
  let columns: Columns | undefined;
  const keep = (d: number, result: ReturnType<typeof summarise>) => {
    if (!paths) {
      paths = resultOutputs(result).map(([p]) => p);
      // The exact engine's draws come in order; the pool's runs end in any order.
      columns = new Columns(paths.length, S, exact);
    }
    const c = columns as Columns;
    let k = 0;
    forEachOutput(result, (v) => { c.set(d, k++, v ?? NaN); });
  };
  let tornado: Tornado | null = null;
  if (exact) {
    // Progress counts draws (and tornado evaluations), not patients.
    const total = S + tornadoRuns;
    // Each draw's values straight from its expectations (no result file made), in the result
    // file's order (EXPECTED_OUTPUT_PATHS; test/exact-psa.test.ts), a block of draws at a time.
    paths = [...EXPECTED_OUTPUT_PATHS];
    const c = (columns = new Columns(EXACT_OUTPUTS, S, true));
    const put = (from: number, count: number, block: Float64Array) => {
      for (let k = 0; k < EXACT_OUTPUTS; k++) c.setRange(k, from, block.subarray(k * count, (k + 1) * count));
    };
    const onPool = options.exactOnPool ?? (options.pool !== undefined || S >= EXACT_POOL_DRAWS);
    const pool = onPool ? options.pool ?? await getPool(options.workers) : undefined;
    if (pool) {
      await pool.runExactDraws(ps, S, { signal, onProgress: (p) => { if (p.done < S) onProgress?.({ done: p.done, total }); }, onBlock: put });
    } else {
      const draws = new ExactDraws(ps);
      const block = (mainThreadBlock ??= new Float64Array(EXACT_OUTPUTS * EXACT_BLOCK_DRAWS));
      for (let d = 0; d < S;) {
        const end = Math.min(S, d + EXACT_YIELD_DRAWS);
        for (let from = d; from < end; from += EXACT_BLOCK_DRAWS) {
          const to = Math.min(end, from + EXACT_BLOCK_DRAWS);
          draws.block(from, to, block);
          put(from, to - from, block);
        }
        d = end;
        if (d < S) {
          onProgress?.({ done: d, total });
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (signal?.aborted) throw abortError(signal);
        }
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

  const column = (path: string) => (columns as Columns).column((paths as string[]).indexOf(path));
  const stats: Record<string, unknown> = {};
  (paths as string[]).forEach((p, k) => setNested(stats, p, (columns as Columns).statistic(k)));
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
  const dQalys = column('difference.qalys');
  const dEffect = effect === 'qalys' ? dQalys : dAlive;
  const curves = decisionCurves(dEffect, dCost, wtp);
  const scenario: Scenario = { ...ps.base, run: { patients: M, seed: ps.base.run.seed } };
  const result: PsaResult = {
    scenario,
    psa: { draws: S, patientsPerDraw: M, ...(ps.run.effect ? { effect: ps.run.effect } : {}) },
    seed: ps.base.run.seed,
    engine: exact ? EXACT_ENGINE : 'wasm',
    parameters: ps.parameters.map((p) => ({ ...p, p025: parameterQuantile(p, 'low'), p975: parameterQuantile(p, 'high') })),
    same: [...ps.same],
    arms: stats.arms as PsaResult['arms'],
    difference: stats.difference as PsaResult['difference'],
    probabilities: { pocInfusesMore: more / S, pocCostsLess: less / S, both: both / S },
    effect,
    cePlane: { extraAlive1y: toArray(dAlive), extraQalys: toArray(dQalys), extraCost: toArray(dCost) },
    wtp: curves.wtp,
    acceptability: curves.acceptability,
    frontier: curves.frontier,
    expectedIncrementalNetBenefit: curves.expectedIncrementalNetBenefit,
    evpi: curves.evpi,
    evppi: evppiCurves(ps, evppiGroups, dEffect, dCost, wtp),
    tornado,
  };
  // Every column read (the result holds copies): its arrays serve the next PSA's columns.
  (columns as Columns).release();
  return result;
}

/**
 * Runs a probabilistic sensitivity analysis of a scenario file (merged onto the defaults or
 * `base`): `run.psa.draws` parameter draws of `run.psa.patientsPerDraw` patients each, on the
 * wasm kernel over the worker pool. Resolves to the PSA result file (see `result.ts`); rejects
 * with a `ScenarioError` listing every violation, or an `AbortError` when cancelled.
 * Deterministic for a seed, whatever the number of workers.
 */
export async function simulatePsa(scenario: unknown = {}, options: PsaOptions = {}): Promise<PsaResult> {
  const o = checkOptions(options, 'simulatePsa');
  const ps = resolvePsaScenario(scenario, o.base as Scenario);
  return runChecked(ps, o);
}
