/** The size and willingness to pay of the uncertainty analysis, from the element's attributes. */

import type { ViewHost } from '../context.js';

/** Defaults of the analysis: 1000 draws of 10,000 patients (MODEL.md's `run.psa` default). */
export const DEFAULT_DRAWS = 1000;
export const DEFAULT_PATIENTS_PER_DRAW = 10_000;
export const DEFAULT_WTP = 100_000;

/** Draws and patients per draw: the attributes, within the validator's limits, or the defaults. */
export function psaSize(host: Pick<ViewHost, 'draws' | 'patientsPerDraw'>): { draws: number; patientsPerDraw: number } {
  const int = (x: number | undefined, min: number, max: number, fallback: number) =>
    typeof x === 'number' && Number.isFinite(x) ? Math.max(min, Math.min(max, Math.round(x))) : fallback;
  return { draws: int(host.draws, 2, 100_000, DEFAULT_DRAWS), patientsPerDraw: int(host.patientsPerDraw, 1, 1e8, DEFAULT_PATIENTS_PER_DRAW) };
}

/** Willingness to pay per extra patient alive at one year: the attribute, or the default. */
export function psaWtp(host: Pick<ViewHost, 'wtp'>): number {
  return typeof host.wtp === 'number' && Number.isFinite(host.wtp) && host.wtp >= 0 ? host.wtp : DEFAULT_WTP;
}
