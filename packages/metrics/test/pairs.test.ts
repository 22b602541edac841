import { Rng } from '@synthctr/runtime';
import { datasetFromRows } from '@synthctr/tabular-schema';
import { describe, expect, it } from 'vitest';
import { columnPairTrends } from '../src/index.js';

describe('columnPairTrends', () => {
  it('scores numeric pairs by 1 - |rho_real - rho_syn| / 2', () => {
    const xs = [0.5, 1.5, 2.5, 3.5, 4.5];
    const real = datasetFromRows(xs.map((x) => ({ x, y: 2 * x + 0.5 })));
    const syn = datasetFromRows(xs.map((x) => ({ x, y: 10.5 - 2 * x })));
    const r = columnPairTrends(real, syn);
    expect(r.pairs).toHaveLength(1);
    expect(r.pairs[0].metric).toBe('CorrelationSimilarity');
    expect(r.pairs[0].realCorrelation).toBeCloseTo(1, 14);
    expect(r.pairs[0].syntheticCorrelation).toBeCloseTo(-1, 14);
    expect(r.pairs[0].score).toBeCloseTo(0, 14);
  });

  it('scores categorical pairs by 1 - TV of the joint frequencies (hand-computed)', () => {
    // real cells (a,p) .5, (b,q) .5; synthetic (a,p) .5, (a,q) .25, (b,q) .25
    // TV = (0 + .25 + .25) / 2 = .25.
    const real = datasetFromRows([
      { c: 'a', d: 'p' },
      { c: 'a', d: 'p' },
      { c: 'b', d: 'q' },
      { c: 'b', d: 'q' },
    ]);
    const syn = datasetFromRows([
      { c: 'a', d: 'p' },
      { c: 'a', d: 'p' },
      { c: 'a', d: 'q' },
      { c: 'b', d: 'q' },
    ]);
    expect(columnPairTrends(real, syn).pairs[0]).toEqual({
      columns: ['c', 'd'],
      metric: 'ContingencySimilarity',
      score: 0.75,
    });
  });

  it('bins numeric columns of mixed pairs into 10 equal-width bins over the real range', () => {
    // Real v in [0, 10]: bins of width 1. Synthetic 0.5 -> bin 0 like real 0.2; 25 -> last bin
    // (clipped), like real 9.9; 5.5 -> bin 5 where real has nothing for 'a'.
    const real = datasetFromRows([
      { c: 'a', v: 0.2 },
      { c: 'b', v: 9.9 },
      { c: 'a', v: 0 },
      { c: 'b', v: 10 },
    ]);
    const syn = datasetFromRows([
      { c: 'a', v: 0.5 },
      { c: 'b', v: 25 },
      { c: 'a', v: 5.5 },
      { c: 'b', v: 9.5 },
    ]);
    // real cells (a,0) .5, (b,9) .5; synthetic (a,0) .25, (b,9) .5, (a,5) .25 -> TV .25.
    expect(columnPairTrends(real, syn).pairs[0].score).toBe(0.75);
  });

  it('recovers the correlation gap of Gaussian data with known rho (0.8 vs 0.2)', () => {
    const rng = new Rng(6);
    const draw = (rho: number) =>
      Array.from({ length: 5000 }, () => {
        const x = rng.normal();
        return { x, y: rho * x + Math.sqrt(1 - rho * rho) * rng.normal() };
      });
    const r = columnPairTrends(datasetFromRows(draw(0.8)), datasetFromRows(draw(0.2)));
    expect(r.pairs[0].score).toBeCloseTo(1 - 0.6 / 2, 1);
    const s = columnPairTrends(datasetFromRows(draw(0.8)), datasetFromRows(draw(0.2)), {
      correlation: 'spearman',
    });
    // Spearman of a Gaussian pair: (6/pi) asin(rho/2): 0.7859 and 0.1910.
    expect(s.pairs[0].score).toBeCloseTo(1 - (0.7859 - 0.191) / 2, 1);
  });

  it('subsamples pairs with a seed beyond maxPairs', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({
      a: i % 2,
      b: i % 3,
      c: i % 4,
      d: i % 5,
      e: i % 6,
    }));
    const kinds = {
      a: 'categorical',
      b: 'categorical',
      c: 'categorical',
      d: 'categorical',
      e: 'categorical',
    } as const;
    const t = datasetFromRows(rows, { kinds });
    const r = columnPairTrends(t, t, { maxPairs: 3, seed: 5 });
    expect([r.pairs.length, r.totalPairs, r.subsampled, r.mean]).toEqual([3, 10, true, 1]);
    expect(columnPairTrends(t, t, { maxPairs: 3, seed: 5 }).pairs.map((p) => p.columns)).toEqual(
      r.pairs.map((p) => p.columns),
    );
  });

  it('rejects bad options', () => {
    const t = datasetFromRows([{ a: 1, b: 2 }]);
    expect(() => columnPairTrends(t, t, { bins: 0 })).toThrow(
      'columnPairTrends: bins must be a positive integer, got 0.',
    );
  });
});
