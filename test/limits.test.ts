/**
 * The limits of cohort-years runs (src/queue/limits.ts): the memory estimate against the peak
 * memory measured in a child process; refusals of what cannot fit or finish (exit 2 in the CLI,
 * a ScenarioError from the library), before anything is allocated; and a pool whose workers do
 * not all fit runs on fewer, with the same bits.
 */

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KernelPool, type Platform } from '../src/engine/pool.js';
import { nodePlatform } from '../src/engine/platform-node.js';
import { planYears, PROCESS_BYTES } from '../src/queue/limits.js';
import { sweepLines } from '../src/analyses/lines.js';
import { resolveScenario, ScenarioError } from '../src/scenario/validate.js';
import { simulate } from '../src/simulate.js';
import { cli } from './helpers/cli.js';
import { workersNote } from '../src/cli/workers-note.js';

const GiB = 2 ** 30;

/** A scenario with capacity in the commercial arm (N / 60 lines): N eligible a year, W warm-up years, R replicates. */
function years(N: number, W: number, R: number) {
  return { cohort: { eligiblePerYear: N }, arms: { commercial: { capacity: { lines: Math.max(1, Math.round(N / 60)) } } }, run: { years: { replicates: R, warmupYears: W } } };
}

/** The issue's size: 10^6 eligible a year and 10 warm-up years (1.1 x 10^7 patients a replicate). */
const ISSUE = ['--set', 'cohort.eligiblePerYear=1000000', '--set', 'run.years.warmupYears=10', '--set', 'arms.commercial.capacity.lines=10000'];

describe('the memory estimate of cohort-years', () => {
  // Peak resident memory (getrusage's maxrss, which counts the workers' threads) of a run in a
  // fresh process on the built library, against the estimate for the same run.
  const measure = async (N: number, W: number, R: number, workers: number): Promise<number> => {
    const script = `
      const { simulate, closePools } = await import(${JSON.stringify(new URL('../dist/src/index.js', import.meta.url).href)});
      await simulate(${JSON.stringify(years(N, W, R))}, { workers: ${workers} });
      await closePools();
      console.log(process.resourceUsage().maxRSS * 1024);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    return Number(stdout.trim());
  };

  it.each([
    [10_000, 1, 4, 1],
    [100_000, 4, 2, 2],
    [300_000, 3, 1, 1],
  ])('is within a factor of 2 of the peak measured with N = %i, W = %i, R = %i, %i worker(s)', async (N, W, R, workers) => {
    const measured = await measure(N, W, R, workers);
    const plan = planYears(resolveScenario(years(N, W, R)), 'wasm', workers, { memoryBytes: 64 * GiB, cores: 2 });
    expect(plan.workers).toBe(workers);
    const ratio = plan.bytes / measured;
    expect(ratio, `estimate ${plan.bytes} bytes, measured ${measured}`).toBeGreaterThan(0.5);
    expect(ratio, `estimate ${plan.bytes} bytes, measured ${measured}`).toBeLessThan(2);
  }, 20_000);

  it('grows with the patients of a replicate, not with the replicates', () => {
    const machine = { memoryBytes: 64 * GiB, cores: 2 };
    const a = planYears(resolveScenario(years(100_000, 1, 10)), 'wasm', 1, machine);
    const b = planYears(resolveScenario(years(100_000, 1, 1000)), 'wasm', 1, machine);
    const c = planYears(resolveScenario(years(100_000, 3, 10)), 'wasm', 1, machine);
    expect(b.bytes).toBe(a.bytes);
    expect(b.seconds).toBeCloseTo(100 * a.seconds, 6);
    expect((c.workerBytes - 10 * 2 ** 20) / (a.workerBytes - 10 * 2 ** 20)).toBeCloseTo(2, 1);
  });
});

describe('cohort-years too big for the machine', () => {
  it('runs the issue\'s 16 workers at 10^6 x 11 patients on as many as fit in 24 GiB (each about 3.2 GB)', () => {
    const s = resolveScenario(years(1e6, 10, 200));
    const plan = planYears(s, 'wasm', 16, { memoryBytes: 24 * GiB, cores: 16 });
    expect(plan.patientsPerReplicate).toBe(11_000_000);
    expect(plan.workerBytes).toBeGreaterThan(2.8e9);
    expect(plan.workers).toBe(6);
    expect(plan.bytes).toBeLessThanOrEqual(0.75 * 24 * GiB);
    // One worker does not fit in 4 GiB: refused, naming the size, the estimate and the machine's memory.
    let error: unknown;
    try {
      planYears(s, 'wasm', 16, { memoryBytes: 4 * GiB, cores: 16 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const message = (error as Error).message;
    expect(message).toContain('cohort.eligiblePerYear: a replicate of eligiblePerYear x (warmupYears + 1) = 1000000 x 11 = 11000000 patients');
    expect(message).toMatch(/needs about 3\.\d+ GB of memory with one worker/);
    expect(message).toContain('this machine has 4.29 GB of memory');
  });

  it('says so on standard error when the CLI runs on fewer workers than asked', async () => {
    const note = await workersNote(resolveScenario(years(1e6, 10, 200)), undefined, 16, { memoryBytes: 24 * GiB, cores: 16 });
    expect(note).toMatch(/^note: 6 of 16 workers: a replicate of 11000000 patients needs about 3\.\d+ GB per worker and a run may use 19\.3 GB of this machine's 25\.8 GB; the result is the same, in about [\d.]+ minutes\n$/);
    expect(await workersNote(resolveScenario(years(1e4, 1, 10)), undefined, 16, { memoryBytes: 24 * GiB, cores: 16 })).toBeNull();
  });

  it('refuses 10^6 replicates at that size (exit 2 at once, the numbers named, nothing on stdout)', async () => {
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = await cli('run', ...ISSUE, '--set', 'run.years.replicates=1000000', '--workers', '1');
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('run.years.replicates: 1000000 replicates of 11000000 patients (eligiblePerYear x (warmupYears + 1) = 1000000 x 11');
    expect(r.err).toMatch(/would take about [\d.]+ (months|years) on 1 worker/);
    expect(r.err).toMatch(/GB of memory per worker, this machine has [\d.]+ GB of memory/);
    expect(r.err).toContain('more than the 24 hours a run may take');
    expect(process.memoryUsage().rss - before).toBeLessThan(200e6);
  }, 10_000);

  it('refuses it from the library too, with 16 workers, before making a pool', async () => {
    const t0 = performance.now();
    await expect(simulate(years(1e6, 10, 1e6), { workers: 16 })).rejects.toThrow(/run\.years\.replicates: 1000000 replicates of 11000000 patients/);
    await expect(simulate(years(1e6, 10, 1e6), { engine: 'reference' })).rejects.toBeInstanceOf(ScenarioError);
    expect(performance.now() - t0).toBeLessThan(3000);
  }, 10_000);

  it('refuses a lines sweep whose runs together would take too long, before its first run', async () => {
    // 2000 replicates a run: about 15 hours each on one worker, 4 values of c: more than 24 hours in all.
    const t0 = performance.now();
    await expect(sweepLines(years(1e6, 10, 2000), { arm: 'commercial', from: 1, to: 4, workers: 1 }))
      .rejects.toThrow(/run\.years\.replicates: 2000 replicates of 11000000 patients in each of 4 runs/);
    expect(performance.now() - t0).toBeLessThan(3000);
  }, 10_000);
});

describe('a pool whose workers do not all fit', () => {
  /** The node platform on a machine of `memory` bytes, counting each worker's calls to run replicates. */
  function smallMachine(memory: number) {
    const calls: number[] = [];
    const platform: Platform = {
      ...nodePlatform,
      machineMemory: () => memory,
      createWorker() {
        const w = nodePlatform.createWorker();
        const i = calls.push(0) - 1;
        const api = w.api as unknown as Record<string, unknown>;
        return {
          ...w,
          api: new Proxy({}, {
            get: (_, key) => {
              if (typeof key === 'string' && key.startsWith('runReplicate')) calls[i]++;
              return api[key as string];
            },
          }) as typeof w.api,
        };
      },
    };
    return { platform, calls };
  }

  it('runs on the workers that fit, with the same bits, and refuses when none fits', async () => {
    const scenario = resolveScenario(years(100_000, 1, 6));
    const one = planYears(scenario, 'wasm', 2, { memoryBytes: Infinity, cores: 2 });
    // Memory for the process and one and a half workers.
    const { platform, calls } = smallMachine((PROCESS_BYTES + 1.5 * one.workerBytes) / 0.75);
    const small = await KernelPool.create(platform, 2);
    const full = await KernelPool.create(nodePlatform, 2);
    try {
      const a = await small.runYears(scenario);
      const b = await full.runYears(scenario);
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
      expect(calls[0]).toBeGreaterThan(0);
      expect(calls[1]).toBe(0);
      // Not even one worker: refused, and no worker asked to run anything.
      const { platform: tiny, calls: none } = smallMachine(one.workerBytes);
      const refused = await KernelPool.create(tiny, 2);
      try {
        await expect(refused.runYears(scenario)).rejects.toThrow(/cohort\.eligiblePerYear: a replicate of eligiblePerYear x \(warmupYears \+ 1\) = 100000 x 2 = 200000 patients needs about \d+ MB of memory with one worker, and this machine has \d+ MB of memory/);
        expect(none).toEqual([0, 0]);
      } finally {
        refused.close();
      }
    } finally {
      small.close();
      full.close();
    }
  }, 20_000);
});
