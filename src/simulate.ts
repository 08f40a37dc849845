/**
 * `simulate`: validate a scenario file (merged onto the defaults or a preset), run it and
 * summarise. The one entry point of the library, the CLI and the benchmark.
 */

import type { KernelPool } from './engine/pool.js';
import { getPool } from './engine/pools.js';
import { abortError, type Progress } from './engine/run-options.js';
import { referenceTally } from './reference/simulate.js';
import { defaultScenario } from './scenario/defaults.js';
import type { Result, Scenario } from './scenario/types.js';
import { resolveScenario } from './scenario/validate.js';
import { checkBoolean, checkEnum, checkFunction, checkPool, checkSignal, checkWorkers, readOptions } from './options.js';
import { summarise } from './summary/summarise.js';

/** `wasm`: the AssemblyScript SIMD kernel in a worker pool; `reference`: the plain TypeScript reference. */
export type Engine = 'wasm' | 'reference';
export const ENGINES: readonly Engine[] = ['wasm', 'reference'];

export interface SimulateOptions {
  /** Which engine computes the run (default `wasm`). */
  engine?: Engine;
  /** Workers of the wasm engine (default: all cores); ignored by the reference. */
  workers?: number;
  /** A pool of your own for the wasm engine (default: the shared pool of `workers` workers). */
  pool?: KernelPool;
  /** Scenario the file is merged onto (default: the defaults; pass a preset's scenario to start from it). */
  base?: Readonly<Scenario>;
  /** Stops the run within one chunk; the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after every chunk with the patients done so far. */
  onProgress?: (p: Progress) => void;
  /** Wasm engine: abort whatever run the pool is doing and start this one at once. */
  supersede?: boolean;
}

export type { Progress };

/** The option names of `simulate`. */
const SIMULATE_OPTIONS = ['engine', 'workers', 'pool', 'base', 'signal', 'onProgress', 'supersede'] as const;

/**
 * Runs a scenario (a partial scenario file, merged onto the defaults) and resolves to the
 * result file of MODEL.md. Rejects with a `ScenarioError` listing every violation when the
 * scenario (or the `base` option) is invalid (nothing runs), with a TypeError or RangeError
 * naming the option when an option is bad, and with an `AbortError` when cancelled (or when
 * the pool is closed during the run).
 */
export async function simulate(scenario: unknown = {}, options: SimulateOptions = {}): Promise<Result> {
  // Every option checked (and read once) before anything runs.
  const o = readOptions(options, SIMULATE_OPTIONS, 'simulate');
  const engine = checkEnum<Engine>('engine', o.engine, ENGINES) ?? 'wasm';
  const workers = checkWorkers(o.workers);
  const ownPool = checkPool(o.pool);
  const signal = checkSignal(o.signal);
  const onProgress = checkFunction<(p: Progress) => void>('onProgress', o.onProgress);
  const supersede = checkBoolean('supersede', o.supersede);
  const full = resolveScenario(scenario, (Object.hasOwn(o, 'base') ? o.base : defaultScenario) as Scenario);
  if (signal?.aborted) throw abortError(signal);
  let tally: Float64Array;
  if (engine === 'reference') {
    tally = await referenceTally(full, { signal, onProgress });
  } else {
    const pool = ownPool ?? await getPool(workers);
    tally = await pool.run(full, { signal, onProgress, supersede });
  }
  return summarise(full, tally, engine);
}
