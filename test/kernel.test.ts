/**
 * The wasm kernel: its vector math against Math over the kernel's domains, its layout against
 * the TypeScript side, and its results against the reference (same seed, same uniforms).
 */

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kernel, clockBound, kernelParams } from '../src/engine/kernel.js';
import { standardExponential, uniform } from '../src/distributions/index.js';
import { PATIENTS_SLOT, TALLY_SIZE, A, ARM_HIST, ARM_OFFSET, ARM_SLOTS, P, V2V_BINS, stateSlot } from '../src/model/tally.js';
import { runModel, tallyChunk } from '../src/reference/chunk.js';
import { cloneScenario, defaultScenario } from '../src/scenario/defaults.js';
import type { Estimate, Result, Scenario } from '../src/scenario/types.js';
import { simulate } from '../src/index.js';
import { arbScenario, fixedDefaults } from './helpers/scenarios.js';

const bytes = readFileSync(new URL('../build/cgt-access.wasm', import.meta.url));
const module = new WebAssembly.Module(bytes);

describe('single-precision vector math (assembly/math/vmath32.ts) against Math', () => {
  const instance = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('abort'); } } });
  const k = instance.exports as unknown as {
    memory: WebAssembly.Memory; arrays(): number;
    exp2Array32(x: number, out: number, n: number): void;
    logArray32(x: number, out: number, n: number): void;
    cosSinTurnArray32(u: number, c: number, s: number, n: number): void;
  };
  const n = 16384;
  const base = k.arrays();
  const N = 1 << 19;

  function worst(xs: Float32Array, run: (x: number, out: number, n: number) => void, ref: (x: number) => number, relative: boolean): number {
    let max = 0;
    for (let off = 0; off < xs.length; off += n) {
      const chunk = xs.subarray(off, off + n);
      new Float32Array(k.memory.buffer, base, n).set(chunk);
      run(base, base + 4 * n, chunk.length);
      const out = new Float32Array(k.memory.buffer, base + 4 * n, chunk.length);
      for (let i = 0; i < chunk.length; i++) {
        const r = ref(chunk[i]);
        const e = relative ? Math.abs(out[i] - r) / Math.abs(r) : Math.abs(out[i] - r);
        if (!(e <= max)) max = e;
      }
    }
    return max;
  }

  it('2^x: relative error below 1.5e-7 on [-126, 127]', () => {
    const xs = Float32Array.from({ length: N }, (_, i) => -126 + (253 * i) / (N - 1));
    expect(worst(xs, k.exp2Array32, (x) => 2 ** x, true)).toBeLessThan(1.5e-7);
  });

  it('log: absolute error below 2e-6 (an ulp of float32 at 16) on [2^-24, 1], relative below 2.5e-7 away from 1', () => {
    const xs = Float32Array.from({ length: N }, (_, i) => 2 ** (-24 * (i / (N - 1))));
    expect(worst(xs, k.logArray32, Math.log, false)).toBeLessThan(2e-6);
    expect(worst(xs.filter((x) => x < 0.99), k.logArray32, Math.log, true)).toBeLessThan(2.5e-7);
  });

  it('cos and sin of a full turn: absolute error below 1.5e-7 on [0, 1)', () => {
    const us = Float32Array.from({ length: N }, (_, i) => i / N);
    expect(worst(us, (u, c, m) => k.cosSinTurnArray32(u, c, c + 4 * n, m), (u) => Math.cos(2 * Math.PI * u), false)).toBeLessThan(1.5e-7);
    expect(worst(us, (u, c, m) => k.cosSinTurnArray32(u, c + 4 * n, c, m), (u) => Math.sin(2 * Math.PI * u), false)).toBeLessThan(1.5e-7);
  });
});

describe('the kernel against the reference', () => {
  const kernel = new Kernel(module);

  function both(s: Scenario, chunk = 0): [Float64Array, Float64Array] {
    kernel.setParams(kernelParams(s));
    const count = Math.min(s.run.patients, 65536);
    return [kernel.runChunk(s.run.seed, chunk, count), tallyChunk({ ...runModel(s), patients: chunk * 65536 + count }, chunk)];
  }

  const COUNTS = ['referred', 'aliveAtFunding', 'funded', 'aliveAtApheresis', 'apheresed', 'manufactured', 'infused',
    'responses', 'completeResponses', 'progressionFree1y', 'alive1y', 'crs3', 'icans3', 'attempts', 'reaphereses', 'oosReleased',
    'paidUnits', 'paidUnitsSq', 'attemptsXPaidUnits', 'infusedAlive1y', 'completeResponsesAlive1y', 'completeResponsesRemission'] as const;

  /** The 3 x 3 table of one-year states (commercial, poc), cell by cell, and the pair sums of counts. */
  function expectSameStates(k: Float64Array, r: Float64Array): void {
    for (let c = 0; c < 3; c++) for (let p = 0; p < 3; p++) expect(k[stateSlot(c, p)], `state ${c} ${p}`).toBe(r[stateSlot(c, p)]);
    for (const slot of ['dInfusedSq', 'dCompleteResponsesSq', 'dAlive1ySq'] as const) expect(k[P[slot]], slot).toBe(r[P[slot]]);
  }

  /** Sums of cost times an indicator agree to float32 rounding of the bridging days (fixed durations: the same patients). */
  function expectSameCostSums(k: Float64Array, r: Float64Array): void {
    const close = (a: number, b: number, what: string) =>
      expect(Math.abs(a - b), what).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(b)));
    for (const o of [ARM_OFFSET.commercial, ARM_OFFSET.poc]) close(k[o + A.costXRemission], r[o + A.costXRemission], 'costXRemission');
    close(k[P.dCostXdRemission], r[P.dCostXdRemission], 'dCostXdRemission');
  }

  /** Fixed durations: the same vein-to-vein histogram, bin for bin, and the same sums (to rounding). */
  function expectSameTimes(k: Float64Array, r: Float64Array, o: number): void {
    for (let b = 0; b < V2V_BINS; b++) expect(k[o + ARM_HIST + b], `v2v bin ${b}`).toBe(r[o + ARM_HIST + b]);
    for (const c of ['v2vSum', 'v2vSq'] as const) {
      expect(Math.abs(k[o + A[c]] - r[o + A[c]]), c).toBeLessThanOrEqual(1e-12 * Math.abs(r[o + A[c]]));
    }
  }

  it('finds the least clock word past a cumulative hazard (the fixed survival checks)', () => {
    const E = (w: number) => standardExponential(uniform(w));
    fc.assert(fc.property(fc.double({ min: 0, max: 30, noNaN: true }), (h) => {
      const w = clockBound(h);
      if (w < 2 ** 32) expect(E(w)).toBeGreaterThan(h);
      if (w > 0) expect(E(w - 1)).toBeLessThanOrEqual(h);
      // E is non-decreasing around the bound, so "w >= bound" is exactly "E(w) > h" there.
      for (let d = 1; d <= 64; d++) {
        if (w - d >= 0) expect(E(w - d) > h).toBe(false);
        if (w + d < 2 ** 32) expect(E(w + d) > h).toBe(true);
      }
    }), { seed: 5, numRuns: 500 });
    expect(clockBound(0)).toBe(1);
    expect(clockBound(100)).toBe(2 ** 32);
  });

  it('gives a reused instance the tallies of a fresh one when the parameters change between chunks (tables are remade)', () => {
    const a = cloneScenario(defaultScenario as Scenario);
    const b = cloneScenario(defaultScenario as Scenario);
    b.arms.poc.price = 123456.5;
    b.arms.commercial.pApheresis = 1;
    b.cohort.bridgingHazardRatio = 0.9;
    for (const s of [a, b, a, b]) {
      kernel.setParams(kernelParams(s));
      const reused = kernel.runChunk(7, 3, 5000);
      const fresh = new Kernel(module);
      fresh.setParams(kernelParams(s));
      expect([...reused]).toEqual([...fresh.runChunk(7, 3, 5000)]);
    }
  });

  it('has the tally layout of src/model/tally.ts', () => {
    const [k] = both(fixedDefaults(100));
    expect(k.length).toBe(TALLY_SIZE);
    expect(k[PATIENTS_SLOT]).toBe(100);
    expect(ARM_SLOTS.length).toBe(43);
  });

  it('gives identical integer counts where every duration is fixed', () => {
    for (const seed of [1, 2, 3]) {
      const [k, r] = both(fixedDefaults(65536, seed), seed);
      for (const o of [ARM_OFFSET.commercial, ARM_OFFSET.poc]) {
        for (const c of COUNTS) expect(k[o + A[c]], c).toBe(r[o + A[c]]);
        expectSameTimes(k, r, o);
      }
      expectSameStates(k, r);
      expectSameCostSums(k, r);
    }
  });

  it('gives identical integer counts on random scenarios with fixed durations (fast-check)', () => {
    fc.assert(fc.property(arbScenario(fc.integer({ min: 1, max: 5000 })), (s) => {
      for (const arm of [s.arms.commercial, s.arms.poc]) {
        for (const key of ['adminDays', 'slotWaitDays', 'mfgDays', 'reapheresisDays', 'logisticsDays'] as const) {
          arm[key] = { median: arm[key].median, p90: arm[key].median };
        }
      }
      const [k, r] = both(s);
      for (const o of [ARM_OFFSET.commercial, ARM_OFFSET.poc]) {
        for (const c of COUNTS) expect(k[o + A[c]], c).toBe(r[o + A[c]]);
        expectSameTimes(k, r, o);
      }
      expectSameStates(k, r);
    }), { seed: 4, numRuns: 60 });
  });

  it('agrees within 5 MCSE on 60 random valid scenarios (fast-check)', async () => {
    const estimates = (r: Result): [string, Estimate][] => {
      const out: [string, Estimate][] = [];
      const walk = (x: unknown, path: string) => {
        if (x && typeof x === 'object' && 'value' in x && 'mcse' in x) out.push([path, x as Estimate]);
        else if (x && typeof x === 'object' && !Array.isArray(x)) for (const [k, v] of Object.entries(x)) walk(v, `${path}.${k}`);
      };
      walk(r.arms, 'arms');
      walk(r.difference, 'difference');
      return out;
    };
    await fc.assert(fc.asyncProperty(arbScenario(fc.integer({ min: 1, max: 4000 })), async (s) => {
      const [w, ref] = await Promise.all([simulate(s, { engine: 'wasm', workers: 2 }), simulate(s, { engine: 'reference' })]);
      const ws = estimates(w);
      const rs = new Map(estimates(ref));
      for (const [path, e] of ws) {
        const r = rs.get(path) as Estimate;
        if (r.value === null || e.value === null) {
          // Null only where a denominator is zero; counts agree up to boundary cases.
          continue;
        }
        const tol = 5 * Math.max(r.mcse ?? 0, e.mcse ?? 0) + 1e-9 * Math.max(1, Math.abs(r.value));
        expect(Math.abs(e.value - r.value), path).toBeLessThanOrEqual(tol);
      }
    }), { seed: 5, numRuns: 60 });
  });

  it('gives nearly identical tallies with random durations (the same numbers; durations in float32)', () => {
    const s = cloneScenario(defaultScenario as Scenario);
    s.run.patients = 65536;
    const [k, r] = both(s);
    for (const o of [ARM_OFFSET.commercial, ARM_OFFSET.poc]) {
      for (const c of COUNTS) expect(Math.abs(k[o + A[c]] - r[o + A[c]]), c).toBeLessThanOrEqual(2);
      expect(Math.abs(k[o + A.cost] - r[o + A.cost]) / r[o + A.cost]).toBeLessThan(1e-6);
    }
  });
});
