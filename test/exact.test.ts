/**
 * The exact engine (src/exact): against the closed forms of fixed durations
 * (test/helpers/exact.ts, written from MODEL.md alone), against its own quadrature with four
 * times the nodes, exact integer counts where every outcome is certain, and against 10^6-patient
 * runs of the wasm kernel on random scenarios (every expectation within 5 MCSE).
 */

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  armExpectation, closePools, defaultScenario, durationTransforms, expected, getPool, scenarioExpectation, simulate,
} from '../src/index.js';
import type { Arm, ArmName, Estimate, Result, Scenario } from '../src/index.js';
import { resultOutputs } from '../src/psa/outputs.js';
import { arbFullScenario } from './fixtures/scenario-arbitraries.js';
import { exactArm, exactDifference } from './helpers/exact.js';
import { fixedDefaults } from './helpers/scenarios.js';

const ARMS: readonly ArmName[] = ['commercial', 'poc'];
const DURATIONS = ['adminDays', 'slotWaitDays', 'mfgDays', 'reapheresisDays', 'logisticsDays'] as const;

afterAll(() => closePools());

/** Every estimate of a result by path, value only (null kept). */
function outputs(r: Result): Map<string, number | null> {
  return new Map(resultOutputs(r));
}

/** The arm's fields of a result in the closed form's shape, for comparing the two. */
function flatExact(e: ReturnType<typeof exactArm>): Map<string, number | null> {
  const m = new Map<string, number | null>();
  for (const g of ['funnel', 'lost', 'manufacturing', 'adverseEvents', 'costs'] as const) {
    for (const [k, v] of Object.entries(e[g])) m.set(`${g}.${k}`, v);
  }
  m.set('v2v.mean', e.v2vMean);
  return m;
}

function fixedScenario(s: Scenario): Scenario {
  const out = structuredClone(s);
  for (const a of ARMS) for (const k of DURATIONS) out.arms[a][k] = { median: out.arms[a][k].median, p90: out.arms[a][k].median };
  return out;
}

const close = (a: number, b: number, rel: number, abs: number) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;

describe('closed forms of fixed durations (test/helpers/exact.ts)', () => {
  const check = (given: Scenario) => {
    // The closed forms are version 1's: no cost after year one (test/economics.test.ts has its own).
    const s = { ...given, cohort: { ...given.cohort, annualCostProgressed: 0 } };
    const r = expected(s);
    const N = s.cohort.eligiblePerYear;
    const bad: string[] = [];
    for (const a of ARMS) {
      const want = flatExact(exactArm(s.arms[a], s.cohort));
      const got = outputs(r);
      for (const [k, wRaw] of want) {
        const g = got.get(`arms.${a}.${k}`);
        // A ratio over a denominator so small that it overflows is null in the result file.
        const w = wRaw !== null && !Number.isFinite(wRaw) ? null : wRaw;
        if (w === null || g === null || g === undefined) {
          if (w !== g) bad.push(`${a}.${k}: closed form ${w}, exact ${g}`);
        } else if (!close(g, w, 1e-10, 1e-12 * N)) bad.push(`${a}.${k}: closed form ${w}, exact ${g}`);
      }
    }
    const d = exactDifference(exactArm(s.arms.commercial, s.cohort), exactArm(s.arms.poc, s.cohort));
    for (const [k, w] of Object.entries(d)) {
      const g = r.difference[k as keyof typeof d].value;
      // Differences of near-equal arms cancel: compare on the scale of the arms' values.
      const scale = k === 'totalCost' ? Math.abs(r.arms.poc.costs.total.value as number) + Math.abs(r.arms.commercial.costs.total.value as number) : N;
      if (w === null || g === null) {
        if ((w === null) !== (g === null) && !(k === 'costPerExtraAlive1y')) bad.push(`difference.${k}: closed form ${w}, exact ${g}`);
      } else if (k !== 'costPerExtraAlive1y' && !close(g, w, 1e-10, 1e-12 * scale)) bad.push(`difference.${k}: closed form ${w}, exact ${g}`);
    }
    expect(bad, bad.join('\n')).toEqual([]);
  };

  it('the default scenario with its durations fixed', () => check(fixedDefaults(1)));

  /** Whether a number of the scenario is subnormal (below 2^-1022: too few bits for a relative comparison at 1e-10). */
  const subnormal = (v: unknown): boolean => (typeof v === 'number' ? v !== 0 && Math.abs(v) < 2.2250738585072014e-308
    : typeof v === 'object' && v !== null && Object.values(v).some(subnormal));

  it('random valid scenarios with fixed durations (every branch: 1 to 4 attempts, retries, payments, zero waits)', () => {
    fc.assert(fc.property(arbFullScenario, (s) => {
      fc.pre(!subnormal(s));
      check(fixedScenario(s as Scenario));
    }), { numRuns: 300, seed: 15 });
  });

  it('a fixed duration\'s transforms are the closed forms, including a zero wait and a zero rate', () => {
    expect(durationTransforms(10, 10, 0.1)).toEqual({ laplace: Math.exp(-1), weighted: 10 * Math.exp(-1), bridged: 10 * (1 - Math.exp(-1)) });
    expect(durationTransforms(0, 0, 0.1)).toEqual({ laplace: 1, weighted: 0, bridged: 0 });
    expect(durationTransforms(7, 7, 0)).toEqual({ laplace: 1, weighted: 7, bridged: 7 });
  });
});

describe('quadrature', () => {
  it('log-normal transforms against values computed with mpmath at 30 digits', () => {
    // mpmath 1.3 (mp.dps = 25): quad(lambda z: g(exp(m + s z)) exp(-z^2/2) / sqrt(2 pi), [-40, -39.5, ..., 20]),
    // m = ln(median), s = ln(p90/median) / 1.2815515655446004, g = exp(-a T), T exp(-a T), (1 - exp(-a T)) / a.
    const cases: [number, number, number, number, number, number][] = [
      [17, 35, 0.0019, 0.96310416930172053, 18.924559298904576, 19.418858262252353],
      [1, 36500, 0.5, 0.5058490953434999, 0.09617019451160141, 0.98830180931300021],
      [0.5, 50, 100, 0.11880655724947308, 0.00052837940758812576, 0.0088119344275052692],
    ];
    for (const [median, p90, a, L, W, B] of cases) {
      const t = durationTransforms(median, p90, a);
      expect(Math.abs(t.laplace - L) / L, `L ${median} ${p90} ${a}`).toBeLessThan(1e-12);
      expect(Math.abs(t.weighted - W) / W, `W ${median} ${p90} ${a}`).toBeLessThan(1e-12);
      expect(Math.abs(t.bridged - B) / B, `B ${median} ${p90} ${a}`).toBeLessThan(1e-12);
    }
  });

  it('every expectation agrees with the same rule on four times the nodes within 1e-9 relative (60 random scenarios and the defaults)', () => {
    let worst = 0;
    let where = '';
    const check = (s: Scenario) => {
      const a = outputs(expected(s));
      const b = outputs(expected(s, { refine: 4 }));
      for (const [k, x] of a) {
        const y = b.get(k) as number | null;
        if (x === null || y === null) {
          expect(x, k).toBe(y);
          continue;
        }
        // relative error, with a floor of 1e-13 per eligible patient (and per unit of money) for values near 0;
        // a price parity is the price plus a correction (which can cancel it): on the scale of both
        const arm = k.match(/^arms\.(commercial|poc)\.price\.parity$/)?.[1] as ArmName | undefined;
        const price = arm ? Math.abs(s.arms[arm].price) : 0;
        const scale = Math.max(Math.abs(y), 1e-13 * s.cohort.eligiblePerYear, price + Math.abs(y - (arm ? s.arms[arm].price : 0)));
        const err = Math.abs(x - y) / scale;
        if (err > worst) {
          worst = err;
          where = `${k} in ${JSON.stringify(s)}`;
        }
      }
    };
    check(defaultScenario as Scenario);
    expect(worst, `default scenario: ${where}`).toBeLessThan(1e-13);
    fc.assert(fc.property(arbFullScenario, (s) => check(s as Scenario)), { numRuns: 60, seed: 1515 });
    expect(worst, where).toBeLessThan(1e-9);
  });
});

describe('certain outcomes: exact integer counts', () => {
  // With no wait before apheresis (fixed zero waits) and no progression after it
  // (bridgingHazardRatio 0), and every probability 0 or 1, every patient takes the same path.
  const bit = fc.constantFrom(0, 1);
  const arbCertainArm = fc.record({
    pReferral: bit, pFunding: bit, pApheresis: bit, pInSpec: bit, pOos: bit, pOosReleased: bit, pRetry: bit,
    maxAttempts: fc.integer({ min: 1, max: 4 }),
    pOrr: bit, pCr: bit, pOs1: bit, pPfs1: bit, pCrs3: bit, pIcans3: bit,
    payment: fc.constantFrom('perInfusion', 'perAttempt', 'perResponse'),
    mfgDays: fc.integer({ min: 1, max: 60 }), reapheresisDays: fc.integer({ min: 0, max: 30 }), logisticsDays: fc.integer({ min: 0, max: 10 }),
  }).map((a): Partial<Arm> => ({
    ...a,
    pOos: a.pInSpec === 1 ? 0 : a.pOos,
    pCr: Math.min(a.pCr, a.pOrr),
    pPfs1: Math.min(a.pPfs1, a.pOs1),
    payment: a.payment as Arm['payment'],
    adminDays: { median: 0, p90: 0 },
    slotWaitDays: { median: 0, p90: 0 },
    mfgDays: { median: a.mfgDays, p90: a.mfgDays },
    reapheresisDays: { median: a.reapheresisDays, p90: a.reapheresisDays },
    logisticsDays: { median: a.logisticsDays, p90: a.logisticsDays },
  }));

  it('equal the simulation\'s counts exactly (wasm, 5,000 patients)', async () => {
    const pool = await getPool(1);
    await fc.assert(fc.asyncProperty(arbCertainArm, arbCertainArm, bit, async (c, p, os) => {
      const s = {
        cohort: { eligiblePerYear: 700, bridgingHazardRatio: 0, pOs1Untreated: os },
        arms: { commercial: c, poc: p },
        run: { patients: 5000, seed: 3 },
      };
      const x = expected(s);
      const r = await simulate(s, { pool });
      for (const [k, v] of outputs(x)) {
        const m = outputs(r).get(k) as number | null;
        if (v === null) {
          expect(m === null || /v2v\.(median|p10|p90)/.test(k), k).toBe(true);
          continue;
        }
        if (!/costs|v2v|costPer|lifetime|price|lifeYears|qalys|Qaly/.test(k)) expect(Number.isInteger(v), `${k} = ${v}`).toBe(true);
        expect(m, k).not.toBeNull();
        expect(Math.abs(v - (m as number)), `${k}: exact ${v}, simulated ${m}`).toBeLessThanOrEqual(1e-9 * Math.abs(v));
      }
    }), { numRuns: 40, seed: 7 });
  });
});

describe('options', () => {
  it('refuses a refinement of the quadrature that is not an integer in [1, 64]', () => {
    for (const refine of [0, 0.5, -1, 65, Number.NaN]) expect(() => expected({}, { refine })).toThrow(/refine: must be an integer in \[1, 64\]/);
  });
});

describe('no exact form', () => {
  it('refuses an arm with manufacturing capacity (a version 2 queue)', () => {
    const s = structuredClone(defaultScenario) as Scenario;
    (s.arms.poc as unknown as Record<string, unknown>).capacity = { lines: 2 };
    expect(() => scenarioExpectation(s)).toThrow(/arms\.poc\.capacity: the exact engine has no form/);
  });
});

describe('life-years, QALYs, cost after year one and price parity', () => {
  it('lie within 5 MCSE of a 10^6-patient wasm run, with a cost after year one and discounting', async () => {
    const s = { cohort: { annualCostProgressed: 20_000, discountRate: 0.05, lifeYearsProgressed: 2 }, arms: { poc: { payment: 'perInfusion' as const, price: 150_000 } }, run: { patients: 1_000_000, seed: 11 } };
    const x = expected(s);
    const r = await simulate(s);
    const paths = ['lifetime.lifeYears', 'lifetime.qalys', 'lifetime.costPerQaly', 'lifetime.costAfterYear1', 'price.parity', 'costs.total', 'costs.perAlive1y'];
    for (const a of ARMS) {
      for (const p of paths) {
        const [g, k] = p.split('.');
        const e = (x.arms[a] as any)[g][k] as Estimate;
        const m = (r.arms[a] as any)[g][k] as Estimate;
        expect(e.mcse, `${a}.${p}`).toBe(0);
        expect(Math.abs((e.value as number) - (m.value as number)), `${a}.${p}: exact ${e.value}, simulated ${m.value} ± ${m.mcse}`).toBeLessThanOrEqual(5 * (m.mcse as number));
      }
    }
    for (const k of ['lifeYears', 'qalys', 'costPerQalyGained', 'totalCost'] as const) {
      const e = x.difference[k];
      const m = r.difference[k];
      expect(Math.abs((e.value as number) - (m.value as number)), `difference.${k}: exact ${e.value}, simulated ${m.value} ± ${m.mcse}`).toBeLessThanOrEqual(5 * (m.mcse as number));
    }
    // The cost after year one is in every cost: total = variable + later + fixed.
    const later = x.arms.poc.lifetime.costAfterYear1.value as number;
    expect(later).toBeGreaterThan(0);
    const parts = ['product', 'apheresis', 'bridging', 'infusion', 'adverseEvents', 'fixed'] as const;
    expect(x.arms.poc.costs.total.value).toBeCloseTo(parts.reduce((t, c) => t + (x.arms.poc.costs[c].value as number), 0) + later, 4);
  });

  it('are refused with cost-recovery pricing (solved from a run), like capacity', () => {
    expect(() => expected({ arms: { commercial: { pricing: { rule: 'costRecovery' } } } })).toThrow(/arms\.commercial\.pricing: the exact engine does not solve/);
  });
});

describe('the one-year states', () => {
  it('remission, progressed and dead sum to 1 and match the funnel', () => {
    const s = defaultScenario as Scenario;
    for (const a of ARMS) {
      const e = armExpectation(s.arms[a], s.cohort);
      expect(e.states.remission + e.states.progressed + e.states.dead).toBeCloseTo(1, 14);
      expect(e.states.remission).toBe(e.progressionFree1y);
      expect(e.states.dead).toBeCloseTo(1 - e.alive1y, 15);
      expect(e.infusedByAttempt.reduce((t, x) => t + x, 0)).toBeCloseTo(e.infused, 15);
    }
  });
});

/**
 * Random scenarios for the comparison with the simulation: probabilities away from 0 and 1
 * but sometimes exactly 0 or 1, log-normal durations of every spread, survival from a month to
 * ten years, hazard ratios 0 to 3, every payment and number of attempts.
 */
const prob = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1) }, { weight: 8, arbitrary: fc.double({ min: 0.05, max: 0.95, noNaN: true }) });
const dur = (positive: boolean) => fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.double({ min: 0.5, max: 60, noNaN: true }), fc.double({ min: 1, max: 6, noNaN: true })).map(([m, f]) => ({ median: m, p90: m * f })) },
  { weight: 1, arbitrary: fc.double({ min: 0.5, max: 60, noNaN: true }).map((m) => ({ median: m, p90: m })) },
  ...(positive ? [] : [{ weight: 1, arbitrary: fc.constant({ median: 0, p90: 0 }) }]),
);
const money = fc.oneof(fc.constant(0), fc.double({ min: 100, max: 5e5, noNaN: true }));
const arbArm = fc.record({
  pReferral: prob, adminDays: dur(false), pFunding: prob, slotWaitDays: dur(false), pApheresis: prob,
  mfgDays: dur(true), pInSpec: prob, pOos: prob, pOosReleased: prob, pRetry: prob,
  maxAttempts: fc.integer({ min: 1, max: 4 }), reapheresisDays: dur(false), logisticsDays: dur(false),
  pOrr: prob, pCr: prob, pOs1: prob, pPfs1: prob, pCrs3: prob, pIcans3: prob,
  payment: fc.constantFrom('perInfusion', 'perAttempt', 'perResponse'),
  price: money, apheresisCost: money, bridgingCostPerDay: fc.oneof(fc.constant(0), fc.double({ min: 10, max: 5000, noNaN: true })),
  infusionCost: money, crsCost: money, icansCost: money, fixedCostPerYear: fc.oneof(fc.constant(0), fc.double({ min: 1e3, max: 1e7, noNaN: true })),
}).map((a) => ({ ...a, pOos: a.pOos * (1 - a.pInSpec), pCr: a.pCr * a.pOrr, pPfs1: a.pPfs1 * a.pOs1 }));
const arbMcScenario = fc.record({
  cohort: fc.record({
    eligiblePerYear: fc.integer({ min: 1, max: 100_000 }),
    untreatedMedianSurvivalDays: fc.double({ min: 30, max: 3650, noNaN: true }),
    bridgingHazardRatio: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
    pOs1Untreated: prob,
  }),
  arms: fc.record({ commercial: arbArm, poc: arbArm }),
});

/** The most one patient can add to a sum output of an arm (Infinity: no bound, as for bridging days). */
function largestPerPatient(a: Arm, path: string): number {
  const name = path.split('.').slice(2).join('.');
  const product = a.price * (a.payment === 'perAttempt' ? 4 : 1);
  const bounded = product + 4 * a.apheresisCost + a.infusionCost + a.crsCost + a.icansCost;
  switch (name) {
    case 'manufacturing.attempts': case 'manufacturing.reaphereses': case 'manufacturing.oosReleased': return 4;
    case 'costs.product': return product;
    case 'costs.apheresis': return 4 * a.apheresisCost;
    case 'costs.infusion': return a.infusionCost;
    case 'costs.adverseEvents': return a.crsCost + a.icansCost;
    case 'costs.total': case 'costs.perEligible': return a.bridgingCostPerDay > 0 ? Infinity : bounded;
    default: return Infinity;
  }
}

describe('exact vs Monte Carlo', () => {
  const PATIENTS = 1_000_000;
  const Z = 5;

  it('every expectation within 5 MCSE of a 10^6-patient wasm run (60 random scenarios)', async () => {
    const scenarios = fc.sample(arbMcScenario, { numRuns: 60, seed: 20261129 });
    const failures: string[] = [];
    let compared = 0;
    let skipped = 0;
    for (const [i, file] of scenarios.entries()) {
      const s = { ...file, run: { patients: PATIENTS, seed: 1000 + i } };
      const x = expected(s);
      const r = await simulate(s);
      const N = s.cohort.eligiblePerYear;
      const simulated = (count: number) => (count * PATIENTS) / N; // expected simulated patients of a count per cohort
      const sim = new Map<string, Estimate>();
      const walk = (node: unknown, path: string) => {
        if (node && typeof node === 'object' && 'value' in node && 'mcse' in node) sim.set(path, node as Estimate);
        else if (node && typeof node === 'object' && !Array.isArray(node)) for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
      };
      walk(r.arms, 'arms');
      walk(r.difference, 'difference');
      for (const [k, v] of outputs(x)) {
        const e = sim.get(k) as Estimate;
        const arm = k.startsWith('arms.') ? (k.split('.')[1] as ArmName) : null;
        const xa = arm ? x.arms[arm] : null;
        if (v === null) {
          // Not an expectation (v2v percentiles), or a ratio whose expected denominator is 0: the
          // simulation's denominator is then 0 too.
          if (!/v2v\.(median|p10|p90)/.test(k) && e.value !== null) failures.push(`#${i} ${k}: exact null, simulated ${e.value} ± ${e.mcse}`);
          continue;
        }
        // Ratios: the delta method's MCSE holds with enough patients in the denominator.
        const denominator = /perInfused|v2v\.mean/.test(k) ? xa?.funnel.infused.value
          : /perCompleteResponse/.test(k) ? xa?.funnel.completeResponses.value
            : /perAlive1y/.test(k) ? xa?.funnel.alive1y.value
              : k === 'difference.costPerExtraAlive1y' ? Math.abs(x.difference.alive1y.value as number) : undefined;
        if (denominator !== undefined && simulated(denominator as number) < 400) {
          skipped++;
          continue;
        }
        if (k === 'difference.costPerExtraAlive1y' && Math.abs(x.difference.alive1y.value as number) < 20 * (sim.get('difference.alive1y')?.mcse as number)) {
          skipped++; // a difference of alive patients within noise of 0: the ratio's delta method does not hold
          continue;
        }
        if (e.value === null || e.mcse === null) {
          failures.push(`#${i} ${k}: exact ${v}, simulated null`);
          continue;
        }
        compared++;
        // A count's MCSE at the exact proportion (the simulated one is 0 when no patient, or every
        // patient, had the event), plus one patient of slack for the discreteness.
        const isCount = /funnel|lost|adverseEvents|difference\.(infused|completeResponses|alive1y)/.test(k);
        const p = Math.min(1, Math.abs(v) / N);
        const mcse = isCount ? Math.max(e.mcse, N * Math.sqrt((p * (1 - p)) / PATIENTS)) : e.mcse;
        if (mcse === 0 && !isCount && arm) {
          // Every simulated patient had the same value (none had the event): plausible only if
          // fewer than 20 patients are expected to have it. A patient adds at most `most` to the
          // sum, so at least E[X] / most of them have X > 0 (bridging: no bound; its count is checked).
          const most = largestPerPatient(s.arms[arm], k);
          const fixed = /costs\.(total|fixed)/.test(k) ? s.arms[arm].fixedCostPerYear : 0;
          const scale = /perEligible/.test(k) ? 1 / N : 1;
          const excess = Math.abs(v - fixed * scale) / scale;
          if (Math.abs(e.value - v) <= 1e-9 * Math.abs(v) + 1e-9 || (excess / N / most) * PATIENTS < 20) continue;
          failures.push(`#${i} ${k}: exact ${v}, simulated ${e.value} ± 0 (about ${((excess / N / most) * PATIENTS).toFixed(1)} simulated patients expected to contribute)`);
          continue;
        }
        // The kernel adds durations in float32 (rounding about 6e-8 relative per operation): a
        // nearly fixed vein-to-vein time has an MCSE below that, so 1e-6 relative is allowed too.
        const tol = mcse === 0 ? 1e-9 * Math.abs(v) + 1e-9 : Z * mcse + (isCount ? N / PATIENTS : 0) + 1e-6 * Math.abs(v);
        if (!(Math.abs(e.value - v) <= tol)) failures.push(`#${i} ${k}: exact ${v}, simulated ${e.value} ± ${e.mcse} (z = ${((e.value - v) / mcse).toFixed(2)})`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    // 77 outputs per scenario; the few skipped are ratios over too few simulated patients.
    expect(compared, `${compared} compared, ${skipped} skipped`).toBeGreaterThan(60 * 60);
    expect(skipped, `${compared} compared, ${skipped} skipped`).toBeLessThan(compared / 20);
  }, 600_000);
});
