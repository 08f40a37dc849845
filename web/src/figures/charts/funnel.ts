/**
 * The funnel of both arms: patients per year at each step (grouped bars), and where the
 * eligible patients go (infused, or lost by reason: one stacked bar per arm).
 */

import { ARM_LABELS, OUTPUT_LABELS } from '../../../../src/format/labels.js';
import { LOST_REASONS, type ArmName, type Result } from '../../../../src/scenario/types.js';
import type { Formatter } from '../../common/format.js';
import { barChart } from './bars.js';
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

export function funnelChart(result: Result, f: Formatter, width: number): SVGSVGElement {
  const narrow = width < 480;
  return barChart({
    width,
    height: 40 + FUNNEL_STEPS.length * 40,
    marginLeft: narrow ? 120 : 180,
    marginRight: 40,
    ariaLabel: 'Funnel: patients per year at each step, both arms',
    xLabel: 'Patients per year →',
    tickFormat: (d) => f.compact(d),
    groups: FUNNEL_STEPS.map((step) => {
      const label = OUTPUT_LABELS[step];
      return {
        label: narrow ? label.replace(' (cells collected)', '') : label,
        bars: ARMS.map((arm) => {
          const value = result.arms[arm].funnel[step].value ?? 0;
          return {
            segments: [{ value, color: ARM_COLORS[arm], title: `${ARM_LABELS[arm]}, ${label}: ${f.number(value, 'patients', 1)}` }],
            text: f.number(value, 'patients', 0),
          };
        }),
      };
    }),
  });
}

/** The colours of infused and of each loss reason (the fate chart's and its legend's). */
export const FATE_COLORS = ['#000000', ...CATEGORY_COLORS];

export function fateChart(result: Result, f: Formatter, width: number): SVGSVGElement {
  return barChart({
    width,
    height: 150,
    marginLeft: 100,
    ariaLabel: 'Where the eligible patients go: infused or lost, by reason, both arms',
    xLabel: 'Eligible patients per year →',
    tickFormat: (d) => f.compact(d),
    groups: [{
      bars: ARMS.map((arm) => ({
        label: ARM_LABELS[arm],
        segments: [
          { value: result.arms[arm].funnel.infused.value ?? 0, fate: 'infused' },
          ...LOST_REASONS.map((r) => ({ value: result.arms[arm].lost[r].value ?? 0, fate: `lost: ${OUTPUT_LABELS[r]}` })),
        ].map(({ value, fate }, i) => ({ value, color: FATE_COLORS[i], title: `${ARM_LABELS[arm]}, ${fate}: ${f.number(value, 'patients', 1)}` })),
      })),
    }],
  });
}
