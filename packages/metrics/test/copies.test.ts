import { Rng } from '@synthctr/runtime';
import { datasetFromRows } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { duplicateRows, identicalRows, type MetricError } from '../src/index.js';
import { frappeLikeTable, perturbedCopies } from '../src/testing/index.js';

describe('identicalRows', () => {
  it('rounds numbers to the real column’s learned digits and counts each synthetic copy', () => {
    const real = datasetFromRows([
      { price: 12.5, shop: 'x' },
      { price: 7.25, shop: 'y' },
      { price: null, shop: 'z' },
    ]);
    const syn = datasetFromRows([
      { price: 12.5000000001, shop: 'x' }, // 12.50 at 2 decimals: a copy
      { price: 12.5, shop: 'x' }, // the same real row again: counted again
      { price: 7.26, shop: 'y' }, // differs at 2 decimals
      { price: null, shop: 'z' }, // missing equals missing
      { price: 7.25, shop: 'w' },
    ]);
    expect(identicalRows(real, syn)).toMatchObject({
      syntheticRows: 5,
      realRows: 3,
      identicalRows: 3,
      exactCopyRate: 0.6,
      distinctRealRows: 3,
      distinctRealRowsReproduced: 2,
      numericDigits: { price: 2 },
    });
  });

  it('compares only the requested columns', () => {
    const real = datasetFromRows([{ a: 'p', b: 'q', c: 1 }]);
    const syn = datasetFromRows([{ a: 'p', b: 'q', c: 2 }]);
    expect(identicalRows(real, syn).identicalRows).toBe(0);
    expect(identicalRows(real, syn, { columns: ['a', 'b'] }).identicalRows).toBe(1);
  });

  it('names a missing column, an extra column and a kind mismatch', () => {
    const real = datasetFromRows([{ age: 30, grade: 'A' }]);
    expect(() => identicalRows(real, datasetFromRows([{ age: 30 }]))).toThrow(
      "identicalRows: the synthetic table has no column 'grade'; expected every compared column in both " +
        'tables (compared: age, grade). Select the same columns on both sides or pass { columns }.',
    );
    expect(() => identicalRows(real, datasetFromRows([{ age: 30, grade: 'A', extra: 1 }]))).toThrow(
      'identicalRows: the synthetic table has columns the real one lacks (extra); expected the same columns ' +
        'in both tables. Drop them or pass { columns } to compare a subset.',
    );
    const words = datasetFromRows([{ age: 'thirty', grade: 'A' }], {
      kinds: { age: 'categorical' },
    });
    expect(() => identicalRows(real, words)).toThrow(
      "identicalRows: column 'age' is integer in one table but categorical in the other, and its category " +
        "'thirty' is not a number; expected the same kind on both sides. Declare 'age' with one kind in both tables.",
    );
    try {
      identicalRows(real, words);
    } catch (e) {
      expect((e as MetricError).code).toBe('kind-mismatch');
    }
  });

  it('matches the construction on Frappe-sized tables (60k x 60k, 11 columns) fast', () => {
    const rng = new Rng(17);
    const real = frappeLikeTable(60_000, rng);
    // Exact copies of the first 10,000 real rows, then 50,000 rows each 1-3 columns away
    // from a real row.
    const copies = real.slice(0, 10_000);
    const changed = perturbedCopies(real, 50_000, 3, rng);
    const rows: number[] = [];
    changed.changes.forEach((k, i) => {
      if (k > 0) rows.push(i);
    });
    const syn = copies.concat(changed.table.select(rows));
    const t0 = performance.now();
    const r = identicalRows(real, syn);
    const ms = performance.now() - t0;
    // Every copy is found; a changed row can still land on another real row by chance, and
    // no more than that.
    expect(r.identicalRows).toBeGreaterThanOrEqual(10_000);
    expect(r.identicalRows).toBeLessThan(10_000 + 0.03 * rows.length);
    expect(r.distinctRealRowsReproduced).toBeGreaterThanOrEqual(
      new Set(
        real
          .slice(0, 10_000)
          .toRows()
          .map((x) => JSON.stringify(x)),
      ).size,
    );
    // About 0.2 s on an idle machine; the bound only catches a quadratic regression.
    expect(ms).toBeLessThan(5000);
  });
});

describe('duplicateRows', () => {
  it('counts rows that repeat an earlier row', () => {
    const d = datasetFromRows([
      { a: 1, b: 'x' },
      { a: 1, b: 'x' },
      { a: 2, b: 'x' },
      { a: 1, b: 'x' },
    ]);
    expect(duplicateRows(d)).toMatchObject({
      rows: 4,
      distinctRows: 2,
      duplicateRows: 2,
      duplicateRate: 0.5,
    });
    expect(duplicateRows(d.slice(0, 0))).toMatchObject({
      rows: 0,
      duplicateRows: 0,
      duplicateRate: 0,
    });
  });
});
