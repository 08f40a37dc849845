/**
 * Invariants of the model and of the result file that hold exactly, whatever the scenario:
 * the funnel's accounting, common random numbers, reproducibility, independence from how
 * chunks are computed.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGINES, simulate } from '../src/index.js';
import { A, ARM_HIST, ARM_OFFSET, PATIENTS_SLOT, V2V_BINS, addTally, newTally } from '../src/model/tally.js';
import { chunkCount } from '../src/random/stream.js';
import { runModel, tallyChunk } from '../src/reference/chunk.js';
import { referenceTally } from '../src/reference/simulate.js';
import { cloneScenario, defaultScenario } from '../src/scenario/defaults.js';
import type { ArmResult, Estimate, Result, Scenario } from '../src/scenario/types.js';
import { LOST_REASONS } from '../src/scenario/types.js';
import { summarise } from '../src/summary/summarise.js';
import { arbScenario } from './helpers/scenarios.js';

function scenario(patients: number, seed = 1): Scenario {
  const s = cloneScenario(defaultScenario as Scenario);
  s.run = { patients, seed };
  return s;
}

function relClose(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Every number of the result is finite or null: never NaN or Infinity. */
function expectFinite(x: unknown, path = 'result'): void {
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new Error(`${path} is ${x}`);
  } else if (Array.isArray(x)) x.forEach((v, i) => expectFinite(v, `${path}[${i}]`));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) expectFinite(v, `${path}.${k}`);
}

function expectArmInvariants(r: ArmResult, N: number): void {
  const f = r.funnel;
  const v = (e: Estimate) => e.value as number;
  const lost = LOST_REASONS.reduce((s, k) => s + v(r.lost[k]), 0);
  expect(relClose(lost + v(f.infused), N)).toBe(true);
  expect(v(f.eligible)).toBe(N);
  const chain = [f.eligible, f.referred, f.funded, f.apheresed, f.infused, f.responses, f.completeResponses].map(v);
  for (let i = 1; i < chain.length; i++) expect(chain[i]).toBeLessThanOrEqual(chain[i - 1]);
  expect(v(f.progressionFree1y)).toBeLessThanOrEqual(v(f.alive1y));
  const hist = r.v2v.histogram.reduce((a, b) => a + b, 0);
  expect(relClose(hist, v(f.infused))).toBe(true);
  expect(r.v2v.histogram).toHaveLength(181);
  const c = r.costs;
  // The components and the cost after year one of progressed patients (MODEL.md v2) make the total.
  const parts = [c.product, c.apheresis, c.bridging, c.infusion, c.adverseEvents, c.fixed, r.lifetime.costAfterYear1].map(v).reduce((a, b) => a + b, 0);
  expect(relClose(parts, v(c.total), 1e-9)).toBe(true);
  if (v(f.infused) === 0) {
    expect(r.v2v.mean).toEqual({ value: null, mcse: null });
    expect(c.perInfused).toEqual({ value: null, mcse: null });
  }
}

describe('the funnel accounting', () => {
  it('loss reasons plus infused equal the patients exactly, on the integer counts', async () => {
    const s = scenario(100_000, 5);
    const t = await referenceTally(s);
    for (const o of [ARM_OFFSET.commercial, ARM_OFFSET.poc]) {
      const n = t[PATIENTS_SLOT];
      const lost = (n - t[o + A.referred]) + (t[o + A.referred] - t[o + A.aliveAtFunding])
        + (t[o + A.aliveAtFunding] - t[o + A.funded]) + (t[o + A.funded] - t[o + A.aliveAtApheresis])
        + (t[o + A.aliveAtApheresis] - t[o + A.apheresed]) + (t[o + A.apheresed] - t[o + A.manufactured])
        + (t[o + A.manufactured] - t[o + A.infused]);
      expect(lost + t[o + A.infused]).toBe(n);
      let hist = 0;
      for (let b = 0; b < V2V_BINS; b++) hist += t[o + ARM_HIST + b];
      expect(hist).toBe(t[o + A.infused]);
      for (const slot of ['referred', 'funded', 'infused', 'attempts', 'reaphereses', 'oosReleased'] as const) {
        expect(Number.isInteger(t[o + A[slot]])).toBe(true);
      }
    }
  });

  it('holds on the result file of the default scenario', async () => {
    const r = await simulate(scenario(50_000), { engine: 'reference' });
    expectArmInvariants(r.arms.commercial, 600);
    expectArmInvariants(r.arms.poc, 600);
  });
});

describe.each(ENGINES)('common random numbers (%s engine)', (engine) => {
  it('identical arms give every difference exactly 0', async () => {
    const s = scenario(50_000, 9);
    s.arms.poc = structuredClone(s.arms.commercial);
    const r = await simulate(s, { engine });
    for (const k of ['infused', 'completeResponses', 'alive1y', 'totalCost'] as const) {
      expect(r.difference[k]).toEqual({ value: 0, mcse: 0 });
    }
    expect(r.difference.costPerExtraAlive1y).toEqual({ value: null, mcse: null });
    expect(JSON.stringify(r.arms.poc)).toBe(JSON.stringify(r.arms.commercial));
  });

  it('a higher pReferral never infuses fewer patients (same patients, same numbers)', async () => {
    const lo = scenario(20_000, 3);
    const hi = cloneScenario(lo);
    hi.arms.poc.pReferral = 0.9;
    const [a, b] = await Promise.all([simulate(lo, { engine }), simulate(hi, { engine })]);
    expect(b.arms.poc.funnel.referred.value as number).toBeGreaterThan(a.arms.poc.funnel.referred.value as number);
    expect(b.arms.poc.funnel.infused.value as number).toBeGreaterThanOrEqual(a.arms.poc.funnel.infused.value as number);
    // The commercial arm did not change at all (but its price parity, which is relative to the other arm).
    expect(JSON.stringify({ ...b.arms.commercial, price: null })).toBe(JSON.stringify({ ...a.arms.commercial, price: null }));
  });

  it('an arm\'s maxAttempts does not move the other arm, nor the first attempts of its own patients', async () => {
    const two = scenario(20_000, 4);
    const four = cloneScenario(two);
    four.arms.poc.maxAttempts = 4;
    const [a, b] = await Promise.all([simulate(two, { engine }), simulate(four, { engine })]);
    expect(JSON.stringify({ ...b.arms.commercial, price: null })).toBe(JSON.stringify({ ...a.arms.commercial, price: null }));
    // More attempts can only rescue patients: never fewer released products.
    expect(b.arms.poc.lost.manufacturingFailed.value as number).toBeLessThanOrEqual(a.arms.poc.lost.manufacturingFailed.value as number);
    expect(b.arms.poc.funnel.apheresed).toEqual(a.arms.poc.funnel.apheresed);
  });
});

describe.each(ENGINES)('reproducibility (%s engine)', (engine) => {
  it('the same seed gives byte-identical JSON; another seed does not', async () => {
    const s = scenario(70_000, 42);
    const a = JSON.stringify(await simulate(s, { engine }));
    const b = JSON.stringify(await simulate(cloneScenario(s), { engine }));
    expect(a).toBe(b);
    const c = JSON.stringify(await simulate({ ...cloneScenario(s), run: { patients: 70_000, seed: 43 } }, { engine }));
    expect(c).not.toBe(a);
  });

  it('the order and grouping in which chunks are computed do not change the result', async () => {
    // Chunk size is fixed (CHUNK_PATIENTS, part of the stream's definition); what may vary is
    // which chunks are computed when and together. Reduced in chunk order, the bits are the same.
    const s = scenario(4 * 65_536 + 1234, 8);
    const model = runModel(s);
    const chunks = chunkCount(s.run.patients);
    const order = [3, 0, 4, 2, 1];
    expect(order.length).toBe(chunks);
    const parts = new Map(order.map((c) => [c, tallyChunk(model, c)]));
    const total = newTally();
    for (let c = 0; c < chunks; c++) addTally(total, parts.get(c) as Float64Array);
    const fromParts = JSON.stringify(summarise(s, total, 'reference'));
    expect(fromParts).toBe(JSON.stringify(await simulate(s, { engine: 'reference' })));
  });

  it('a run is deterministic across reruns of single chunks', () => {
    const model = runModel(scenario(65_536 * 2, 77));
    expect([...tallyChunk(model, 1)]).toEqual([...tallyChunk(model, 1)]);
  });
});

describe.each(ENGINES)('property: any valid scenario (%s engine)', (engine) => {
  it('gives a finite result that satisfies the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(arbScenario(fc.integer({ min: 1, max: 3000 })), async (s) => {
        const r: Result = await simulate(s, { engine });
        expectFinite(r);
        expectArmInvariants(r.arms.commercial, s.cohort.eligiblePerYear);
        expectArmInvariants(r.arms.poc, s.cohort.eligiblePerYear);
        expect(r.scenario).toEqual(s);
        expect(r.patients).toBe(s.run.patients);
        const dInf = (r.arms.poc.funnel.infused.value as number) - (r.arms.commercial.funnel.infused.value as number);
        expect(relClose(r.difference.infused.value as number, dInf, 1e-9)).toBe(true);
      }),
      { seed: 20261125, numRuns: 120 },
    );
  });
});
