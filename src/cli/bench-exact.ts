/**
 * The benchmark's exact-engine section (issue 15): expected(), a calibration, and an exact PSA
 * beside the Monte Carlo PSA, measured in turn.
 */

import { KernelPool } from '../engine/pool.js';
import { nodePlatform } from '../engine/platform-node.js';
import { defaultScenario } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';
import { runPsa } from '../psa/simulate.js';
import { resolvePsaScenario } from '../psa/validate.js';
import { expected, expectedResult } from '../exact/expected.js';
import { clearTransformCache } from '../exact/lognormal.js';
import { calibrate } from '../calibrate/calibrate.js';
import { median, PSA_REPEATS, psaFile } from './bench-common.js';

export interface ExactBench {
  /**
   * expected(defaultScenario), validation included (most of it: the scenario's every field is
   * checked), with the quadratures' cache emptied before each call (`cold`) and with cache hits
   * (`warm`); and the computation alone on the validated scenario (`computeCold`, `computeWarm`,
   * expectedResult): microseconds.
   */
  expectedMicroseconds: { cold: number; warm: number; computeCold: number; computeWarm: number };
  /** A two-parameter calibration (infusedFraction 0.17 and lossAfterApheresis 0.07 by pReferral and pInSpec), cache emptied: milliseconds. */
  calibrationMilliseconds: number;
  /**
   * The exact PSA of 10^4 draws on the pool's workers and on the main thread alone, and the
   * Monte Carlo PSA of 1000 draws x 10^4 patients on the same pool, seconds (medians), and the
   * median over rounds of runs in turn of MC / exact (on the pool).
   */
  psa: {
    exactDraws: number; exactSeconds: number; exactMainThreadSeconds: number; monteCarloDraws: number; patientsPerDraw: number;
    monteCarloSeconds: number; monteCarloOverExact: number; workers: number;
  };
}

/** The median time (s) of `reps` rounds of `calls` calls of fn. */
function timeCalls(fn: () => void, calls: number, reps: number): number {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    times.push((performance.now() - t0) / 1000 / calls);
  }
  return median(times);
}

export async function exactBench(cores: number): Promise<ExactBench> {
  const s = defaultScenario as Scenario;
  const cold = () => { clearTransformCache(); expected(s); };
  const warm = () => { expected(s); };
  timeCalls(cold, 2000, 1); // warm-up (JIT)
  const full = expected(s).scenario;
  const computeCold = () => { clearTransformCache(); expectedResult(full); };
  const computeWarm = () => { expectedResult(full); };
  timeCalls(computeCold, 2000, 1);
  const expectedMicroseconds = {
    cold: 1e6 * timeCalls(cold, 2000, 7),
    warm: 1e6 * timeCalls(warm, 2000, 7),
    computeCold: 1e6 * timeCalls(computeCold, 2000, 7),
    computeWarm: 1e6 * timeCalls(computeWarm, 2000, 7),
  };
  const fit = () => {
    clearTransformCache();
    calibrate(s, {
      arm: 'commercial', targets: { infusedFraction: 0.17, lossAfterApheresis: 0.07 },
      parameters: ['arms.commercial.pReferral', 'arms.commercial.pInSpec'],
    });
  };
  timeCalls(fit, 20, 1);
  const calibrationMilliseconds = 1e3 * timeCalls(fit, 20, 7);

  const patientsPerDraw = 10_000;
  const file = (d: number) => psaFile(d, patientsPerDraw);
  const pool = await KernelPool.create(nodePlatform, cores);
  try {
    await runPsa(resolvePsaScenario(file(400)), { pool, tornado: false });
    // Warm-up of the exact PSA, on the pool and on the main thread: eight whole runs each (the
    // first one's JIT and heap growth take seconds; a worker evaluates a few blocks a run, and
    // with two warm-up runs the first rounds on the pool still took up to twice the later ones).
    for (let k = 0; k < 8; k++) {
      await runPsa(resolvePsaScenario(file(10_000)), { engine: 'exact', tornado: false, pool });
      await runPsa(resolvePsaScenario(file(10_000)), { engine: 'exact', tornado: false });
    }
    const exactTimes: number[] = [];
    const exactMainTimes: number[] = [];
    const mcTimes: number[] = [];
    for (let r = 0; r < PSA_REPEATS; r++) {
      const runs = [
        async () => {
          clearTransformCache();
          const t0 = performance.now();
          await runPsa(resolvePsaScenario(file(10_000)), { engine: 'exact', tornado: false, pool });
          exactTimes.push((performance.now() - t0) / 1000);
        },
        async () => {
          clearTransformCache();
          const t0 = performance.now();
          await runPsa(resolvePsaScenario(file(10_000)), { engine: 'exact', tornado: false });
          exactMainTimes.push((performance.now() - t0) / 1000);
        },
        async () => {
          const t0 = performance.now();
          await runPsa(resolvePsaScenario(file(1000)), { pool, tornado: false });
          mcTimes.push((performance.now() - t0) / 1000);
        },
      ];
      for (const run of r % 2 === 0 ? runs : runs.reverse()) await run();
    }
    return {
      expectedMicroseconds,
      calibrationMilliseconds,
      psa: {
        exactDraws: 10_000, exactSeconds: median(exactTimes), exactMainThreadSeconds: median(exactMainTimes), monteCarloDraws: 1000, patientsPerDraw,
        monteCarloSeconds: median(mcTimes), monteCarloOverExact: median(mcTimes.map((t, r) => t / exactTimes[r])), workers: cores,
      },
    };
  } finally {
    pool.close();
  }
}

export function exactLines(e: ExactBench): string[] {
  return [
    'exact engine (expected values by numerical integration, no simulation):',
    `  expected(defaultScenario), validation included: ${e.expectedMicroseconds.cold.toFixed(1)} us (quadratures computed), ${e.expectedMicroseconds.warm.toFixed(1)} us (quadratures cached); medians of 7 x 2000 calls`,
    `  the computation alone (expectedResult of the validated scenario): ${e.expectedMicroseconds.computeCold.toFixed(1)} us (quadratures computed), ${e.expectedMicroseconds.computeWarm.toFixed(1)} us (cached)`,
    `  two-parameter calibration (infusedFraction 0.17, lossAfterApheresis 0.07; pReferral, pInSpec): ${e.calibrationMilliseconds.toFixed(2)} ms (median of 7 x 20)`,
    `  exact PSA, ${e.psa.exactDraws.toLocaleString('en-US')} draws, on ${e.psa.workers} workers: ${e.psa.exactSeconds.toFixed(3)} s (on the main thread alone: ${e.psa.exactMainThreadSeconds.toFixed(3)} s); Monte Carlo PSA, ${e.psa.monteCarloDraws} draws x ${e.psa.patientsPerDraw.toLocaleString('en-US')} patients on ${e.psa.workers} workers: ${e.psa.monteCarloSeconds.toFixed(3)} s`,
    `  Monte Carlo PSA time / exact PSA time, both on ${e.psa.workers} workers (ten times the draws): ${e.psa.monteCarloOverExact.toFixed(1)}x (median of ${PSA_REPEATS} rounds of runs in turn)`,
  ];
}
