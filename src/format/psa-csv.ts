/**
 * A PSA result as CSV in long form, one number per row, columns section,name,key,value:
 *   output,<output path>,mean|sd|p025|p50|p975|draws,<value>   (every output and difference)
 *   probability,pocInfusesMore|pocCostsLess|both,,<share of draws>
 *   acceptability,commercial|poc,<wtp>,<share>;  frontier,<arm>,<wtp>,<its acceptability>
 *   evpi,perCohort,<wtp>,<value>;  expectedIncrementalNetBenefit,perCohort,<wtp>,<value>
 *   evppi,<group name>,<wtp>,<value>   (each EVPPI group asked for, per cohort)
 *   cePlane,extraAlive1y|extraCost,<draw>,<value>
 *   tornado,<parameter>,low|high|lowOutput|highOutput|swing,<value>   (a duration's value as its median)
 * Empty cells for null.
 */

import type { PsaResult } from '../psa/result.js';
import type { PsaStatistic } from '../psa/statistics.js';

function field(x: string): string {
  return /[",\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x;
}

function walk(node: unknown, path: string, rows: string[][]): void {
  if (typeof node !== 'object' || node === null) return;
  if ('p50' in node && 'draws' in node) {
    for (const [k, v] of Object.entries(node as PsaStatistic)) rows.push(['output', path, k, v === null ? '' : String(v)]);
    return;
  }
  for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`, rows);
}

export function psaResultToCsv(r: PsaResult): string {
  const rows: string[][] = [];
  walk(r.arms, 'arms', rows);
  walk(r.difference, 'difference', rows);
  for (const [k, v] of Object.entries(r.probabilities)) rows.push(['probability', k, '', String(v)]);
  r.wtp.forEach((w, i) => {
    rows.push(['acceptability', 'commercial', String(w), String(r.acceptability.commercial[i])]);
    rows.push(['acceptability', 'poc', String(w), String(r.acceptability.poc[i])]);
    rows.push(['frontier', r.frontier.arm[i], String(w), String(r.frontier.probability[i])]);
    rows.push(['evpi', 'perCohort', String(w), String(r.evpi[i])]);
    rows.push(['expectedIncrementalNetBenefit', 'perCohort', String(w), String(r.expectedIncrementalNetBenefit[i])]);
  });
  for (const g of r.evppi) r.wtp.forEach((w, i) => rows.push(['evppi', g.name, String(w), String(g.evppi[i])]));
  r.cePlane.extraAlive1y.forEach((a, d) => {
    rows.push(['cePlane', 'extraAlive1y', String(d), String(a)]);
    if (r.effect === 'qalys') rows.push(['cePlane', 'extraQalys', String(d), String(r.cePlane.extraQalys[d])]);
    rows.push(['cePlane', 'extraCost', String(d), String(r.cePlane.extraCost[d])]);
  });
  for (const b of r.tornado?.bars ?? []) {
    const v = (x: number | { median: number }) => String(typeof x === 'number' ? x : x.median);
    const o = (x: number | null) => (x === null ? '' : String(x));
    rows.push(['tornado', b.parameter, 'low', v(b.low.value)], ['tornado', b.parameter, 'high', v(b.high.value)]);
    rows.push(['tornado', b.parameter, 'lowOutput', o(b.low.output)], ['tornado', b.parameter, 'highOutput', o(b.high.output)]);
    rows.push(['tornado', b.parameter, 'swing', o(b.swing)]);
  }
  return `section,name,key,value\n${rows.map((row) => row.map(field).join(',')).join('\n')}\n`;
}
