/**
 * Every option of `simulate` and `simulatePsa` (and `runPsa`) is checked at the entry: a bad
 * value rejects, before anything runs, with a message naming the option (issue 16, defect 7,
 * and defect 5 for `base`); and closing the pools during a run rejects the run instead of
 * leaving its promise pending (defect 4).
 */

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closePools, getPool, KernelPool, resolvePsaScenario, runPsa, ScenarioError, simulate, simulatePsa, wtpGrid,
  validateScenario,
} from '../src/index.js';

afterAll(() => closePools());

/** A small valid run, so that an option wrongly let through would still finish quickly. */
const SMALL = { run: { patients: 10 } };
const SMALL_PSA = { run: { psa: { draws: 2, patientsPerDraw: 10 } } };

/** A value that cannot be the option, and a pattern the message must match (the option's name first). */
type Bad = [unknown, RegExp];

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, 'stop', '', 0, -1, 1.5, NaN, Infinity, true, [], {}, Symbol('s'), 10n, () => 1, new Date(0), new Map(), /x/),
  fc.string({ maxLength: 20 }),
  fc.double(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);

/** Is `value` a fine value of option `name` (so that the property skips it)? */
function acceptable(name: string, value: unknown): boolean {
  switch (name) {
    case 'engine': return value === 'wasm' || value === 'reference';
    case 'workers': return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 256;
    case 'supersede': case 'exactOnPool': return typeof value === 'boolean';
    case 'onProgress': return typeof value === 'function';
    case 'base': return validateScenario({}, value as never).ok; // {} is a valid base (the defaults)
    case 'tornado': return value === false || (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && Reflect.ownKeys(value).length === 0); // {}: the default tornado
    case 'evppi': return Array.isArray(value) && value.length === 0; // no groups
    case 'wtp': return Array.isArray(value) && value.length >= 1 && value.length <= 10_000 && value.every((x) => typeof x === 'number' && x >= 0 && x <= 1e12);
    default: return false;
  }
}

const SIMULATE: Record<string, unknown> = { engine: 'reference', base: undefined };
const SIMULATE_OPTIONS = ['engine', 'workers', 'pool', 'base', 'signal', 'onProgress', 'supersede'];
const PSA_OPTIONS = ['workers', 'pool', 'exactOnPool', 'base', 'signal', 'onProgress', 'wtp', 'tornado', 'evppi'];

async function rejection(p: () => Promise<unknown>): Promise<Error | undefined> {
  try {
    await p();
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

describe('simulate: every option checked at the entry', () => {
  const named: [string, Bad[]][] = [
    ['(options)', [[null, /^simulate: options must be an object/], [42, /^simulate: options must be an object/], ['x', /^simulate: options must be an object/], [[], /^simulate: options must be an object/]]],
    ['engine', [[null, /^engine: unknown engine null; known engines: wasm, reference/], ['fast', /^engine: unknown engine "fast"/], [1, /^engine:/]]],
    ['workers', [[0, /^workers: must be an integer in \[1, 256\]; got 0/], ['2', /^workers: .* got "2" \(a string\)/], [2.5, /^workers:/], [null, /^workers:/]]],
    ['pool', [[{}, /^pool: must be a KernelPool/], [null, /^pool: must be a KernelPool/]]],
    ['signal', [['stop', /^signal: must be an AbortSignal/], [{ aborted: false }, /^signal: must be an AbortSignal/], [null, /^signal:/]]],
    ['onProgress', [['log', /^onProgress: must be a function/], [{}, /^onProgress:/]]],
    ['supersede', [['yes', /^supersede: must be true or false/], [1, /^supersede:/]]],
    ['base', [[42, /^invalid scenario:\n {2}base: must be an object; got 42/], [null, /base: must be an object; got null/], [{ arms: { poc: { pReferral: 5 } } }, /base\.arms\.poc\.pReferral: must be a probability/]]],
  ];

  for (const [name, cases] of named) {
    it.each(cases)(`${name} = %s rejects with a message naming it`, async (value, pattern) => {
      const options = name === '(options)' ? value : { ...SIMULATE, [name]: value };
      const e = await rejection(() => simulate(SMALL, options as never));
      expect(e, 'resolved').toBeDefined();
      expect(e!.message).toMatch(pattern);
      expect(e).not.toBeInstanceOf(DOMException);
    });
  }

  it('an unknown option is refused, with the nearest name', async () => {
    const e = await rejection(() => simulate(SMALL, { worker: 2 } as never));
    expect(e?.message).toMatch(/^simulate: unknown option "worker" \(did you mean workers\?\)/);
  });

  it('an option is read once (a getter cannot give the check one value and the run another)', async () => {
    let reads = 0;
    const options = { get engine() { reads++; return reads === 1 ? 'reference' : 'nonsense'; } };
    const r = await simulate(SMALL, options as never);
    expect(r.engine).toBe('reference');
    expect(reads).toBe(1);
  });

  it('property: for every option, a bad value rejects naming the option, before anything runs', async () => {
    let runs = 0;
    await fc.assert(fc.asyncProperty(fc.constantFrom(...SIMULATE_OPTIONS), junk, async (name, value) => {
      fc.pre(value !== undefined && !acceptable(name, value));
      runs++;
      const e = await rejection(() => simulate(SMALL, { engine: 'reference', [name]: value } as never));
      expect(e, `${name} = ${String(value)} was accepted`).toBeDefined();
      expect(e instanceof TypeError || e instanceof RangeError || e instanceof ScenarioError, e?.stack).toBe(true);
      expect(e!.message).toMatch(name === 'base' ? /(^| )base(\.|:)/ : new RegExp(`^${name}:`));
    }), { seed: 16, numRuns: 2000 });
    expect(runs).toBeGreaterThan(1500);
  }, 120_000);
});

describe('simulatePsa and runPsa: every option checked at the entry', () => {
  const named: [string, Bad[]][] = [
    ['(options)', [[null, /^simulatePsa: options must be an object/]]],
    ['wtp', [[1e5, /^wtp: must be 1 to 10000 numbers in \[0, 1000000000000\]/], [[], /^wtp:/], [[0, 1e308], /^wtp\[1\]:.*got 1e\+308/], [[0, NaN], /^wtp\[1\]:/], [['1'], /^wtp\[0\]:.*"1" \(a string\)/]]],
    ['tornado', [['yes', /^tornado: options must be an object/], [{ output: 'x' }, /^tornado\.output:/], [{ wtp: 1e300 }, /^tornado\.wtp: must be a number in \[0, 1000000000000\]/], [{ wtp: -1 }, /^tornado\.wtp:/], [{ outptu: 'netBenefit' }, /^tornado: unknown option "outptu" \(did you mean output\?\)/]]],
    ['evppi', [['all', /^evppi: must be an array/], [[{ name: 'x', parameters: ['arms.poc.nonsense'] }], /^evppi "x":/]]],
    ['signal', [[{ aborted: false }, /^signal: must be an AbortSignal/]]],
    ['pool', [[{}, /^pool: must be a KernelPool/]]],
    ['exactOnPool', [['yes', /^exactOnPool: must be true or false/], [1, /^exactOnPool:/]]],
    ['workers', [[0, /^workers:/]]],
    ['onProgress', [[1, /^onProgress:/]]],
    ['base', [[42, /base: must be an object; got 42/]]],
  ];

  for (const [name, cases] of named) {
    it.each(cases)(`${name} = %s rejects with a message naming it`, async (value, pattern) => {
      const options = name === '(options)' ? value : { [name]: value };
      const e = await rejection(() => simulatePsa(SMALL_PSA, options as never));
      expect(e, 'resolved').toBeDefined();
      expect(e!.message).toMatch(pattern);
    });
  }

  it('property: for every option, a bad value rejects naming the option (simulatePsa and runPsa)', async () => {
    const ps = resolvePsaScenario(SMALL_PSA);
    let runs = 0;
    await fc.assert(fc.asyncProperty(fc.constantFrom(...PSA_OPTIONS), junk, fc.boolean(), async (name, value, direct) => {
      fc.pre(value !== undefined && !acceptable(name, value));
      // runPsa takes a resolved PSA scenario: its `base` option is the file's business, not checked there.
      fc.pre(!(direct && name === 'base'));
      runs++;
      const options = { tornado: false, [name]: value };
      const e = await rejection(() => (direct ? runPsa(ps, options as never) : simulatePsa(SMALL_PSA, options as never)));
      expect(e, `${name} = ${String(value)} was accepted`).toBeDefined();
      expect(e instanceof TypeError || e instanceof RangeError || e instanceof ScenarioError, e?.stack).toBe(true);
      expect(e!.message).toMatch(name === 'base' ? /(^| )base(\.|:)/ : new RegExp(`^${name}(\\[\\d+\\])?[:. ]`));
    }), { seed: 16, numRuns: 2000 });
    expect(runs).toBeGreaterThan(1500);
  }, 120_000);

  it('wtpGrid refuses grids whose values overflow, or that are too long', () => {
    expect(() => wtpGrid(0, 1e308, 1e308)).toThrow(/wtp grid/);
    expect(() => wtpGrid(0, 1e9, 1e-3)).toThrow(/at most 10000 points/);
    expect(() => wtpGrid(0, 1, 0)).toThrow(/STEP > 0/);
    expect(wtpGrid(0, 1e12, 1e11)).toHaveLength(11);
  });
});

describe('closing the pools during a run (defect 4)', () => {
  it('simulate rejects with an AbortError saying the pool was closed (it stayed pending forever)', async () => {
    const run = simulate({ run: { patients: 1e10 } }, { workers: 1 });
    const outcome = run.then(() => 'resolved', (e: Error) => e);
    await new Promise((r) => setTimeout(r, 500));
    await closePools();
    const e = await Promise.race([outcome, new Promise((r) => setTimeout(() => r('pending'), 20_000))]);
    expect(e).toBeInstanceOf(DOMException);
    expect((e as DOMException).name).toBe('AbortError');
    expect((e as DOMException).message).toContain('the worker pool was closed');
  }, 60_000);

  it('simulatePsa rejects too, and a run queued behind it', async () => {
    const pool = await getPool(1);
    const psa = simulatePsa({ run: { psa: { draws: 100_000, patientsPerDraw: 100_000 } } }, { pool, tornado: false }).then(() => 'resolved', (e: Error) => e);
    const queued = simulate({ run: { patients: 1e6 } }, { pool }).then(() => 'resolved', (e: Error) => e);
    await new Promise((r) => setTimeout(r, 500));
    await closePools();
    const timeout = new Promise((r) => setTimeout(() => r('pending'), 20_000));
    for (const outcome of [psa, queued]) {
      const e = await Promise.race([outcome, timeout]);
      expect((e as DOMException).name).toBe('AbortError');
      expect((e as DOMException).message).toContain('the worker pool was closed');
    }
  }, 60_000);

  it('a closed pool refuses new runs with the same error; the next getPool makes a new pool', async () => {
    const pool = await getPool(1);
    await closePools();
    await expect(pool.run({} as never)).rejects.toThrow('the worker pool was closed');
    const fresh = await getPool(1);
    expect(fresh).toBeInstanceOf(KernelPool);
    expect(fresh).not.toBe(pool);
    const r = await simulate(SMALL, { pool: fresh });
    expect(r.patients).toBe(10);
  }, 60_000);
});
