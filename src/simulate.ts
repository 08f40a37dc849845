/**
 * `simulate`: validate a scenario file (merged onto the defaults or a preset), run it and
 * summarise. The one entry point of the library, the CLI and the benchmark.
 */

import type { KernelPool } from './engine/pool.js';
import { getPool, machine } from './engine/pools.js';
import { planYears } from './queue/limits.js';
import { abortError, type Progress } from './model/run-options.js';
import { referenceTally } from './reference/simulate.js';
import { defaultScenario } from './scenario/defaults.js';
import type { Result, Scenario } from './scenario/types.js';
import { resolveScenario, ScenarioError, type ValidationError } from './scenario/validate.js';
import { checkBoolean, checkEnum, checkFunction, checkPool, checkSignal, checkWorkers, readOptions } from './options.js';
import { summarise } from './summary/summarise.js';
import { runWithPricing } from './economics/cost-recovery.js';
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

/** The option names of `simulate`. */
const SIMULATE_OPTIONS = ['engine', 'workers', 'pool', 'base', 'signal', 'onProgress', 'supersede'] as const;

/**
 * The tally of one run of a full, valid scenario (no cost-recovery solving: the scenario's
 * prices as they are), for the economics that need a run's counts (`viciousCircle`).
 */
export async function simulateTally(full: Scenario, options: Omit<SimulateOptions, 'base'> = {}): Promise<Float64Array> {
  const engine = options.engine ?? 'wasm';
  if (!ENGINES.includes(engine)) throw new RangeError(`engine: unknown engine ${JSON.stringify(engine)}; known engines: ${ENGINES.join(', ')}`);
  if (isCohortYears(full)) {
    // MODEL.md v2, "Price": the cost-recovery price needs a version 1 run (the queue breaks its proportionality).
    const rule = 'is not used by the cost-recovery price (solved from a version 1 run; the queue breaks its proportionality): remove it';
    const errors: ValidationError[] = [];
    for (const arm of ['commercial', 'poc'] as const) {
      const capacity = full.arms[arm].capacity;
      if (capacity !== undefined) errors.push({ path: `arms.${arm}.capacity`, value: capacity, rule, message: `arms.${arm}.capacity: ${rule}; got an object` });
    }
    if (errors.length === 0) errors.push({ path: 'run.years', value: full.run.years, rule, message: `run.years: ${rule}; got an object` });
    throw new ScenarioError(errors);
  }
  if (options.signal?.aborted) throw abortError(options.signal);
  const { signal, onProgress } = options;
  if (engine === 'reference') return referenceTally(full, { signal, onProgress });
  const pool = options.pool ?? await getPool(options.workers);
  return pool.run(full, { signal, onProgress, supersede: options.supersede });
}

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
  // Cohort-years: refused before any pool is made when it cannot fit in memory or finish (queue/limits.ts).
  if (isCohortYears(full)) {
    const m = await machine();
    planYears(full, engine, ownPool?.size ?? workers ?? m.cores, m);
  }
  const pool = engine === 'reference' ? undefined : ownPool ?? await getPool(workers);
  if (isCohortYears(full)) {
    // Capacity and queues (MODEL.md v2): replicates of cohort-years, not independent patients
    // (no cost-recovery pricing: validation refuses it with capacity).
    const total = pool
      ? await pool.runYears(full, { signal, onProgress, supersede })
      : await referenceYearsTotal(full, { signal, onProgress });
    return summariseYears(full, total, engine);
  }
  const run = (s: Scenario) => (pool
    ? pool.run(s, { signal, onProgress, supersede })
    : referenceTally(s, { signal, onProgress }));
  // An arm with cost-recovery pricing (MODEL.md v2): its price solved from a first run, then run at it.
  const priced = await runWithPricing(full, run);
  const result = summarise(priced.scenario, priced.tally, engine);
  for (const [arm, block] of Object.entries(priced.costRecovery)) result.arms[arm as 'commercial' | 'poc'].price.costRecovery = block;
  return result;
}
