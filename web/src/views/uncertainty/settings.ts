/** The size, effect measure and willingness to pay of the uncertainty analysis, from the element's attributes. */

import { PSA_EFFECTS, type PsaEffect } from '../../../../src/scenario/uncertain.js';
import type { Scenario } from '../../../../src/scenario/types.js';
import type { ViewHost } from '../context.js';

/** Defaults of the analysis: 1000 draws of 10,000 patients (MODEL.md's `run.psa` default). */
export const DEFAULT_DRAWS = 1000;
export const DEFAULT_PATIENTS_PER_DRAW = 10_000;
/** The default effect measure (MODEL.md: `run.psa.effect` defaults to `alive1y`). */
export const DEFAULT_EFFECT: PsaEffect = 'alive1y';
/** The default willingness to pay per extra patient alive at one year (with QALYs: the scenario's `cohort.wtp` per QALY). */
export const DEFAULT_WTP = 100_000;

/** Draws and patients per draw: the attributes, within the validator's limits, or the defaults. */
export function psaSize(host: Pick<ViewHost, 'draws' | 'patientsPerDraw'>): { draws: number; patientsPerDraw: number } {
  const int = (x: number | undefined, min: number, max: number, fallback: number) =>
    typeof x === 'number' && Number.isFinite(x) ? Math.max(min, Math.min(max, Math.round(x))) : fallback;
  return { draws: int(host.draws, 2, 100_000, DEFAULT_DRAWS), patientsPerDraw: int(host.patientsPerDraw, 1, 1e8, DEFAULT_PATIENTS_PER_DRAW) };
}

/** The effect measure: the attribute, or the default. */
export function psaEffect(host: Pick<ViewHost, 'effect'>): PsaEffect {
  return (PSA_EFFECTS as readonly unknown[]).includes(host.effect) ? host.effect as PsaEffect : DEFAULT_EFFECT;
}

/**
 * Willingness to pay per unit of the effect: the attribute, or the effect's default (per extra
 * patient alive at one year, DEFAULT_WTP; per QALY gained, the scenario's `cohort.wtp`, the
 * Value view's).
 */
export function psaWtp(host: Pick<ViewHost, 'wtp' | 'effect'>, scenario: Pick<Scenario, 'cohort'>): number {
  if (typeof host.wtp === 'number' && Number.isFinite(host.wtp) && host.wtp >= 0) return host.wtp;
  return psaEffect(host) === 'qalys' ? scenario.cohort.wtp : DEFAULT_WTP;
}
