/** The standard normal's 90th percentile, Phi^-1(0.9). */
export const Z90 = 1.2815515655446004;

/** A log-normal given by its median and 90th percentile, as MODEL.md writes durations. */
export interface LogNormal {
  readonly median: number;
  readonly mu: number;
  readonly sigma: number;
}

/**
 * Parameters of the log-normal with the given median and 90th percentile (p90 >= median):
 * mu = ln(median), sigma = ln(p90 / median) / Phi^-1(0.9). `p90 == median` is a fixed value
 * (sigma 0), and a median of 0 a fixed zero.
 */
export function logNormalFromMedianP90(median: number, p90: number): LogNormal {
  if (median === 0 || p90 === median) return { median, mu: median === 0 ? -Infinity : Math.log(median), sigma: 0 };
  return { median, mu: Math.log(median), sigma: Math.log(p90 / median) / Z90 };
}

/**
 * A draw exp(mu + sigma z) from a standard normal z. A fixed value returns the median
 * itself (not exp(ln(median)), which can be off in the last bit), so fixed durations are exact.
 */
export function logNormal(d: LogNormal, z: number): number {
  if (d.sigma === 0) return d.median;
  return Math.exp(d.mu + d.sigma * z);
}
