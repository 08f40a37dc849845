/**
 * The capacity view's own run: the library's `sweepLines` over one arm's number of lines c
 * (every c on the same random numbers), progressively: a quick pass of a few replicates per c,
 * drawn at once, then the scenario's own replicates. A newer run aborts the older one in the
 * workers (the view's RunController supersedes). And the sweep's chart, table and CSV.
 */

import '../../runs/engine.js';
import * as Plot from '@observablehq/plot';
import { html, type TemplateResult } from 'lit';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import { linesToCsv, sweepLines, type LinesSweep } from '../../../../src/queue/lines.js';
import type { ArmName, Scenario } from '../../../../src/scenario/types.js';
import type { Formatter } from '../../common/format.js';
import { CATEGORY_COLORS } from '../../figures/charts/palette.js';
import type { LegendItem } from '../../figures/frame.js';
import type { Passes } from '../../runs/progressive.js';

/** Replicates per c of the quick first pass. */
export const QUICK_SWEEP_REPLICATES = 4;
/** Most values of c in the view's sweep. */
export const MAX_SWEEP_POINTS = 40;

export interface SweepInput { scenario: Scenario; arm: ArmName; from: number; to: number }

export function sweepPasses(quickReplicates = QUICK_SWEEP_REPLICATES): Passes<SweepInput, LinesSweep> {
  return async ({ scenario, arm, from, to }, signal, emit, startedAt) => {
    const R = scenario.run.years?.replicates ?? 1;
    const quick = Math.min(quickReplicates, R);
    const progress = (stage: 'quick' | 'refine') => (p: { done: number; total: number }) => emit({ kind: 'progress', stage, done: p.done, total: p.total });
    emit({ kind: 'progress', stage: 'quick', done: 0, total: 1 });
    const first = await sweepLines({ run: { years: { replicates: quick } } }, { base: scenario, arm, from, to, signal, onProgress: progress('quick') });
    emit({ kind: 'result', result: first, final: quick === R, startedAt });
    if (quick === R) return;
    emit({ kind: 'progress', stage: 'refine', done: 0, total: 1 });
    const all = await sweepLines({}, { base: scenario, arm, from, to, signal, onProgress: progress('refine') });
    emit({ kind: 'result', result: all, final: true, startedAt });
  };
}

/** The range of c swept: 1 to about twice the lines needed (and past the chosen c), at most MAX_SWEEP_POINTS values. */
export function sweepRange(chosen: number, linesNeeded: number | null): { from: number; to: number } {
  const needed = Math.max(1, Math.ceil(linesNeeded ?? chosen));
  const to = Math.max(2 * needed, chosen + 2, 4);
  // A range that moves in steps of 4, so that a nearby c is drawn on the same sweep.
  const top = Math.ceil(to / 4) * 4;
  return { from: Math.max(1, top - MAX_SWEEP_POINTS + 1), to: top };
}

export const SWEEP_COLORS = { infused: CATEGORY_COLORS[2], lost: CATEGORY_COLORS[5] } as const;

export function sweepLegend(): LegendItem[] {
  return [
    { label: 'Patients infused', color: SWEEP_COLORS.infused },
    { label: 'Lost while queued', color: SWEEP_COLORS.lost },
  ];
}

interface Point { lines: number; measure: string; value: number; mcse: number | null }

export function sweepChart(s: LinesSweep, chosen: number | null, f: Formatter, width: number): SVGSVGElement | HTMLElement {
  const points: Point[] = s.rows.flatMap((r) => [
    { lines: r.lines, measure: 'Patients infused', value: r.infused.value ?? 0, mcse: r.infused.mcse },
    { lines: r.lines, measure: 'Lost while queued', value: r.lostWhileQueued.value ?? 0, mcse: r.lostWhileQueued.mcse },
  ]);
  const marked = chosen !== null && s.rows.some((r) => r.lines === chosen) ? [chosen] : [];
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 56,
    ariaLabel: `Patients infused and lost while queued against the ${ARM_LABELS[s.arm]} arm's lines`,
    x: { label: `Manufacturing lines c (${ARM_LABELS[s.arm]}) →`, grid: true, tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
    y: { label: '↑ Patients per year', grid: true, zero: true },
    color: { domain: ['Patients infused', 'Lost while queued'], range: [SWEEP_COLORS.infused, SWEEP_COLORS.lost] },
    marks: [
      Plot.ruleX(marked, { stroke: '#555', strokeDasharray: '4,3', className: 'chosen-lines' }),
      Plot.text(marked, { x: (d: number) => d, frameAnchor: 'top', dy: 4, dx: 4, textAnchor: 'start', text: (d: number) => `c = ${d}`, fill: '#333' }),
      Plot.line(points, { x: 'lines', y: 'value', stroke: 'measure', strokeWidth: 2 }),
      Plot.dot(points, {
        x: 'lines', y: 'value', fill: 'measure', r: 3,
        title: (d: Point) => `${d.measure} at ${d.lines} lines: ${f.number(d.value, 'patients', 1)}${d.mcse === null ? '' : ` ± ${f.number(d.mcse, 'patients', 1)}`}`,
      }),
      Plot.ruleY([0]),
    ],
  });
}

export function sweepTable(s: LinesSweep, chosen: number | null, f: Formatter): TemplateResult {
  const cell = (e: { value: number | null; mcse: number | null }, unit: 'patients' | 'days', d?: number) => {
    const v = f.number(e.value, unit, d);
    return html`<td>${v}${e.mcse === null ? '' : ` ± ${f.number(e.mcse, unit, d)}`}</td>`;
  };
  return html`<table class="data sweep">
    <caption>${ARM_LABELS[s.arm]} arm, per year, ± MCSE (${f.number(s.scenario.run.years?.replicates ?? 0, 'patients', 0)} replicates per c)</caption>
    <thead><tr><th scope="col">Lines c</th><th scope="col">Infused</th><th scope="col">Lost while queued</th><th scope="col">First wait, mean (days)</th><th scope="col">First wait, p90 (days)</th><th scope="col">Utilisation</th></tr></thead>
    <tbody>${s.rows.map((r) => html`<tr class=${r.lines === chosen ? 'chosen' : ''}><th scope="row">${r.lines}${r.lines === chosen ? ' (chosen)' : ''}</th>
      ${cell(r.infused, 'patients', 1)}${cell(r.lostWhileQueued, 'patients', 1)}${cell(r.waitFirstMean, 'days', 1)}${cell(r.waitFirstP90, 'days', 1)}
      <td>${r.utilisation.value === null ? '–' : `${f.number(100 * r.utilisation.value, 'patients', 1)}%`}</td></tr>`)}</tbody>
  </table>`;
}

export { linesToCsv };
