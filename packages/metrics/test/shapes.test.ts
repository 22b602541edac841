import { Rng } from '@synthctr/runtime';
import { datasetFromRows } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { categoryCoverage, columnShapes, ksStatistic } from '../src/index.js';

describe('columnShapes', () => {
  it('scores a categorical column by 1 - TV and a numeric one by 1 - KS (hand-computed)', () => {
    // grade: real x .5 / y .5, synthetic x .75 / y .25 -> TV .25.
    // v: real {1,2,3,4} vs synthetic {3,4,5,6}: the ECDFs differ by at most 1/2
    // (SciPy ks_2samp: 0.5).
    const real = datasetFromRows([
      { grade: 'x', v: 1.5 },
      { grade: 'x', v: 2.5 },
      { grade: 'y', v: 3.5 },
      { grade: 'y', v: 4.5 },
    ]);
    const syn = datasetFromRows([
      { grade: 'x', v: 3.5 },
      { grade: 'x', v: 4.5 },
      { grade: 'x', v: 5.5 },
      { grade: 'y', v: 6.5 },
    ]);
    const r = columnShapes(real, syn);
    expect(r.columns).toEqual([
      { name: 'grade', metric: 'TVComplement', score: 0.75 },
      { name: 'v', metric: 'KSComplement', score: 0.5 },
    ]);
    expect(r.mean).toBe(0.625);
    expect(r.nUndefined).toBe(0);
  });

  it('recovers the KS distance of N(0,1) vs N(0.5,1): 2 Phi(0.25) - 1 = 0.19741', () => {
    const rng = new Rng(12);
    const a = rng.fillNormal(new Float64Array(20_000)).sort();
    const b = rng.fillNormal(new Float64Array(20_000), 0.5).sort();
    // The sample statistic sits about 0.005 (its sd) above or below the population value.
    expect(Math.abs(ksStatistic(a, b) - 0.19741)).toBeLessThan(0.015);
    expect(ksStatistic(a, a)).toBe(0);
  });

  it('counts missing as a category for TV and drops it for KS; an all-missing side is NaN', () => {
    const real = datasetFromRows([
      { c: 'a', n: 1 },
      { c: null, n: null },
    ]);
    const syn = datasetFromRows([
      { c: 'a', n: null },
      { c: 'a', n: null },
    ]);
    const r = columnShapes(real, syn);
    expect(r.columns[0].score).toBe(0.5);
    expect(r.columns[1].score).toBeNaN();
    expect([r.mean, r.nUndefined]).toEqual([0.5, 1]);
  });
});

describe('categoryCoverage', () => {
  it('is the share of real categories the synthetic rows contain, missing not counted', () => {
    const real = datasetFromRows([{ c: 'a' }, { c: 'b' }, { c: 'c' }, { c: null }]);
    const syn = datasetFromRows([{ c: 'a' }, { c: 'a' }, { c: 'd' }]);
    expect(categoryCoverage(real, syn)).toEqual({
      columns: [{ name: 'c', realCategories: 3, covered: 1, coverage: 1 / 3, unseenCategories: 1 }],
      mean: 1 / 3,
      nUndefined: 0,
    });
  });

  it('skips numeric columns and matches categories by coerced value', () => {
    const real = datasetFromRows(
      [
        { k: 1, x: 0.5 },
        { k: 2, x: 1.5 },
      ],
      { kinds: { k: 'categorical' } },
    );
    const syn = datasetFromRows(
      [
        { k: '1', x: 0.7 },
        { k: '2.0', x: 0.1 },
      ],
      { kinds: { k: 'categorical' } },
    );
    const r = categoryCoverage(real, syn);
    expect(r.columns.map((c) => [c.name, c.coverage])).toEqual([['k', 1]]);
  });
});
