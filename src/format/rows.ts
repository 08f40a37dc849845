/**
 * A result as rows (arm, group, name, estimate): the one walk over a result that the CSV
 * and the table share.
 */

import type { ArmResult, Estimate, Result } from '../scenario/types.js';

export interface Row {
  arm: 'commercial' | 'poc' | 'difference';
  group: string;
  name: string;
  estimate: Estimate;
}

const GROUPS = ['funnel', 'lost', 'manufacturing', 'adverseEvents', 'v2v', 'costs', 'lifetime'] as const;

/** Rows of one arm, in the order of the result file; the v2v histogram as `histogram.<bin>` (no MCSE). */
export function armRows(arm: 'commercial' | 'poc', r: ArmResult, withHistogram: boolean): Row[] {
  const rows: Row[] = [];
  for (const group of GROUPS) {
    for (const [name, value] of Object.entries(r[group])) {
      if (name === 'histogram') {
        if (withHistogram) {
          (value as number[]).forEach((count, bin) =>
            rows.push({ arm, group, name: `histogram.${bin}`, estimate: { value: count, mcse: null } }));
        }
        continue;
      }
      rows.push({ arm, group, name, estimate: value as Estimate });
    }
  }
  // MODEL.md v2, "Price": the parity, and the cost-recovery price where the arm has pricing.
  rows.push({ arm, group: 'price', name: 'parity', estimate: r.price.parity });
  if (r.price.costRecovery) rows.push({ arm, group: 'price', name: 'costRecoveryPrice', estimate: r.price.costRecovery.price });
  return rows;
}

export function resultRows(result: Result, withHistogram = true): Row[] {
  return [
    ...armRows('commercial', result.arms.commercial, withHistogram),
    ...armRows('poc', result.arms.poc, withHistogram),
    ...Object.entries(result.difference).map(([name, estimate]) => ({
      arm: 'difference' as const, group: 'difference', name, estimate: estimate as Estimate,
    })),
  ];
}
