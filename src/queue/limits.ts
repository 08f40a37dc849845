/**
 * The limits of a cohort-years run (MODEL.md v2, capacity and queues), checked before anything
 * is allocated: the memory a worker needs, how many workers fit in the machine's memory, and
 * the time the run would take.
 *
 * Memory. A replicate holds every patient of its warmupYears + 1 cohorts at once, so a worker
 * needs about `patients x bytes per patient` (n = eligiblePerYear x (warmupYears + 1)) whatever
 * the number of replicates: the wasm engine's per-patient arrays (assembly/queue/replicate.ts,
 * `layout`: 128 bytes of random words, 14 arrays of f64, 2 of i32, 7 of u8, and the heap of
 * line free times, at most 4 per patient), 255 to 287 bytes a patient. Measured peak resident
 * memory of whole runs (node, /usr/bin/time -v; a commercial arm with N / 60 lines, the other
 * without capacity), against `planYears` (64 MiB + workers x (10 MiB + the arrays)):
 *
 *   patients per replicate        workers    measured (MB)      estimate (MB)
 *   2 x 10^3 (N 10^3, W 1)         1, 2, 8    70, 80, 136        78, 89, 156
 *   2 x 10^5 (N 10^5, W 1)         1, 2       115, 172           135, 203
 *   5 x 10^5 (N 10^5, W 4)         2          309                375
 *   2 x 10^6 (N 10^6, W 1)         1, 2       536, 1015          652, 1236
 *   3.3 x 10^6 (N 3 x 10^5, W 10)  2          1603               1982
 *   1.1 x 10^7 (N 10^6, W 10)      1, 2       2598, 5142         3235, 6402
 *
 * The estimate is an upper bound (the arrays as laid out; pages a run never touches, such as
 * most of an unlimited arm's line heap, stay out of resident memory) 1.1 to 1.25 times
 * the measurement. The reference engine (main thread, no workers) holds about 229 bytes a patient
 * (typed arrays of 189, heaps that grow to about 40): measured 100 and 188 MB at 2 x 10^5 and
 * 6 x 10^5 patients, estimated 113 and 205 MB.
 *
 * Budget. A run may use BUDGET_SHARE of the machine's memory (Node: os.totalmem(), or the
 * process's cgroup limit when lower; a browser: navigator.deviceMemory, else 4 GiB). When the
 * requested workers do not fit, the run uses as many as fit (the result is the same to the bit
 * with any number of workers); when one worker does not fit, or a replicate exceeds the 4 GiB
 * of a wasm32 memory, the run is refused. Other processes' use of memory is not counted.
 *
 * Time. The wasm engine takes about 0.5 us per patient-year (both arms) at 2 x 10^5 patients a
 * replicate, more as replicates outgrow the caches (0.83 us at 2 x 10^6, 2.3 to 2.5 us at 1.1 x
 * 10^7; one worker a core, a 2-core machine under load); the reference about 12 times that. A
 * run whose estimate, on min(workers, cores) workers, exceeds MAX_RUN_HOURS is refused: it is
 * not an analysis anyone waits for (the issue's case, 10^6 replicates of 1.1 x 10^7 patients,
 * is about 5 months on two cores).
 */

import type { Scenario } from '../scenario/types.js';
import { ScenarioError } from '../scenario/validate.js';

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** The share of the machine's memory a run may use. */
export const BUDGET_SHARE = 0.75;
/** Longest estimated run accepted, in hours. */
export const MAX_RUN_HOURS = 24;
/** Memory of the process without its workers' engines (Node: measured about 60 MB). */
export const PROCESS_BYTES = 64 * MiB;
/** Memory of a worker without its replicate's arrays (measured about 9.5 MB: its JavaScript, the version 1 kernel's instance). */
export const WORKER_BYTES = 10 * MiB;
/** Most bytes of a wasm32 memory (65536 pages of 64 KiB). */
export const WASM_MEMORY_MAX = 4 * GiB;
/** Bytes a patient of the reference engine's replicate (src/queue/replicate.ts: typed arrays of 189 bytes, heaps). */
export const REFERENCE_BYTES_PER_PATIENT = 229;
/** Nanoseconds per patient-year of the wasm engine on one core, at up to 2 x 10^5 patients a replicate. */
const WASM_NS_PER_PATIENT_YEAR = 500;
/** The reference engine's time per patient-year relative to the wasm engine's (measured 6.0 us at 2 x 10^5 patients). */
const REFERENCE_SLOWDOWN = 12;

/** Patients a replicate holds: eligiblePerYear x (warmupYears + 1). */
export function patientsPerReplicate(s: Scenario): number {
  return s.cohort.eligiblePerYear * ((s.run.years?.warmupYears ?? 0) + 1);
}

/**
 * Bytes of the wasm queue engine's memory for a replicate of `patients` patients with `lines`
 * lines in its larger arm (Infinity: an arm without capacity), as assembly/queue/replicate.ts
 * lays them out: words in groups of four patients (512 bytes), 14 f64 and 2 i32 arrays, 7 u8
 * arrays, a heap of min(lines, 4 patients) line free times, in 64 KiB pages above its static data.
 */
export function queueEngineBytes(patients: number, lines: number): number {
  const lineSlots = Math.min(lines, 4 * patients);
  const arrays = Math.ceil(patients / 4) * 512 + patients * (14 * 8 + 2 * 4 + 7) + lineSlots * 8;
  const STATIC = 64 * 1024; // parameters, tally, tables (a few KB) below the heap base
  return Math.ceil((STATIC + arrays) / 65536) * 65536;
}

/** The machine's memory and cores as a run sees them (`Platform.machineMemory`, `defaultWorkers`). */
export interface Machine {
  /** Bytes of memory (Infinity: unknown, no memory limit). */
  memoryBytes: number;
  /** Cores that run workers at once. */
  cores: number;
}

export interface YearsPlan {
  /** eligiblePerYear x (warmupYears + 1). */
  patientsPerReplicate: number;
  /** Bytes a worker needs (reference: the process's share for the replicate). */
  workerBytes: number;
  /** Workers the run uses (at most those asked for; 1 for the reference). */
  workers: number;
  /** Bytes of the whole run on those workers. */
  bytes: number;
  /** Bytes the run may use: BUDGET_SHARE of the machine's memory. */
  budgetBytes: number;
  /** Patient-years simulated: runs x replicates x patientsPerReplicate. */
  patientYears: number;
  /** Estimated seconds on min(workers, cores) workers. */
  seconds: number;
}

/** A size in bytes, for messages: "2.8 GB", "310 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'unknown';
  if (bytes >= 1e9) return `${(bytes / 1e9).toPrecision(3)} GB`;
  return `${Math.ceil(bytes / 1e6)} MB`;
}

/** A duration in seconds, for messages: "45 minutes", "5.2 months". */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [[365.25 * 86400, 'years'], [30.44 * 86400, 'months'], [86400, 'days'], [3600, 'hours'], [60, 'minutes']];
  for (const [size, name] of units) if (seconds >= 2 * size) return `${(seconds / size).toPrecision(2)} ${name}`;
  return `${Math.ceil(seconds)} seconds`;
}

/** Estimated nanoseconds per patient-year on one core (see the module's comment). */
export function nsPerPatientYear(patients: number, engine: 'wasm' | 'reference'): number {
  const ns = WASM_NS_PER_PATIENT_YEAR * Math.max(1, (patients / 2e5) ** 0.4);
  return engine === 'reference' ? ns * REFERENCE_SLOWDOWN : ns;
}

/**
 * The plan of a cohort-years run of `s` (its run.years) on `workers` workers of `machine`
 * (`runs` such runs one after another, as a lines sweep makes): how many workers fit, the
 * memory and the time. Throws a ScenarioError naming the size, the estimate and the machine's
 * memory when one worker does not fit, or when the time estimate exceeds MAX_RUN_HOURS.
 */
export function planYears(s: Scenario, engine: 'wasm' | 'reference', workers: number, machine: Machine, runs = 1): YearsPlan {
  const years = s.run.years;
  if (!years) throw new Error('cgt-access: a cohort-years run needs run.years');
  const N = s.cohort.eligiblePerYear;
  const W = years.warmupYears;
  const n = patientsPerReplicate(s);
  const size = `a replicate of eligiblePerYear x (warmupYears + 1) = ${N} x ${W + 1} = ${n} patients`;
  const lines = Math.max(s.arms.commercial.capacity?.lines ?? Infinity, s.arms.poc.capacity?.lines ?? Infinity);
  const arrays = engine === 'wasm' ? queueEngineBytes(n, lines) : n * REFERENCE_BYTES_PER_PATIENT;
  const workerBytes = engine === 'wasm' ? WORKER_BYTES + arrays : arrays;
  const budgetBytes = BUDGET_SHARE * machine.memoryBytes;
  const machineText = `this machine has ${formatBytes(machine.memoryBytes)} of memory and a run may use ${BUDGET_SHARE * 100}% of it (${formatBytes(budgetBytes)})`;
  const fail = (path: string, value: unknown, rule: string): never => {
    throw new ScenarioError([{ path, value, rule, message: `${path}: ${rule}; got ${value}` }]);
  };
  if (engine === 'wasm' && arrays > WASM_MEMORY_MAX) {
    fail('cohort.eligiblePerYear', N, `${size} needs about ${formatBytes(arrays)} of wasm memory per worker, more than a wasm memory can hold (${formatBytes(WASM_MEMORY_MAX)}): use fewer eligible patients a year or warm-up years`);
  }
  const fit = Math.floor((budgetBytes - PROCESS_BYTES) / workerBytes);
  if (fit < 1) {
    fail('cohort.eligiblePerYear', N, `${size} needs about ${formatBytes(PROCESS_BYTES + workerBytes)} of memory ${engine === 'wasm' ? 'with one worker' : 'in the reference engine'}, and ${machineText}: use fewer eligible patients a year or warm-up years`);
  }
  const used = engine === 'wasm' ? Math.min(workers, fit) : 1;
  const patientYears = runs * years.replicates * n;
  const seconds = (patientYears * nsPerPatientYear(n, engine) * 1e-9) / Math.min(used, Math.max(1, machine.cores));
  if (seconds > MAX_RUN_HOURS * 3600) {
    const sweep = runs > 1 ? ` in each of ${runs} runs` : '';
    fail('run.years.replicates', years.replicates, `${years.replicates} replicates of ${n} patients${sweep} (eligiblePerYear x (warmupYears + 1) = ${N} x ${W + 1}; ${patientYears.toExponential(2)} patient-years) `
      + `would take about ${formatDuration(seconds)} on ${Math.min(used, machine.cores)} worker${Math.min(used, machine.cores) === 1 ? '' : 's'} (about ${(nsPerPatientYear(n, engine) / 1000).toPrecision(2)} us per patient-year on a core; `
      + `${formatBytes(workerBytes)} of memory per worker, ${machineText}), more than the ${MAX_RUN_HOURS} hours a run may take: use fewer replicates, eligible patients a year or warm-up years`);
  }
  return { patientsPerReplicate: n, workerBytes, workers: used, bytes: PROCESS_BYTES + used * workerBytes, budgetBytes, patientYears, seconds };
}
