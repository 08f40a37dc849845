/** Files for the user: a download from text or a blob, and a chart as SVG or PNG. */

import { metaText, type ExportMeta } from '../common/export-meta.js';

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(text: string, filename: string, type: string): void {
  downloadBlob(new Blob([text], { type }), filename);
}

export interface LegendItem { label: string; color: string }

const SVG_NS = 'http://www.w3.org/2000/svg';
const LEGEND_FONT = 11;
const LEGEND_FONT_FAMILY = 'system-ui, sans-serif';
/** Swatch (12) and its gap to the label (4); the gap after an item. */
const SWATCH = 16;
const ITEM_GAP = 16;
const ROW = 20;
const MARGIN = 8;

let measureCtx: CanvasRenderingContext2D | null | undefined;

/** The label's width in the legend's font: measured on a canvas, or estimated (0.6 em a character) where there is none. */
export function legendTextWidth(label: string): number {
  if (measureCtx === undefined) {
    try {
      measureCtx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    } catch {
      measureCtx = null;
    }
    if (measureCtx) measureCtx.font = `${LEGEND_FONT}px ${LEGEND_FONT_FAMILY}`;
  }
  // A little slack: the SVG may render in a wider fallback font than the canvas measured.
  return measureCtx ? measureCtx.measureText(label).width * 1.08 : label.length * LEGEND_FONT * 0.6;
}

export interface LegendPlace { x: number; row: number; label: string; shortened: boolean }

/**
 * The legend's items laid out left to right by their text widths, wrapping to a new row when
 * the next item does not fit in `width`; a label longer than a whole row is shortened with "…"
 * (the full text kept for its <title>).
 */
export function layoutLegend(legend: LegendItem[], width: number, measure: (s: string) => number = legendTextWidth): LegendPlace[] {
  const right = width - MARGIN;
  const room = right - MARGIN - SWATCH;
  let x = MARGIN;
  let row = 0;
  return legend.map((item) => {
    let label = item.label;
    let shortened = false;
    if (measure(label) > room) {
      const chars = [...label];
      while (chars.length > 1 && measure(`${chars.join('').trimEnd()}…`) > room) chars.pop();
      label = `${chars.join('').trimEnd()}…`;
      shortened = true;
    }
    const w = SWATCH + measure(label);
    if (x > MARGIN && x + w > right) {
      row += 1;
      x = MARGIN;
    }
    const place = { x, row, label, shortened };
    x += w + ITEM_GAP;
    return place;
  });
}

/**
 * A standalone SVG document of a chart: the chart's SVG (Plot puts its styles inside it), a
 * title above, and its legend drawn below (items as wide as their labels, wrapping into as
 * many rows as they need), so that the file reads on its own; `meta` (the export's metadata)
 * in a <metadata> element, and in words in a <desc>.
 */
export function standaloneSvg(chart: SVGSVGElement, title: string, legend: LegendItem[], meta?: ExportMeta): SVGSVGElement {
  const width = Number(chart.getAttribute('width')) || chart.viewBox.baseVal.width || 640;
  const height = Number(chart.getAttribute('height')) || chart.viewBox.baseVal.height || 300;
  const places = layoutLegend(legend, width);
  const rowsOfLegend = places.length === 0 ? 0 : Math.max(...places.map((p) => p.row)) + 1;
  const top = 28;
  const bottom = 10 + rowsOfLegend * ROW;
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height + top + bottom));
  svg.setAttribute('viewBox', `0 0 ${width} ${height + top + bottom}`);
  svg.setAttribute('font-family', LEGEND_FONT_FAMILY);
  const docTitle = document.createElementNS(SVG_NS, 'title');
  docTitle.textContent = title;
  svg.append(docTitle);
  if (meta) {
    const desc = document.createElementNS(SVG_NS, 'desc');
    desc.textContent = metaText(meta);
    const metadata = document.createElementNS(SVG_NS, 'metadata');
    metadata.setAttribute('id', 'cgt-access-meta');
    metadata.textContent = JSON.stringify(meta);
    svg.append(desc, metadata);
  }
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', 'white');
  svg.append(bg);
  const t = document.createElementNS(SVG_NS, 'text');
  t.setAttribute('x', '8');
  t.setAttribute('y', '18');
  t.setAttribute('font-size', '14');
  t.setAttribute('font-weight', 'bold');
  t.textContent = title;
  svg.append(t);
  const inner = chart.cloneNode(true) as SVGSVGElement;
  inner.setAttribute('y', String(top));
  inner.setAttribute('x', '0');
  svg.append(inner);
  legend.forEach((item, i) => {
    const { x, row, label, shortened } = places[i];
    const y = top + height + 8 + row * ROW;
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('class', 'legend-item');
    const r = document.createElementNS(SVG_NS, 'rect');
    r.setAttribute('x', String(x));
    r.setAttribute('y', String(y));
    r.setAttribute('width', '12');
    r.setAttribute('height', '12');
    r.setAttribute('fill', item.color);
    const l = document.createElementNS(SVG_NS, 'text');
    l.setAttribute('x', String(x + SWATCH));
    l.setAttribute('y', String(y + 10));
    l.setAttribute('font-size', String(LEGEND_FONT));
    l.textContent = label;
    if (shortened) {
      const full = document.createElementNS(SVG_NS, 'title');
      full.textContent = item.label;
      g.append(full);
    }
    g.append(r, l);
    svg.append(g);
  });
  return svg;
}

export function svgText(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
}

/** The SVG rasterised at `scale` (2: sharp on high-density screens and in documents). */
export async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
