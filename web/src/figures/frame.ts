/**
 * The figure frame every view draws its charts in: title, one-paragraph summary (the chart's
 * text alternative), legend, the chart, SVG / PNG / CSV downloads, and a table view that is
 * rendered only while open. One `FigureFrame` per element keeps which tables are open and a
 * cache of drawn charts (a chart is drawn again only when its inputs change).
 */

import { html, nothing, type TemplateResult } from 'lit';
import { ARM_LABELS } from '../../../src/format/labels.js';
import { csvWithMeta, type ExportMeta } from '../common/export-meta.js';
import type { Formatter } from '../common/format.js';
import { ARM_COLORS } from './charts/palette.js';
import { downloadBlob, downloadText, pngBlob, standaloneSvg, svgText, type LegendItem } from './download.js';

export type { LegendItem } from './download.js';

export interface FigureHost {
  readonly renderRoot: ParentNode;
  requestUpdate(): void;
}

export interface FigureOptions {
  /** Unique in the element: the chart's id (`#chart-<id>`) and its files' suffix. */
  id: string;
  title: string;
  /** What the chart shows, in words: its text alternative. */
  summary: string;
  legend: LegendItem[];
  chart: Element;
  /** The table view (rendered only while open). */
  table: () => TemplateResult;
  /** The chart's data as CSV (a CSV download is offered when given). */
  csv?: () => string;
}

export class FigureFrame {
  private openTables = new Set<string>();
  private readonly cache = new Map<string, { key: string; el: Element; input: object }>();

  /** `fileName(ext)`: the download's file name for the view shown. */
  constructor(private readonly host: FigureHost, private readonly fileName: (ext: string) => string, private readonly meta: () => ExportMeta) {}

  /** A chart, drawn again only when its inputs change (the object drawn, width, locale, currency, the arms' colours, and `extra`). */
  chart(id: string, input: object, f: Formatter, width: number, draw: () => Element, extra = ''): Element {
    const key = `${width}|${f.locale}|${f.currency}|${ARM_COLORS.commercial}|${ARM_COLORS.poc}|${extra}`;
    const cached = this.cache.get(id);
    if (cached && cached.key === key && cached.input === input) return cached.el;
    const el = draw();
    // Plot names each mark's group with aria-label; on a <g> without a role that is not
    // permitted ARIA. The figure's text alternative describes the chart instead.
    for (const g of el.querySelectorAll('g[aria-label]')) g.removeAttribute('aria-label');
    this.cache.set(id, { key, el, input });
    return el;
  }

  /** The legend of the two arms, in their colours. */
  armLegend(): LegendItem[] {
    return [{ label: ARM_LABELS.commercial, color: ARM_COLORS.commercial }, { label: ARM_LABELS.poc, color: ARM_COLORS.poc }];
  }

  frame({ id, title, summary, legend, chart, table, csv }: FigureOptions): TemplateResult {
    const open = this.openTables.has(id);
    return html`
      <figure part="figure" aria-labelledby=${`title-${id}`}>
        <figcaption>
          <h3 id=${`title-${id}`}>${title}</h3>
          <p class="summary" id=${`summary-${id}`}>${summary}</p>
        </figcaption>
        <div class="legend" aria-hidden="true">${legend.map((l) => html`<span><i style=${`background:${l.color}`}></i>${l.label}</span>`)}</div>
        <div class="chart" id=${`chart-${id}`} role="img" aria-labelledby=${`title-${id} summary-${id}`}>${chart}</div>
        <div class="fig-actions">
          <button @click=${() => this.save(id, title, legend, 'svg')} aria-label=${`Save ${title} as SVG`}>SVG</button>
          <button @click=${() => this.save(id, title, legend, 'png')} aria-label=${`Save ${title} as PNG`}>PNG</button>
          ${csv ? html`<button @click=${() => downloadText(this.csvText(csv), this.fileName(`${id}.csv`), 'text/csv')} aria-label=${`Save the data of ${title} as CSV`}>CSV</button>` : nothing}
        </div>
        <details ?open=${open} @toggle=${(e: Event) => this.toggleTable(id, (e.target as HTMLDetailsElement).open)}>
          <summary>Table of ${title.toLowerCase()}</summary>
          <div class="table-wrap">${open ? table() : nothing}</div>
        </details>
      </figure>`;
  }

  /** A figure's CSV with the export's metadata (a view's CSV that has its own `# ` lines keeps them). */
  private csvText(csv: () => string): string {
    const text = csv();
    return text.startsWith('# ') ? text : csvWithMeta(this.meta(), text);
  }

  private toggleTable(id: string, open: boolean): void {
    if (open === this.openTables.has(id)) return;
    const next = new Set(this.openTables);
    if (open) next.add(id);
    else next.delete(id);
    this.openTables = next;
    this.host.requestUpdate();
  }

  private async save(id: string, title: string, legend: LegendItem[], format: 'svg' | 'png'): Promise<void> {
    const svg = this.host.renderRoot.querySelector(`#chart-${id} svg`) as SVGSVGElement | null;
    if (!svg) return;
    const doc = standaloneSvg(svg, title, legend, this.meta());
    if (format === 'svg') downloadText(svgText(doc), this.fileName(`${id}.svg`), 'image/svg+xml');
    else downloadBlob(await pngBlob(doc), this.fileName(`${id}.png`));
  }
}
