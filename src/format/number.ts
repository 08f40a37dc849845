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

/** Decimals that show an uncertainty of `mcse` to two significant digits (0 to 4 decimals). */
export function decimalsFor(mcse: number | null, value: number | null): number {
  const scale = mcse && mcse > 0 ? mcse : value ? Math.abs(value) / 1e4 : 1;
  return Math.min(4, Math.max(0, 1 - Math.floor(Math.log10(scale))));
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
