/**
 * The PSA on exact expectations (`simulatePsa(..., { engine: 'exact' })`, `cgt-access psa
 * --engine exact`): each draw is the exact expectation of the draw's scenario; what is not an
 * expectation is left out; the values a draw keeps without making its result file are those
 * of the result file.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawScenario, expected, getPreset, simulatePsa } from '../src/index.js';
import type { Scenario } from '../src/index.js';
import { EXPECTED_OUTPUT_PATHS, expectedResult, expectedValues, scenarioExpectation } from '../src/exact/index.js';
import { resultOutputs } from '../src/psa/outputs.js';
import { presetUncertaintyFile } from '../src/psa/presets.js';
import { resolvePsaScenario } from '../src/psa/validate.js';
import { arbFullScenario } from './fixtures/scenario-arbitraries.js';
import { cli } from './helpers/cli.js';
import { KernelPool } from '../src/engine/pool.js';
import { nodePlatform } from '../src/engine/platform-node.js';
import { EXACT_POOL_DRAWS } from '../src/psa/simulate.js';

const zuma = getPreset('zuma-1');
const file = () => {
  const f = structuredClone(presetUncertaintyFile(zuma).file) as Record<string, any>;
  f.arms.poc.mfgDays = { median: 10, p90: 14, uncertainty: { p90: 14 } }; // an uncertain duration too
  f.run = { ...(f.run ?? {}), psa: { draws: 300, patientsPerDraw: 1000 }, seed: 5 };
  return f;
};

describe('exact PSA', () => {
  it('each draw is the exact expectation of its scenario: mean, sd and percentiles over draws', async () => {
    const r = await simulatePsa(file(), { engine: 'exact', base: zuma.scenario });
    expect(r.engine).toBe('exact');
    const ps = resolvePsaScenario(file(), zuma.scenario);
    const draws = Array.from({ length: 300 }, (_, d) => expectedResult(drawScenario(ps, d)));
    for (const path of ['arms.poc.funnel.infused', 'arms.commercial.costs.total', 'difference.alive1y', 'arms.poc.v2v.mean'] as const) {
      const values = draws.map((x) => resultOutputs(x).find(([p]) => p === path)?.[1] as number);
      const mean = values.reduce((t, v) => t + v, 0) / values.length;
      const stat = path.split('.').slice(1).reduce((o: any, k) => o[k], path.startsWith('arms') ? r.arms : r.difference);
      expect(stat.mean, path).toBeCloseTo(mean, 6);
      expect(stat.draws, path).toBe(300);
      const sorted = [...values].sort((a, b) => a - b);
      expect(stat.p50, path).toBeCloseTo((sorted[149] + sorted[150]) / 2, 6);
    }
    expect(r.cePlane.extraAlive1y).toEqual(draws.map((x) => x.difference.alive1y.value));
    // Not expectations: left out in every draw.
    expect(r.arms.poc.v2v.median).toEqual({ mean: null, sd: null, p025: null, p50: null, p975: null, draws: 0 });
    // The tornado's base is the base case's expectation.
    expect(r.tornado?.base).toBeCloseTo(expected(ps.base).difference.alive1y.value as number, 9);
  });

  it('is the same whatever the pool (no workers) and repeatable', async () => {
    const a = await simulatePsa(file(), { engine: 'exact', base: zuma.scenario, workers: 1 });
    const b = await simulatePsa(file(), { engine: 'exact', base: zuma.scenario, workers: 2 });
    expect(a).toEqual(b);
  });

  it('its mean agrees with the Monte Carlo PSA of the same draws within the inner MCSE', async () => {
    const f = file();
    f.run.psa = { draws: 200, patientsPerDraw: 200_000 };
    const e = await simulatePsa(f, { engine: 'exact', base: zuma.scenario, tornado: false });
    const m = await simulatePsa(f, { base: zuma.scenario, tornado: false });
    // Every draw runs the same M patients: the mean over draws keeps about one M-patient run's MCSE.
    const one = await (await import('../src/index.js')).simulate({ ...resolvePsaScenario(f, zuma.scenario).base, run: { patients: 200_000, seed: 5 } });
    for (const [path, mcse] of [
      ['poc.funnel.infused', one.arms.poc.funnel.infused.mcse],
      ['commercial.funnel.alive1y', one.arms.commercial.funnel.alive1y.mcse],
    ] as const) {
      const [arm, g, k] = path.split('.');
      const em = (e.arms as any)[arm][g][k].mean as number;
      const mm = (m.arms as any)[arm][g][k].mean as number;
      expect(Math.abs(em - mm), path).toBeLessThan(5 * (mcse as number));
    }
  }, 120_000);

  it('is cancelled by its signal between two batches of draws, with progress in draws', async () => {
    const f = file();
    f.run.psa = { draws: 40_000, patientsPerDraw: 1000 };
    const controller = new AbortController();
    const seen: number[] = [];
    const run = simulatePsa(f, {
      engine: 'exact', base: zuma.scenario, tornado: false, signal: controller.signal,
      onProgress: (p) => { seen.push(p.done); controller.abort(); },
    });
    await expect(run).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(seen).toEqual([16_384]);
  });

  it('on the worker pool (a pool given, or EXACT_POOL_DRAWS draws and more), the same bits as on the main thread, with any number of workers', async () => {
    const f = file();
    f.run.psa = { draws: 2500, patientsPerDraw: 1000 };
    const json = async (pool?: KernelPool) => JSON.stringify(await simulatePsa(f, { engine: 'exact', base: zuma.scenario, pool }));
    const main = await json();
    for (const workers of [1, 2, 4]) {
      const pool = await KernelPool.create(nodePlatform, workers);
      try {
        // Blocks of 1024 draws, the last one short: 1024, 1024, 452; the second run's blocks
        // written into the first one's arrays.
        expect(await json(pool), `${workers} workers`).toBe(main);
        expect(await json(pool), `${workers} workers, again`).toBe(main);
      } finally {
        pool.close();
      }
    }
    // From EXACT_POOL_DRAWS draws on, without a pool given: the shared pool, in blocks (its
    // progress: block by block, where the main thread's comes every 16,384 draws).
    const g = file();
    g.run.psa = { draws: EXACT_POOL_DRAWS, patientsPerDraw: 1000 };
    const seen: number[] = [];
    const shared = await simulatePsa(g, { engine: 'exact', base: zuma.scenario, workers: 1, tornado: false, onProgress: (p) => seen.push(p.done) });
    // (blocks of 8192 draws, the most a block takes; the last progress is the run's end)
    expect(seen).toEqual([1, 2, 3, 4, 5, 6].map((k) => k * 8192).concat(50_000));
    const own = await KernelPool.create(nodePlatform, 2);
    try {
      expect(await simulatePsa(g, { engine: 'exact', base: zuma.scenario, pool: own, tornado: false })).toStrictEqual(shared);
    } finally {
      own.close();
    }
  }, 60_000);

  it('goes where exactOnPool says: on the calling thread with a pool given, on the shared pool with few draws', async () => {
    const f = file();
    f.run.psa = { draws: 40_000, patientsPerDraw: 1000 };
    const pool = await KernelPool.create(nodePlatform, 1);
    try {
      // The calling thread's progress comes every 16,384 draws; a pool's block by block.
      const seen: number[] = [];
      const here = await simulatePsa(f, { engine: 'exact', base: zuma.scenario, tornado: false, pool, exactOnPool: false, onProgress: (p) => seen.push(p.done) });
      expect(seen).toEqual([16_384, 32_768, 40_000]);
      const g = file();
      g.run.psa = { draws: 2500, patientsPerDraw: 1000 };
      const fewSeen: number[] = [];
      const few = await simulatePsa(g, { engine: 'exact', base: zuma.scenario, tornado: false, workers: 1, exactOnPool: true, onProgress: (p) => fewSeen.push(p.done) });
      expect(fewSeen).toEqual([1024, 2048, 2500]);
      expect(few).toStrictEqual(await simulatePsa(g, { engine: 'exact', base: zuma.scenario, tornado: false }));
      expect(here).toStrictEqual(await simulatePsa(f, { engine: 'exact', base: zuma.scenario, tornado: false, pool }));
    } finally {
      pool.close();
    }
  });

  it('on the worker pool, is cancelled by its signal within a block of draws', async () => {
    const f = file();
    f.run.psa = { draws: 40_000, patientsPerDraw: 1000 };
    const pool = await KernelPool.create(nodePlatform, 1);
    try {
      const controller = new AbortController();
      const seen: number[] = [];
      const run = simulatePsa(f, {
        engine: 'exact', base: zuma.scenario, tornado: false, signal: controller.signal, pool,
        onProgress: (p) => { seen.push(p.done); controller.abort(); },
      });
      await expect(run).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
      // Blocks of 8192 draws (the most a block takes): the first one, then no more.
      expect(seen).toEqual([8192]);
      // The pool is free for the next run.
      f.run.psa = { draws: 2000, patientsPerDraw: 1000 };
      expect((await simulatePsa(f, { engine: 'exact', base: zuma.scenario, tornado: false, pool })).psa.draws).toBe(2000);
    } finally {
      pool.close();
    }
  });

  it('refuses an unknown engine', async () => {
    await expect(simulatePsa(file(), { engine: 'fast' as 'exact', base: zuma.scenario })).rejects.toThrow(/engine: unknown engine "fast"; known engines: wasm, exact/);
  });
});

describe('expectedValues', () => {
  it('writes the result file\'s outputs in its order (random valid scenarios)', () => {
    fc.assert(fc.property(arbFullScenario, (s) => {
      const r = expectedResult(s as Scenario);
      const outs = resultOutputs(r);
      expect(outs.map(([p]) => p)).toEqual(EXPECTED_OUTPUT_PATHS);
      const v = new Float64Array(EXPECTED_OUTPUT_PATHS.length);
      expectedValues(scenarioExpectation(s as Scenario), v);
      outs.forEach(([p, x], i) => {
        if (x === null) expect(v[i], p).toBeNaN();
        else expect(v[i], p).toBe(x);
      });
    }), { numRuns: 200, seed: 99 });
  });

  it('gives the result file\'s life-years, QALYs, costs per QALY and price parities bit for bit, a cost after year one included (random valid scenarios)', () => {
    const v = new Float64Array(EXPECTED_OUTPUT_PATHS.length);
    let later = 0;
    fc.assert(fc.property(arbFullScenario, fc.double({ min: 1, max: 1e6, noNaN: true }), fc.boolean(), (full, cost, withCost) => {
      const s = structuredClone(full) as Scenario;
      if (withCost) s.cohort.annualCostProgressed = cost;
      if (s.cohort.annualCostProgressed > 0) later++;
      const outs = resultOutputs(expectedResult(s));
      expectedValues(scenarioExpectation(s), v);
      outs.forEach(([p, x], i) => {
        if (x === null) expect(v[i], p).toBeNaN();
        else expect(v[i], p).toBe(x);
      });
    }), { numRuns: 1000, seed: 15 });
    expect(later).toBeGreaterThan(400);
  });
});

describe('cgt-access psa --engine exact', () => {
  it('prints the PSA result with engine exact', async () => {
    const r = await cli('psa', '--preset', 'zuma-1', '--engine', 'exact', '--draws', '500', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.engine).toBe('exact');
    expect(out.psa.draws).toBe(500);
    const t = await cli('psa', '--preset', 'zuma-1', '--engine', 'exact', '--draws', '100', '--format', 'table');
    expect(t.out).toMatch(/each evaluated exactly/);
  });

  it('refuses an unknown engine with exit 2 and nothing on standard output', async () => {
    const r = await cli('psa', '--engine', 'fast');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/--engine: must be one of wasm, exact; got "fast"/);
  });
});
