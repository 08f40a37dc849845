/** A PSA result as readable text: key outputs with their spread over draws, the probabilities, the decision curves at a few WTPs, the EVPPI groups, the tornado. */

import type { PsaResult } from '../psa/result.js';
import type { PsaStatistic } from '../psa/statistics.js';
import { ARM_LABELS, GROUP_LABELS, OUTPUT_LABELS } from './labels.js';
import { formatNumber } from './number.js';

function pad(s: string, width: number, right = false): string {
  const len = [...s].length;
  if (len >= width) return s;
  return right ? ' '.repeat(width - len) + s : s + ' '.repeat(width - len);
}

/** Decimals for numbers of this size: 0 from 100 up, else 2 significant digits after the point. */
function decimals(x: number): number {
  const a = Math.abs(x);
  return a >= 100 || a === 0 ? 0 : Math.min(4, Math.max(0, 1 - Math.floor(Math.log10(a))));
}

const num = (x: number | null) => (x === null ? '-' : formatNumber(x, decimals(x)));

/** The unit of the result's willingness to pay (its effect measure): every WTP printed carries it. */
export function wtpUnit(r: Pick<PsaResult, 'effect'>): string {
  return r.effect === 'qalys' ? 'per QALY gained' : 'per extra patient alive at 1 year';
}
/** The same, short, for a column heading. */
const wtpColumn = (r: Pick<PsaResult, 'effect'>) => (r.effect === 'qalys' ? 'WTP per QALY' : 'WTP per extra alive');
const pct = (x: number) => `${formatNumber(100 * x, 1)}%`;

/** `mean (p2.5 to p97.5)`. */
function stat(s: PsaStatistic): string {
  if (s.mean === null) return '-';
  return `${num(s.mean)} (${num(s.p025)} to ${num(s.p975)})`;
}

function valueText(v: number | { median: number; p90: number }): string {
  return typeof v === 'number' ? num(v) : `${num(v.median)}/${num(v.p90)} d`;
}

const ROWS: readonly [string, string, string | null][] = [
  ['funnel', 'infused', 'infused'],
  ['funnel', 'completeResponses', 'completeResponses'],
  ['funnel', 'alive1y', 'alive1y'],
  ['v2v', 'mean', null],
  ['costs', 'total', 'totalCost'],
  ['costs', 'perInfused', null],
  ['costs', 'perAlive1y', null],
];

/** The EVPPI of each group at the same WTPs as the table above, next to the EVPI (its upper bound in theory). */
function evppiLines(r: PsaResult, picks: readonly number[]): string[] {
  const lines = [
    'Expected value of partial perfect information (EVPPI) per cohort: what knowing a group of',
    'parameters exactly would be worth (regression estimate, Strong, Oakley & Brennan 2014):',
  ];
  for (const g of r.evppi) lines.push(`  ${g.name}: ${g.parameters.join(', ')} (polynomial of degree ${g.degree}, ${g.terms} terms)`);
  const widths = r.evppi.map((g) => Math.max(16, [...g.name].length + 2));
  lines.push(`  ${pad(wtpColumn(r), 22, true)}${pad('EVPI', 18, true)}${r.evppi.map((g, k) => pad(g.name, widths[k], true)).join('')}`);
  for (const i of picks) {
    lines.push(`  ${pad(num(r.wtp[i]), 22, true)}${pad(num(r.evpi[i]), 18, true)}${r.evppi.map((g, k) => pad(num(g.evppi[i]), widths[k], true)).join('')}`);
  }
  return lines;
}

export function psaResultToTable(r: PsaResult): string {
  const N = r.scenario.cohort.eligiblePerYear;
  const lines = [
    r.engine === 'exact'
      ? `cgt-access psa: ${formatNumber(r.psa.draws, 0)} parameter draws, each evaluated exactly (expected values, no simulated patients), seed ${r.seed}, exact engine`
      : `cgt-access psa: ${formatNumber(r.psa.draws, 0)} parameter draws x ${formatNumber(r.psa.patientsPerDraw, 0)} patients per arm, seed ${r.seed}, ${r.engine} engine`,
    `${r.parameters.length} uncertain parameters${r.same.length ? `; poc takes the commercial arm's ${r.same.join(', ')} in every draw` : ''}.`,
    `Per cohort (${formatNumber(N, 0)} eligible patients a year): mean over draws (2.5th to 97.5th percentile).`,
    '',
  ];
  const w0 = 34;
  // With the QALY effect (MODEL.md v2), the QALYs beside the patients alive at one year.
  const shown = r.effect === 'qalys' ? [...ROWS, ['lifetime', 'qalys', 'qalys'] as [string, string, string]] : ROWS;
  const rows = shown.map(([group, name, diff]) => {
    const a = r.arms.commercial[group as 'funnel'] as unknown as Record<string, PsaStatistic>;
    const b = r.arms.poc[group as 'funnel'] as unknown as Record<string, PsaStatistic>;
    const label = group === 'v2v' ? 'vein-to-vein days, mean' : group === 'costs' ? `cost ${OUTPUT_LABELS[name]}` : OUTPUT_LABELS[name];
    const d = diff ? stat((r.difference as unknown as Record<string, PsaStatistic>)[diff]) : '';
    return [label, stat(a[name]), stat(b[name]), d];
  });
  const extra = stat(r.difference.costPerExtraAlive1y);
  const w = Math.max(20, extra.length + 2, ...rows.flatMap((c) => c.slice(1).map((x) => x.length + 2)));
  lines.push(pad('', w0) + pad(ARM_LABELS.commercial, w, true) + pad(ARM_LABELS.poc, w, true) + pad('poc - commercial', w, true));
  for (const [label, a, b, d] of rows) lines.push(pad(`  ${label}`, w0) + pad(a, w, true) + pad(b, w, true) + pad(d, w, true));
  if (r.effect === 'qalys') lines.push(pad(`  ${OUTPUT_LABELS.costPerQalyGained}`, w0 + 2 * w) + pad(stat(r.difference.costPerQalyGained), w, true));
  lines.push(
    pad(`  ${OUTPUT_LABELS.costPerExtraAlive1y}`, w0 + 2 * w) + pad(extra, w, true),
    '',
    `${GROUP_LABELS.difference}, share of draws in which point of care`,
    `  infuses more patients ${pct(r.probabilities.pocInfusesMore)}, costs less ${pct(r.probabilities.pocCostsLess)}, both ${pct(r.probabilities.both)}`,
    '',
    `Per willingness to pay (WTP) ${wtpUnit(r)}:`,
    `  ${pad(wtpColumn(r), 22, true)}${pad('P(poc cost-effective)', 24, true)}${pad('best arm (frontier)', 22, true)}${pad('EVPI per cohort', 18, true)}`,
  );
  const n = r.wtp.length;
  const picks = [...new Set(Array.from({ length: Math.min(n, 6) }, (_, i) => Math.round((i * (n - 1)) / Math.max(1, Math.min(n, 6) - 1))))];
  for (const i of picks) {
    lines.push(`  ${pad(num(r.wtp[i]), 22, true)}${pad(pct(r.acceptability.poc[i]), 24, true)}${pad(ARM_LABELS[r.frontier.arm[i]], 22, true)}${pad(num(r.evpi[i]), 18, true)}`);
  }
  if (r.evppi.length > 0) lines.push('', ...evppiLines(r, picks));
  if (r.tornado) {
    const t = r.tornado;
    const what = t.wtp === null ? t.output : `incremental net benefit at WTP ${num(t.wtp)} ${wtpUnit(r)}`;
    lines.push('', `Tornado of ${what} (each parameter at its 2.5th and 97.5th percentile, the others central; base ${num(t.base)}):`);
    if (t.bars.length === 0) lines.push('  no uncertain parameter');
    for (const b of t.bars.slice(0, 12)) {
      lines.push(`  ${pad(b.parameter, 34)}${pad(`${valueText(b.low.value)} -> ${num(b.low.output)}`, 28, true)}${pad(`${valueText(b.high.value)} -> ${num(b.high.output)}`, 28, true)}${pad(`swing ${num(b.swing)}`, 16, true)}`);
    }
    if (t.bars.length > 12) lines.push(`  ... ${t.bars.length - 12} more (see --format json)`);
  }
  return `${lines.join('\n')}\n`;
}
