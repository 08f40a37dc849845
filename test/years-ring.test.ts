/**
 * The rings of cohort-years streams (src/engine/years-ring.ts): the wasm fold (assembly/fold,
 * over a shared wasm memory) gives `foldReplicate`'s totals to the bit, on the engine's own
 * tallies and on arbitrary numbers (signed zeros, tiny and huge values, infinities), replicate
 * after replicate through every slot of the ring and from run to run; and the pool gives the
 * same result JSON with either fold.
 */

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { KernelPool } from '../src/engine/pool.js';
import { nodePlatform } from '../src/engine/platform-node.js';
import { FOLD_MEMORY_MAX_PAGES, JsRing, WasmRing, type StreamRing } from '../src/engine/years-ring.js';
import { closePools, resolveScenario, simulate } from '../src/index.js';
import { YearsEngine } from '../src/queue/engine.js';
import { REPLICATE_TALLY_SIZE, YEARS_TOTAL_SIZE, foldReplicate, newYearsTotal } from '../src/model/queue-layout.js';
import { yearsParams } from '../src/model/queue-params.js';

afterAll(() => closePools());

const foldModule = new WebAssembly.Module(readFileSync(new URL('../build/cgt-access-fold.wasm', import.meta.url)));
const queueModule = new WebAssembly.Module(readFileSync(new URL('../build/cgt-access-queue.wasm', import.meta.url)));

/** Folds `tallies` (one replicate each, in order) through `ring`, slot after slot, and returns its total. */
function foldThrough(ring: StreamRing, tallies: Float64Array[]): Float64Array {
  const slots = ring.ready.length;
  ring.reset();
  tallies.forEach((t, r) => {
    ring.tallies.set(t, (r % slots) * REPLICATE_TALLY_SIZE);
    ring.fold(r % slots);
  });
  const out = newYearsTotal();
  ring.totalInto(out);
  return out;
}

/** foldReplicate over `tallies`, in order. */
function foldPlain(tallies: Float64Array[]): Float64Array {
  const total = newYearsTotal();
  for (const t of tallies) foldReplicate(total, t);
  return total;
}

/** Every element the same, bit for bit (Object.is: +0 and -0 differ; NaN equals NaN). */
function sameBits(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  const differ: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differ.push(i);
  expect(differ).toEqual([]);
}

describe('the wasm fold', () => {
  it('gives foldReplicate\'s total to the bit on the engine\'s tallies, past the ring\'s end and again', () => {
    const s = resolveScenario({ arms: { poc: { capacity: { lines: 3 } }, commercial: { capacity: { lines: 2 } } }, cohort: { eligiblePerYear: 60 }, run: { seed: 11, years: { replicates: 1, warmupYears: 1 } } });
    const engine = new YearsEngine(queueModule);
    engine.setParams(yearsParams(s));
    const tallies = Array.from({ length: 23 }, (_, r) => {
      const out = new Float64Array(REPLICATE_TALLY_SIZE);
      engine.runReplicate(r, out);
      return out;
    });
    const ring = new WasmRing(foldModule, 5);
    const plain = foldPlain(tallies);
    sameBits(foldThrough(ring, tallies), plain);
    // The ring and its total reused: a second run starts from zero.
    sameBits(foldThrough(ring, tallies), plain);
    sameBits(foldThrough(new JsRing(5), tallies), plain);
    expect(plain[REPLICATE_TALLY_SIZE]).toBe(23);
  });

  it('gives foldReplicate\'s total to the bit on arbitrary numbers', () => {
    const ring = new WasmRing(foldModule, 3);
    const value = fc.oneof(
      fc.double({ noNaN: true }),
      fc.constantFrom(0, -0, 1, -1, 5e-324, -5e-324, 1.7976931348623157e308, Infinity, -Infinity),
      fc.integer({ min: -1000, max: 1000 }),
    );
    const tally = fc.array(fc.tuple(fc.nat(REPLICATE_TALLY_SIZE - 1), value), { maxLength: 300 }).map((entries) => {
      const t = new Float64Array(REPLICATE_TALLY_SIZE);
      for (const [i, v] of entries) t[i] = v;
      return t;
    });
    fc.assert(fc.property(fc.array(tally, { minLength: 1, maxLength: 7 }), (tallies) => {
      sameBits(foldThrough(ring, tallies), foldPlain(tallies));
    }), { numRuns: 60, seed: 20261129 });
  });

  it('is built to import the memory the ring makes (shared, at most FOLD_MEMORY_MAX_PAGES pages)', () => {
    const build = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts['build:wasm'] as string;
    const fold = build.split('&&').find((step) => step.includes('assembly/fold/'))!;
    expect(fold).toContain('--importMemory');
    expect(fold).toContain('--sharedMemory');
    expect(fold).toContain(`--maximumMemory ${FOLD_MEMORY_MAX_PAGES}`);
    expect(WebAssembly.Module.imports(foldModule)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
  });

  it('refuses a ring larger than its memory may be, naming the sizes', () => {
    const slots = Math.ceil((FOLD_MEMORY_MAX_PAGES * 65536) / (REPLICATE_TALLY_SIZE * 8));
    expect(() => new WasmRing(foldModule, slots)).toThrow(/ring of \d+ replicates needs \d+ pages of shared memory, more than 1024/);
    expect(YEARS_TOTAL_SIZE).toBeGreaterThan(REPLICATE_TALLY_SIZE);
  });
});

describe('a pool', () => {
  it('gives the same result JSON with the wasm fold and with JavaScript\'s (no fold module, or one that cannot be loaded), and uses the wasm one where the platform has it', async () => {
    const s = { arms: { poc: { capacity: { lines: 4 } }, commercial: { capacity: { lines: 3 } } }, cohort: { eligiblePerYear: 80 }, run: { seed: 12, years: { replicates: 300, warmupYears: 1 } } };
    const wasm = await KernelPool.create(nodePlatform, 2);
    const js = await KernelPool.create({ ...nodePlatform, compileFold: undefined }, 2);
    const missing = await KernelPool.create({ ...nodePlatform, compileFold: () => Promise.reject(new Error('cgt-access-fold.wasm: HTTP 404')) }, 2);
    try {
      const [a, b, c] = await Promise.all([wasm, js, missing].map((pool) => simulate(s, { pool })));
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(JSON.stringify(c)).toBe(JSON.stringify(b));
      const ringOf = (pool: KernelPool) => (pool as unknown as { years: { ring?: StreamRing } }).years.ring;
      expect(ringOf(wasm)).toBeInstanceOf(WasmRing);
      expect(ringOf(js)).toBeInstanceOf(JsRing);
      expect(ringOf(missing)).toBeInstanceOf(JsRing);
    } finally {
      for (const pool of [wasm, js, missing]) pool.close();
    }
  });
});
