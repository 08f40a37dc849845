/**
 * Quantiles from a histogram of one-day bins, linear within the bin (MODEL.md): the q-th
 * quantile is b + (q m - below) / h[b] in the first bin b where the count reaches q m.
 * Its MCSE is the usual large-sample one, sqrt(q (1 - q) / m) / f(x_q), with the density
 * f estimated by that bin's share per day (Serfling, Approximation Theorems of Mathematical
 * Statistics, 1980, section 2.3.3). A quantile in the overflow bin has no value (null).
 */

import type { Estimate } from '../scenario/types.js';

export function histogramQuantile(h: ArrayLike<number>, q: number, overflowBin: number): Estimate {
  let m = 0;
  for (let b = 0; b < h.length; b++) m += h[b];
  if (m === 0) return { value: null, mcse: null };
  const target = q * m;
  let below = 0;
  for (let b = 0; b < h.length; b++) {
    const count = h[b];
    if (count > 0 && below + count >= target) {
      if (b >= overflowBin) return { value: null, mcse: null };
      const value = b + (target - below) / count;
      const density = count / m; // per day: bins are one day wide
      return { value, mcse: Math.sqrt((q * (1 - q)) / m) / density };
    }
    below += count;
  }
  return { value: null, mcse: null };
}
