/**
 * Closed-form check of the simulator against MODEL.md.
 *
 * With every duration fixed (p90 == median), the expectation of every output of MODEL.md has a
 * closed form. The exact engine (src/exact, `expected`) computes it; test/exact.test.ts holds
 * it to the closed forms of test/helpers/exact.ts, written from MODEL.md alone, not from the
 * simulator's code. Each case runs the simulator and requires every estimate to be within 5 of its own
 * MCSEs of the exact value; where the simulator reports an MCSE of 0 (a deterministic output,
 * such as the eligible count or the fixed cost), it must equal the exact value within 1e-9
 * relative. A ratio (per infused, per complete response, ...) is checked against the ratio of
 * exact expectations, and must be null exactly when the exact denominator is 0.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, armExpectation, cloneScenario, defaultScenario, expected, simulate } from '../src/index.js';
import type { Arm, ArmName, ArmResult, Cohort, Estimate, Result, Scenario } from '../src/index.js';

const PATIENTS = 400_000;
const SEED = 20_240_917;
/** The identical-arms check is exact (no statistics), so a small run does. */
const IDENTICAL_PATIENTS = 20_000;
const Z = 5;
const REL = 1e-9;
const ARMS: readonly ArmName[] = ['commercial', 'poc'];
const DURATIONS = ['adminDays', 'slotWaitDays', 'mfgDays', 'reapheresisDays', 'logisticsDays'] as const;
const ZERO = { median: 0, p90: 0 };
const fixed = (days: number) => ({ median: days, p90: days });

/** The default scenario with every duration of both arms fixed at its median. */
function fixedDefaults(patients: number): Scenario {
  const s = cloneScenario(defaultScenario as Scenario);
  for (const name of ARMS) {
    const arm = s.arms[name];
    for (const key of DURATIONS) arm[key] = fixed(arm[key].median);
  }
  s.run = { patients, seed: SEED };
  return s;
}

interface Case {
  name: string;
  cohort?: Partial<Cohort>;
  commercial?: Partial<Arm>;
  poc?: Partial<Arm>;
}

function scenarioOf(c: Case, patients = PATIENTS): Scenario {
  const s = fixedDefaults(patients);
  Object.assign(s.cohort, c.cohort ?? {});
  Object.assign(s.arms.commercial, c.commercial ?? {});
  Object.assign(s.arms.poc, c.poc ?? {});
  return s;
}

const CASES: Case[] = [
  { name: 'defaults with fixed durations' },
  {
    name: 'pReferral 1 (commercial), pFunding 0 (poc: nobody infused, only the fixed cost)',
    commercial: { pReferral: 1 },
    poc: { pFunding: 0 },
  },
  {
    name: 'pReferral 0 (commercial: nobody referred), pReferral 1 and pFunding 1 (poc)',
    commercial: { pReferral: 0 },
    poc: { pReferral: 1, pFunding: 1 },
  },
  {
    name: 'pApheresis 1 with pInSpec 1 (commercial), pApheresis 0 (poc)',
    commercial: { pApheresis: 1, pInSpec: 1, pOos: 0 },
    poc: { pApheresis: 0 },
  },
  {
    name: 'pInSpec 0, pOos 1: all OOS released (commercial), none released with 4 attempts (poc)',
    commercial: { pInSpec: 0, pOos: 1, pOosReleased: 1 },
    poc: { pInSpec: 0, pOos: 1, pOosReleased: 0, pRetry: 1, maxAttempts: 4 },
  },
  {
    name: 'pOosReleased 0 (commercial) and 1 (poc), pRetry 1, maxAttempts 3',
    commercial: { pInSpec: 0.5, pOos: 0.3, pOosReleased: 0, pRetry: 1, maxAttempts: 3 },
    poc: { pInSpec: 0.5, pOos: 0.3, pOosReleased: 1, pRetry: 1, maxAttempts: 3 },
  },
  {
    name: 'pRetry 0 (commercial) and 1 (poc), maxAttempts 4, low pInSpec',
    commercial: { pInSpec: 0.4, pOos: 0.2, pRetry: 0, maxAttempts: 4 },
    poc: { pInSpec: 0.4, pOos: 0.2, pRetry: 1, maxAttempts: 4 },
  },
  {
    name: 'maxAttempts 1 (commercial) and 4 (poc), low pInSpec',
    commercial: { pInSpec: 0.3, pOos: 0.2, maxAttempts: 1 },
    poc: { pInSpec: 0.3, pOos: 0.2, pRetry: 0.9, maxAttempts: 4 },
  },
  {
    name: 'payment perAttempt (commercial) and perResponse (poc)',
    commercial: { payment: 'perAttempt', pInSpec: 0.6, pOos: 0.2, maxAttempts: 3, pRetry: 0.7 },
    poc: { payment: 'perResponse', price: 500_000, pOrr: 0.6, pCr: 0.4 },
  },
  {
    name: 'payment perResponse (commercial) and perInfusion (poc)',
    commercial: { payment: 'perResponse', pOrr: 0.5, pCr: 0.3 },
    poc: { payment: 'perInfusion', price: 150_000, pInSpec: 0.5, pRetry: 1, maxAttempts: 4 },
  },
  {
    name: 'zero waits (adminDays, slotWaitDays, reapheresisDays, logisticsDays)',
    commercial: { adminDays: ZERO, slotWaitDays: ZERO, reapheresisDays: ZERO, logisticsDays: ZERO },
    poc: {
      adminDays: ZERO, slotWaitDays: ZERO, reapheresisDays: ZERO, logisticsDays: ZERO,
      pInSpec: 0.5, pOos: 0.1, pRetry: 1, maxAttempts: 4,
    },
  },
  {
    name: 'bridgingHazardRatio 0 (no progression after apheresis)',
    cohort: { bridgingHazardRatio: 0 },
    commercial: { pInSpec: 0.5, pRetry: 0.8, maxAttempts: 3 },
  },
  {
    name: 'bridgingHazardRatio 2, short survival and long waits',
    cohort: { bridgingHazardRatio: 2, untreatedMedianSurvivalDays: 90 },
    commercial: {
      adminDays: fixed(45), slotWaitDays: fixed(20), mfgDays: fixed(40), reapheresisDays: fixed(30),
      logisticsDays: fixed(10), pInSpec: 0.5, pRetry: 1, maxAttempts: 4,
    },
    poc: { pInSpec: 0.6, pRetry: 1, maxAttempts: 3 },
  },
  {
    name: 'another cohort: 1000 eligible, 1-year median survival, pOs1Untreated 0, fractional days',
    cohort: { eligiblePerYear: 1000, untreatedMedianSurvivalDays: 365, pOs1Untreated: 0 },
    commercial: { adminDays: fixed(12.5), slotWaitDays: fixed(3.25), mfgDays: fixed(21.5), logisticsDays: fixed(2.75) },
    poc: { mfgDays: fixed(7.5), reapheresisDays: fixed(3.5), logisticsDays: fixed(0.5), pInSpec: 0.7, maxAttempts: 4 },
  },
  {
    name: 'outcome probabilities 0 and 1, v2v beyond 180 days',
    commercial: {
      pOrr: 1, pCr: 1, pOs1: 1, pPfs1: 1, pCrs3: 0, pIcans3: 1,
      mfgDays: fixed(120), reapheresisDays: fixed(30), logisticsDays: fixed(70), pInSpec: 0.5, pRetry: 1,
    },
    poc: { pOrr: 0, pCr: 0, pOs1: 0, pPfs1: 0, pCrs3: 1, pIcans3: 0 },
  },
];

/** Collects every mismatch of a test, so that one failure lists them all with expected and got. */
class Checker {
  readonly failures: string[] = [];

  /** `est` against the exact expectation (null: the estimate must be null). */
  near(label: string, est: Estimate | undefined, exact: number | null): void {
    if (est === undefined) {
      this.failures.push(`${label}: missing`);
      return;
    }
    const { value, mcse } = est;
    if (exact === null) {
      if (value !== null) this.failures.push(`${label}: expected null (zero denominator), got ${value} ± ${mcse}`);
      return;
    }
    if (value === null || mcse === null || !Number.isFinite(value) || !Number.isFinite(mcse) || mcse < 0) {
      this.failures.push(`${label}: expected ${exact}, got ${value} (mcse ${mcse})`);
      return;
    }
    if (mcse === 0) {
      if (!(Math.abs(value - exact) <= REL * Math.max(Math.abs(exact), Math.abs(value)) + 1e-12)) {
        this.failures.push(`${label}: expected exactly ${exact}, got ${value} with mcse 0`);
      }
    } else if (!(Math.abs(value - exact) <= Z * mcse)) {
      const z = (value - exact) / mcse;
      this.failures.push(`${label}: expected ${exact}, got ${value} ± ${mcse} (z = ${z.toFixed(2)})`);
    }
  }

  /** Two numbers equal within 1e-9 relative. */
  same(label: string, got: number | null, want: number): void {
    if (got === null || !(Math.abs(got - want) <= REL * Math.max(Math.abs(want), Math.abs(got)) + 1e-12)) {
      this.failures.push(`${label}: expected ${want}, got ${got}`);
    }
  }

  done(): void {
    expect(this.failures, this.failures.join('\n')).toEqual([]);
  }
}

/** The exact expectations of one arm per cohort, values only, from the exact engine. */
interface ExactArm {
  funnel: Record<string, number>;
  lost: Record<string, number>;
  manufacturing: Record<string, number>;
  adverseEvents: Record<string, number>;
  v2vMean: number | null;
  /** The vein-to-vein times D_k that infused patients can have, with their expected count per cohort. */
  v2vAtoms: { days: number; infused: number }[];
  costs: Record<string, number | null>;
}

const values = (o: object): Record<string, number> =>
  Object.fromEntries(Object.entries(o).map(([k, e]) => [k, (e as Estimate).value as number]));

function exactArm(scenario: Scenario, name: ArmName, x: Result): ExactArm {
  const a = x.arms[name];
  const arm = scenario.arms[name];
  const N = scenario.cohort.eligiblePerYear;
  // With fixed durations, a product released at attempt k is infused D_k = k m + (k - 1) r + L after apheresis.
  const byAttempt = armExpectation(arm, scenario.cohort).infusedByAttempt;
  const [m, r, L] = [arm.mfgDays.median, arm.reapheresisDays.median, arm.logisticsDays.median];
  return {
    funnel: values(a.funnel),
    lost: values(a.lost),
    manufacturing: values(a.manufacturing),
    adverseEvents: values(a.adverseEvents),
    v2vMean: a.v2v.mean.value,
    v2vAtoms: byAttempt.map((p, i) => ({ days: (i + 1) * m + i * r + L, infused: p * N })).filter((atom) => atom.infused > 0),
    costs: Object.fromEntries(Object.entries(a.costs).map(([k, e]) => [k, (e as Estimate).value])),
  };
}

function checkGroup(chk: Checker, label: string, got: Record<string, Estimate>, want: Record<string, number | null>): void {
  for (const [k, v] of Object.entries(want)) chk.near(`${label}.${k}`, got[k], v);
}

describe.each(ENGINES)('%s engine', (engine) => {
describe.each(CASES)('closed form: $name', (c) => {
  const scenario = scenarioOf(c);
  const exactResult = expected(scenario);
  const exact: Record<ArmName, ExactArm> = {
    commercial: exactArm(scenario, 'commercial', exactResult),
    poc: exactArm(scenario, 'poc', exactResult),
  };
  let result: Result;
  const arm = (name: ArmName): ArmResult => result.arms[name];

  beforeAll(async () => {
    result = await simulate(scenario, { engine });
  }, 60_000);

  it('runs the scenario it was given', () => {
    expect(result.scenario).toEqual(scenario);
    expect(result.patients).toBe(PATIENTS);
    expect(result.seed).toBe(SEED);
  });

  it.each(ARMS)('%s: funnel', (name) => {
    const chk = new Checker();
    checkGroup(chk, `${name}.funnel`, arm(name).funnel as unknown as Record<string, Estimate>, exact[name].funnel);
    chk.done();
  });

  it.each(ARMS)('%s: lost reasons, which sum with infused to eligible', (name) => {
    const chk = new Checker();
    const a = arm(name);
    checkGroup(chk, `${name}.lost`, a.lost as unknown as Record<string, Estimate>, exact[name].lost);
    const sum = Object.values(a.lost).reduce((t, e) => t + (e.value ?? NaN), a.funnel.infused.value ?? NaN);
    chk.same(`${name}: lost + infused`, sum, a.funnel.eligible.value ?? NaN);
    chk.done();
  });

  it.each(ARMS)('%s: manufacturing and adverse events', (name) => {
    const chk = new Checker();
    const a = arm(name);
    checkGroup(chk, `${name}.manufacturing`, a.manufacturing as unknown as Record<string, Estimate>, exact[name].manufacturing);
    checkGroup(chk, `${name}.adverseEvents`, a.adverseEvents as unknown as Record<string, Estimate>, exact[name].adverseEvents);
    chk.done();
  });

  it.each(ARMS)('%s: vein-to-vein mean, and the histogram at the discrete v2v times', (name) => {
    const chk = new Checker();
    const a = arm(name);
    const e = exact[name];
    chk.near(`${name}.v2v.mean`, a.v2v.mean, e.v2vMean);
    const h = a.v2v.histogram;
    expect(h).toHaveLength(181);
    chk.same(`${name}: histogram total`, h.reduce((t, x) => t + x, 0), a.funnel.infused.value ?? NaN);
    // With fixed durations every infused patient's v2v is one of the D_k: each bin's mass is a
    // scaled binomial count, so its own MCSE is N sqrt(p (1 - p) / n).
    const N = scenario.cohort.eligiblePerYear;
    const want = new Map<number, number>();
    for (const atom of e.v2vAtoms) {
      const bin = atom.days >= 180 ? 180 : Math.floor(atom.days);
      want.set(bin, (want.get(bin) ?? 0) + atom.infused);
    }
    h.forEach((got, bin) => {
      const w = want.get(bin) ?? 0;
      const p = w / N;
      const mcse = N * Math.sqrt((p * (1 - p)) / PATIENTS);
      if (mcse === 0 ? got !== w : Math.abs(got - w) > Z * mcse) {
        chk.failures.push(`${name}.v2v.histogram[${bin}]: expected ${w} ± ${mcse}, got ${got}`);
      }
    });
    chk.done();
  });

  it.each(ARMS)('%s: costs by component, total and per eligible', (name) => {
    const chk = new Checker();
    const { perInfused: _i, perCompleteResponse: _c, perAlive1y: _a, ...components } = exact[name].costs;
    checkGroup(chk, `${name}.costs`, arm(name).costs as unknown as Record<string, Estimate>, components);
    chk.done();
  });

  it.each(ARMS)('%s: cost per infused, per complete response, per alive at one year', (name) => {
    const chk = new Checker();
    const { perInfused, perCompleteResponse, perAlive1y } = exact[name].costs;
    checkGroup(chk, `${name}.costs`, arm(name).costs as unknown as Record<string, Estimate>, {
      perInfused, perCompleteResponse, perAlive1y,
    });
    chk.done();
  });

  it('difference poc - commercial', () => {
    const chk = new Checker();
    checkGroup(chk, 'difference', result.difference as unknown as Record<string, Estimate>,
      Object.fromEntries(Object.entries(exactResult.difference).map(([k, e]) => [k, e.value])));
    chk.done();
  });

  it('identical arms (poc = commercial) give differences of exactly 0', async () => {
    const same = scenarioOf(c, IDENTICAL_PATIENTS);
    same.arms.poc = { ...same.arms.commercial };
    const r = await simulate(same, { engine });
    expect(r.arms.poc).toEqual(r.arms.commercial);
    for (const k of ['infused', 'completeResponses', 'alive1y', 'totalCost'] as const) {
      expect(r.difference[k], `difference.${k}`).toEqual({ value: 0, mcse: 0 });
    }
    expect(r.difference.costPerExtraAlive1y.value).toBeNull();
  }, 60_000);
});
});
