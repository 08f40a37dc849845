/**
 * Plausible ranges of the calibrated numbers: where the sources behind the presets (each
 * preset records the source of each number) and the published figures they cite put a
 * quantity, widened so that only a value far outside them is flagged. A fit can land anywhere
 * in a field's valid range (a manufacturing median of 76 days is valid); a value outside its
 * plausible range is reported with a note, as a sign that the targets or the parameters chosen
 * ask the model for something the sources do not support. Fields that are assumptions in every
 * source (bridgingHazardRatio, pOosReleased, pRetry) have no range and are never flagged.
 */

export interface PlausibleRange {
  low: number;
  high: number;
  /** Where the range comes from, in words. */
  basis: string;
}

const r = (low: number, high: number, basis: string): PlausibleRange => ({ low, high, basis });

const COHORT: Readonly<Record<string, PlausibleRange>> = {
  untreatedMedianSurvivalDays: r(60, 365, 'r/r large B-cell lymphoma and ALL without CAR-T: median survival about 4 to 6 months (presets: 120 to 180 days)'),
  pOs1Untreated: r(0.1, 0.5, 'one-year survival without CAR-T in r/r lymphoma (presets: 0.28)'),
};

const ARM: Readonly<Record<string, PlausibleRange>> = {
  pReferral: r(0.05, 1, 'referral to a treating centre varies widely between countries (presets: 0.42 to 0.7)'),
  pFunding: r(0.2, 1, 'funding approval (presets: 0.55 to 0.8)'),
  pApheresis: r(0.8, 1, 'apheresis collects usable cells for nearly every patient in the trials (presets: 0.95)'),
  'adminDays.median': r(1, 120, 'days to a funding decision (presets: 14 to 30)'),
  'adminDays.p90': r(1, 240, 'days to a funding decision (presets: p90 30 to 60)'),
  'slotWaitDays.median': r(0, 60, 'wait for an apheresis slot (presets: 2 to 7 days)'),
  'slotWaitDays.p90': r(0, 120, 'wait for an apheresis slot (presets: p90 7 to 21 days)'),
  'mfgDays.median': r(5, 45, 'manufacturing time: point-of-care 7 to 13 days, commercial turnaround 17 to 22 days, up to 2 months (seed, refs. 10, 11, 29, 30, 36)'),
  'mfgDays.p90': r(7, 90, 'manufacturing time: commercial "up to 2 months" (seed, refs. 10, 11)'),
  pInSpec: r(0.6, 1, 'products in specification: 70 to 90% commercial (10 to 30% out of specification, refs. 25, 26), 94 to 98.6% point-of-care (refs. 29, 30, 39)'),
  pOos: r(0, 0.35, 'out-of-specification products: 10 to 30% commercial (refs. 25, 26), a few % point-of-care'),
  'reapheresisDays.median': r(1, 60, 'days to a second apheresis (presets: 7 to 14)'),
  'reapheresisDays.p90': r(1, 120, 'days to a second apheresis (presets: p90 14 to 28)'),
  'logisticsDays.median': r(0, 42, 'shipping, release and scheduling of infusion (presets: 1 to 28 days)'),
  'logisticsDays.p90': r(0, 84, 'shipping, release and scheduling of infusion (presets: p90 2 to 56 days)'),
  pOrr: r(0.4, 0.98, 'overall response after CAR-T (seed Table 2: 0.63 to 0.85)'),
  pCr: r(0.2, 0.95, 'complete response after CAR-T (seed Table 2: 0.38 to 0.85)'),
  pOs1: r(0.3, 0.95, 'one-year survival after CAR-T (seed Table 2: 0.47 to 0.77)'),
  pPfs1: r(0.1, 0.9, 'one-year progression-free survival after CAR-T (seed Table 2: 0.25 to 0.56)'),
};

/** The plausible range of a parameter path (`arms.poc.mfgDays.median`, `cohort.pOs1Untreated`), or undefined where the sources give none. */
export function plausibleRange(path: string): PlausibleRange | undefined {
  const parts = path.split('.');
  if (parts[0] === 'cohort') return Object.hasOwn(COHORT, parts[1]) ? COHORT[parts[1]] : undefined;
  if (parts[0] !== 'arms') return undefined;
  const key = parts.slice(2).join('.');
  return Object.hasOwn(ARM, key) ? ARM[key] : undefined;
}
