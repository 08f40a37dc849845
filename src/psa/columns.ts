/**
 * The values of a PSA's outputs over its draws, one column per output, filled draw by draw.
 * Many outputs take the same value in every draw (those the uncertain parameters do not
 * reach: the eligible patients, a fixed cost, the losses before treatment when only outcomes
 * are uncertain, ...): when the draws come in order, a column holds no array while every
 * value so far equals the first draw's (the same number, sign of zero included, or NaN), and
 * is filled in when a draw first differs. Its statistic is then `constantStatistic`, the same numbers as
 * `psaStatistic` of the filled column without the selections.
 */

import { constantStatistic, psaStatistic, type PsaStatistic } from './statistics.js';

/** x and y the same value for a column: equal with the same sign of zero, or both NaN. */
function same(x: number, y: number): boolean {
  return x === y ? x !== 0 || 1 / x === 1 / y : x !== x && y !== y;
}

export class Columns {
  /** Each output's value in draw 0. */
  private readonly first: Float64Array;
  /** Each output's values, or null while they all equal `first`'s. */
  private readonly values: (Float64Array | null)[];

  /**
   * `inOrder`: the draws come in increasing order, each draw's outputs before the next draw's
   * (constant columns then hold no array); otherwise (draws done in any order, as a pool's
   * runs end) every column has its array from the start.
   */
  constructor(readonly width: number, readonly draws: number, inOrder: boolean) {
    this.first = new Float64Array(width);
    this.values = Array.from({ length: width }, () => (inOrder ? null : new Float64Array(draws)));
  }

  /** Output k's value in draw d. */
  set(d: number, k: number, x: number): void {
    const column = this.values[k];
    if (column !== null) column[d] = x;
    else if (d === 0) this.first[k] = x;
    else if (!same(x, this.first[k])) this.grow(k, d)[d] = x;
  }

  /**
   * Output k's values in draws from .. from + values.length - 1 (the draws in order: every
   * draw before `from` set already, none after).
   */
  setRange(k: number, from: number, values: Float64Array): void {
    const column = this.values[k];
    if (column !== null) {
      column.set(values, from);
      return;
    }
    let i = 0;
    if (from === 0 && values.length > 0) this.first[k] = values[i++];
    const first = this.first[k];
    while (i < values.length && same(values[i], first)) i++;
    if (i < values.length) this.grow(k, from + i).set(values.subarray(i), from + i);
  }

  /** Column k's array, draws 0 .. d - 1 filled with the first draw's value. */
  private grow(k: number, d: number): Float64Array {
    const column = new Float64Array(this.draws);
    column.fill(this.first[k], 0, d);
    this.values[k] = column;
    return column;
  }

  /** Output k's values over every draw (filled in for a constant column). */
  column(k: number): Float64Array {
    return this.values[k] ?? new Float64Array(this.draws).fill(this.first[k]);
  }

  /** Output k's statistic over every draw (`psaStatistic` of `column(k)`). */
  statistic(k: number): PsaStatistic {
    const column = this.values[k];
    return column === null ? constantStatistic(this.first[k], this.draws) : psaStatistic(column);
  }
}
