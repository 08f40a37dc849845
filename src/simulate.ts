/**
 * `simulate`: validate a scenario file (merged onto the defaults or a preset), run it and
 * summarise. The one entry point of the library, the CLI and the benchmark.
 */

import { referenceTally, abortError, type Progress } from './reference/simulate.js';
import { defaultScenario } from './scenario/defaults.js';
import type { Result, Scenario } from './scenario/types.js';
import { resolveScenario } from './scenario/validate.js';
import { summarise } from './summary/summarise.js';

export type Engine = 'reference';
export const ENGINES: readonly Engine[] = ['reference'];

export interface SimulateOptions {
  /** Which engine computes the run (default: `reference`, the plain TypeScript reference). */
  engine?: Engine;
  /** Scenario the file is merged onto (default: the defaults; pass a preset's scenario to start from it). */
  base?: Readonly<Scenario>;
  /** Stops the run; the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after every chunk with the patients done so far. */
  onProgress?: (p: Progress) => void;
}

export type { Progress };

/**
 * Runs a scenario (a partial scenario file, merged onto the defaults) and resolves to the
 * result file of MODEL.md. Rejects with a `ScenarioError` listing every violation when the
 * scenario is invalid (nothing runs), and with an `AbortError` when cancelled.
 */
export async function simulate(scenario: unknown = {}, options: SimulateOptions = {}): Promise<Result> {
  const full = resolveScenario(scenario, options.base ?? defaultScenario);
  const engine = options.engine ?? 'reference';
  if (!ENGINES.includes(engine)) {
    throw new RangeError(`engine: unknown engine ${JSON.stringify(engine)}; known engines: ${ENGINES.join(', ')}`);
  }
  if (options.signal?.aborted) throw abortError(options.signal);
  const tally = await referenceTally(full, { signal: options.signal, onProgress: options.onProgress });
  return summarise(full, tally, engine);
}
