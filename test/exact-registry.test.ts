/**
 * The registries' manufacturing events of src/exact/arm.ts (`notInSpec`, `failedAttempt`,
 * `oosInfused`, `remanufacturedInfused`, `notInSpecNotInfused`) against the TypeScript
 * reference engine, patient by patient: the reference journey is run on each patient alone
 * (its own tally), and the events are read from that patient's attempts, OOS release,
 * manufacturing loss and infusion. Each exact probability lies within 4.5 MCSE of the share of
 * simulated patients (fixed seeds), and the last three partition the first. The same for the
 * manufacturing outcomes whatever happened next (`firstOosReleased`, `remanufactured`, and no
 * product ever, `lost.manufacturingFailed`), which partition `notInSpec` too and do not depend
 * on the disease clock; and the UK panel's four counts of 981 with these names reproduce the
 * commercial defaults (MODEL.md: pInSpec 0.958, pOos 0.018, pRetry 0.45).
 */

import { describe, expect, it } from 'vitest';
import { armExpectation, calibrate, cloneScenario, defaultScenario } from '../src/index.js';
import type { ArmExpectation, Scenario } from '../src/index.js';
import { A, ARM_OFFSET, newTally } from '../src/model/tally.js';
import { PatientDraws } from '../src/model/draws.js';
import { journey, type PatientOutcome } from '../src/reference/journey.js';
import { armModel, cohortModel } from '../src/model/arm-model.js';
import { CHUNK_PATIENTS, WORDS_PER_PATIENT, patientWords } from '../src/random/stream.js';

const EVENTS = ['notInSpec', 'failedAttempt', 'oosInfused', 'remanufacturedInfused', 'notInSpecNotInfused',
  'firstOosReleased', 'remanufactured', 'noProduct'] as const;
type Event = (typeof EVENTS)[number];
/** The exact probability of an event per eligible patient (no product ever: the loss to manufacturing). */
const exact = (e: ArmExpectation, k: Event): number => (k === 'noProduct' ? e.lost.manufacturingFailed : e[k]);

/** Shares of `patients` simulated patients (commercial arm) with each event, per eligible patient. */
function simulatedShares(s: Scenario, patients: number): Record<Event, number> {
  const arm = armModel(s.arms.commercial);
  const cohort = cohortModel(s.cohort);
  const words = new Uint32Array(WORDS_PER_PATIENT);
  const draws = new PatientDraws();
  const tally = newTally();
  const out: PatientOutcome = { infused: 0, completeResponse: 0, alive1y: 0, state: 0, cost: 0 };
  const o = ARM_OFFSET.commercial;
  const count = Object.fromEntries(EVENTS.map((k) => [k, 0])) as Record<Event, number>;
  for (let i = 0; i < patients; i++) {
    patientWords(s.run.seed, Math.floor(i / CHUNK_PATIENTS), i % CHUNK_PATIENTS, words);
    draws.decode(words);
    tally.fill(0);
    journey(arm, cohort, draws, tally, o, out);
    if (tally[o + A.apheresed] === 0) continue;
    const attempts = tally[o + A.attempts];
    const released = tally[o + A.manufactured] === 1;
    const infused = tally[o + A.infused] === 1;
    const oos = tally[o + A.oosReleased] === 1;
    // The first product was in specification exactly when one attempt released a product that was not OOS.
    const notInSpec = !(attempts === 1 && released && !oos);
    if (notInSpec) count.notInSpec++;
    if (attempts > 1 || !released) count.failedAttempt++;
    if (infused && oos) count.oosInfused++;
    if (infused && !oos && attempts > 1) count.remanufacturedInfused++;
    if (notInSpec && !infused) count.notInSpecNotInfused++;
    // Manufacturing outcomes alone, whatever happened to the patient next.
    if (attempts === 1 && released && oos) count.firstOosReleased++;
    if (attempts > 1 && released) count.remanufactured++;
    if (!released) count.noProduct++;
  }
  return Object.fromEntries(EVENTS.map((k) => [k, count[k] / patients])) as Record<Event, number>;
}

function scenario(arm: Partial<Scenario['arms']['commercial']>, cohort: Partial<Scenario['cohort']>, seed: number): Scenario {
  const s = cloneScenario(defaultScenario);
  Object.assign(s.arms.commercial, { pReferral: 1, pFunding: 1, ...arm });
  Object.assign(s.cohort, cohort);
  s.run.seed = seed;
  return s;
}

describe('registry manufacturing events: exact vs the reference engine', () => {
  const PATIENTS = 200_000;
  const cases: [string, Scenario][] = [
    ['frequent failures and OOS, three attempts, fast progression',
      scenario({ pInSpec: 0.6, pOos: 0.2, pOosReleased: 0.6, pRetry: 0.7, maxAttempts: 3 }, { untreatedMedianSurvivalDays: 60, bridgingHazardRatio: 1 }, 11)],
    ['the UK panel neighbourhood (0.958, 0.018, 0.45), two attempts',
      scenario({ pInSpec: 0.958, pOos: 0.018, pRetry: 0.45 }, {}, 12)],
    ['every OOS product released, four attempts, slow progression',
      scenario({ pInSpec: 0.5, pOos: 0.3, pOosReleased: 1, pRetry: 0.9, maxAttempts: 4 }, { untreatedMedianSurvivalDays: 400, bridgingHazardRatio: 0.3 }, 13)],
  ];
  for (const [name, s] of cases) {
    it(`${name}: each within 4.5 MCSE of ${PATIENTS} simulated patients`, () => {
      const e = armExpectation(s.arms.commercial, s.cohort);
      expect(e.oosInfused + e.remanufacturedInfused + e.notInSpecNotInfused).toBeCloseTo(e.notInSpec, 14);
      expect(e.notInSpec).toBeCloseTo(e.apheresed * (1 - s.arms.commercial.pInSpec), 15);
      expect(e.firstOosReleased + e.remanufactured + e.lost.manufacturingFailed).toBeCloseTo(e.notInSpec, 14);
      expect(e.remanufactured + e.lost.manufacturingFailed).toBeCloseTo(e.failedAttempt, 14);
      const sim = simulatedShares(s, PATIENTS);
      for (const k of EVENTS) {
        const p = exact(e, k);
        const mcse = Math.sqrt(Math.max(p * (1 - p), 1 / PATIENTS) / PATIENTS);
        expect(Math.abs(sim[k] - p), `${k}: exact ${p}, simulated ${sim[k]} (z = ${((sim[k] - p) / mcse).toFixed(2)})`).toBeLessThanOrEqual(4.5 * mcse);
      }
    });
  }
});

describe('manufacturing outcomes whatever happened next', () => {
  it('do not depend on the disease clock (per collected patient), unlike the infused-based ones', () => {
    const arm = { ...defaultScenario.arms.commercial, pInSpec: 0.7, pOos: 0.2, pRetry: 0.6, maxAttempts: 3 };
    const per = (days: number, hr: number) => {
      const e = armExpectation(arm, { ...defaultScenario.cohort, untreatedMedianSurvivalDays: days, bridgingHazardRatio: hr });
      return { oos: e.firstOosReleased / e.apheresed, remade: e.remanufactured / e.apheresed, none: e.lost.manufacturingFailed / e.apheresed,
        remadeInfused: e.remanufacturedInfused / e.apheresed };
    };
    const slow = per(10_000, 0.1);
    const fast = per(30, 2);
    expect(fast.oos).toBeCloseTo(slow.oos, 14);
    expect(fast.remade).toBeCloseTo(slow.remade, 14);
    expect(fast.none).toBeCloseTo(slow.none, 14);
    expect(fast.remadeInfused).toBeLessThan(slow.remadeInfused - 0.01);
    // Closed form per collected patient: s = pInSpec + pOos pOosReleased, f = 1 - s, q = pRetry.
    const s = arm.pInSpec + arm.pOos * arm.pOosReleased;
    const f = 1 - s;
    const q = arm.pRetry;
    expect(slow.oos).toBeCloseTo(arm.pOos * arm.pOosReleased, 14);
    expect(slow.remade).toBeCloseTo(f * q * s + (f * q) ** 2 * s, 14);
    expect(slow.none).toBeCloseTo(f * (1 - q) + f * q * f * (1 - q) + (f * q) ** 2 * f, 14);
  });

  it('the UK panel\'s four counts of 981 with these names reproduce the commercial defaults (exit 0 on the command line)', () => {
    const fit = calibrate({}, {
      arm: 'commercial',
      targets: {
        'perFunded.anyManufacturingFailure': { count: 38, of: 981 }, 'perFunded.firstOosReleased': { count: 13, of: 981 },
        'perFunded.remanufactured': { count: 11, of: 981 }, 'perFunded.lost.manufacturingFailed': { count: 14, of: 981 },
      },
      parameters: ['arms.commercial.pInSpec', 'arms.commercial.pOos', 'arms.commercial.pRetry'],
    });
    expect(fit.fit.kind).toBe('exact');
    const [pInSpec, pOos, pRetry] = fit.parameters.map((p) => p.value);
    expect(Math.abs(pInSpec - 0.958)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(pOos - 0.018)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(pRetry - 0.45)).toBeLessThanOrEqual(0.01);
    // The defaults are these values to MODEL.md's three decimals.
    const d = defaultScenario.arms.commercial;
    expect([d.pInSpec, d.pOos, d.pRetry]).toEqual([0.958, 0.018, 0.45]);
  });
});
