/**
 * The exact PSA's columns (src/psa/columns.ts): a column that holds no array while its values
 * equal the first draw's gives the very values and statistics of the full column.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Columns } from '../src/psa/columns.js';
import { constantStatistic, psaStatistic, psaStatisticBySelection } from '../src/psa/statistics.js';

const special = [0, -0, 1, -1, 0.1, 1 / 3, 5e-324, -5e-324, 1e308, -1e308, Infinity, -Infinity, NaN, 600, 373000.5, 2000000, 2 ** 40 + 1, -(2 ** 43) - 3, 2 ** 52];

describe('constantStatistic', () => {
  it('is psaStatistic of n equal values, bit for bit', () => {
    const values = fc.oneof(fc.constantFrom(...special), fc.double());
    fc.assert(fc.property(values, fc.integer({ min: 1, max: 3000 }), (x, n) => {
      expect(constantStatistic(x, n)).toStrictEqual(psaStatisticBySelection(new Float64Array(n).fill(x)));
    }), { numRuns: 2000, seed: 15 });
  });
});

describe('Columns', () => {
  it('gives every column and statistic of the values set, in order or not (constant, late-changing, NaN and signed-zero columns)', () => {
    // A column: a value, and from which draw on (if any) others follow.
    const arbColumn = fc.tuple(
      fc.constantFrom(...special),
      fc.integer({ min: 1, max: 60 }),
      fc.array(fc.oneof(fc.constantFrom(...special), fc.double()), { minLength: 60, maxLength: 60 }),
      fc.boolean(),
    );
    // Draws set in order, in ranges of 1 to 7 draws (by setRange) and one at a time (by set), in turn.
    const arbRanges = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 60, maxLength: 60 });
    fc.assert(fc.property(fc.array(arbColumn, { minLength: 1, maxLength: 8 }), fc.integer({ min: 2, max: 60 }), arbRanges, (spec, S, ranges) => {
      const data = spec.map(([x, from, later, constant]) => Float64Array.from({ length: S }, (_, d) => (constant || d < from ? x : later[d])));
      const inOrder = new Columns(data.length, S, true);
      for (let d = 0, r = 0; d < S; r++) {
        const end = Math.min(S, d + ranges[r]);
        if (r % 2 === 0) data.forEach((c, k) => inOrder.setRange(k, d, c.slice(d, end)));
        else for (let e = d; e < end; e++) data.forEach((c, k) => inOrder.set(e, k, c[e]));
        d = end;
      }
      const anyOrder = new Columns(data.length, S, false);
      for (let d = S - 1; d >= 0; d--) data.forEach((c, k) => anyOrder.set(d, k, c[d]));
      data.forEach((c, k) => {
        expect(inOrder.column(k)).toStrictEqual(c);
        expect(anyOrder.column(k)).toStrictEqual(c);
        expect(inOrder.statistic(k)).toStrictEqual(psaStatistic(c));
        expect(anyOrder.statistic(k)).toStrictEqual(psaStatistic(c));
      });
      // Their arrays serve the next runs' columns of the same length, old values and all.
      inOrder.release();
      anyOrder.release();
      expect(() => inOrder.column(0)).toThrow(/after their release/);
      expect(() => anyOrder.statistic(0)).toThrow(/after their release/);
    }), { numRuns: 500, seed: 15 });
  });
});

describe('psaStatistic', () => {
  it('gives the numbers of the selection in a copy (psaStatisticBySelection) bit for bit', () => {
    const value = fc.oneof(
      { weight: 4, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
      { weight: 2, arbitrary: fc.double() },
      { weight: 2, arbitrary: fc.constantFrom(...special) },
      { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }) },
    );
    const column = fc.oneof(
      fc.array(value, { minLength: 1, maxLength: 300 }),
      // Few distinct values (ties), skewed values, and long columns.
      fc.tuple(fc.array(value, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 3000 }))
        .map(([vs, picks]) => picks.map((i) => vs[i % vs.length])),
      fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 3000 }).map((zs) => zs.map((z) => 373000 * Math.exp(2 * z))),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2000, maxLength: 12000 }),
    );
    fc.assert(fc.property(column, (xs) => {
      const values = Float64Array.from(xs);
      expect(psaStatistic(values)).toStrictEqual(psaStatisticBySelection(values));
    }), { numRuns: 3000, seed: 15 });
  });
});
