/** Numbers for people, with Intl: counts, days, money, each with its MCSE. */

import { decimalsFor } from '../../../src/format/number.js';
import type { Estimate } from '../../../src/scenario/types.js';

export type Unit = 'patients' | 'days' | 'money';

const formatters = new Map<string, Formatter>();

/**
 * The formatter of a locale and currency, made once and kept (each keeps its
 * Intl.NumberFormat objects, whose construction takes a millisecond or more).
 */
export function formatterFor(locale: string, currency: string): Formatter {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, f = new Formatter(locale, currency));
  return f;
}

export class Formatter {
  private readonly cache = new Map<string, Intl.NumberFormat>();

  constructor(readonly locale: string, readonly currency: string) {}

  private nf(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
    let f = this.cache.get(key);
    if (!f) {
      try {
        f = new Intl.NumberFormat(this.locale, options);
      } catch {
        // An unknown locale or currency code: fall back rather than fail to draw.
        f = new Intl.NumberFormat('en-US', { ...options, currency: options.currency ? 'USD' : undefined });
      }
      this.cache.set(key, f);
    }
    return f;
  }

  /** A number with `decimals` decimals, in `unit`. */
  number(x: number | null, unit: Unit, decimals = 0): string {
    if (x === null || !Number.isFinite(x)) return '–';
    const d = Math.max(0, Math.min(4, decimals));
    if (unit === 'money') {
      return this.nf(`m${d}`, { style: 'currency', currency: this.currency, minimumFractionDigits: d, maximumFractionDigits: d }).format(x);
    }
    return this.nf(`n${d}`, { minimumFractionDigits: d, maximumFractionDigits: d }).format(x);
  }

  /** Short money for axes and bars (`$1.2M`). */
  compactMoney(x: number): string {
    return this.nf('mc', { style: 'currency', currency: this.currency, notation: 'compact', maximumFractionDigits: 1 }).format(x);
  }

  compact(x: number): string {
    return this.nf('nc', { notation: 'compact', maximumFractionDigits: 1 }).format(x);
  }

  /**
   * The value and its MCSE, each with the decimals the MCSE calls for (an exact value whose
   * MCSE is pending takes its digits from `scale`, the last run's MCSE, when given).
   */
  estimate(e: Estimate & { scale?: number | null }, unit: Unit): { value: string; mcse: string | null } {
    if (e.value === null) return { value: '–', mcse: null };
    // Money is never shown below the unit; counts and days to the MCSE's second digit.
    const d = unit === 'money' ? 0 : decimalsFor(e.mcse ?? e.scale ?? null, e.value);
    return { value: this.number(e.value, unit, d), mcse: e.mcse === null ? null : this.number(e.mcse, unit, d) };
  }

  /**
   * An estimate as a share of `total` (of the eligible patients), in per cent, with the
   * decimals its MCSE calls for: `40.5%`. An en dash for a missing value or total.
   */
  share(e: Estimate & { scale?: number | null }, total: number | null): string {
    if (e.value === null || !total) return '–';
    const mcse = e.mcse ?? e.scale ?? null;
    const d = decimalsFor(mcse === null ? null : (100 * mcse) / total, (100 * e.value) / total);
    // A share needs no more than one decimal to be read; a very precise one still shows one.
    return `${this.number((100 * e.value) / total, 'patients', Math.min(d, 1))}%`;
  }

  /** `value ± mcse` in one string (tables, text alternatives). */
  estimateText(e: Estimate, unit: Unit): string {
    const { value, mcse } = this.estimate(e, unit);
    return mcse === null ? value : `${value} ± ${mcse}`;
  }
}
