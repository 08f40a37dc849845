/**
 * The reference engine for cohort-years: replicate after replicate on the main thread, each
 * folded into the total in replicate order. Yields to the event loop between replicates so
 * that progress can be shown and an AbortSignal can stop it (within one replicate).
 */

import { abortError, type EngineOptions } from '../model/run-options.js';
import type { Scenario } from '../scenario/types.js';
import { foldReplicate, newYearsTotal } from '../model/queue-layout.js';
import { ReplicateSimulator, yearsModel } from './replicate.js';

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The total of a cohort-years run by the reference engine (progress counts reported patients). */
export async function referenceYearsTotal(scenario: Scenario, options: EngineOptions = {}): Promise<Float64Array> {
  const { signal, onProgress } = options;
  const model = yearsModel(scenario);
  const sim = new ReplicateSimulator(model);
  const total = newYearsTotal();
  const all = model.replicates * model.patients;
  let lastYield = Date.now();
  for (let r = 0; r < model.replicates; r++) {
    if (signal?.aborted) throw abortError(signal);
    foldReplicate(total, sim.run(r));
    onProgress?.({ done: (r + 1) * model.patients, total: all });
    if (Date.now() - lastYield > 50 && r + 1 < model.replicates) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  if (signal?.aborted) throw abortError(signal);
  return total;
}
