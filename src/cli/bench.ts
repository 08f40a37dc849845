/**
 * The benchmark: the default scenario on each engine, in this process, one after the other,
 * reported as patient pairs (both arms of one patient) per second and their ratios.
 */

import { defaultScenario, cloneScenario } from '../scenario/defaults.js';
import { ENGINES, simulate } from '../simulate.js';

export interface BenchOptions {
  patients: number;
  json: boolean;
}

export async function runBench(o: BenchOptions): Promise<string> {
  const engines: Record<string, { patients: number; seconds: number; pairsPerSecond: number }> = {};
  for (const engine of ENGINES) {
    const warm = cloneScenario(defaultScenario);
    warm.run.patients = Math.min(o.patients, 65536);
    await simulate(warm, { engine });
    const s = cloneScenario(defaultScenario);
    s.run.patients = o.patients;
    const t0 = performance.now();
    await simulate(s, { engine });
    const seconds = (performance.now() - t0) / 1000;
    engines[engine] = { patients: o.patients, seconds, pairsPerSecond: o.patients / seconds };
  }
  if (o.json) return `${JSON.stringify({ engines }, null, 2)}\n`;
  const lines = [`cgt-access bench: default scenario, ${o.patients.toLocaleString('en-US')} patients per arm`];
  for (const [name, e] of Object.entries(engines)) {
    lines.push(`  ${name.padEnd(10)} ${e.pairsPerSecond.toExponential(3)} patient pairs/s  (${e.seconds.toFixed(3)} s)`);
  }
  return `${lines.join('\n')}\n`;
}
