/** Vein-to-vein time of infused patients: the one-day histograms of both arms, overlaid. */

import { ARM_LABELS } from '../../../../src/format/labels.js';
import type { ArmName, Result } from '../../../../src/scenario/types.js';
import type { Formatter } from '../../common/format.js';
import { esc, niceTicks, px, svgChart } from './bars.js';
import { ARM_COLORS } from './palette.js';

const ARMS: ArmName[] = ['commercial', 'poc'];

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

const MARGIN = { top: 20, right: 20, bottom: 30, left: 50 };
/** Pixels per tick wanted on x and on y. */
const X_TICK_SPACING = 80;
const Y_TICK_SPACING = 35;

/**
 * The histograms of both arms overlaid (one-day bars, light, with their outline as a step
 * line), the medians as dashed rules with their labels, drawn as one SVG string of a dozen
 * elements (this chart is redrawn on every run's result: a fraction of a millisecond, where a
 * chart library drawing a rectangle per day takes several, and no library to download for the
 * results view).
 */
export function v2vChart(result: Result, f: Formatter, width: number): SVGSVGElement {
  const height = 260;
  const end = v2vDomainEnd(result);
  const x0 = MARGIN.left;
  const x1 = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  const bins = ARMS.map((arm) => result.arms[arm].v2v.histogram.slice(0, end));
  let max = 0;
  for (const h of bins) for (const v of h) max = Math.max(max, v);
  if (!(max > 0) || !Number.isFinite(max)) max = 1;
  const x = (day: number) => x0 + ((x1 - x0) * day) / end;
  const y = (v: number) => bottom - ((bottom - top) * v) / max;
  const xTicks = niceTicks(end, (x1 - x0) / X_TICK_SPACING);
  const yTicks = niceTicks(max, (bottom - top) / Y_TICK_SPACING);

  const grid = yTicks.map((t) => `<line x1="${x0}" x2="${x1}" y1="${px(y(t) + 0.5)}" y2="${px(y(t) + 0.5)}"/>`).join('');
  const ticks = [
    ...yTicks.map((t) => `<path d="M${x0},${px(y(t) + 0.5)}h-6"/>`),
    ...xTicks.map((t) => `<path d="M${px(x(t) + 0.5)},${bottom}v6"/>`),
  ].join('');
  const yLabels = yTicks.map((t) => `<text x="${x0 - 8.5}" y="${px(y(t) + 0.5)}" dy="0.32em">${esc(f.compact(t))}</text>`).join('');
  const xLabels = xTicks.map((t) => `<text x="${px(x(t) + 0.5)}" y="${bottom + 9.5}" dy="0.71em">${esc(f.number(t, 'days', 0))}</text>`).join('');
  // Each arm's bars as one filled area under its histogram (one element, not one per day: the
  // table view lists the days), and the histogram's outline, a step through the bins' centres.
  const areas: string[] = [];
  const lines: string[] = [];
  ARMS.forEach((arm, a) => {
    const color = ARM_COLORS[arm];
    const h = bins[a];
    if (h.length === 0) return;
    let area = `M${px(x(0))},${bottom}`;
    let line = '';
    for (let day = 0; day < h.length; day++) {
      const barTop = px(y(Math.max(0, h[day])));
      area += `V${barTop}H${px(x(day + 1))}`;
      const cx = px(x(day + 0.5) + 0.5);
      const cy = px(y(Math.max(0, h[day])) + 0.5);
      line += day === 0 ? `M${cx},${cy}` : `H${px(x(day) + 0.5)}V${cy}H${cx}`;
    }
    area += `V${bottom}Z`;
    areas.push(`<path fill="${color}" d="${area}"><title>${esc(`${ARM_LABELS[arm]}: patients infused per year, by day of vein-to-vein time (the table lists them)`)}</title></path>`);
    lines.push(`<path stroke="${color}" d="${line}"/>`);
  });
  const medians = ARMS.map((arm) => ({ arm, median: result.arms[arm].v2v.median.value })).filter((m): m is { arm: ArmName; median: number } => m.median !== null);
  // One label per arm, the second below the first so that close medians stay readable.
  const rules = medians.map((m) => `<line x1="${px(x(m.median) + 0.5)}" x2="${px(x(m.median) + 0.5)}" y1="${top}" y2="${bottom}" stroke="${ARM_COLORS[m.arm]}"/>`).join('');
  const labels = medians.map((m, i) => `<text x="${px(x(m.median) + 4.5)}" y="${top + 4.5 + 13 * i}" dy="0.71em">${esc(`${ARM_LABELS[m.arm]} median ${f.number(m.median, 'days', 0)} d`)}</text>`).join('');

  return svgChart(width, height, 'Vein-to-vein time of infused patients, histograms of both arms overlaid, with medians', [
    `<g aria-hidden="true" stroke="currentColor" stroke-opacity="0.1">${grid}</g>`,
    `<g aria-hidden="true" fill="none" stroke="currentColor">${ticks}</g>`,
    `<g text-anchor="end" font-variant="tabular-nums">${yLabels}</g>`,
    `<g text-anchor="start"><text x="3.5" y="3.5" dy="0.71em">↑ Patients infused per year, per day</text></g>`,
    `<g font-variant="tabular-nums">${xLabels}</g>`,
    `<g text-anchor="end"><text x="${width - 2.5}" y="${bottom + 27.5}">Vein-to-vein time (days) →</text></g>`,
    `<g fill-opacity="0.35">${areas.join('')}</g>`,
    `<g fill="none" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round">${lines.join('')}</g>`,
    `<g stroke-width="1.5" stroke-dasharray="4,3">${rules}</g>`,
    `<g fill="#222" text-anchor="start" font-size="10">${labels}</g>`,
    `<g stroke="currentColor"><line x1="${x0}" x2="${x1}" y1="${bottom + 0.5}" y2="${bottom + 0.5}"/></g>`,
  ].join(''));
}
