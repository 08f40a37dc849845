/** Cost breakdown: the payer's cost per year of each arm, stacked by component. */

import { ARM_LABELS, OUTPUT_LABELS } from '../../../../src/format/labels.js';
import type { ArmName, Result } from '../../../../src/scenario/types.js';
import type { Formatter } from '../../common/format.js';
import { barChart } from './bars.js';
import { CATEGORY_COLORS } from './palette.js';

const ARMS: ArmName[] = ['commercial', 'poc'];
export const COST_COMPONENTS = ['product', 'apheresis', 'bridging', 'infusion', 'adverseEvents', 'fixed'] as const;

export interface CostRow { arm: string; component: string; value: number; mcse: number | null }

export function costRows(result: Result): CostRow[] {
  return ARMS.flatMap((arm) => COST_COMPONENTS.map((c) => {
    const e = result.arms[arm].costs[c];
    return { arm: ARM_LABELS[arm], component: OUTPUT_LABELS[c], value: e.value ?? 0, mcse: e.mcse };
  }));
}

/** The colours of the cost components, in the order of COST_COMPONENTS (the chart's and its legend's). */
export const COST_COLORS = [CATEGORY_COLORS[4], CATEGORY_COLORS[0], CATEGORY_COLORS[1], CATEGORY_COLORS[2], CATEGORY_COLORS[6], CATEGORY_COLORS[5]];

export function costChart(result: Result, f: Formatter, width: number): SVGSVGElement {
  return barChart({
    width,
    height: 150,
    marginLeft: 100,
    marginRight: 70,
    ariaLabel: 'Cost per year of each arm, by component',
    xLabel: `Cost per year (${f.currency}) →`,
    tickFormat: (d) => f.compactMoney(d),
    textSize: 10,
    groups: [{
      bars: ARMS.map((arm) => ({
        label: ARM_LABELS[arm],
        segments: COST_COMPONENTS.map((c, i) => {
          const value = result.arms[arm].costs[c].value ?? 0;
          return { value, color: COST_COLORS[i], title: `${ARM_LABELS[arm]}, ${OUTPUT_LABELS[c]}: ${f.number(value, 'money', 0)}` };
        }),
        text: f.compactMoney(result.arms[arm].costs.total.value ?? 0),
      })),
    }],
  });
}
