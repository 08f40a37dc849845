/**
 * Horizontal bar charts (grouped, stacked, or both) drawn as one SVG string, without a chart
 * library: the funnel, where patients go and the costs are redrawn on every slider change from
 * the exact expectations, and this draws each in a fraction of a millisecond (Observable Plot
 * takes several), so the first redraw fits in a frame; and a page that shows only these figures
 * never downloads Plot. The look follows the explorer's Plot charts (system-ui 10 px, a light
 * grid, an x axis with ticks below, labels on the left, a rule at zero), and the SVG is
 * standalone (its styles are attributes), so the figure frame's SVG and PNG downloads work as
 * for every chart.
 *
 * Layout: the plot area is [marginLeft, width - marginRight] x [MARGIN_TOP, height -
 * MARGIN_BOTTOM]. Without group labels the bars are bands of it; with them (a facet per group,
 * as the funnel's steps), the groups are bands and each group's bars bands inside its band.
 * Bands follow the usual rounded band scale (step = floor(range / (n - inner + 2 outer)), the
 * bands centred, positions and widths rounded).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARGIN_TOP = 20;
const MARGIN_BOTTOM = 30;
/** Pixels per x tick wanted (about one tick per 80 px). */
const PIXELS_PER_TICK = 80;

export interface BarSegment {
  value: number;
  color: string;
  /** Tooltip (the SVG `<title>`). */
  title: string;
}

export interface Bar {
  /** Label on the y axis (bars of an unlabelled group). */
  label?: string;
  /** Segments stacked left to right from zero (negative values count as zero). */
  segments: BarSegment[];
  /** Text written just right of the bar's end. */
  text?: string;
}

export interface BarGroup {
  /** Label of the group (a facet), on the left; bars of a labelled group carry no labels. */
  label?: string;
  bars: Bar[];
}

export interface BarChartSpec {
  width: number;
  height: number;
  marginLeft: number;
  marginRight?: number;
  ariaLabel: string;
  /** The x axis's label, written under the axis at the chart's right edge (e.g. `Patients per year →`). */
  xLabel: string;
  tickFormat: (x: number) => string;
  groups: BarGroup[];
  /** Band padding between (and around) groups, as a fraction of a step (default 0.2). */
  groupPadding?: number;
  /** Font size of the bars' texts (default 10). */
  textSize?: number;
}

/**
 * Round ticks in [0, max]: a step of 1, 2 or 5 times a power of ten giving about `count`
 * intervals (the rule of d3-array's `ticks`: the power of ten below (max / count), times 10,
 * 5 or 2 where max / count exceeds it by more than sqrt(50), sqrt(10), sqrt(2)).
 */
export function niceTicks(max: number, count: number): number[] {
  if (!(max > 0) || !(count > 0)) return [0];
  const raw = max / count;
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1;
  const ticks: number[] = [];
  // Integer steps where the step is below one (0.1 as 1 / 10: no 0.30000000000000004).
  if (power + Math.log10(factor) >= 0) {
    const step = factor * 10 ** power;
    for (let i = 0; i * step <= max * (1 + 1e-12); i++) ticks.push(i * step);
  } else {
    const inverse = 10 ** -power / factor;
    for (let i = 0; i / inverse <= max * (1 + 1e-12); i++) ticks.push(i / inverse);
  }
  return ticks;
}

/** Start and width of n rounded bands over [start, stop]. */
function bands(n: number, start: number, stop: number, inner: number, outer: number): { at: (i: number) => number; width: number } {
  const step = Math.floor((stop - start) / Math.max(1, n - inner + 2 * outer));
  const first = Math.round(start + (stop - start - step * (n - inner)) / 2);
  return { at: (i) => first + i * step, width: Math.round(step * (1 - inner)) };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Text for SVG markup. */
export const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ESCAPES[c]);
/** A coordinate with at most two decimals (shorter SVG, same picture). */
export const px = (x: number) => String(Math.round(x * 100) / 100);

/**
 * A standalone SVG element of the given size, in the charts' style, holding `markup` (parsed
 * by a template element: several times faster than an SVG element's innerHTML).
 */
export function svgChart(width: number, height: number, ariaLabel: string, markup: string): SVGSVGElement {
  const template = document.createElement('template');
  template.innerHTML = `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" fill="currentColor" font-family="system-ui, sans-serif" font-size="10" text-anchor="middle" aria-label="${esc(ariaLabel)}" style="display: block; height: auto; max-width: 100%;">${markup}</svg>`;
  return template.content.firstElementChild as SVGSVGElement;
}

/** The bar chart of `spec` as an SVG element. */
export function barChart(spec: BarChartSpec): SVGSVGElement {
  const { width, height, marginLeft, ariaLabel, xLabel, tickFormat, groups } = spec;
  const marginRight = spec.marginRight ?? 20;
  const x0 = marginLeft;
  const x1 = width - marginRight;
  const top = MARGIN_TOP;
  const bottom = height - MARGIN_BOTTOM;
  const total = (b: Bar) => b.segments.reduce((s, g) => s + Math.max(0, g.value), 0);
  let max = 0;
  for (const g of groups) for (const b of g.bars) max = Math.max(max, total(b));
  if (!(max > 0) || !Number.isFinite(max)) max = 1;
  const x = (v: number) => x0 + ((x1 - x0) * v) / max;
  const ticks = niceTicks(max, (x1 - x0) / PIXELS_PER_TICK);

  const faceted = groups.some((g) => g.label !== undefined);
  const out: string[] = [];
  // Rows: each group's band (the whole plot area when the groups have no labels), then its bars' bands.
  const groupBands = faceted ? bands(groups.length, top, bottom, spec.groupPadding ?? 0.2, 0) : null;
  const labels: string[] = [];
  const grid: string[] = [];
  const barMarks: string[] = [];
  const texts: string[] = [];
  const rules: string[] = [];
  const yTicks: string[] = [];
  const nBars = faceted ? 0 : groups.reduce((n, g) => n + g.bars.length, 0);
  const flat = faceted ? null : bands(nBars, top, bottom, 0.1, 0.1);
  let k = 0;
  groups.forEach((g, gi) => {
    const gy = groupBands ? groupBands.at(gi) : top;
    const gh = groupBands ? groupBands.width : bottom - top;
    const inner = groupBands ? bands(g.bars.length, gy, gy + gh, 0.1, 0.1) : null;
    if (groupBands) {
      if (g.label !== undefined) labels.push(`<text x="${x0 - 8.5}" y="${px(gy + gh / 2 + 0.5)}" dy="0.32em">${esc(g.label)}</text>`);
      for (const t of ticks) grid.push(`<line x1="${px(x(t) + 0.5)}" x2="${px(x(t) + 0.5)}" y1="${gy}" y2="${gy + gh}"/>`);
      rules.push(`<line x1="${x0 + 0.5}" x2="${x0 + 0.5}" y1="${gy}" y2="${gy + gh}"/>`);
    }
    g.bars.forEach((b, bi) => {
      const y = inner ? inner.at(bi) : (flat as NonNullable<typeof flat>).at(k);
      const h = inner ? inner.width : (flat as NonNullable<typeof flat>).width;
      k++;
      let at = 0;
      for (const s of b.segments) {
        const v = Math.max(0, s.value);
        barMarks.push(`<rect x="${px(x(at))}" y="${y}" width="${px(x(at + v) - x(at))}" height="${h}" fill="${esc(s.color)}"><title>${esc(s.title)}</title></rect>`);
        at += v;
      }
      if (b.text !== undefined) texts.push(`<text x="${px(x(at) + 4)}" y="${px(y + h / 2)}" dy="0.32em">${esc(b.text)}</text>`);
      if (!groupBands && b.label !== undefined) {
        labels.push(`<text x="${x0 - 8.5}" y="${px(y + h / 2 + 0.5)}" dy="0.32em">${esc(b.label)}</text>`);
        yTicks.push(`<path d="M${x0},${px(y + h / 2 + 0.5)}h-6"/>`);
      }
    });
  });
  if (!groupBands) {
    for (const t of ticks) grid.push(`<line x1="${px(x(t) + 0.5)}" x2="${px(x(t) + 0.5)}" y1="${top}" y2="${bottom}"/>`);
    rules.push(`<line x1="${x0 + 0.5}" x2="${x0 + 0.5}" y1="${top}" y2="${bottom}"/>`);
  }
  const xTicks = ticks.map((t) => `<path d="M${px(x(t) + 0.5)},${bottom}v6"/>`);
  const xTickLabels = ticks.map((t) => `<text x="${px(x(t) + 0.5)}" y="${bottom + 9.5}" dy="0.71em">${esc(tickFormat(t))}</text>`);

  out.push(
    `<g aria-hidden="true" stroke="currentColor" stroke-opacity="0.1">${grid.join('')}</g>`,
    `<g aria-hidden="true" fill="none" stroke="currentColor">${yTicks.join('')}${xTicks.join('')}</g>`,
    `<g text-anchor="end">${labels.join('')}</g>`,
    `<g font-variant="tabular-nums">${xTickLabels.join('')}</g>`,
    `<g text-anchor="end"><text x="${width - 2.5}" y="${bottom + 27.5}">${esc(xLabel)}</text></g>`,
    `<g>${barMarks.join('')}</g>`,
    texts.length ? `<g text-anchor="start" font-size="${spec.textSize ?? 10}" fill="#222">${texts.join('')}</g>` : '',
    `<g stroke="currentColor">${rules.join('')}</g>`,
  );
  return svgChart(width, height, ariaLabel, out.join(''));
}
