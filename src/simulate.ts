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
import { summarise } from './summary/summarise.js';
import { referenceYearsTotal } from './queue/reference.js';
import { summariseYears } from './queue/summarise.js';

/** Whether a scenario runs as cohort-years (MODEL.md v2): either arm has capacity, or run.years is given. */
export function isCohortYears(s: Scenario): boolean {
  return s.run.years !== undefined || s.arms.commercial.capacity !== undefined || s.arms.poc.capacity !== undefined;
}

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
  /** Stops the run within one chunk (one replicate of cohort-years); the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after every chunk with the patients done so far. */
  onProgress?: (p: Progress) => void;
  /** Wasm engine: abort whatever run the pool is doing and start this one at once. */
  supersede?: boolean;
}

export type { Progress };

/**
 * Runs a scenario (a partial scenario file, merged onto the defaults) and resolves to the
 * result file of MODEL.md. Rejects with a `ScenarioError` listing every violation when the
 * scenario is invalid (nothing runs), and with an `AbortError` when cancelled.
 */
export async function simulate(scenario: unknown = {}, options: SimulateOptions = {}): Promise<Result> {
  const full = resolveScenario(scenario, options.base ?? defaultScenario);
  const engine = options.engine ?? 'wasm';
  if (!ENGINES.includes(engine)) {
    throw new RangeError(`engine: unknown engine ${JSON.stringify(engine)}; known engines: ${ENGINES.join(', ')}`);
  }
  if (options.workers !== undefined && (!Number.isInteger(options.workers) || options.workers < 1 || options.workers > 256)) {
    throw new RangeError(`workers: must be an integer in [1, 256]; got ${options.workers}`);
  }
  if (options.signal?.aborted) throw abortError(options.signal);
  const { signal, onProgress } = options;
  if (isCohortYears(full)) {
    // Capacity and queues (MODEL.md v2): replicates of cohort-years, not independent patients.
    const total = engine === 'reference'
      ? await referenceYearsTotal(full, { signal, onProgress })
      : await (options.pool ?? await getPool(options.workers)).runYears(full, { signal, onProgress, supersede: options.supersede });
    return summariseYears(full, total, engine);
  }
  let tally: Float64Array;
  if (engine === 'reference') {
    tally = await referenceTally(full, { signal, onProgress });
  } else {
    const pool = options.pool ?? await getPool(options.workers);
    tally = await pool.run(full, { signal, onProgress, supersede: options.supersede });
  }
  return summarise(full, tally, engine);
}
