/**
 * The benchmark's capacity section (issue 13): cohort-years replicates beside the version 1
 * kernel.
 */

import { KernelPool } from '../engine/pool.js';
import { nodePlatform } from '../engine/platform-node.js';
import { cloneScenario, defaultScenario } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';
import { simulate } from '../simulate.js';
import { median, scenario } from './bench-common.js';

/** The poc arm's lines in the capacity bench: its lines are then about 80% busy (0.79 measured). */
export const BENCH_POC_LINES = 11;
/** The commercial arm's factory slots in the capacity bench (the default-lines preset's). */
export const BENCH_COMMERCIAL_LINES = 10;
/**
 * Rounds of the capacity bench (each: one worker and all cores back to back, in turns, then the
 * v1 kernel, so that the two runs compared are the closest in time). Runs of
 * some 20-40 ms: one round's ratio of one worker to all cores varied from 1.55 to 1.95 on a quiet
 * two-core machine (p10 to p90 of 30), so the median takes many rounds to settle (its standard
 * error, about 1.25 sd / sqrt(rounds): 0.05 with 15 rounds, 0.04 with 25).
 */
const CAPACITY_ROUNDS = 25;
/** Patients of the version 1 runs beside the capacity runs (about as long as one of them on one worker). */
const V1_PATIENTS = 2_000_000;

export interface CapacityBench {
  replicates: number;
  warmupYears: number;
  pocLines: number;
  commercialLines: number;
  pocUtilisation: number;
  /** Patients of all W + 1 cohorts of all replicates (each through both arms), and those of the reported years. */
  simulatedPatients: number;
  reportedPatients: number;
  oneWorker: { seconds: number; simulatedPerSecond: number; reportedPerSecond: number };
  allCores: { workers: number; seconds: number; simulatedPerSecond: number; reportedPerSecond: number };
  v1OneWorker: { patients: number; pairsPerSecond: number };
  /** Medians over pairs of runs in turn. */
  ratios: { simulatedOverV1OneWorker: number; reportedOverV1OneWorker: number; allCoresOverOneWorker: number };
}

function capacityScenario(): Scenario {
  const s = cloneScenario(defaultScenario as Scenario);
  s.arms.poc.capacity = { lines: BENCH_POC_LINES };
  s.arms.commercial.capacity = { lines: BENCH_COMMERCIAL_LINES };
  s.run.years = { replicates: 200, warmupYears: 1 };
  return s;
}

/**
 * The default scenario with capacity in both arms, R = 200, W = 1: replicate-patients (both
 * arms) per second on one worker and on all cores, and the version 1 kernel's patient pairs per
 * second on one worker, each ratio the median over pairs of runs made in turn.
 */
export async function capacityBench(cores: number): Promise<CapacityBench> {
  const s = capacityScenario();
  const years = s.run.years!;
  const N = s.cohort.eligiblePerYear;
  const simulated = years.replicates * (years.warmupYears + 1) * N;
  const reported = years.replicates * N;
  const one = await KernelPool.create(nodePlatform, 1);
  const all = await KernelPool.create(nodePlatform, cores);
  try {
    // Warm-up: a few runs on each pool (each worker's wasm moves from its first, quick compile
    // to the optimised one as it runs, and a worker of all cores runs half the replicates of
    // the lone worker: one run each left the first rounds on all cores slower).
    const warm = await simulate(s, { pool: one });
    for (let k = 0; k < 4; k++) {
      await simulate(s, { pool: one });
      await simulate(s, { pool: all });
    }
    await simulate(scenario(200_000), { pool: one });
    const timeRun = async (sc: Scenario, pool: KernelPool) => {
      const t0 = performance.now();
      await simulate(sc, { pool });
      return (performance.now() - t0) / 1000;
    };
    const oneTimes: number[] = [];
    const allTimes: number[] = [];
    const v1Times: number[] = [];
    for (let r = 0; r < CAPACITY_ROUNDS; r++) {
      const pair = [
        async () => { oneTimes.push(await timeRun(s, one)); },
        async () => { allTimes.push(await timeRun(s, all)); },
      ];
      for (const step of r % 2 === 0 ? pair : [...pair].reverse()) await step();
      v1Times.push(await timeRun(scenario(V1_PATIENTS), one));
    }
    const oneSeconds = median(oneTimes);
    const allSeconds = median(allTimes);
    const v1Rate = V1_PATIENTS / median(v1Times);
    const simulatedOverV1 = median(oneTimes.map((t, r) => simulated / t / (V1_PATIENTS / v1Times[r])));
    return {
      replicates: years.replicates,
      warmupYears: years.warmupYears,
      pocLines: BENCH_POC_LINES,
      commercialLines: BENCH_COMMERCIAL_LINES,
      pocUtilisation: warm.arms.poc.queue!.utilisation.value as number,
      simulatedPatients: simulated,
      reportedPatients: reported,
      oneWorker: { seconds: oneSeconds, simulatedPerSecond: simulated / oneSeconds, reportedPerSecond: reported / oneSeconds },
      allCores: { workers: cores, seconds: allSeconds, simulatedPerSecond: simulated / allSeconds, reportedPerSecond: reported / allSeconds },
      v1OneWorker: { patients: V1_PATIENTS, pairsPerSecond: v1Rate },
      ratios: {
        simulatedOverV1OneWorker: simulatedOverV1,
        reportedOverV1OneWorker: (simulatedOverV1 * reported) / simulated,
        allCoresOverOneWorker: median(oneTimes.map((t, r) => t / allTimes[r])),
      },
    };
  } finally {
    one.close();
    all.close();
  }
}

export function capacityLines(c: CapacityBench): string[] {
  const f = (x: number) => x.toExponential(3);
  return [
    `capacity (cohort-years): default scenario, poc ${c.pocLines} lines (utilisation ${c.pocUtilisation.toFixed(3)}), commercial ${c.commercialLines} slots, `
      + `R = ${c.replicates}, W = ${c.warmupYears}: ${c.simulatedPatients.toLocaleString('en-US')} patients simulated (both arms each), `
      + `${c.reportedPatients.toLocaleString('en-US')} reported`,
    `  1 worker:   ${f(c.oneWorker.simulatedPerSecond)} replicate-patients/s simulated (${f(c.oneWorker.reportedPerSecond)} reported), ${c.oneWorker.seconds.toFixed(3)} s`,
    `  ${String(c.allCores.workers).padEnd(2)} workers: ${f(c.allCores.simulatedPerSecond)} replicate-patients/s simulated (${f(c.allCores.reportedPerSecond)} reported), ${c.allCores.seconds.toFixed(3)} s`,
    `  v1 kernel, 1 worker, beside it: ${f(c.v1OneWorker.pairsPerSecond)} patient pairs/s`,
    `  ratios (median of ${CAPACITY_ROUNDS} rounds of runs in turn): 1 worker / v1 kernel ${c.ratios.simulatedOverV1OneWorker.toFixed(2)}x simulated `
      + `(${c.ratios.reportedOverV1OneWorker.toFixed(2)}x reported); ${c.allCores.workers} workers / 1 worker ${c.ratios.allCoresOverOneWorker.toFixed(2)}x`,
  ];
}
