/**
 * The funnel of both arms: patients per year at each step (grouped bars), and where the
 * eligible patients go (infused, or lost by reason: one stacked bar per arm).
 */

import * as Plot from '@observablehq/plot';
import { ARM_LABELS, OUTPUT_LABELS } from '../../../../src/format/labels.js';
import { LOST_REASONS, type ArmName, type Result } from '../../../../src/scenario/types.js';
import type { Formatter } from '../../common/format.js';
import { ARM_COLORS, CATEGORY_COLORS } from './palette.js';

export const FUNNEL_STEPS = ['eligible', 'referred', 'funded', 'apheresed', 'infused', 'responses', 'completeResponses', 'alive1y'] as const;

const ARMS: ArmName[] = ['commercial', 'poc'];

export interface FunnelRow { arm: string; step: string; value: number; mcse: number | null }

export function funnelRows(result: Result): FunnelRow[] {
  return FUNNEL_STEPS.flatMap((step) => ARMS.map((arm) => {
    const e = result.arms[arm].funnel[step];
    return { arm: ARM_LABELS[arm], step: OUTPUT_LABELS[step], value: e.value ?? 0, mcse: e.mcse };
  }));
}

export interface FateRow { arm: string; fate: string; value: number; mcse: number | null }

/** Infused plus every loss reason: they sum to the eligible patients. */
export function fateRows(result: Result): FateRow[] {
  return ARMS.flatMap((arm) => [
    { arm: ARM_LABELS[arm], fate: 'infused', value: result.arms[arm].funnel.infused.value ?? 0, mcse: result.arms[arm].funnel.infused.mcse },
    ...LOST_REASONS.map((r) => ({ arm: ARM_LABELS[arm], fate: `lost: ${OUTPUT_LABELS[r]}`, value: result.arms[arm].lost[r].value ?? 0, mcse: result.arms[arm].lost[r].mcse })),
  ]);
}

export function funnelChart(result: Result, f: Formatter, width: number): SVGSVGElement | HTMLElement {
  const rows = funnelRows(result);
  const arms = [ARM_LABELS.commercial, ARM_LABELS.poc];
  return Plot.plot({
    width,
    height: 40 + FUNNEL_STEPS.length * 40,
    marginLeft: width < 480 ? 120 : 180,
    marginRight: 40,
    ariaLabel: 'Funnel: patients per year at each step, both arms',
    x: { label: 'Patients per year →', grid: true, tickFormat: (d: number) => f.compact(d) },
    y: { axis: null, domain: arms, padding: 0.1 },
    fy: { label: null, domain: FUNNEL_STEPS.map((s) => OUTPUT_LABELS[s]), padding: 0.2, tickFormat: (s: string) => (width < 480 ? s.replace(' (cells collected)', '') : s) },
    color: { domain: arms, range: [ARM_COLORS.commercial, ARM_COLORS.poc] },
    marks: [
      Plot.barX(rows, { x: 'value', y: 'arm', fy: 'step', fill: 'arm', title: (d: FunnelRow) => `${d.arm}, ${d.step}: ${f.number(d.value, 'patients', 1)}` }),
      Plot.text(rows, { x: 'value', y: 'arm', fy: 'step', text: (d: FunnelRow) => f.number(d.value, 'patients', 0), dx: 4, textAnchor: 'start', fontSize: 10, fill: '#222' }),
      Plot.ruleX([0]),
    ],
  });
}

export function fateChart(result: Result, f: Formatter, width: number): SVGSVGElement | HTMLElement {
  const rows = fateRows(result);
  const fates = ['infused', ...LOST_REASONS.map((r) => `lost: ${OUTPUT_LABELS[r]}`)];
  return Plot.plot({
    width,
    height: 150,
    marginLeft: 100,
    ariaLabel: 'Where the eligible patients go: infused or lost, by reason, both arms',
    x: { label: 'Eligible patients per year →', grid: true, tickFormat: (d: number) => f.compact(d) },
    y: { label: null, domain: [ARM_LABELS.commercial, ARM_LABELS.poc] },
    color: { domain: fates, range: ['#000000', ...CATEGORY_COLORS] },
    marks: [
      Plot.barX(rows, Plot.stackX({ x: 'value', y: 'arm', fill: 'fate', order: fates, title: (d: FateRow) => `${d.arm}, ${d.fate}: ${f.number(d.value, 'patients', 1)}` })),
      Plot.ruleX([0]),
    ],
  });
}
