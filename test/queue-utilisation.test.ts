/**
 * A queue's utilisation is a share of the lines' year: busy line-days summed over lines and
 * replicates can round past lines x 365 (issue 26, item 7: 1.0000000000000002 with
 * eligiblePerYear 10^6, lines 5000/3000), and is reported clamped to [0, 1].
 */

import { describe, expect, it } from 'vitest';
import { CROSS_OFFSET, Q, QUEUE_OFFSET, REPLICATES_SLOT, STATS } from '../src/model/queue-layout.js';
import { summariseYears } from '../src/queue/summarise.js';
import { resolveScenario } from '../src/index.js';

describe('utilisation', () => {
  it('busy days a rounding above lines x 365 give utilisation 1, not above', () => {
    const s = resolveScenario({
      cohort: { eligiblePerYear: 1e6 },
      arms: { commercial: { capacity: { lines: 5000 } }, poc: { capacity: { lines: 3000 } } },
      run: { years: { replicates: 2, warmupYears: 3 } },
    });
    const t = new Float64Array(CROSS_OFFSET + (STATS * (STATS + 1)) / 2);
    t[REPLICATES_SLOT] = 2;
    // Two replicates of saturated lines whose summed busy days came out one ulp high.
    const full = (lines: number) => 2 * lines * 365 * (1 + 2 ** -52);
    t[QUEUE_OFFSET.commercial + Q.busyLineDays] = full(5000);
    t[QUEUE_OFFSET.poc + Q.busyLineDays] = full(3000);
    const r = summariseYears(s, t, 'test');
    for (const arm of ['commercial', 'poc'] as const) {
      const u = r.arms[arm].queue!.utilisation.value as number;
      expect(u).toBe(1);
    }
  });
});
