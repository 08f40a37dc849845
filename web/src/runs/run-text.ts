/** What a finished point run was, in words: patients per arm, or (with capacity) replicates × cohort-years. */

import type { Result } from '../../../src/scenario/types.js';
import type { Formatter } from '../common/format.js';

export function runText(f: Formatter, r: Result): string {
  const y = r.scenario.run.years;
  if (!y) return `${f.number(r.patients, 'patients', 0)} simulated patients per arm, seed ${r.seed}.`;
  return `${f.number(y.replicates, 'patients', 0)} replicates × cohort-years (${y.warmupYears} warm-up year${y.warmupYears === 1 ? '' : 's'} and the reported year; ${f.number(r.patients, 'patients', 0)} reported patients per arm), seed ${r.seed}.`;
}
