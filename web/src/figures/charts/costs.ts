/** Cost breakdown: the payer's cost per year of each arm, stacked by component. */

import * as Plot from '@observablehq/plot';
import { ARM_LABELS, OUTPUT_LABELS } from '../../../../src/format/labels.js';
import type { ArmName, Result } from '../../../../src/scenario/types.js';
import type { Formatter } from '../../common/format.js';
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

export function costChart(result: Result, f: Formatter, width: number): SVGSVGElement | HTMLElement {
  const rows = costRows(result);
  const components = COST_COMPONENTS.map((c) => OUTPUT_LABELS[c]);
  const totals = ARMS.map((arm) => ({ arm: ARM_LABELS[arm], total: result.arms[arm].costs.total.value ?? 0 }));
  return Plot.plot({
    width,
    height: 150,
    marginLeft: 100,
    marginRight: 70,
    ariaLabel: 'Cost per year of each arm, by component',
    x: { label: `Cost per year (${f.currency}) →`, grid: true, tickFormat: (d: number) => f.compactMoney(d) },
    y: { label: null, domain: [ARM_LABELS.commercial, ARM_LABELS.poc] },
    color: { domain: components, range: [CATEGORY_COLORS[4], CATEGORY_COLORS[0], CATEGORY_COLORS[1], CATEGORY_COLORS[2], CATEGORY_COLORS[6], CATEGORY_COLORS[5]] },
    marks: [
      Plot.barX(rows, Plot.stackX({ x: 'value', y: 'arm', fill: 'component', order: components, title: (d: CostRow) => `${d.arm}, ${d.component}: ${f.number(d.value, 'money', 0)}` })),
      Plot.text(totals, { x: 'total', y: 'arm', text: (d: { total: number }) => f.compactMoney(d.total), dx: 4, textAnchor: 'start', fill: '#222' }),
      Plot.ruleX([0]),
    ],
  });
}
