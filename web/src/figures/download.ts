/** Files for the user: a download from text or a blob, and a chart as SVG or PNG. */

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

/**
 * A standalone SVG document of a chart: the chart's SVG (Plot puts its styles inside it), a
 * title above, and its legend drawn below, so that the file reads on its own.
 */
export function standaloneSvg(chart: SVGSVGElement, title: string, legend: LegendItem[]): SVGSVGElement {
  const width = Number(chart.getAttribute('width')) || chart.viewBox.baseVal.width || 640;
  const height = Number(chart.getAttribute('height')) || chart.viewBox.baseVal.height || 300;
  const rowsOfLegend = Math.ceil(legend.length / 3);
  const top = 28;
  const bottom = 10 + rowsOfLegend * 20;
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height + top + bottom));
  svg.setAttribute('viewBox', `0 0 ${width} ${height + top + bottom}`);
  svg.setAttribute('font-family', 'system-ui, sans-serif');
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
    const x = 8 + (i % 3) * Math.floor((width - 16) / 3);
    const y = top + height + 8 + Math.floor(i / 3) * 20;
    const r = document.createElementNS(SVG_NS, 'rect');
    r.setAttribute('x', String(x));
    r.setAttribute('y', String(y));
    r.setAttribute('width', '12');
    r.setAttribute('height', '12');
    r.setAttribute('fill', item.color);
    const l = document.createElementNS(SVG_NS, 'text');
    l.setAttribute('x', String(x + 16));
    l.setAttribute('y', String(y + 10));
    l.setAttribute('font-size', '11');
    l.textContent = item.label;
    svg.append(r, l);
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
