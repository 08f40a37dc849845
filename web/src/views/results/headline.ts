/**
 * The headline numbers: for both arms and their difference, patients infused per year, median
 * vein-to-vein time, cost per patient infused and per patient alive at one year, and the extra
 * cost per extra patient alive at one year, each with its MCSE; the counts of patients with
 * their share of the eligible. "Alive at 1 year" counts every eligible patient alive a year
 * on, infused or not (MODEL.md: patients not infused survive at cohort.pOs1Untreated), so it
 * can exceed the patients infused: the label says so.
 */

import type { Estimate, Result } from '../../../../src/scenario/types.js';
import type { Unit } from '../../common/format.js';

export interface HeadlineRow {
  id: string;
  label: string;
  unit: Unit;
  commercial: Estimate | null;
  poc: Estimate | null;
  difference: Estimate | null;
  /** The difference's MCSE is a bound (arms taken as independent), not the engine's estimate. */
  differenceBound: boolean;
  /** A count of patients, shown beside its share of the eligible patients. */
  share?: boolean;
}

/**
 * POC minus commercial for an output the engine gives per arm only. Its MCSE is taken as if
 * the arms were independent, sqrt(a² + b²): with common random numbers the arms are positively
 * correlated, so the true MCSE is smaller and this one is an upper bound.
 */
function boundedDifference(a: Estimate, b: Estimate): Estimate {
  if (a.value === null || b.value === null) return { value: null, mcse: null };
  const mcse = a.mcse === null || b.mcse === null ? null : Math.hypot(a.mcse, b.mcse);
  return { value: b.value - a.value, mcse };
}

export function headlineRows(r: Result): HeadlineRow[] {
  const c = r.arms.commercial;
  const p = r.arms.poc;
  return [
    { id: 'infused', label: 'Patients infused per year', unit: 'patients', commercial: c.funnel.infused, poc: p.funnel.infused, difference: r.difference.infused, differenceBound: false, share: true },
    { id: 'alive1y', label: 'Patients alive at 1 year, infused or not, per year', unit: 'patients', commercial: c.funnel.alive1y, poc: p.funnel.alive1y, difference: r.difference.alive1y, differenceBound: false, share: true },
    { id: 'v2vMedian', label: 'Median vein-to-vein time (days)', unit: 'days', commercial: c.v2v.median, poc: p.v2v.median, difference: boundedDifference(c.v2v.median, p.v2v.median), differenceBound: true },
    { id: 'perInfused', label: 'Cost per patient infused', unit: 'money', commercial: c.costs.perInfused, poc: p.costs.perInfused, difference: boundedDifference(c.costs.perInfused, p.costs.perInfused), differenceBound: true },
    { id: 'perAlive1y', label: 'Cost per patient alive at 1 year', unit: 'money', commercial: c.costs.perAlive1y, poc: p.costs.perAlive1y, difference: boundedDifference(c.costs.perAlive1y, p.costs.perAlive1y), differenceBound: true },
    { id: 'costPerExtraAlive1y', label: 'Extra cost per extra patient alive at 1 year', unit: 'money', commercial: null, poc: null, difference: r.difference.costPerExtraAlive1y, differenceBound: false },
  ];
}
