/**
 * The worker pool: results independent of the number of workers to the last byte,
 * cancellation within a chunk, a newer run superseding an older one, reuse after both.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { KernelPool, RING_SLOTS } from '../src/engine/pool.js';
import { nodePlatform } from '../src/engine/platform-node.js';
import { closePools, simulate } from '../src/index.js';
import { CHUNK_PATIENTS } from '../src/random/stream.js';
import { holdUntilStill } from './helpers/hold.js';

afterAll(() => closePools());

describe('the worker pool', () => {
  it('gives byte-identical result JSON with 1, 2 and 4 workers', async () => {
    const scenario = { run: { patients: 5 * CHUNK_PATIENTS + 777, seed: 99 } };
    const [one, two, four] = await Promise.all([1, 2, 4].map((workers) => simulate(scenario, { workers })));
    const a = JSON.stringify(one);
    expect(JSON.stringify(two)).toBe(a);
    expect(JSON.stringify(four)).toBe(a);
  });

  it('reports progress per chunk, in patients, ending at the total', async () => {
    const seen: number[] = [];
    await simulate({ run: { patients: 3 * CHUNK_PATIENTS + 5 } }, { workers: 2, onProgress: (p) => seen.push(p.done) });
    expect(seen).toHaveLength(4);
    expect(seen[seen.length - 1]).toBe(3 * CHUNK_PATIENTS + 5);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });

  /** Aborts a run of 10^9 patients as soon as a chunk is done (checked every millisecond: mid round trip). */
  async function expectAbortWithinOneChunk(pool: KernelPool): Promise<void> {
    const controller = new AbortController();
    const chunksAtStart = pool.chunksComputed;
    let chunksAtAbort = 0;
    const poll = setInterval(() => {
      if (pool.chunksComputed > chunksAtStart) {
        controller.abort();
        // Counted right after the abort (the flag is set inside abort()): a chunk that ends
        // between a count taken before it and the flag would be none of the workers' fault.
        chunksAtAbort = pool.chunksComputed;
        clearInterval(poll);
      }
    }, 1);
    const run = simulate({ run: { patients: 1e9 } }, { pool, signal: controller.signal });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    clearInterval(poll);
    // Each worker finishes at most the chunk it is running: nothing after it.
    expect(pool.chunksComputed - chunksAtAbort).toBeLessThanOrEqual(pool.size);
  }

  it('cancels a long run with an AbortError within one chunk, and stays usable', async () => {
    const pool = await KernelPool.create(nodePlatform, 2);
    try {
      await expectAbortWithinOneChunk(pool);
      const after = await simulate({ run: { patients: 100_000 } }, { pool });
      expect(after.patients).toBe(100_000);
      expect(JSON.stringify(after)).toBe(JSON.stringify(await simulate({ run: { patients: 100_000 } }, { workers: 1 })));
    } finally {
      pool.close();
    }
  });

  it.each([
    ['tallies travel in messages (no shared memory)', { sharedMemory: false }],
    ['chunks go out in round trips in shared memory (no streams)', { streams: false }],
  ] as const)('gives the same bits and stops within one chunk when %s', async (_, options) => {
    const pool = await KernelPool.create(nodePlatform, 2, options);
    try {
      const s = { run: { patients: 5 * CHUNK_PATIENTS + 17, seed: 9 } };
      expect(JSON.stringify(await simulate(s, { pool }))).toBe(JSON.stringify(await simulate(s, { workers: 1 })));
      await expectAbortWithinOneChunk(pool);
    } finally {
      pool.close();
    }
  });

  /**
   * Holds the main thread in the first progress call until the workers have stopped: they
   * must stop with exactly the ring's worth of chunks computed, none folded yet. Then `then`.
   */
  async function holdFirstProgress(pool: KernelPool, patients: number, then: (controller: AbortController) => void) {
    const controller = new AbortController();
    const start = pool.chunksComputed;
    let held = -1;
    const result = simulate({ run: { patients, seed: 5 } }, {
      pool,
      signal: controller.signal,
      onProgress: () => {
        if (held >= 0) return;
        held = holdUntilStill(() => pool.chunksComputed - start);
        then(controller);
      },
    });
    return { result, held: () => held, computed: () => pool.chunksComputed - start };
  }

  it('streams through a ring: workers wait while it is full (the pool slow to fold), with the same bits', async () => {
    const pool = await KernelPool.create(nodePlatform, 2);
    const trips = await KernelPool.create(nodePlatform, 2, { streams: false });
    try {
      const patients = (RING_SLOTS + 9) * CHUNK_PATIENTS + 3;
      const run = await holdFirstProgress(pool, patients, () => undefined);
      const streamed = await run.result;
      expect(run.held()).toBe(RING_SLOTS);
      expect(JSON.stringify(streamed)).toBe(JSON.stringify(await simulate({ run: { patients, seed: 5 } }, { pool: trips })));
    } finally {
      pool.close();
      trips.close();
    }
  });

  it('stops workers that wait on a full ring when the run is aborted, and stays usable', async () => {
    const pool = await KernelPool.create(nodePlatform, 2);
    try {
      const run = await holdFirstProgress(pool, 1e9, (controller) => controller.abort());
      await expect(run.result).rejects.toMatchObject({ name: 'AbortError' });
      expect(run.held()).toBe(RING_SLOTS);
      expect(run.computed()).toBe(RING_SLOTS);
      const after = await simulate({ run: { patients: 100_000 } }, { pool });
      expect(JSON.stringify(after)).toBe(JSON.stringify(await simulate({ run: { patients: 100_000 } }, { workers: 1 })));
    } finally {
      pool.close();
    }
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(simulate({}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('lets a newer run supersede an older one on the same pool', async () => {
    const pool = await KernelPool.create(nodePlatform, 2);
    try {
      const old = simulate({ run: { patients: 1e9 } }, { pool });
      const oldRejected = expect(old).rejects.toMatchObject({ name: 'AbortError' });
      await new Promise((r) => setTimeout(r, 50));
      const newer = await simulate({ run: { patients: 200_000, seed: 3 } }, { pool, supersede: true });
      await oldRejected;
      expect(newer.seed).toBe(3);
    } finally {
      pool.close();
    }
  });

  it('runs queued (non-superseding) runs one after the other, each with its own scenario', async () => {
    const pool = await KernelPool.create(nodePlatform, 2);
    try {
      const [a, b] = await Promise.all([
        simulate({ run: { patients: 150_000, seed: 1 } }, { pool }),
        simulate({ arms: { poc: { pReferral: 0.95 } }, run: { patients: 150_000, seed: 1 } }, { pool }),
      ]);
      expect(JSON.stringify(a)).toBe(JSON.stringify(await simulate({ run: { patients: 150_000, seed: 1 } }, { workers: 1 })));
      expect(b.scenario.arms.poc.pReferral).toBe(0.95);
      expect(b.arms.poc.funnel.referred.value as number).toBeGreaterThan(a.arms.poc.funnel.referred.value as number);
    } finally {
      pool.close();
    }
  });

  it('refuses a bad worker count with a message naming it', async () => {
    await expect(simulate({}, { workers: 0 })).rejects.toThrow(/workers: must be an integer in \[1, 256\]; got 0/);
  });
});

describe('batches of runs', () => {
  it('give each run the same bits as running it alone', async () => {
    const { resolveScenario } = await import('../src/scenario/validate.js');
    const { summarise } = await import('../src/summary/summarise.js');
    const pool = await KernelPool.create(nodePlatform, 2);
    try {
      const scenarios = [
        resolveScenario({ run: { patients: 70_000, seed: 1 } }),
        resolveScenario({ arms: { poc: { pFunding: 0.5 } }, run: { patients: 10_000, seed: 2 } }),
        resolveScenario({ run: { patients: 1, seed: 3 } }),
      ];
      let last = 0;
      const tallies = await pool.runBatch(scenarios, { onProgress: (p) => { last = p.done; } });
      expect(last).toBe(80_001);
      for (let i = 0; i < scenarios.length; i++) {
        const alone = await simulate(scenarios[i], { workers: 1 });
        expect(JSON.stringify(summarise(scenarios[i], tallies[i], 'wasm'))).toBe(JSON.stringify(alone));
      }
    } finally {
      pool.close();
    }
  });

  it('made on demand (a RunSource, tallies not kept) give each run its tally in onRunDone, with its scenario, made once', async () => {
    const { resolveScenario } = await import('../src/scenario/validate.js');
    const pool = await KernelPool.create(nodePlatform, 2);
    try {
      const scenarioAt = (i: number) => resolveScenario({ arms: { poc: { pFunding: 0.5 + 0.01 * i } }, run: { patients: 9_000, seed: 4 } });
      const expected = await pool.runBatch(Array.from({ length: 40 }, (_, i) => scenarioAt(i)));
      const made: number[] = [];
      const seen = new Map<number, number[]>();
      const kept = await pool.runBatch({
        count: 40, patients: 9_000, seed: 4, scenario: (i) => { made.push(i); return scenarioAt(i); },
      }, {
        keepTallies: false,
        onRunDone: (i, tally, scenario) => {
          expect(scenario.arms.poc.pFunding).toBe(0.5 + 0.01 * i);
          seen.set(i, [...tally]); // only valid during the call
        },
      });
      expect(kept).toEqual([]);
      expect([...made].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      for (let i = 0; i < 40; i++) expect(seen.get(i)).toEqual([...expected[i]]);
      // A scenario that is not the batch's patients and seed is refused, naming both.
      await expect(pool.runBatch({ count: 2, patients: 9_000, seed: 4, scenario: (i) => scenarioAt(i + 5 * i) && resolveScenario({ run: { patients: 8_000, seed: 4 } }) }, {
        keepTallies: false, onRunDone: () => undefined,
      })).rejects.toThrow(/seed 4 and 8000 patients, not the batch's 4 and 9000/);
      // The pool stays usable.
      expect(await pool.runBatch([scenarioAt(0)])).toEqual([expected[0]]);
    } finally {
      pool.close();
    }
  });

  it('made on demand are made at most a ring ahead of the runs done, with the same bits streamed or in round trips', async () => {
    const { resolveScenario } = await import('../src/scenario/validate.js');
    const pool = await KernelPool.create(nodePlatform, 2);
    const trips = await KernelPool.create(nodePlatform, 2, { streams: false });
    try {
      const count = 3 * RING_SLOTS + 5;
      const scenarioAt = (i: number) => resolveScenario({ arms: { commercial: { pFunding: 0.3 + 0.002 * i } }, run: { patients: 3_000, seed: 6 } });
      const batch = async (p: KernelPool) => {
        const events: string[] = [];
        const tallies: number[][] = [];
        let runsDone = 0;
        let aheadMost = 0;
        await p.runBatch({
          count, patients: 3_000, seed: 6, scenario: (i) => {
            aheadMost = Math.max(aheadMost, i - runsDone);
            events.push(`made ${i}`);
            return scenarioAt(i);
          },
        }, { keepTallies: false, onRunDone: (i, tally) => { runsDone++; tallies[i] = [...tally]; } });
        return { tallies, aheadMost, made: events.length };
      };
      const streamed = await batch(pool);
      expect(streamed.made).toBe(count);
      // Run i is made only once runs 0 .. i - RING_SLOTS are done.
      expect(streamed.aheadMost).toBeLessThan(RING_SLOTS);
      const inTrips = await batch(trips);
      expect(inTrips.made).toBe(count);
      for (let i = 0; i < count; i++) expect(streamed.tallies[i]).toEqual(inTrips.tallies[i]);
    } finally {
      pool.close();
      trips.close();
    }
  });
});
