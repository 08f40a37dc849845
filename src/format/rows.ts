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

/** Rows of an arm's queue block (capacity, MODEL.md v2), nested names dotted: `waitFirst.median`. None without capacity. */
export function queueRows(arm: 'commercial' | 'poc', r: ArmResult): Row[] {
  if (!r.queue) return [];
  const rows: Row[] = [];
  for (const [name, value] of Object.entries(r.queue)) {
    if ('value' in value) rows.push({ arm, group: 'queue', name, estimate: value as Estimate });
    else for (const [sub, e] of Object.entries(value)) rows.push({ arm, group: 'queue', name: `${name}.${sub}`, estimate: e as Estimate });
  }
  return rows;
}

export function resultRows(result: Result, withHistogram = true): Row[] {
  return [
    ...armRows('commercial', result.arms.commercial, withHistogram),
    ...queueRows('commercial', result.arms.commercial),
    ...armRows('poc', result.arms.poc, withHistogram),
    ...queueRows('poc', result.arms.poc),
    ...Object.entries(result.difference).map(([name, estimate]) => ({
      arm: 'difference' as const, group: 'difference', name, estimate: estimate as Estimate,
    })),
  ];
}
