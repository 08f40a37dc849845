/** A preset shown for people: description, then every parameter with its value and source. */

import type { Preset } from '../presets/index.js';
import { ARM_NAMES } from '../scenario/types.js';

function show(v: unknown): string {
  if (typeof v === 'object' && v !== null && 'median' in v) {
    const d = v as { median: number; p90: number };
    return d.median === d.p90 ? `${d.median} d (fixed)` : `${d.median} d (p90 ${d.p90})`;
  }
  return String(v);
}

export function presetTable(p: Preset): string {
  const lines = [`${p.name}: ${p.title}`, '', p.description, ''];
  const section = (title: string, prefix: string, fields: object) => {
    lines.push(title);
    const width = Math.max(...Object.keys(fields).map((k) => k.length)) + 2;
    const vwidth = Math.max(...Object.values(fields).map((v) => show(v).length)) + 2;
    for (const [k, v] of Object.entries(fields)) {
      lines.push(`  ${k.padEnd(width)}${show(v).padEnd(vwidth)}${p.sources[`${prefix}.${k}`] ?? ''}`);
    }
    lines.push('');
  };
  section('cohort', 'cohort', p.scenario.cohort);
  for (const arm of ARM_NAMES) section(`arms.${arm}`, `arms.${arm}`, p.scenario.arms[arm]);
  return `${lines.join('\n')}`;
}
