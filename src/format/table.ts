/** The result as a readable side-by-side text table: both arms, then their difference, with MCSE. */

import type { Estimate, Result } from '../scenario/types.js';
import { ARM_LABELS, GROUP_LABELS, OUTPUT_LABELS, QUEUE_LABELS } from './labels.js';
import { formatEstimate, formatNumber } from './number.js';
import { armRows, queueRows } from './rows.js';
import { EXACT_ENGINE } from '../exact/expected.js';

function pad(s: string, width: number, right = false): string {
  const len = [...s].length;
  if (len >= width) return s;
  return right ? ' '.repeat(width - len) + s : s + ' '.repeat(width - len);
}

function signed(e: Estimate): string {
  const s = formatEstimate(e);
  return e.value !== null && e.value > 0 ? `+${s}` : s;
}

export function resultToTable(result: Result): string {
  const lines: string[] = [];
  const N = result.scenario.cohort.eligiblePerYear;
  const years = result.scenario.run.years;
  if (result.engine === EXACT_ENGINE) {
    lines.push(
      'cgt-access: exact engine: expected values by numerical integration of the model, no simulation',
      `One cohort = ${formatNumber(N, 0)} eligible patients a year. Values are expected values per cohort (no Monte Carlo error).`,
      'The vein-to-vein median and percentiles are not expectations: a simulation gives them (shown as -).',
      '',
    );
  } else {
    lines.push(
      years
        ? `cgt-access: ${formatNumber(years.replicates, 0)} replicates of ${years.warmupYears} warm-up year${years.warmupYears === 1 ? '' : 's'} and a reported year (${formatNumber(result.patients, 0)} reported patients per arm), seed ${result.seed}, ${result.engine} engine`
        : `cgt-access: ${formatNumber(result.patients, 0)} simulated patients per arm, seed ${result.seed}, ${result.engine} engine`,
      `One cohort = ${formatNumber(N, 0)} eligible patients a year. Values are per cohort, ± Monte Carlo standard error.`,
      '',
    );
  }
  const com = armRows('commercial', result.arms.commercial, false);
  const poc = armRows('poc', result.arms.poc, false);
  // Rows one arm has and the other not (a cost-recovery price) are shown beside a blank.
  const blank: Estimate = { value: null, mcse: null };
  const names = (rows: typeof com) => rows.map((r) => `${r.group}.${r.name}`);
  if (com.length !== poc.length) {
    const all = [...new Set([...names(com), ...names(poc)])];
    const fill = (rows: typeof com, arm: 'commercial' | 'poc') => all.map((k) => rows.find((r) => `${r.group}.${r.name}` === k)
      ?? { arm, group: k.split('.')[0], name: k.split('.')[1], estimate: blank });
    const c2 = fill(com, 'commercial');
    const p2 = fill(poc, 'poc');
    com.splice(0, com.length, ...c2);
    poc.splice(0, poc.length, ...p2);
  }
  const labelWidth = 34;
  const colWidth = Math.max(
    24,
    ...com.map((r) => formatEstimate(r.estimate).length + 2),
    ...poc.map((r) => formatEstimate(r.estimate).length + 2),
  );
  lines.push(pad('', labelWidth) + pad(ARM_LABELS.commercial, colWidth, true) + pad(ARM_LABELS.poc, colWidth, true));
  let group = '';
  for (let i = 0; i < com.length; i++) {
    const c = com[i];
    if (c.group !== group) {
      group = c.group;
      lines.push(GROUP_LABELS[group] ?? group);
    }
    lines.push(
      pad(`  ${OUTPUT_LABELS[c.name] ?? c.name}`, labelWidth)
      + pad(formatEstimate(c.estimate), colWidth, true)
      + pad(formatEstimate(poc[i].estimate), colWidth, true),
    );
  }
  // Capacity (MODEL.md v2): the queue block of the arms that have lines ('-' for an arm without).
  const comQueue = queueRows('commercial', result.arms.commercial);
  const pocQueue = queueRows('poc', result.arms.poc);
  const queueNames = (comQueue.length > 0 ? comQueue : pocQueue).map((r) => r.name);
  if (queueNames.length > 0) {
    const cell = (rows: typeof comQueue, name: string) => {
      const row = rows.find((r) => r.name === name);
      return row ? formatEstimate(row.estimate) : '-';
    };
    const lines0 = (arm: 'commercial' | 'poc') => result.scenario.arms[arm].capacity?.lines;
    const head = (arm: 'commercial' | 'poc') => (lines0(arm) === undefined ? 'unlimited' : formatNumber(lines0(arm)!, 0));
    lines.push(`${GROUP_LABELS.queue}`);
    lines.push(pad('  lines', labelWidth) + pad(head('commercial'), colWidth, true) + pad(head('poc'), colWidth, true));
    for (const name of queueNames) {
      const label = QUEUE_LABELS[name] ?? name;
      lines.push(pad(`  ${label}`, labelWidth) + pad(cell(comQueue, name), colWidth, true) + pad(cell(pocQueue, name), colWidth, true));
    }
  }
  lines.push('', GROUP_LABELS.difference);
  for (const [name, e] of Object.entries(result.difference)) {
    lines.push(pad(`  ${OUTPUT_LABELS[name] ?? name}`, labelWidth + 14) + pad(signed(e as Estimate), colWidth, true));
  }
  // The cost-recovery price in words (MODEL.md v2): its value, or that the market does not sustain the product.
  const notes = (['commercial', 'poc'] as const).map((a) => result.arms[a].price.costRecovery?.note).filter((n): n is string => n !== undefined);
  if (notes.length > 0) lines.push('', ...notes.map((n) => `${n}.`));
  return `${lines.join('\n')}\n`;
}
