/**
 * The capacity view's own run: the library's `sweepLines` over one arm's number of lines c
 * (every c on the same random numbers), progressively: a quick pass of a few replicates per c,
 * drawn at once, then the scenario's own replicates, c by c from the chosen c outwards, each
 * refined row drawn as it comes (at most every REFINE_DRAW_MS) in place of its quick one. A
 * newer run aborts the older one in the workers (the view's RunController supersedes). And the
 * sweep's chart, table and CSV.
 */

import '../../runs/engine.js';
import * as Plot from '@observablehq/plot';
import { html, type TemplateResult } from 'lit';
import { ARM_LABELS } from '../../../../src/format/labels.js';
import { linesToCsv, sweepLines, type LinesRow, type LinesSweep } from '../../../../src/analyses/lines.js';
import { utilisationDecimals } from '../../../../src/queue/summarise.js';
import type { ArmName, Scenario } from '../../../../src/scenario/types.js';
import type { Formatter } from '../../common/format.js';
import { CATEGORY_COLORS } from '../../figures/charts/palette.js';
import type { LegendItem } from '../../figures/frame.js';
import type { Passes } from '../../runs/progressive.js';

/** Replicates per c of the quick first pass. */
export const QUICK_SWEEP_REPLICATES = 4;
/** Most values of c in the view's sweep. */
export const MAX_SWEEP_POINTS = 40;
/** Least time between two draws of a sweep being refined row by row. */
export const REFINE_DRAW_MS = 100;

/** `first`: the c refined first (the chosen one), the others by their distance from it. */
export interface SweepInput { scenario: Scenario; arm: ArmName; from: number; to: number; first?: number }

export function sweepPasses(quickReplicates = QUICK_SWEEP_REPLICATES): Passes<SweepInput, LinesSweep> {
  return async ({ scenario, arm, from, to, first }, signal, emit, startedAt) => {
    const R = scenario.run.years?.replicates ?? 1;
    const quick = Math.min(quickReplicates, R);
    const progress = (stage: 'quick' | 'refine') => (p: { done: number; total: number }) => emit({ kind: 'progress', stage, done: p.done, total: p.total });
    emit({ kind: 'progress', stage: 'quick', done: 0, total: 1 });
    const quickSweep = await sweepLines({ run: { years: { replicates: quick } } }, { base: scenario, arm, from, to, signal, onProgress: progress('quick') });
    emit({ kind: 'result', result: quickSweep, final: quick === R, startedAt });
    if (quick === R) return;
    emit({ kind: 'progress', stage: 'refine', done: 0, total: 1 });
    // The quick rows, each replaced by its refined row as it comes; drawn at most every REFINE_DRAW_MS.
    const rows = new Map(quickSweep.rows.map((r) => [r.lines, r]));
    const refined = new Set<number>();
    let drawn = performance.now();
    const onRow = (row: LinesRow) => {
      rows.set(row.lines, row);
      refined.add(row.lines);
      const now = performance.now();
      // The chosen c (refined first) is drawn at once; then at most every REFINE_DRAW_MS.
      if ((refined.size > 1 && now - drawn < REFINE_DRAW_MS) || refined.size === rows.size) return;
      drawn = now;
      const partial: RefiningSweep = { ...quickSweep, rows: [...rows.values()].sort((a, b) => a.lines - b.lines), refined: new Set(refined) };
      emit({ kind: 'result', result: partial, final: false, startedAt });
    };
    const all = await sweepLines({}, { base: scenario, arm, from, to, first, signal, onProgress: progress('refine'), onRow });
    emit({ kind: 'result', result: all, final: true, startedAt });
  };
}

/** A sweep being refined: `refined` holds the c whose rows have all the replicates (the others are the quick pass's). */
export type RefiningSweep = LinesSweep & { refined?: Set<number> };

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

/**
 * The c labelled on the x axis: every one when they fit (about 20 px a label), else every 2nd,
 * 5th or 10th (the multiples of the step); always integers.
 */
export function sweepTicks(lines: readonly number[], width: number): number[] {
  const room = Math.max(1, width - 56 - 20);
  const step = [1, 2, 5, 10, 20, 50].find((k) => (lines.length / k) * 20 <= room) ?? 100;
  return lines.filter((c) => c % step === 0);
}

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
    x: { label: `Manufacturing lines c (${ARM_LABELS[s.arm]}) →`, grid: true, ticks: sweepTicks(s.rows.map((r) => r.lines), width), tickFormat: (d: number) => String(d) },
    y: { label: '↑ Patients per year', grid: true, zero: true },
    color: { domain: ['Patients infused', 'Lost while queued'], range: [SWEEP_COLORS.infused, SWEEP_COLORS.lost] },
    marks: [
      Plot.ruleX(marked, { stroke: '#555', strokeDasharray: '4,3', className: 'chosen-lines' }),
      Plot.text(marked, { x: (d: number) => d, frameAnchor: 'top', dy: 4, dx: 4, textAnchor: 'start', text: (d: number) => `c = ${d}`, fill: '#333' }),
      Plot.line(points, { x: 'lines', y: 'value', stroke: 'measure', strokeWidth: 2 }),
      Plot.dot(points, {
        x: 'lines', y: 'value', fill: 'measure', r: 3,
        title: (d: Point) => `${d.measure} at ${d.lines} lines: ${f.estimateText({ value: d.value, mcse: d.mcse }, 'patients')}`,
      }),
      Plot.ruleY([0]),
    ],
  });
}

export function sweepTable(s: RefiningSweep, chosen: number | null, f: Formatter, replicates?: number): TemplateResult {
  const cell = (e: { value: number | null; mcse: number | null }, unit: 'patients' | 'days') => html`<td>${f.estimateText(e, unit)}</td>`;
  const R = f.number(s.scenario.run.years?.replicates ?? 0, 'patients', 0);
  const reps = s.refined && replicates !== undefined
    ? `${f.number(replicates, 'patients', 0)} replicates per c; rows in grey: a first pass of ${R}, being refined`
    : `${R} replicates per c`;
  return html`<table class="data sweep">
    <caption>${ARM_LABELS[s.arm]} arm, per year, ± MCSE (${reps})</caption>
    <thead><tr><th scope="col">Lines c</th><th scope="col">Infused</th><th scope="col">Lost while queued</th><th scope="col">First wait, mean (days)</th><th scope="col">First wait, p90 (days)</th><th scope="col">Utilisation</th></tr></thead>
    <tbody>${s.rows.map((r) => html`<tr class=${`${r.lines === chosen ? 'chosen' : ''}${s.refined && !s.refined.has(r.lines) ? ' quick' : ''}`}><th scope="row">${r.lines}${r.lines === chosen ? ' (chosen)' : ''}</th>
      ${cell(r.infused, 'patients')}${cell(r.lostWhileQueued, 'patients')}${r.note
        ? html`<td colspan="2" class="note">${r.note}</td>`
        : html`${cell(r.waitFirstMean, 'days')}${cell(r.waitFirstP90, 'days')}`}
      <td>${r.utilisation.value === null ? '–' : `${f.number(100 * r.utilisation.value, 'patients', utilisationDecimals(r.utilisation.value))}%`}</td></tr>`)}</tbody>
  </table>`;
}

export { linesToCsv };
