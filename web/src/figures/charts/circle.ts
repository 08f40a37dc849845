/**
 * The vicious circle (MODEL.md v2, "Price"; the seed's Fig. 2): against the market size
 * (eligible patients a year in the whole market, log scale), each arm's cost-recovery price
 * (log scale, above) and the patients it infuses a year in the scenario's cohort at that price
 * (below); the market sizes that do not sustain an arm's product shaded in its colour, and the
 * current market marked.
 */

import * as Plot from '@observablehq/plot';
import type { ViciousCircle } from '../../../../src/economics/cost-recovery.js';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import { ARM_NAMES, type ArmName } from '../../../../src/scenario/types.js';
import type { Formatter } from '../../common/format.js';
import { ARM_COLORS } from './palette.js';
import { stackPanels } from './stack.js';

export const MARKET_DOMAIN: [number, number] = [10, 1e6];

export interface CircleRow { market: number; arm: ArmName; sustained: boolean; price: number | null; priceMcse: number | null; infused: number; infusedMcse: number | null; pFunding: number }

export function circleRows(c: ViciousCircle): CircleRow[] {
  return ARM_NAMES.flatMap((arm) => c.arms[arm].points.map((p) => ({
    market: p.market, arm, sustained: p.sustained, price: p.sustained ? p.price.value : null, priceMcse: p.price.mcse,
    infused: p.infused.value ?? 0, infusedMcse: p.infused.mcse, pFunding: p.pFunding,
  })));
}

export interface Unsustained { arm: ArmName; from: number; to: number }

/** Each arm's runs of market sizes that do not sustain its product, widened halfway (on the log scale) to the neighbours. */
export function unsustainedRegions(c: ViciousCircle): Unsustained[] {
  const m = c.markets;
  const mid = (i: number) => Math.sqrt(m[i] * m[i + 1]);
  const out: Unsustained[] = [];
  for (const arm of ARM_NAMES) {
    const pts = c.arms[arm].points;
    for (let i = 0; i < pts.length; i++) {
      if (pts[i].sustained) continue;
      let j = i;
      while (j + 1 < pts.length && !pts[j + 1].sustained) j++;
      out.push({ arm, from: i === 0 ? m[0] : mid(i - 1), to: j === pts.length - 1 ? m[j] : mid(j) });
      i = j;
    }
  }
  return out;
}

/** Each arm's current market (its pricing's), one mark per distinct size. */
export function currentMarkets(c: ViciousCircle): { market: number; arms: ArmName[] }[] {
  const out: { market: number; arms: ArmName[] }[] = [];
  for (const arm of ARM_NAMES) {
    const market = c.arms[arm].pricing.marketEligiblePerYear;
    const known = out.find((x) => x.market === market);
    if (known) known.arms.push(arm);
    else out.push({ market, arms: [arm] });
  }
  return out;
}

/**
 * The price axis' ticks: every power of ten the prices span (with 2 and 5 times them when they
 * span fewer than four decades), the domain widened to whole decades, so that the axis is
 * labelled down to its lowest price (Plot's own log ticks, thinned to 5, could leave the
 * decades below $1M, where the current market sits, bare).
 */
export function priceTicks(prices: readonly number[]): { domain: [number, number]; ticks: number[] } {
  const ok = prices.filter((p) => p > 0 && Number.isFinite(p));
  if (ok.length === 0) return { domain: [1e4, 1e7], ticks: [1e4, 1e5, 1e6, 1e7] };
  let lo = Math.floor(Math.log10(Math.min(...ok)));
  let hi = Math.ceil(Math.log10(Math.max(...ok)));
  if (hi === lo) { lo -= 1; hi += 1; }
  const decades = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  const ticks = hi - lo < 4 ? decades.flatMap((d) => [d, 2 * d, 5 * d]).filter((t) => t <= 10 ** hi) : decades;
  // Past about 8 decades, every other one (the labels would touch).
  return { domain: [10 ** lo, 10 ** hi], ticks: ticks.length > 9 ? ticks.filter((_, i) => i % 2 === (ticks.length - 1) % 2) : ticks };
}

export function circleChart(c: ViciousCircle, f: Formatter, width: number): SVGSVGElement {
  const rows = circleRows(c);
  const regions = unsustainedRegions(c);
  const marks = currentMarkets(c).filter((x) => x.market >= MARKET_DOMAIN[0] && x.market <= MARKET_DOMAIN[1]);
  const narrow = width < 560;
  const x = { type: 'log' as const, domain: MARKET_DOMAIN, grid: true, tickFormat: (d: number) => f.compact(d), ticks: narrow ? 3 : 6 };
  const color = { domain: ARM_NAMES.map((a) => ARM_LABELS[a]), range: ARM_NAMES.map((a) => ARM_COLORS[a]) };
  const common = (label: string) => [
    Plot.rectX(regions, { x1: 'from', x2: 'to', fill: (d: Unsustained) => ARM_LABELS[d.arm], fillOpacity: 0.13 }),
    Plot.ruleX(marks, { x: 'market', stroke: '#333', strokeDasharray: '4,3' }),
    Plot.text(marks, { x: 'market', frameAnchor: 'top', dy: 2, dx: 3, textAnchor: 'start', fontSize: 10, fill: '#111', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', text: (d: { arms: ArmName[] }) => (label === 'price' ? `current market${marks.length > 1 ? ` (${d.arms.map((a) => ARM_LABELS[a]).join(', ')})` : ''}` : '') }),
  ];
  const shown = rows.filter((d) => d.market >= MARKET_DOMAIN[0] && d.market <= MARKET_DOMAIN[1]);
  const yPrice = priceTicks(shown.map((d) => d.price ?? NaN));
  // Funding that does not fall with price (elasticity 0): the lower panel is flat, and says why.
  const flat = ARM_NAMES.filter((a) => c.arms[a].pricing.elasticity === 0);
  const flatNote = flat.length === 0 ? [] : [Plot.text([`elasticity 0${flat.length === 1 ? ` (${ARM_LABELS[flat[0]]})` : ''}: funding does not fall with price, so the patients infused do not change with the market`], {
    frameAnchor: 'bottom', dy: -6, fontSize: 10, fill: '#111', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', lineWidth: Math.max(10, Math.floor((width - 90) / 10)),
  })];
  const price = Plot.plot({
    width,
    height: 250,
    marginLeft: 64,
    marginRight: 12,
    marginBottom: 28,
    ariaLabel: 'Cost-recovery price against market size, both arms, log scales',
    x: { ...x, label: null },
    y: { type: 'log', label: `↑ Cost-recovery price (${f.currency})`, grid: true, tickFormat: (d: number) => f.compactMoney(d), domain: yPrice.domain, ticks: yPrice.ticks },
    color,
    marks: [
      ...common('price'),
      Plot.line(shown, { x: 'market', y: (d: CircleRow) => d.price ?? NaN, z: 'arm', stroke: (d: CircleRow) => ARM_LABELS[d.arm], strokeWidth: 2 }),
      ...(regions.length ? [Plot.text(regions, { x: (d: Unsustained) => Math.sqrt(d.from * d.to), frameAnchor: 'bottom', dy: -4, fontSize: 10, fill: '#111', text: () => 'not sustained', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' })] : []),
    ],
  });
  const infused = Plot.plot({
    width,
    height: 210,
    marginLeft: 64,
    marginRight: 12,
    ariaLabel: 'Patients infused a year at that price, against market size',
    x: { ...x, label: narrow ? 'Market (eligible a year, all countries) →' : 'Market size: eligible patients a year in all countries (log scale) →' },
    y: { label: '↑ Patients infused a year (cohort)', grid: true, zero: true },
    color,
    marks: [
      ...common('infused'),
      Plot.ruleY([0]),
      Plot.line(shown, { x: 'market', y: 'infused', z: 'arm', stroke: (d: CircleRow) => ARM_LABELS[d.arm], strokeWidth: 2 }),
      ...flatNote,
    ],
  });
  return stackPanels([price, infused], width);
}
