/**
 * The benchmark: the default scenario in this process, in patient pairs (both arms of one
 * patient) per second: rounds of the wasm kernel on one worker, the C yardstick (if given) and
 * the kernel on all cores, in turn (so that each ratio is measured at one state of a drifting
 * machine), and the TypeScript reference; the wall time of a CLI run; the peak memory of fresh
 * processes; then the sections of their own modules: a PSA beside its point run
 * (bench-psa.ts), the exact engine (bench-exact.ts) and capacity (bench-capacity.ts).
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KernelPool } from '../engine/pool.js';
import { nodePlatform } from '../engine/platform-node.js';
import { simulate, type SimulateOptions } from '../simulate.js';
import { median, scenario } from './bench-common.js';
import { psaBench, psaLines, type PsaBench } from './bench-psa.js';
import { exactBench, exactLines, type ExactBench } from './bench-exact.js';
import { capacityBench, capacityLines, type CapacityBench } from './bench-capacity.js';

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
