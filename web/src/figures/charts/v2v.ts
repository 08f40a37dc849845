/** Vein-to-vein time of infused patients: the one-day histograms of both arms, overlaid. */

import * as Plot from '@observablehq/plot';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import type { ArmName, Result } from '../../../../src/scenario/types.js';
import type { Formatter } from '../../common/format.js';
import { ARM_COLORS } from './palette.js';

const ARMS: ArmName[] = ['commercial', 'poc'];

export interface V2vRow { arm: string; day: number; value: number }

/** One row per arm and one-day bin [day, day + 1), the overflow bin (>= 180 days) left out. */
export function v2vRows(result: Result): V2vRow[] {
  return ARMS.flatMap((arm) => result.arms[arm].v2v.histogram.slice(0, -1).map((value, day) => ({ arm: ARM_LABELS[arm], day, value })));
}

/** The last day worth drawing: past the 99.5th percentile of both arms, at least 30. */
export function v2vDomainEnd(result: Result): number {
  let end = 30;
  for (const arm of ARMS) {
    const h = result.arms[arm].v2v.histogram;
    const total = h.reduce((a, b) => a + b, 0);
    let acc = 0;
    for (let d = 0; d < h.length - 1; d++) {
      acc += h[d];
      if (acc >= 0.995 * total) {
        end = Math.max(end, d + 2);
        break;
      }
    }
  }
  return Math.min(180, Math.ceil(end / 10) * 10);
}

export function v2vChart(result: Result, f: Formatter, width: number): SVGSVGElement | HTMLElement {
  const end = v2vDomainEnd(result);
  const rows = v2vRows(result).filter((r) => r.day < end);
  const arms = [ARM_LABELS.commercial, ARM_LABELS.poc];
  const medians = ARMS.map((arm) => ({ arm: ARM_LABELS[arm], median: result.arms[arm].v2v.median.value })).filter((m) => m.median !== null);
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 50,
    ariaLabel: 'Vein-to-vein time of infused patients, histograms of both arms overlaid, with medians',
    x: { label: 'Vein-to-vein time (days) →', domain: [0, end] },
    y: { label: '↑ Patients infused per year, per day', grid: true, tickFormat: (d: number) => f.compact(d) },
    color: { domain: arms, range: [ARM_COLORS.commercial, ARM_COLORS.poc] },
    marks: [
      Plot.rectY(rows, { x1: 'day', x2: (d: V2vRow) => d.day + 1, y: 'value', fill: 'arm', fillOpacity: 0.35, title: (d: V2vRow) => `${d.arm}, day ${d.day}: ${f.number(d.value, 'patients', 2)}` }),
      Plot.lineY(rows, { x: (d: V2vRow) => d.day + 0.5, y: 'value', stroke: 'arm', curve: 'step', strokeWidth: 1.5 }),
      Plot.ruleX(medians, { x: 'median', stroke: 'arm', strokeDasharray: '4,3', strokeWidth: 1.5 }),
      // One label per arm, the second below the first so that close medians stay readable.
      ...medians.map((m, i) => Plot.text([m], { x: 'median', text: (d: { arm: string; median: number | null }) => `${d.arm} median ${f.number(d.median, 'days', 0)} d`, frameAnchor: 'top', dy: 4 + 13 * i, dx: 4, textAnchor: 'start', fill: '#222', fontSize: 10 })),
      Plot.ruleY([0]),
    ],
  });
}
