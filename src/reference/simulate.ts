/**
 * The reference engine: the whole run, chunk after chunk, on the main thread. Chunk tallies
 * are added in chunk order. It yields to the event loop between chunks so that progress can
 * be shown and an AbortSignal can stop it.
 */

import { abortError, type EngineOptions } from '../model/run-options.js';
import { addTally, newTally } from '../model/tally.js';
import { chunkCount, chunkSize } from '../random/stream.js';
import type { Scenario } from '../scenario/types.js';
import { runModel, tallyChunk } from './chunk.js';

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The tally of a whole run by the reference engine. */
export async function referenceTally(scenario: Scenario, options: EngineOptions = {}): Promise<Float64Array> {
  const { signal, onProgress } = options;
  const model = runModel(scenario);
  const total = newTally();
  const chunks = chunkCount(scenario.run.patients);
  let done = 0;
  let lastYield = Date.now();
  for (let c = 0; c < chunks; c++) {
    if (signal?.aborted) throw abortError(signal);
    addTally(total, tallyChunk(model, c));
    done += chunkSize(scenario.run.patients, c);
    onProgress?.({ done, total: scenario.run.patients });
    if (Date.now() - lastYield > 50 && c + 1 < chunks) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  if (signal?.aborted) throw abortError(signal);
  return total;
}
