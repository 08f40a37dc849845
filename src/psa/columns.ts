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

/**
 * Column arrays given back by finished PSAs (`Columns.release`), for the next PSA's columns of
 * the same length: a PSA of 10^4 draws fills some 30 to 90 columns of 80 KB, and fresh memory
 * for them (its pages' first touch) took a third of an exact PSA's time on the machines
 * measured. At most SPARE_BYTES are kept.
 */
const spare: Float64Array[] = [];
let spareBytes = 0;
const SPARE_BYTES = 32e6;

/** An array of `length` numbers, from the spare ones if one fits (its values are old: every one is written before it is read). */
function newColumn(length: number): Float64Array {
  for (let i = spare.length - 1; i >= 0; i--) {
    const a = spare[i];
    if (a.length === length) {
      spare[i] = spare[spare.length - 1];
      spare.pop();
      spareBytes -= a.byteLength;
      return a;
    }
  }
  return new Float64Array(length);
}

/** x and y the same value for a column: equal with the same sign of zero, or both NaN. */
function same(x: number, y: number): boolean {
  return x === y ? x !== 0 || 1 / x === 1 / y : x !== x && y !== y;
}

export class Columns {
  /** Each output's value in draw 0. */
  private readonly first: Float64Array;
  /** Each output's values, or null while they all equal `first`'s. */
  private readonly values: (Float64Array | null)[];
  /** Whether the arrays were given back (`release`): the columns are then no more. */
  private released = false;

  /**
   * `inOrder`: the draws come in increasing order, each draw's outputs before the next draw's
   * (constant columns then hold no array); otherwise (draws done in any order, as a pool's
   * runs end) every column has its array from the start.
   */
  constructor(readonly width: number, readonly draws: number, inOrder: boolean) {
    this.first = new Float64Array(width);
    this.values = Array.from({ length: width }, () => (inOrder ? null : newColumn(draws)));
  }

  /**
   * Gives the columns' arrays back for later PSAs' columns: for a caller done with these
   * columns (every draw set) and with every array `column` returned.
   */
  release(): void {
    for (let k = 0; k < this.width; k++) {
      const column = this.values[k];
      this.values[k] = null;
      if (column !== null && spareBytes + column.byteLength <= SPARE_BYTES) {
        spare.push(column);
        spareBytes += column.byteLength;
      }
    }
    this.released = true;
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

  private live(): void {
    if (this.released) throw new Error('cgt-access: PSA columns used after their release');
  }

  /** Column k's array, draws 0 .. d - 1 filled with the first draw's value. */
  private grow(k: number, d: number): Float64Array {
    this.live();
    const column = newColumn(this.draws);
    column.fill(this.first[k], 0, d);
    this.values[k] = column;
    return column;
  }

  /** Output k's values over every draw (filled in for a constant column). */
  column(k: number): Float64Array {
    this.live();
    return this.values[k] ?? new Float64Array(this.draws).fill(this.first[k]);
  }

  /** Output k's statistic over every draw (`psaStatistic` of `column(k)`). */
  statistic(k: number): PsaStatistic {
    this.live();
    const column = this.values[k];
    return column === null ? constantStatistic(this.first[k], this.draws) : psaStatistic(column);
  }
}
