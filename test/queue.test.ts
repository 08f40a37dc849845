/**
 * Capacity and queues (MODEL.md v2): the cohort-years engines against queueing theory and
 * against each other.
 *
 * - With lines enough for every patient, every count equals the same cohort-years run
 *   without capacity, exactly.
 * - One line, fixed durations, every probability 1: first-attempt waits follow Lindley's
 *   recursion on the sample path (recomputed here from the patients' own random numbers), and
 *   the path keeps Little's law (time-average number waiting = arrival rate x mean wait).
 * - One line, log-normal manufacturing, ten warm-up years: the mean wait against the
 *   Pollaczek-Khinchine formula at load 0.5 (within 5%).
 * - The wasm engine gives the reference's replicate tallies to the bit on fixed durations (it
 *   uses the host's logarithm for the disease clock), and agrees within 5 MCSE on 60 random
 *   capacity scenarios (its normals and exponentials are AssemblyScript's, an ulp or so apart).
 * - Byte-identical JSON with 1, 2 and 4 workers; an abort stops the run within one replicate.
 *   The same bits streamed through the ring (past its end), in round trips in shared memory and
 *   in messages; a pool slow to fold holds the workers at a full ring, and an abort then stops them.
 */

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { KernelPool } from '../src/engine/pool.js';
import { YEARS_RING_SLOTS } from '../src/engine/pool-years.js';
import { nodePlatform } from '../src/engine/platform-node.js';
import { closePools, resolveScenario, simulate } from '../src/index.js';
import { YearsEngine } from '../src/queue/engine.js';
import { Q, QUEUE_OFFSET, REPLICATE_TALLY_SIZE, foldReplicate, newYearsTotal } from '../src/model/queue-layout.js';
import { yearsParams } from '../src/model/queue-params.js';
import { ReplicateSimulator, yearsModel } from '../src/queue/replicate.js';
import { capacityWords } from '../src/queue/stream.js';
import { summariseYears } from '../src/queue/summarise.js';
import { withLaterCosts } from '../src/economics/counts.js';
import { armLifetime, differenceLifetime, priceParity } from '../src/economics/value.js';
import { TALLY_SIZE } from '../src/model/tally.js';
import { standardExponential, uniform } from '../src/distributions/index.js';
import { A, ARM_OFFSET, ARM_SLOTS, P, PAIR_SLOTS, PATIENTS_SLOT, REMISSION, newTally, stateSlot } from '../src/model/tally.js';
import { PatientDraws } from '../src/model/draws.js';
import { journey, type PatientOutcome } from '../src/reference/journey.js';
import { runModel } from '../src/reference/chunk.js';
import { WORDS_PER_PATIENT } from '../src/random/stream.js';
import type { Result, Scenario } from '../src/scenario/types.js';
import { arbArm } from './fixtures/scenario-arbitraries.js';
import { holdUntilStill } from './helpers/hold.js';

afterAll(() => closePools());

const queueModule = new WebAssembly.Module(readFileSync(new URL('../build/cgt-access-queue.wasm', import.meta.url)));

/** Replicate tallies of replicates 0 .. R-1 by the reference and by the wasm engine. */
function bothEngines(s: Scenario): { reference: Float64Array[]; wasm: Float64Array[] } {
  const sim = new ReplicateSimulator(yearsModel(s));
  const engine = new YearsEngine(queueModule);
  engine.setParams(yearsParams(s));
  const R = s.run.years!.replicates;
  const reference: Float64Array[] = [];
  const wasm: Float64Array[] = [];
  for (let r = 0; r < R; r++) {
    reference.push(sim.run(r));
    const out = new Float64Array(REPLICATE_TALLY_SIZE);
    engine.runReplicate(r, out);
    wasm.push(out);
  }
  return { reference, wasm };
}

function summaryOf(s: Scenario, tallies: Float64Array[], engine: string): Result {
  const total = newYearsTotal();
  for (const t of tallies) foldReplicate(total, t);
  return summariseYears(s, total, engine);
}

/** Every patient certain to pass every step, fixed durations (days). */
function certain(mfg: { median: number; p90: number }, lines?: number) {
  return {
    pReferral: 1, pFunding: 1, pApheresis: 1, pInSpec: 1, pOos: 0, pRetry: 0, maxAttempts: 1,
    adminDays: { median: 0, p90: 0 }, slotWaitDays: { median: 0, p90: 0 }, logisticsDays: { median: 1, p90: 1 },
    mfgDays: mfg, ...(lines === undefined ? {} : { capacity: { lines } }),
  };
}

const LONG_SURVIVAL = { untreatedMedianSurvivalDays: 36500, bridgingHazardRatio: 0 };

describe('lines enough for every patient', () => {
  it('give every count of the same cohort-years run without capacity, exactly', async () => {
    const years = { replicates: 6, warmupYears: 2 };
    const base = { cohort: { eligiblePerYear: 300 }, run: { seed: 11, years } };
    const withLines = await simulate({ ...base, arms: { commercial: { capacity: { lines: 1e6 } }, poc: { capacity: { lines: 900 } } } }, { engine: 'reference' });
    const without = await simulate(base, { engine: 'reference' });
    for (const arm of ['commercial', 'poc'] as const) {
      const { queue, ...v1 } = withLines.arms[arm];
      expect(queue!.waitFirst.mean.value).toBe(0);
      expect(queue!.lostWhileQueued.value).toBe(0);
      expect(JSON.stringify(v1)).toBe(JSON.stringify(without.arms[arm]));
    }
    expect(JSON.stringify(withLines.difference)).toBe(JSON.stringify(without.difference));
    expect(without.arms.poc.queue).toBeUndefined();
  });

  it('fill version 1\'s tally, economics slots and the 3 x 3 table of states included, as the version 1 journey does on the same numbers', () => {
    // Independent of src/queue: each reported patient's words through version 1's journey.
    const s = resolveScenario({
      cohort: { eligiblePerYear: 250 },
      arms: { commercial: { payment: 'perAttempt', capacity: { lines: 1e6 } }, poc: { payment: 'perResponse', capacity: { lines: 1e6 } } },
      run: { seed: 17, years: { replicates: 3, warmupYears: 1 } },
    });
    const sim = new ReplicateSimulator(yearsModel(s));
    const m = runModel(s);
    const N = s.cohort.eligiblePerYear;
    const W = s.run.years!.warmupYears;
    const words = new Uint32Array(WORDS_PER_PATIENT);
    const draws = new PatientDraws();
    const com: PatientOutcome = { infused: 0, completeResponse: 0, alive1y: 0, state: 0, cost: 0 };
    const poc: PatientOutcome = { infused: 0, completeResponse: 0, alive1y: 0, state: 0, cost: 0 };
    const economics = ['paidUnits', 'paidUnitsSq', 'attemptsXPaidUnits', 'costXRemission', 'infusedAlive1y', 'completeResponsesAlive1y', 'completeResponsesRemission'] as const;
    for (let r = 0; r < 3; r++) {
      const rep = sim.run(r);
      const t = newTally();
      for (let i = 0; i < N; i++) {
        capacityWords(s.run.seed, r, W, i, words, 0);
        draws.decode(words);
        journey(m.commercial, m.cohort, draws, t, ARM_OFFSET.commercial, com);
        journey(m.poc, m.cohort, draws, t, ARM_OFFSET.poc, poc);
        const dInf = poc.infused - com.infused;
        const dCr = poc.completeResponse - com.completeResponse;
        const dAlive = poc.alive1y - com.alive1y;
        const dCost = poc.cost - com.cost;
        t[P.dInfusedSq] += dInf * dInf;
        t[P.dCompleteResponsesSq] += dCr * dCr;
        t[P.dAlive1ySq] += dAlive * dAlive;
        t[P.dCost] += dCost;
        t[P.dCostSq] += dCost * dCost;
        t[P.dCostXdAlive1y] += dCost * dAlive;
        t[P.dCostXdRemission] += dCost * ((poc.state === REMISSION ? 1 : 0) - (com.state === REMISSION ? 1 : 0));
        t[stateSlot(com.state, poc.state)] += 1;
      }
      for (const arm of ['commercial', 'poc'] as const) {
        const o = ARM_OFFSET[arm];
        for (const slot of ARM_SLOTS) expect(rep[o + A[slot]], `${arm}.${slot} of replicate ${r}`).toBe(t[o + A[slot]]);
        for (const slot of economics) expect(t[o + A[slot]], `${arm}.${slot} is exercised`).toBeGreaterThan(0);
      }
      for (const slot of PAIR_SLOTS) {
        expect(rep[P[slot]], `pair slot ${slot} of replicate ${r}`).toBe(t[P[slot]]);
        if (!slot.startsWith('state')) expect(t[P[slot]], `pair slot ${slot} is exercised`).not.toBe(0);
      }
      let cells = 0;
      for (let c = 0; c < 3; c++) for (let p = 0; p < 3; p++) {
        expect(rep[stateSlot(c, p)], `state cell ${c},${p}`).toBe(t[stateSlot(c, p)]);
        cells += rep[stateSlot(c, p)];
      }
      expect(cells).toBe(N);
      expect(rep[PATIENTS_SLOT]).toBe(N);
    }
  });

  it('give life-years, QALYs, cost per QALY and price parity that equal those of the same run without capacity', async () => {
    const years = { replicates: 5, warmupYears: 1 };
    const base = { cohort: { eligiblePerYear: 200, annualCostProgressed: 20000 }, run: { seed: 3, years } };
    const withLines = await simulate({ ...base, arms: { commercial: { capacity: { lines: 1e6 } }, poc: { capacity: { lines: 1e6 } } } }, { engine: 'reference' });
    const without = await simulate(base, { engine: 'reference' });
    for (const arm of ['commercial', 'poc'] as const) {
      expect(withLines.arms[arm].lifetime.qalys.value).toBeGreaterThan(0);
      expect(withLines.arms[arm].price.parity.value).not.toBeNull();
      expect(withLines.arms[arm].lifetime.costAfterYear1.value).toBeGreaterThan(0);
      expect(JSON.stringify(withLines.arms[arm].lifetime)).toBe(JSON.stringify(without.arms[arm].lifetime));
      expect(JSON.stringify(withLines.arms[arm].price)).toBe(JSON.stringify(without.arms[arm].price));
    }
  });

  it('turn the economics\' sums into per-cohort values as src/economics does (sums over R replicates of N patients, per cohort), with MCSE over replicates', () => {
    const s = resolveScenario({
      cohort: { eligiblePerYear: 120, annualCostProgressed: 15000 },
      arms: { commercial: { capacity: { lines: 4 } }, poc: { capacity: { lines: 3 } } },
      run: { seed: 8, years: { replicates: 12, warmupYears: 1 } },
    });
    const sim = new ReplicateSimulator(yearsModel(s));
    const total = newYearsTotal();
    const reps: Float64Array[] = [];
    for (let r = 0; r < 12; r++) {
      reps.push(sim.run(r));
      foldReplicate(total, reps[r]);
    }
    const result = summariseYears(s, total, 'reference');
    // The first TALLY_SIZE slots of the total are a version 1 tally of R N patients.
    const t = withLaterCosts(total.slice(0, TALLY_SIZE), s);
    const near = (a: number | null, b: number | null) => expect(Math.abs((a as number) - (b as number))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b as number)));
    for (const arm of ['commercial', 'poc'] as const) {
      const e = armLifetime(t, s, arm);
      const q = result.arms[arm].lifetime;
      near(q.lifeYears.value, e.lifeYears.value);
      near(q.qalys.value, e.qalys.value);
      near(q.costPerQaly.value, e.costPerQaly.value);
      near(q.costAfterYear1.value, e.costAfterYear1.value);
      near(result.arms[arm].price.parity.value, priceParity(t, s, arm).value);
      near(result.arms[arm].costs.total.value, (t[ARM_OFFSET[arm] + A.cost] * s.cohort.eligiblePerYear) / t[PATIENTS_SLOT] + s.arms[arm].fixedCostPerYear);
    }
    const d = differenceLifetime(t, s);
    near(result.difference.qalys.value, d.qalys.value);
    near(result.difference.lifeYears.value, d.lifeYears.value);
    near(result.difference.costPerQalyGained.value, d.costPerQalyGained.value);
    // MCSE: the sd over replicates of each replicate's QALYs, over sqrt(R) (patients of a replicate share its queue).
    const sv = (rep: Float64Array) => armLifetime(withLaterCosts(rep.slice(0, TALLY_SIZE), s), s, 'poc').qalys.value as number;
    const values = reps.map(sv);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    near(result.arms.poc.lifetime.qalys.value, mean);
    near(result.arms.poc.lifetime.qalys.mcse, sd / Math.sqrt(values.length));
  });

  it('while too few lines lose patients in the queue and make them wait', async () => {
    const r = await simulate({ arms: { poc: { capacity: { lines: 2 } } }, run: { years: { replicates: 4, warmupYears: 1 } } }, { engine: 'reference' });
    const q = r.arms.poc.queue!;
    expect(q.lostWhileQueued.value).toBeGreaterThan(10);
    expect(q.waitFirst.mean.value).toBeGreaterThan(30);
    expect(q.utilisation.value).toBeGreaterThan(0.99);
    expect(r.arms.commercial.queue).toBeUndefined();
  });
});

/** The sample path of one line: ready times (= eligibility here), disease clocks, in FCFS order. */
function onePath(s: Scenario, r: number) {
  const N = s.cohort.eligiblePerYear;
  const W = s.run.years!.warmupYears;
  const words = new Uint32Array(32);
  const patients: { e: number; E: number; p: number }[] = [];
  for (let y = 0; y <= W; y++) {
    for (let i = 0; i < N; i++) {
      capacityWords(s.run.seed, r, y, i, words);
      patients.push({ e: 365 * (y + uniform(words[27])), E: standardExponential(uniform(words[2])), p: y * N + i });
    }
  }
  return patients.sort((a, b) => a.e - b.e || a.p - b.p);
}

describe('one line, fixed durations, every probability 1', () => {
  const S = 3; // days of manufacturing
  const s = resolveScenario({
    cohort: { eligiblePerYear: 100, ...LONG_SURVIVAL },
    arms: { commercial: certain({ median: S, p90: S }), poc: certain({ median: S, p90: S }, 1) },
    run: { seed: 5, years: { replicates: 3, warmupYears: 2 } },
  });
  const lambda = Math.LN2 / 36500;

  it('waits follow Lindley\'s recursion on the sample path', () => {
    const { reference, wasm } = bothEngines(s);
    for (let r = 0; r < 3; r++) {
      // Lindley: s_n = max(r_n, s_(n-1) + S); a patient progressed by s_n takes no line.
      const waits = new Map<number, number>();
      let free = -Infinity;
      for (const { e, E, p } of onePath(s, r)) {
        const start = Math.max(e, free);
        if (!(E > lambda * (start === e ? 0 : start - e))) continue;
        waits.set(p, start - e);
        free = start + S;
      }
      let sum = 0;
      let count = 0;
      for (let p = 200; p < 300; p++) if (waits.has(p)) { sum += waits.get(p)!; count++; }
      const t = reference[r];
      const q = QUEUE_OFFSET.poc;
      expect(t[q + Q.waitFirstCount]).toBe(count);
      expect(t[q + Q.waitFirstSum]).toBeCloseTo(sum, 9);
      expect(sum).toBeGreaterThan(0);
      expect(Array.from(wasm[r])).toEqual(Array.from(t));
    }
  });

  it('keeps Little\'s law: time-average number waiting = arrival rate x mean wait', async () => {
    const big = resolveScenario({
      cohort: { eligiblePerYear: 110, ...LONG_SURVIVAL },
      arms: { commercial: certain({ median: S, p90: S }), poc: certain({ median: S, p90: S }, 1) },
      run: { seed: 9, years: { replicates: 40, warmupYears: 3 } },
    });
    const result = await simulate(big, { engine: 'reference' });
    // The number waiting, integrated over the reported year, from the path's (ready, start) intervals.
    const from = 365 * 3;
    const to = from + 365;
    let area = 0;
    let arrivals = 0;
    for (let r = 0; r < 40; r++) {
      let free = -Infinity;
      for (const { e, E } of onePath(big, r)) {
        const start = Math.max(e, free);
        if (!(E > lambda * (start === e ? 0 : start - e))) continue;
        free = start + S;
        area += Math.max(0, Math.min(start, to) - Math.max(e, from));
        if (e >= from && e < to) arrivals++;
      }
    }
    const L = area / (40 * 365);
    const rate = arrivals / (40 * 365);
    const W = result.arms.poc.queue!.waitFirst.mean.value as number;
    expect(W).toBeGreaterThan(0.5);
    expect(L / (rate * W)).toBeCloseTo(1, 1);
  });
});

/** Pollaczek-Khinchine: mean wait of M/G/1 = lambda E[S^2] / (2 (1 - rho)), log-normal S. */
function pollaczekKhinchine(perDay: number, median: number, p90: number): number {
  const sigma = Math.log(p90 / median) / 1.2815515655446004;
  const mu = Math.log(median);
  const m2 = Math.exp(2 * mu + 2 * sigma * sigma);
  const rho = perDay * Math.exp(mu + (sigma * sigma) / 2);
  return (perDay * m2) / (2 * (1 - rho));
}

describe('one line, log-normal manufacturing, ten warm-up years', () => {
  it('has the Pollaczek-Khinchine mean wait within 5% at load 0.5', async () => {
    const mfg = { median: 1, p90: 1.6 };
    const meanS = Math.exp((Math.log(1.6) / 1.2815515655446004) ** 2 / 2);
    const N = Math.round((0.5 * 365) / meanS);
    const s = {
      cohort: { eligiblePerYear: N, ...LONG_SURVIVAL },
      arms: { commercial: certain(mfg), poc: certain(mfg, 1) },
      run: { seed: 3, years: { replicates: 400, warmupYears: 10 } },
    };
    const result = await simulate(s, { workers: 2 });
    const wait = result.arms.poc.queue!.waitFirst.mean;
    const pk = pollaczekKhinchine(N / 365, mfg.median, mfg.p90);
    expect(result.arms.poc.queue!.utilisation.value).toBeCloseTo(0.5, 1);
    expect(wait.mcse! / pk).toBeLessThan(0.015);
    expect(Math.abs((wait.value as number) / pk - 1)).toBeLessThan(0.05);
  });
});

describe('the wasm engine and the reference', () => {
  it('give the same replicate tallies on fixed durations', () => {
    const s = resolveScenario({
      cohort: { eligiblePerYear: 150 },
      arms: {
        commercial: { adminDays: { median: 20, p90: 20 }, slotWaitDays: { median: 5, p90: 5 }, mfgDays: { median: 17, p90: 17 }, reapheresisDays: { median: 10, p90: 10 }, logisticsDays: { median: 4, p90: 4 }, capacity: { lines: 3 } },
        poc: { adminDays: { median: 10, p90: 10 }, slotWaitDays: { median: 2, p90: 2 }, mfgDays: { median: 10, p90: 10 }, reapheresisDays: { median: 7, p90: 7 }, logisticsDays: { median: 1, p90: 1 }, capacity: { lines: 2 } },
      },
      run: { seed: 21, years: { replicates: 4, warmupYears: 1 } },
    });
    const { reference, wasm } = bothEngines(s);
    for (let r = 0; r < 4; r++) expect(Array.from(wasm[r])).toEqual(Array.from(reference[r]));
    // Every economics slot is exercised (non-zero), so that one left unfilled by the engine fails above.
    const economics = ['paidUnits', 'paidUnitsSq', 'attemptsXPaidUnits', 'costXRemission', 'infusedAlive1y', 'completeResponsesAlive1y', 'completeResponsesRemission'] as const;
    for (const arm of ['commercial', 'poc'] as const) {
      for (const slot of economics) expect(reference[0][ARM_OFFSET[arm] + A[slot]], `${arm}.${slot}`).toBeGreaterThan(0);
    }
    for (const slot of ['dInfusedSq', 'dCompleteResponsesSq', 'dAlive1ySq', 'dCost', 'dCostSq', 'dCostXdAlive1y', 'dCostXdRemission'] as const) {
      expect(reference[0][P[slot]], slot).not.toBe(0);
    }
    let cells = 0;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 3; p++) cells += reference[0][stateSlot(c, p)];
    expect(cells).toBe(150);
    expect(reference[0][stateSlot(2, 2)]).toBeGreaterThan(0);
    expect(reference[0][stateSlot(0, 0)]).toBeGreaterThan(0);
  });

  it('agree within 5 MCSE on 60 random capacity scenarios (to the bit where every duration is fixed)', () => {
    const lines = fc.option(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 1e6 })), { nil: undefined });
    fc.assert(fc.property(
      arbArm, arbArm, lines, lines,
      fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.double({ min: 1, max: 3000, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }),
      (com, poc, comLines, pocLines, N, W, R, seed, survival, hr) => {
        const s = resolveScenario({
          cohort: { eligiblePerYear: N, untreatedMedianSurvivalDays: survival, bridgingHazardRatio: hr },
          arms: {
            commercial: { ...com, ...(comLines ? { capacity: { lines: comLines } } : {}) },
            poc: { ...poc, capacity: { lines: pocLines ?? 1 } },
          },
          run: { seed, years: { replicates: R, warmupYears: W } },
        });
        const { reference, wasm } = bothEngines(s);
        const fixed = (['commercial', 'poc'] as const).every((arm) => (['adminDays', 'slotWaitDays', 'mfgDays', 'reapheresisDays', 'logisticsDays'] as const)
          .every((d) => s.arms[arm][d].median === s.arms[arm][d].p90));
        if (fixed) for (let r = 0; r < R; r++) expect(Array.from(wasm[r])).toEqual(Array.from(reference[r]));
        const a = summaryOf(s, reference, 'reference');
        const b = summaryOf(s, wasm, 'wasm');
        type Block = Record<string, { value: number | null; mcse: number | null }>;
        const close = (x: Block, y: Block, what: string) => {
          for (const [name, e] of Object.entries(x)) {
            const f = y[name];
            expect(Math.abs((f.value ?? 0) - (e.value ?? 0)), `${what}.${name}`).toBeLessThanOrEqual(5 * Math.max(e.mcse ?? 0, f.mcse ?? 0));
          }
        };
        for (const arm of ['commercial', 'poc'] as const) {
          close(a.arms[arm].funnel as unknown as Block, b.arms[arm].funnel as unknown as Block, `${arm}.funnel`);
          close(a.arms[arm].lost as unknown as Block, b.arms[arm].lost as unknown as Block, `${arm}.lost`);
          close(a.arms[arm].manufacturing as unknown as Block, b.arms[arm].manufacturing as unknown as Block, `${arm}.manufacturing`);
          const qa = a.arms[arm].queue;
          const qb = b.arms[arm].queue;
          if (qa && qb) {
            close({ lost: qa.lostWhileQueued, busy: qa.busyLineDays, wait: qa.waitFirst.mean }, { lost: qb.lostWhileQueued, busy: qb.busyLineDays, wait: qb.waitFirst.mean }, `${arm}.queue`);
          }
        }
      },
    ), { numRuns: 60, seed: 13 });
  });
});

describe('the pool', () => {
  const scenario = { arms: { poc: { capacity: { lines: 9 } }, commercial: { capacity: { lines: 5 } } }, run: { seed: 4, years: { replicates: 23, warmupYears: 1 } } };

  it('gives byte-identical result JSON with 1, 2 and 4 workers', async () => {
    const results = await Promise.all([1, 2, 4].map((workers) => simulate(scenario, { workers })));
    const a = JSON.stringify(results[0]);
    expect(JSON.stringify(results[1])).toBe(a);
    expect(JSON.stringify(results[2])).toBe(a);
    expect(results[0].patients).toBe(23 * 600);
  });

  it('gives the same bits streamed (past the ring\'s end), in round trips in shared memory and in messages', async () => {
    const long = { ...scenario, cohort: { eligiblePerYear: 40 }, run: { seed: 6, years: { replicates: YEARS_RING_SLOTS * 2 + 37, warmupYears: 1 } } };
    const pools = await Promise.all([
      KernelPool.create(nodePlatform, 2),
      KernelPool.create(nodePlatform, 3),
      KernelPool.create(nodePlatform, 2, { streams: false }),
      KernelPool.create(nodePlatform, 2, { sharedMemory: false }),
    ]);
    try {
      const [streamed, ...others] = await Promise.all(pools.map((pool) => simulate(long, { pool })));
      expect(streamed.patients).toBe((YEARS_RING_SLOTS * 2 + 37) * 40);
      for (const other of others) expect(JSON.stringify(other)).toBe(JSON.stringify(streamed));
      // Again on the same pools (their rings and trip arrays reused).
      const again = await Promise.all(pools.map((pool) => simulate(long, { pool })));
      for (const other of again) expect(JSON.stringify(other)).toBe(JSON.stringify(streamed));
    } finally {
      for (const pool of pools) pool.close();
    }
  });

  /** A run whose first progress call holds the pool until the workers have stopped (a full ring). */
  async function holdFirstProgress(pool: KernelPool, replicates: number, then: (controller: AbortController) => void) {
    const controller = new AbortController();
    const start = pool.replicatesComputed;
    let held = -1;
    const s = { ...scenario, cohort: { eligiblePerYear: 40 }, run: { seed: 7, years: { replicates, warmupYears: 1 } } };
    const result = simulate(s, {
      pool,
      signal: controller.signal,
      onProgress: () => {
        if (held >= 0) return;
        held = holdUntilStill(() => pool.replicatesComputed - start);
        then(controller);
      },
    });
    return { scenario: s, result, held: () => held, computed: () => pool.replicatesComputed - start };
  }

  it('streams through a ring: workers wait while it is full (the pool slow to fold), with the same bits', async () => {
    const pool = await KernelPool.create(nodePlatform, 2);
    const trips = await KernelPool.create(nodePlatform, 2, { streams: false });
    try {
      const run = await holdFirstProgress(pool, YEARS_RING_SLOTS + 50, () => undefined);
      const streamed = await run.result;
      // The pool holds before it frees the slot of the replicate it folded: the ring's worth.
      expect(run.held()).toBe(YEARS_RING_SLOTS);
      expect(JSON.stringify(streamed)).toBe(JSON.stringify(await simulate(run.scenario, { pool: trips })));
    } finally {
      pool.close();
      trips.close();
    }
  });

  it('stops streaming workers that wait on a full ring when the run is aborted, and stays usable', async () => {
    const pool = await KernelPool.create(nodePlatform, 2);
    try {
      const run = await holdFirstProgress(pool, 1e6, (controller) => controller.abort());
      await expect(run.result).rejects.toMatchObject({ name: 'AbortError' });
      expect(run.held()).toBe(YEARS_RING_SLOTS);
      expect(run.computed()).toBe(YEARS_RING_SLOTS);
      const after = await simulate(scenario, { pool });
      expect(JSON.stringify(after)).toBe(JSON.stringify(await simulate(scenario, { workers: 1 })));
    } finally {
      pool.close();
    }
  });

  it('gives the reference engine\'s result JSON on fixed durations', async () => {
    const fixed = (m: number) => ({ median: m, p90: m });
    const arm = { adminDays: fixed(12), slotWaitDays: fixed(3), mfgDays: fixed(11), reapheresisDays: fixed(7), logisticsDays: fixed(2) };
    const s = { arms: { commercial: { ...arm, capacity: { lines: 4 } }, poc: { ...arm, capacity: { lines: 7 } } }, run: { seed: 8, years: { replicates: 9, warmupYears: 2 } } };
    const wasm = await simulate(s, { workers: 2 });
    const reference = await simulate(s, { engine: 'reference' });
    expect(JSON.stringify({ ...reference, engine: 'wasm' })).toBe(JSON.stringify(wasm));
    expect(wasm.arms.poc.queue!.waitFirst.mean.value).toBeGreaterThan(0);
  });

  it('reports progress per replicate, in reported patients, ending at the total', async () => {
    const seen: number[] = [];
    await simulate(scenario, { workers: 2, onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual(Array.from({ length: 23 }, (_, r) => (r + 1) * 600));
  });

  it('stops a run within one replicate of an abort, and stays usable', async () => {
    const pool = await KernelPool.create(nodePlatform, 2);
    try {
      const controller = new AbortController();
      let atAbort = -1;
      const big = { ...scenario, run: { seed: 4, years: { replicates: 1e6, warmupYears: 1 } } };
      const run = simulate(big, {
        pool,
        signal: controller.signal,
        onProgress: () => {
          if (atAbort >= 0) return;
          controller.abort();
          atAbort = pool.replicatesComputed;
        },
      });
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      // Each worker finishes at most the replicate it is running.
      expect(pool.replicatesComputed - atAbort).toBeLessThanOrEqual(pool.size);
      const after = await simulate(scenario, { pool });
      expect(JSON.stringify(after)).toBe(JSON.stringify(await simulate(scenario, { workers: 1 })));
    } finally {
      pool.close();
    }
  });

  /** `run`'s outcome, or 'hung' when it has not settled within `ms`. */
  const settledWithin = (run: Promise<unknown>, ms: number) => Promise.race([
    run.then(() => 'resolved', (e: { name?: string }) => e?.name ?? 'rejected'),
    new Promise<string>((r) => setTimeout(() => r('hung'), ms)),
  ]);

  // The pool's first cohort-years run compiles the engine and loads it into every worker: a run
  // superseded (or aborted) then reached its workers with its signal already aborted, never raised
  // their abort flag, and both runs stayed pending forever once the ring was full.
  for (const newer of ['cohort-years', 'version 1'] as const) {
    it(`lets a ${newer} run supersede a cohort-years run still being set up`, async () => {
      const pool = await KernelPool.create(nodePlatform, 2);
      try {
        const old = simulate({ cohort: { eligiblePerYear: 3000 }, arms: { poc: { capacity: { lines: 3 } } }, run: { years: { replicates: 500 } } }, { pool });
        await new Promise((r) => setTimeout(r, 1));
        const next = simulate(newer === 'cohort-years' ? scenario : { run: { patients: 20_000, seed: 5 } }, { pool, supersede: true });
        expect(await settledWithin(old, 20_000)).toBe('AbortError');
        expect(await settledWithin(next, 20_000)).toBe('resolved');
      } finally {
        pool.close();
      }
    });
  }

  it('stops a cohort-years run whose signal aborts while the engine is being set up', async () => {
    const pool = await KernelPool.create(nodePlatform, 2);
    try {
      const controller = new AbortController();
      const run = simulate({ ...scenario, run: { seed: 4, years: { replicates: 1e6, warmupYears: 1 } } }, { pool, signal: controller.signal });
      await new Promise((r) => setTimeout(r, 1));
      controller.abort();
      expect(await settledWithin(run, 20_000)).toBe('AbortError');
      const after = await simulate(scenario, { pool });
      expect(JSON.stringify(after)).toBe(JSON.stringify(await simulate(scenario, { workers: 1 })));
    } finally {
      pool.close();
    }
  });

  it('stops the reference engine between replicates', async () => {
    const controller = new AbortController();
    const run = simulate({ ...scenario, run: { years: { replicates: 1e6, warmupYears: 1 } } }, {
      engine: 'reference', signal: controller.signal, onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
