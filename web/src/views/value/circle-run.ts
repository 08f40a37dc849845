/**
 * The vicious circle's run (MODEL.md v2, "Price"), the value view's own: one run of the scenario
 * with both arms' pFunding at 1 gives each arm's attempts and units paid per eligible patient,
 * from which the library's `viciousCircle` solves the cost-recovery price and the patients
 * infused at it for every market size, as `cgt-access price --market` does. Two passes: a quick
 * one of 100,000 patients, then the scenario's patient count; a newer change aborts the run.
 */

import '../../runs/engine.js';
import { logGrid, ratesScenario, viciousCircle, type ViciousCircle } from '../../../../src/economics/cost-recovery.js';
import { resolvedPricing } from '../../../../src/economics/pricing.js';
import { ARM_NAMES, type Scenario } from '../../../../src/scenario/types.js';
import { simulateTally } from '../../../../src/simulate.js';
import type { Passes } from '../../runs/progressive.js';

export const QUICK_PATIENTS = 100_000;
/** The market sizes of the chart: 10 to 10^6 eligible patients a year, 10 points a decade. */
export const CIRCLE_GRID = logGrid(10, 1e6, 51);

export interface CircleResult extends ViciousCircle {
  /** The scenario the circle is of, its patients per arm and seed. */
  scenario: Scenario;
  patients: number;
  seed: number;
}

/** The grid and each arm's own market size (so that the current market is a row of the table). */
export function circleMarkets(s: Scenario): number[] {
  const own = ARM_NAMES.map((a) => resolvedPricing(s.arms[a]).marketEligiblePerYear);
  return [...new Set([...CIRCLE_GRID, ...own])].sort((a, b) => a - b);
}

export function circlePasses(quickPatients = QUICK_PATIENTS): Passes<Scenario, CircleResult> {
  return async (s, signal, emit, startedAt) => {
    const markets = circleMarkets(s);
    const rates = ratesScenario(s, ARM_NAMES);
    const total = s.run.patients;
    const quick = Math.min(quickPatients, total);
    const pass = async (patients: number, stage: 'quick' | 'refine') => {
      emit({ kind: 'progress', stage, done: 0, total: patients });
      const tally = await simulateTally({ ...rates, run: { ...rates.run, patients } }, {
        signal,
        onProgress: (p) => emit({ kind: 'progress', stage, done: p.done, total: p.total }),
      });
      return { ...viciousCircle(s, tally, markets), scenario: s, patients, seed: s.run.seed };
    };
    emit({ kind: 'result', result: await pass(quick, 'quick'), final: quick === total, startedAt });
    if (quick === total) return;
    emit({ kind: 'result', result: await pass(total, 'refine'), final: true, startedAt });
  };
}
