/** The result as CSV: one row per output, columns arm, group, name, value, mcse (empty for null). */

import type { Result } from '../scenario/types.js';
import { resultRows } from './rows.js';

function field(x: string): string {
  return /[",\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x;
}

const num = (x: number | null) => (x === null ? '' : String(x));

export function resultToCsv(result: Result): string {
  const lines = ['arm,group,name,value,mcse'];
  for (const r of resultRows(result)) {
    lines.push([r.arm, r.group, r.name, num(r.estimate.value), num(r.estimate.mcse)].map(field).join(','));
  }
  return `${lines.join('\n')}\n`;
}
