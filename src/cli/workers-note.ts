/**
 * The note a cohort-years run writes on standard error when its workers do not all fit in the
 * machine's memory and it runs on fewer (queue/limits.ts): the same result, more slowly, and why.
 */

import { machine } from '../engine/pools.js';
import { formatBytes, formatDuration, planYears, type Machine } from '../queue/limits.js';
import type { Scenario } from '../scenario/types.js';
import { isCohortYears } from '../simulate.js';

/** The note for `scenario` run by `engine` on `workers` (default: all cores), or null when it runs as asked (or is refused: the run says why). */
export async function workersNote(scenario: Scenario, engine: string | undefined, workers: number | undefined, on?: Machine): Promise<string | null> {
  if (!isCohortYears(scenario) || engine === 'reference') return null;
  const m = on ?? await machine();
  const asked = workers ?? m.cores;
  let plan;
  try {
    plan = planYears(scenario, 'wasm', asked, m);
  } catch {
    return null;
  }
  if (plan.workers >= asked) return null;
  return `note: ${plan.workers} of ${asked} workers: a replicate of ${plan.patientsPerReplicate} patients needs about ${formatBytes(plan.workerBytes)} per worker `
    + `and a run may use ${formatBytes(plan.budgetBytes)} of this machine's ${formatBytes(m.memoryBytes)}; the result is the same, in about ${formatDuration(plan.seconds)}\n`;
}
