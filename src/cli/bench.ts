/**
 * The benchmark: the default scenario in this process, in patient pairs (both arms of one
 * patient) per second: rounds of the wasm kernel on one worker, the C yardstick (if given) and
 * the kernel on all cores, in turn (so that each ratio is measured at one state of a drifting
 * machine), and the TypeScript reference; the wall time of a CLI run; the peak memory of fresh
 * processes; and a PSA beside its point run.
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KernelPool } from '../engine/pool.js';
import { nodePlatform } from '../engine/platform-node.js';
import { cloneScenario, defaultScenario } from '../scenario/defaults.js';
import type { Scenario } from '../scenario/types.js';
import { simulate, type SimulateOptions } from '../simulate.js';
import { runPsa } from '../psa/simulate.js';
import { resolvePsaScenario } from '../psa/validate.js';
import { expected, expectedResult } from '../exact/expected.js';
import { clearTransformCache } from '../exact/lognormal.js';
import { calibrate } from '../calibrate/calibrate.js';

export interface BenchOptions {
  patients: number;
  memoryPatients: number;
  json: boolean;
  /** Only the exact engine's section (expectations, calibration, exact PSA beside the Monte Carlo PSA). */
  exactOnly?: boolean;
  /** Only the capacity engine's section (cohort-years replicates beside the version 1 kernel). */
  capacityOnly?: boolean;
  /** Path of the C yardstick's run.sh: run in turn with the kernel on one worker (five times each), on as many patients, and compared. */
  yardstick?: string;
}

/** Patient pairs per second of each build the yardstick script prints (`RESULT impl=... pps=...`). */
function runYardstick(script: string, patients: number): Record<string, number> {
  const r = spawnSync('bash', [script, String(patients)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`yardstick ${script} failed: ${r.stderr}`);
  const out: Record<string, number> = {};
  for (const m of r.stdout.matchAll(/^RESULT impl=(\S+) .*?pps=(\S+)/gm)) out[m[1]] = Number(m[2]);
  return out;
}

/** Per build, the median of its patient pairs per second over several yardstick runs. */
function medianRates(runs: Record<string, number>[]): Record<string, number> {
  return Object.fromEntries(Object.keys(runs[0] ?? {}).map((impl) => [impl, median(runs.map((r) => r[impl]))]));
}

interface Timing {
  patients: number;
  seconds: number;
  pairsPerSecond: number;
}

function scenario(patients: number): Scenario {
  const s = cloneScenario(defaultScenario as Scenario);
  s.run.patients = patients;
  return s;
}

/** The median of a few numbers. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Timed runs per measurement: the median is reported (these machines are noisy). */
const REPEATS = 3;
/**
 * Rounds of pairs of runs (the kernel on one worker and on all cores; the kernel on one worker
 * and the yardstick): the speed of these machines drifts by 10-15% within a minute, and the
 * two runs of a pair share it; each ratio is the median over the pairs. An even number, for
 * the two orders.
 */
const ROUNDS = 10;

/** Seconds of one run. */
async function timeOnce(patients: number, options: SimulateOptions): Promise<number> {
  const t0 = performance.now();
  await simulate(scenario(patients), options);
  return (performance.now() - t0) / 1000;
}

/** The median of the times, as a Timing. */
function timing(patients: number, times: number[]): Timing {
  const seconds = median(times);
  return { patients, seconds, pairsPerSecond: patients / seconds };
}

async function time(patients: number, options: SimulateOptions, repeats = REPEATS): Promise<Timing> {
  await simulate(scenario(Math.min(patients, 200_000)), options); // warm-up (JIT, pool)
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) times.push(await timeOnce(patients, options));
  return timing(patients, times);
}

const BIN = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../bin/cgt-access.js' : '../../../bin/cgt-access.js', import.meta.url));
const INDEX = new URL(import.meta.url.endsWith('.ts') ? '../../dist/src/index.js' : '../index.js', import.meta.url).href;

/** Peak resident memory (MiB) of a fresh Node process that runs `patients` patients on the wasm engine. */
function peakMemory(patients: number, workers: number): number {
  const code = `const m = await import(${JSON.stringify(INDEX)});
await m.simulate({ run: { patients: ${patients} } }, { workers: ${workers} });
await m.closePools();
process.stdout.write(String(process.resourceUsage().maxRSS));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory probe failed: ${r.stderr}`);
  return Number(r.stdout) / 1024;
}

/** Wall time (s) of `cgt-access run` on `patients` patients, start-up included. */
function cliSeconds(patients: number): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'run', '--patients', String(patients), '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`CLI run failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

export async function runBench(o: BenchOptions): Promise<string> {
  const cores = nodePlatform.defaultWorkers();
  if (o.exactOnly) {
    const exact = await exactBench(cores);
    return o.json ? `${JSON.stringify({ exact }, null, 2)}\n` : `${exactLines(exact).join('\n')}\n`;
  }
  if (o.capacityOnly) {
    const capacity = await capacityBench(cores);
    return o.json ? `${JSON.stringify({ capacity }, null, 2)}\n` : `${capacityLines(capacity).join('\n')}\n`;
  }
  const one = await KernelPool.create(nodePlatform, 1);
  const all = await KernelPool.create(nodePlatform, cores);
  try {
    // Each ratio from pairs of runs of the two things compared, one right after the other, in
    // one order in even rounds and the other in odd ones (what a run follows changes its speed
    // on these machines): the kernel on one worker and on all cores; then, with a yardstick, the
    // kernel on one worker and the yardstick.
    for (const pool of [one, all]) await simulate(scenario(Math.min(o.patients, 200_000)), { pool }); // warm-up (JIT, pool)
    const oneTimes: number[] = [];
    const allTimes: number[] = [];
    const rounds = async (first: () => Promise<void>, second: () => Promise<void>) => {
      for (let r = 0; r < ROUNDS; r++) {
        for (const step of r % 2 === 0 ? [first, second] : [second, first]) await step();
      }
    };
    await rounds(
      async () => { oneTimes.push(await timeOnce(o.patients, { pool: one })); },
      async () => { allTimes.push(await timeOnce(o.patients, { pool: all })); },
    );
    const wasm1 = timing(o.patients, oneTimes);
    const wasmAll = timing(o.patients, allTimes);
    const yardstickRuns: Record<string, number>[] = [];
    const besideYardstick: number[] = [];
    if (o.yardstick) {
      await rounds(
        async () => { besideYardstick.push(await timeOnce(o.patients, { pool: one })); },
        async () => { yardstickRuns.push(runYardstick(o.yardstick as string, o.patients)); },
      );
    }
    const reference = await time(Math.max(1, Math.min(1_000_000, Math.round(o.patients / 10))), { engine: 'reference' }, 1);
    const tenMillion = o.patients === 1e7 ? wasmAll.seconds : (await time(1e7, { pool: all })).seconds;
    one.close();
    all.close();
    const cli = cliSeconds(1e7);
    const memory: Record<string, number> = { [String(1e6)]: peakMemory(1e6, cores) };
    if (o.memoryPatients > 0) memory[String(o.memoryPatients)] = peakMemory(o.memoryPatients, cores);
    // Per yardstick build: its median speed, and the median over the pairs of runs of the
    // kernel's speed over the yardstick's.
    const yardstick = yardstickRuns.length > 0 ? medianRates(yardstickRuns) : undefined;
    const pairedRatio = (impl: string) => median(yardstickRuns.map((y, r) => o.patients / besideYardstick[r] / y[impl]));
    const result = {
      scenario: 'default',
      cores,
      engines: { wasm: wasm1, reference },
      workers: { 1: wasm1, [cores]: wasmAll },
      ratios: {
        wasmOverReference: wasm1.pairsPerSecond / reference.pairsPerSecond,
        allCoresOverOneCore: median(oneTimes.map((t, r) => t / allTimes[r])),
        ...(o.memoryPatients > 0 ? { peakMemoryLargeOverSmall: memory[String(o.memoryPatients)] / memory[String(1e6)] } : {}),
      },
      wallSeconds: { library10MillionWarmPool: tenMillion, cli10Million: cli },
      peakMemoryMiB: memory,
      ...(yardstick ? {
        yardstick: {
          pairsPerSecond: yardstick,
          runs: yardstickRuns.length,
          /** Per build, the median over the pairs of runs (the kernel on one worker and the yardstick, in turn) of their ratio. */
          wasmOneWorkerOver: Object.fromEntries(Object.keys(yardstick).map((k) => [k, pairedRatio(k)])),
        },
      } : {}),
      psa: await psaBench(cores),
      exact: await exactBench(cores),
      capacity: await capacityBench(cores),
    };
    if (o.json) return `${JSON.stringify(result, null, 2)}\n`;
    const f = (x: number) => x.toExponential(3);
    const lines = [
      `cgt-access bench: default scenario, ${cores} cores, patient pairs (both arms) per second`,
      `  wasm, 1 worker         ${f(wasm1.pairsPerSecond)}  (${wasm1.patients.toLocaleString('en-US')} patients in ${wasm1.seconds.toFixed(3)} s)`,
      `  wasm, ${String(cores).padEnd(2)} workers       ${f(wasmAll.pairsPerSecond)}  (${wasmAll.patients.toLocaleString('en-US')} patients in ${wasmAll.seconds.toFixed(3)} s)`,
      `  reference (TypeScript) ${f(reference.pairsPerSecond)}  (${reference.patients.toLocaleString('en-US')} patients in ${reference.seconds.toFixed(3)} s)`,
      `  ratios: wasm / reference ${result.ratios.wasmOverReference.toFixed(2)}x, ${cores} workers / 1 worker ${result.ratios.allCoresOverOneCore.toFixed(2)}x (median of ${ROUNDS} pairs of runs in turn)`,
      `  10^7 patients, ${cores} workers: ${tenMillion.toFixed(3)} s from the library (warm pool), ${cli.toFixed(3)} s from the CLI (start-up included)`,
      `  peak memory (max RSS of a fresh process): ${Object.entries(memory).map(([n, m]) => `${Number(n).toExponential(0)} patients ${m.toFixed(1)} MiB`).join(', ')}`
        + (result.ratios.peakMemoryLargeOverSmall ? ` (ratio ${result.ratios.peakMemoryLargeOverSmall.toFixed(3)})` : ''),
    ];
    if (result.yardstick) {
      lines.push(`  yardstick (${result.yardstick.runs} runs, each next to one of the kernel on 1 worker, before or after it in turn; medians, and the median of the pairs' ratios):`);
      for (const [impl, pps] of Object.entries(result.yardstick.pairsPerSecond)) {
        lines.push(`    ${impl.padEnd(14)} ${f(pps)} pairs/s: wasm kernel on 1 worker = ${result.yardstick.wasmOneWorkerOver[impl].toFixed(2)}x`);
      }
    }
    lines.push(...psaLines(result.psa), ...exactLines(result.exact));
    lines.push(...capacityLines(result.capacity));
    return `${lines.join('\n')}\n`;
  } finally {
    one.close();
    all.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Probabilistic sensitivity analysis (issue 6): a separate section, after everything above.
// ---------------------------------------------------------------------------------------------

interface PsaBench {
  draws: number;
  patientsPerDraw: number;
  workers: number;
  seconds: number;
  pairsPerSecond: number;
  /** PSA pairs/s over the point run's pairs/s on the same workers: the median over pairs of runs in turn (issue 6's target: >= 0.8). */
  overPointRun: number;
  /** PSA pairs/s over the 1.7e5 trajectories/s that hesim reports (issue 6's target: > 100). */
  overHesim: number;
}

/**
 * 1000 draws x 10^4 patients of the default scenario with its Table 2 outcomes uncertain, on
 * a fresh pool of all cores (warm), no tornado; and, on the same pool, in turn with it, the
 * point run of as many patients (10^7): the median over the pairs of the ratio of their times.
 */
async function psaBench(cores: number): Promise<PsaBench> {
  const draws = 1000;
  const patientsPerDraw = 10_000;
  const file = (d: number) => ({
    arms: {
      commercial: { pOrr: { value: 0.73, n: 1297 }, pCr: { value: 0.56, n: 1297 }, pOs1: { value: 0.62, n: 1297 }, price: { value: 373000, p90: 420000 } },
      poc: { pOrr: 'same', pCr: 'same', pOs1: 'same', price: { value: 90000, p90: 120000 } },
    },
    run: { psa: { draws: d, patientsPerDraw } },
  });
  const pool = await KernelPool.create(nodePlatform, cores);
  try {
    // Warm-up: enough draws for the main thread's per-draw code to be optimised by the JIT.
    await runPsa(resolvePsaScenario(file(400)), { pool, tornado: false });
    await simulate(scenario(200_000), { pool });
    const psaTimes: number[] = [];
    const pointTimes: number[] = [];
    for (let r = 0; r < PSA_REPEATS; r++) {
      let t0 = performance.now();
      await runPsa(resolvePsaScenario(file(draws)), { pool, tornado: false });
      psaTimes.push((performance.now() - t0) / 1000);
      t0 = performance.now();
      await simulate(scenario(draws * patientsPerDraw), { pool });
      pointTimes.push((performance.now() - t0) / 1000);
    }
    const seconds = median(psaTimes);
    const pairsPerSecond = (draws * patientsPerDraw) / seconds;
    return {
      draws, patientsPerDraw, workers: cores, seconds, pairsPerSecond,
      overPointRun: median(pointTimes.map((t, r) => t / psaTimes[r])),
      overHesim: pairsPerSecond / HESIM_TRAJECTORIES_PER_SECOND,
    };
  } finally {
    pool.close();
  }
}

/** PSA and point runs in turn: pairs measured at the same state of the machine. */
const PSA_REPEATS = 5;

/** Patient trajectories per second that hesim reports for its semi-Markov individual simulation (issue 6). */
const HESIM_TRAJECTORIES_PER_SECOND = 1.7e5;

function psaLines(p: PsaBench): string[] {
  return [
    `psa (probabilistic sensitivity analysis): ${p.draws} draws x ${p.patientsPerDraw.toLocaleString('en-US')} patients, ${p.workers} workers, warm pool, no tornado`,
    `  ${p.pairsPerSecond.toExponential(3)} pairs/s, ${p.overPointRun.toFixed(2)}x the point run on ${p.workers} workers (median of ${PSA_REPEATS} pairs of runs in turn), ${p.overHesim.toFixed(0)}x hesim's 1.7e5; wall time ${p.seconds.toFixed(3)} s`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Exact expectations (issue 15): expected(), a calibration, and an exact PSA beside the
// Monte Carlo PSA, measured in turn.
// ---------------------------------------------------------------------------------------------

interface ExactBench {
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

async function exactBench(cores: number): Promise<ExactBench> {
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
  const file = (d: number) => ({
    arms: {
      commercial: { pOrr: { value: 0.73, n: 1297 }, pCr: { value: 0.56, n: 1297 }, pOs1: { value: 0.62, n: 1297 }, price: { value: 373000, p90: 420000 } },
      poc: { pOrr: 'same', pCr: 'same', pOs1: 'same', price: { value: 90000, p90: 120000 } },
    },
    run: { psa: { draws: d, patientsPerDraw } },
  });
  const pool = await KernelPool.create(nodePlatform, cores);
  try {
    await runPsa(resolvePsaScenario(file(400)), { pool, tornado: false });
    // Warm-up of the exact PSA, on the pool and on the main thread: two whole runs each (the
    // first one's JIT and heap growth take seconds).
    for (let k = 0; k < 2; k++) {
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

function exactLines(e: ExactBench): string[] {
  return [
    'exact engine (expected values by numerical integration, no simulation):',
    `  expected(defaultScenario), validation included: ${e.expectedMicroseconds.cold.toFixed(1)} us (quadratures computed), ${e.expectedMicroseconds.warm.toFixed(1)} us (quadratures cached); medians of 7 x 2000 calls`,
    `  the computation alone (expectedResult of the validated scenario): ${e.expectedMicroseconds.computeCold.toFixed(1)} us (quadratures computed), ${e.expectedMicroseconds.computeWarm.toFixed(1)} us (cached)`,
    `  two-parameter calibration (infusedFraction 0.17, lossAfterApheresis 0.07; pReferral, pInSpec): ${e.calibrationMilliseconds.toFixed(2)} ms (median of 7 x 20)`,
    `  exact PSA, ${e.psa.exactDraws.toLocaleString('en-US')} draws, on ${e.psa.workers} workers: ${e.psa.exactSeconds.toFixed(3)} s (on the main thread alone: ${e.psa.exactMainThreadSeconds.toFixed(3)} s); Monte Carlo PSA, ${e.psa.monteCarloDraws} draws x ${e.psa.patientsPerDraw.toLocaleString('en-US')} patients on ${e.psa.workers} workers: ${e.psa.monteCarloSeconds.toFixed(3)} s`,
    `  Monte Carlo PSA time / exact PSA time, both on ${e.psa.workers} workers (ten times the draws): ${e.psa.monteCarloOverExact.toFixed(1)}x (median of ${PSA_REPEATS} rounds of runs in turn)`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Capacity and queues (issue 13): cohort-years replicates beside the version 1 kernel.
// ---------------------------------------------------------------------------------------------

/** The poc arm's lines in the capacity bench: its lines are then about 80% busy (0.79 measured). */
export const BENCH_POC_LINES = 11;
/** The commercial arm's factory slots in the capacity bench (the default-lines preset's). */
export const BENCH_COMMERCIAL_LINES = 10;
/**
 * Rounds of the capacity bench (each: one worker, the v1 kernel, all cores, in turn). Runs of
 * some 20-40 ms: one round's ratio of one worker to all cores varied from 1.55 to 1.95 on a quiet
 * two-core machine (p10 to p90 of 30), so the median takes many rounds to settle.
 */
const CAPACITY_ROUNDS = 15;
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
      const steps = [
        async () => { oneTimes.push(await timeRun(s, one)); },
        async () => { v1Times.push(await timeRun(scenario(V1_PATIENTS), one)); },
        async () => { allTimes.push(await timeRun(s, all)); },
      ];
      for (const step of r % 2 === 0 ? steps : [...steps].reverse()) await step();
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
