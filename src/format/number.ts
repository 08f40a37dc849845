/** Number formatting shared by the table and the CLI, with Intl. */

import type { Estimate } from '../scenario/types.js';

const cache = new Map<number, Intl.NumberFormat>();
function fmt(decimals: number): Intl.NumberFormat {
  let f = cache.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    cache.set(decimals, f);
  }
  return f;
}

/**
 * Decimals that round an estimate to what its MCSE supports: to the MCSE's leading digit, and
 * to the next one when that digit is 1 or 2 (0.0052 -> 3 decimals, 11.244 ± 0.005; 0.0015 -> 4,
 * 11.2435 ± 0.0015; 0.24 -> 11.24 ± 0.24; 0.28 -> 11.2 ± 0.3). Without an MCSE, a fifth significant digit of the
 * value. From 0 to 4 decimals.
 */
export function decimalsFor(mcse: number | null, value: number | null): number {
  if (mcse !== null && mcse > 0 && Number.isFinite(mcse)) {
    let e = Math.floor(Math.log10(mcse));
    // The leading digit after rounding to it (0.0096 leads with 1 at 0.01).
    let lead = Math.round(mcse / 10 ** e);
    if (lead >= 10) { e += 1; lead = 1; }
    return clampDecimals(-e + (lead <= 2 ? 1 : 0));
  }
  const scale = value ? Math.abs(value) / 1e4 : 1;
  return clampDecimals(1 - Math.floor(Math.log10(scale)));
}

function clampDecimals(d: number): number {
  return Math.min(4, Math.max(0, d));
}

export function formatNumber(x: number | null, decimals: number): string {
  if (x === null || Number.isNaN(x)) return '-';
  return fmt(decimals).format(x);
}

/** `value ± mcse`, both with the decimals the MCSE calls for; `-` for null. */
export function formatEstimate(e: Estimate): string {
  if (e.value === null) return '-';
  if (!e.mcse) return formatNumber(e.value, Number.isInteger(e.value) ? 0 : 2);
  const d = decimalsFor(e.mcse, e.value);
  return `${formatNumber(e.value, d)} ± ${formatNumber(e.mcse, d)}`;
}
