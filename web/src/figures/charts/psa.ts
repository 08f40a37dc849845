/**
 * The charts of a probabilistic sensitivity analysis: the cost-effectiveness plane (one point
 * per draw, with the willingness-to-pay line), the acceptability curves with their frontier,
 * the EVPI against willingness to pay, and the one-way tornado. Rows and CSV for each, so the
 * table view, the download and the chart show the same numbers.
 */

import * as Plot from '@observablehq/plot';
import type { PsaResult } from '../../../../src/psa/result.js';
import type { TornadoBar } from '../../../../src/psa/tornado.js';
import type { DecisionCurves } from '../../../../src/psa/voi.js';
import type { PsaEffect } from '../../../../src/scenario/uncertain.js';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import { ARM_FIELDS, COHORT_FIELDS } from '../../../../src/scenario/fields.js';
import type { Formatter } from '../../common/format.js';
import { labelOf } from '../../common/params.js';
import { ARM_COLORS, CATEGORY_COLORS } from './palette.js';

/** Most points drawn on the plane (every draw stays in the table's statistics and the CSV). */
export const MAX_PLANE_POINTS = 2000;
/** Most bars of the tornado drawn (the largest swings; the table lists all). */
export const MAX_TORNADO_BARS = 15;

export const PLANE_COLOR = CATEGORY_COLORS[2];
export const LOW_COLOR = CATEGORY_COLORS[1];
export const HIGH_COLOR = CATEGORY_COLORS[0];
export const FRONTIER_COLOR = '#000000';

// ---------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------

/** `arms.poc.pCr` -> `Complete response (point of care)`. */
export function parameterLabel(path: string): string {
  const [head, arm, key] = path.split('.');
  if (head === 'arms' && (arm === 'commercial' || arm === 'poc')) return `${labelOf(key)} (${ARM_LABELS[arm]})`;
  return labelOf(path.split('.').at(-1) ?? path);
}

function specOf(path: string) {
  const key = path.split('.').at(-1) ?? '';
  return path.startsWith('arms.') ? ARM_FIELDS[key] : COHORT_FIELDS[key];
}

/** A parameter's value for people: a probability to 3 decimals, money, or a duration's median and p90 in days. */
export function parameterValue(path: string, value: number | { median: number; p90: number }, f: Formatter): string {
  if (typeof value !== 'number') return `median ${f.number(value.median, 'days', 1)} d, p90 ${f.number(value.p90, 'days', 1)} d`;
  const spec = specOf(path);
  if (spec?.kind === 'money') return f.number(value, 'money', 0);
  if (spec?.kind === 'probability') return f.number(value, 'patients', 3);
  return f.number(value, 'patients', 2);
}

/** The tornado's output in words, with its unit. */
export function tornadoOutputLabel(output: string, currency: string, short = false): string {
  if (output === 'difference.alive1y' && short) return 'Extra alive at 1 year, per year (POC − commercial)';
  if (output === 'difference.alive1y') return 'Extra patients alive at 1 year (point of care − commercial), per year';
  if (output === 'difference.infused') return 'Extra patients infused (point of care − commercial), per year';
  if (output === 'difference.totalCost') return `Extra cost (point of care − commercial), ${currency} per year`;
  if (output === 'netBenefit') return `Incremental net benefit, ${currency} per year`;
  return output;
}

/** The unit of a willingness to pay, by the PSA's effect measure: every WTP shown carries it. */
export const WTP_UNITS: Readonly<Record<PsaEffect, string>> = Object.freeze({
  alive1y: 'per extra patient alive at 1 year',
  qalys: 'per QALY gained',
});

/** The effect measure of a PSA result as its figures draw it: the draws' values and mean, and its words. */
export interface EffectAxis {
  effect: PsaEffect;
  /** One value per draw (point of care − commercial). */
  values: number[];
  mean: number;
  /** The CSV column. */
  column: 'extraAlive1y' | 'extraQalys';
  /** `extra patients alive at 1 year`, `extra QALYs`. */
  noun: string;
  /** The same for a phone. */
  short: string;
}

export function effectAxis(r: PsaResult): EffectAxis {
  return r.effect === 'qalys'
    ? { effect: 'qalys', values: r.cePlane.extraQalys, mean: r.difference.qalys.mean ?? 0, column: 'extraQalys', noun: 'extra QALYs', short: 'extra QALYs' }
    : { effect: 'alive1y', values: r.cePlane.extraAlive1y, mean: r.difference.alive1y.mean ?? 0, column: 'extraAlive1y', noun: 'extra patients alive at 1 year', short: 'extra alive at 1 year' };
}

/** The WTP axis label, with its unit, shorter on a phone. */
function wtpLabel(width: number, currency: string, effect: PsaEffect): string {
  if (width < 560) return `WTP ${effect === 'qalys' ? 'per QALY' : 'per extra alive at 1 y'} (${currency}) →`;
  return `Willingness to pay ${WTP_UNITS[effect]} (${currency}) →`;
}

function csvField(x: string): string {
  return /[",\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x;
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return `${header.join(',')}\n${rows.map((r) => r.map((x) => csvField(x === null ? '' : String(x))).join(',')).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------
// Cost-effectiveness plane
// ---------------------------------------------------------------------------------------

/** One draw on the plane: its extra effect (patients alive at 1 year, or QALYs: the result's effect) and extra cost. */
export interface PlanePoint { draw: number; extraEffect: number; extraCost: number }

export function planePoints(r: PsaResult): PlanePoint[] {
  return effectAxis(r).values.map((a, draw) => ({ draw, extraEffect: a, extraCost: r.cePlane.extraCost[draw] }));
}

/** Every k-th draw, k the smallest stride that keeps at most `max` points (the same draws each time). */
export function subsample<T>(rows: readonly T[], max = MAX_PLANE_POINTS): T[] {
  if (rows.length <= max) return [...rows];
  const stride = Math.ceil(rows.length / max);
  return rows.filter((_, i) => i % stride === 0);
}

function extent(values: number[], pad = 0.06): [number, number] {
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const d = (hi - lo) * pad;
  return [lo - d, hi + d];
}

export function planeChart(r: PsaResult, wtp: number, f: Formatter, width: number): SVGSVGElement | HTMLElement {
  const points = planePoints(r);
  const shown = subsample(points);
  const e = effectAxis(r);
  const x = extent(points.map((p) => p.extraEffect));
  const y = extent(points.map((p) => p.extraCost));
  const mean = { extraEffect: e.mean, extraCost: r.difference.totalCost.mean ?? 0 };
  const cap = (t: string) => t[0].toUpperCase() + t.slice(1);
  // The WTP line y = wtp x across the plane, clipped to the frame (it must not stretch the axes).
  const line = [{ x: x[0], y: wtp * x[0] }, { x: x[1], y: wtp * x[1] }];
  return Plot.plot({
    width,
    height: Math.round(Math.min(420, Math.max(260, width * 0.62))),
    marginLeft: 64,
    marginRight: 16,
    ariaLabel: `Cost-effectiveness plane: extra cost against ${e.noun}, one point per draw, with the willingness-to-pay line`,
    x: { label: width < 560 ? `${cap(e.short)}, per year (POC − commercial) →` : `${cap(e.noun)}, per year (point of care − commercial) →`, domain: x, grid: true, tickFormat: (d: number) => f.compact(d) },
    y: { label: `↑ Extra cost per year (${f.currency})`, domain: y, grid: true, tickFormat: (d: number) => f.compactMoney(d) },
    marks: [
      Plot.ruleX([0], { stroke: '#555' }),
      Plot.ruleY([0], { stroke: '#555' }),
      Plot.dot(shown, {
        x: 'extraEffect', y: 'extraCost', r: 2, fill: PLANE_COLOR, fillOpacity: 0.45, stroke: null,
        title: (d: PlanePoint) => `Draw ${d.draw + 1}: ${f.number(d.extraEffect, 'patients', 1)} ${e.short}, ${f.number(d.extraCost, 'money', 0)} extra cost`,
      }),
      Plot.line(line, { x: 'x', y: 'y', stroke: FRONTIER_COLOR, strokeWidth: 1.5, strokeDasharray: '6,4', clip: true, className: 'wtp-line' }),
      Plot.dot([mean], { x: 'extraEffect', y: 'extraCost', symbol: 'cross', r: 6, stroke: FRONTIER_COLOR, strokeWidth: 2.5, fill: FRONTIER_COLOR }),
      Plot.text([mean], { x: 'extraEffect', y: 'extraCost', text: () => 'mean', dx: 8, dy: -8, textAnchor: 'start', fill: '#111', fontSize: 11, stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' }),
      Plot.text([line[1]], { frameAnchor: 'bottom-right', text: () => `dashed: WTP ${f.compactMoney(wtp)} ${e.effect === 'qalys' ? 'per QALY' : 'per extra alive at 1 y'}`, dx: -4, dy: -16, fill: '#111', fontSize: 11, stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' }),
    ],
  });
}

export function planeCsv(r: PsaResult): string {
  return toCsv(['draw', effectAxis(r).column, 'extraCost'], planePoints(r).map((p) => [p.draw + 1, p.extraEffect, p.extraCost]));
}

// ---------------------------------------------------------------------------------------
// Acceptability curves and EVPI
// ---------------------------------------------------------------------------------------

export interface CurveRow { wtp: number; series: string; value: number }

export function acceptabilityRows(c: DecisionCurves): CurveRow[] {
  return c.wtp.flatMap((wtp, i) => [
    { wtp, series: ARM_LABELS.commercial, value: c.acceptability.commercial[i] },
    { wtp, series: ARM_LABELS.poc, value: c.acceptability.poc[i] },
  ]);
}

/** The CSV column of a WTP, with its unit. */
const wtpColumn = (effect: PsaEffect) => (effect === 'qalys' ? 'wtpPerQalyGained' : 'wtpPerExtraAlive1y');

export function acceptabilityChart(c: DecisionCurves, wtp: number, f: Formatter, width: number, effect: PsaEffect): SVGSVGElement | HTMLElement {
  const rows = acceptabilityRows(c);
  const frontier = c.wtp.map((w, i) => ({ wtp: w, value: c.frontier.probability[i], arm: c.frontier.arm[i] }));
  const arms = [ARM_LABELS.commercial, ARM_LABELS.poc];
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 50,
    marginRight: 16,
    ariaLabel: `Cost-effectiveness acceptability curves of both arms and the frontier, against willingness to pay ${WTP_UNITS[effect]}`,
    x: { label: wtpLabel(width, f.currency, effect), grid: true, tickFormat: (d: number) => f.compactMoney(d), ticks: Math.max(3, Math.floor(width / 90)) },
    y: { label: '↑ Probability cost-effective (%)', domain: [0, 1], grid: true, tickFormat: (d: number) => f.number(100 * d, 'patients', 0) },
    color: { domain: arms, range: [ARM_COLORS.commercial, ARM_COLORS.poc] },
    marks: [
      // The frontier: wide and pale under the arm it follows (the arm with the larger expected net benefit).
      Plot.line(frontier, { x: 'wtp', y: 'value', stroke: FRONTIER_COLOR, strokeOpacity: 0.22, strokeWidth: 9, strokeLinecap: 'round' }),
      Plot.line(rows, { x: 'wtp', y: 'value', stroke: 'series', strokeWidth: 2, title: (d: CurveRow) => `${d.series} at ${f.number(d.wtp, 'money', 0)}: ${f.number(100 * d.value, 'patients', 1)}%` }),
      Plot.ruleX([wtp], { stroke: '#333', strokeDasharray: '4,3' }),
      Plot.ruleY([0]),
    ],
  });
}

export function acceptabilityCsv(c: DecisionCurves, effect: PsaEffect): string {
  return toCsv([wtpColumn(effect), 'commercial', 'poc', 'frontierArm', 'frontierProbability'],
    c.wtp.map((w, i) => [w, c.acceptability.commercial[i], c.acceptability.poc[i], c.frontier.arm[i], c.frontier.probability[i]]));
}

export function evpiChart(c: DecisionCurves, wtp: number, f: Formatter, width: number, effect: PsaEffect): SVGSVGElement | HTMLElement {
  const rows = c.wtp.map((w, i) => ({ wtp: w, evpi: c.evpi[i] }));
  return Plot.plot({
    width,
    height: 240,
    marginLeft: 64,
    marginRight: 16,
    ariaLabel: `Expected value of perfect information per year against willingness to pay ${WTP_UNITS[effect]}`,
    x: { label: wtpLabel(width, f.currency, effect), grid: true, tickFormat: (d: number) => f.compactMoney(d), ticks: Math.max(3, Math.floor(width / 90)) },
    y: { label: `↑ EVPI per year (${f.currency})`, grid: true, tickFormat: (d: number) => f.compactMoney(d) },
    marks: [
      Plot.areaY(rows, { x: 'wtp', y: 'evpi', fill: CATEGORY_COLORS[6], fillOpacity: 0.2 }),
      Plot.line(rows, { x: 'wtp', y: 'evpi', stroke: CATEGORY_COLORS[6], strokeWidth: 2, title: (d: { wtp: number; evpi: number }) => `EVPI at ${f.number(d.wtp, 'money', 0)}: ${f.number(d.evpi, 'money', 0)}` }),
      Plot.ruleX([wtp], { stroke: '#333', strokeDasharray: '4,3' }),
      Plot.ruleY([0]),
    ],
  });
}

export function evpiCsv(c: DecisionCurves, effect: PsaEffect): string {
  return toCsv([wtpColumn(effect), 'evpi', 'expectedIncrementalNetBenefit'], c.wtp.map((w, i) => [w, c.evpi[i], c.expectedIncrementalNetBenefit[i]]));
}

// ---------------------------------------------------------------------------------------
// Tornado
// ---------------------------------------------------------------------------------------

export interface TornadoRow { label: string; end: string; from: number; to: number; value: string; output: number }

/** Each bar's two halves: from the base case to the output with the parameter at its 2.5th and at its 97.5th percentile. */
export function tornadoRows(r: PsaResult, f: Formatter): TornadoRow[] {
  const t = r.tornado;
  if (!t || t.base === null) return [];
  const base = t.base;
  return t.bars.slice(0, MAX_TORNADO_BARS).flatMap((b) => {
    if (b.low.output === null || b.high.output === null) return [];
    const label = barLabel(b, f);
    return [
      { label, end: '2.5th percentile', from: base, to: b.low.output, value: parameterValue(b.parameter, b.low.value, f), output: b.low.output },
      { label, end: '97.5th percentile', from: base, to: b.high.output, value: parameterValue(b.parameter, b.high.value, f), output: b.high.output },
    ];
  });
}

/** The bar's label: the parameter and the two values it took (2.5th – 97.5th percentile). */
export function barLabel(b: TornadoBar, f: Formatter): string {
  const v = (x: number | { median: number; p90: number }) => (typeof x === 'number' ? parameterValue(b.parameter, x, f) : `${f.number(x.median, 'days', 1)} d`);
  return `${parameterLabel(b.parameter)}: ${v(b.low.value)} – ${v(b.high.value)}`;
}

export function tornadoChart(r: PsaResult, f: Formatter, width: number): SVGSVGElement | HTMLElement {
  const rows = tornadoRows(r, f);
  const t = r.tornado;
  const labels = [...new Set(rows.map((d) => d.label))];
  const phone = width < 560;
  // Labels above their bars on a phone, and wherever the longest would not fit the left margin (about 6 px a character).
  const margin = Math.min(330, Math.round(width * 0.48));
  const narrow = phone || Math.max(0, ...labels.map((l) => l.length)) * 6 > margin;
  const output = tornadoOutputLabel(t?.output ?? '', f.currency, phone);
  const money = t?.output === 'difference.totalCost' || t?.output === 'netBenefit';
  const tick = (d: number) => (money ? f.compactMoney(d) : f.compact(d));
  return Plot.plot({
    width,
    height: 50 + Math.max(1, labels.length) * (narrow ? 50 : 26),
    marginLeft: narrow ? 10 : margin,
    marginRight: 20,
    marginTop: narrow ? 10 : 20,
    ariaLabel: 'Tornado: the output with each uncertain parameter at its 2.5th and 97.5th percentile, sorted by swing',
    x: { label: `${output} →`, grid: true, tickFormat: tick, labelAnchor: phone ? 'left' : 'right' },
    y: { domain: labels, label: null, axis: narrow ? null : 'left', padding: narrow ? 0.6 : 0.25, tickSize: 0 },
    color: { domain: ['2.5th percentile', '97.5th percentile'], range: [LOW_COLOR, HIGH_COLOR] },
    marks: [
      Plot.barX(rows, {
        x1: 'from', x2: 'to', y: 'label', fill: 'end', insetTop: narrow ? 0 : 1, insetBottom: narrow ? 0 : 1,
        title: (d: TornadoRow) => `${d.label}\nParameter at its ${d.end}: ${d.value}; output ${money ? f.number(d.output, 'money', 0) : f.number(d.output, 'patients', 2)}`,
      }),
      Plot.ruleX([t?.base ?? 0], { stroke: '#111', strokeWidth: 1.5 }),
      // On a phone the labels go above their bars (the left margin would leave no room).
      ...(narrow ? [Plot.text(labels, { y: (d: string) => d, text: (d: string) => d, frameAnchor: 'left', dy: -15, textAnchor: 'start', fontSize: 10, fill: '#222', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' })] : []),
    ],
  });
}

export function tornadoCsv(r: PsaResult): string {
  const t = r.tornado;
  const v = (x: number | { median: number; p90: number }) => (typeof x === 'number' ? x : x.median);
  return toCsv(['parameter', 'output', 'base', 'low', 'high', 'lowOutput', 'highOutput', 'swing'],
    (t?.bars ?? []).map((b) => [b.parameter, t?.output ?? '', t?.base ?? null, v(b.low.value), v(b.high.value), b.low.output, b.high.output, b.swing]));
}
