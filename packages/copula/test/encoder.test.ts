import { Rng } from '@synthctr/runtime';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { ensureCorrelation, pearson } from '../src/correlation.js';
import { nearestCorrelation, UniformEncoder } from '../src/index.js';

describe('UniformEncoder', () => {
  // Codes of 6 rows into 4 categories; code 3 never occurs. First appearance: 2, 0, 1.
  const codes = Int32Array.from([2, 0, 1, 1, 0, 1]);

  it('lays out intervals by first appearance, widths = frequencies, last edge exactly 1', () => {
    const enc = UniformEncoder.fit(codes, 4, 'appearance');
    expect(enc.state.order).toEqual([2, 0, 1, 3]);
    expect(Array.from(enc.lo)).toEqual([1 / 6, 1 / 2, 0, 1]);
    expect(Array.from(enc.hi)).toEqual([1 / 2, 1, 1 / 6, 1]);
    expect(enc.observed).toBe(3);
    expect(enc.isObserved(3)).toBe(false);
  });

  it('lays out intervals in code order when asked', () => {
    const enc = UniformEncoder.fit(codes, 4, 'code');
    for (const [c, v] of [0, 1 / 3, 5 / 6, 1].entries()) expect(enc.lo[c]).toBeCloseTo(v, 15);
    for (const [c, v] of [1 / 3, 5 / 6, 1, 1].entries()) expect(enc.hi[c]).toBeCloseTo(v, 15);
  });

  it('decodes by binning with right-closed intervals, clipping to [0, 1], never to an unseen code', () => {
    const enc = UniformEncoder.fit(codes, 4, 'code');
    const got = [-1, 0, 1 / 3, 0.34, 0.83, 0.9, 1, 7].map((v) => enc.decode(v));
    expect(got).toEqual([0, 0, 0, 1, 1, 2, 2, 2]);
  });

  it('encodes each row inside its own interval and decodes it back', () => {
    const enc = UniformEncoder.fit(codes, 4, 'appearance');
    const x = enc.encode(codes, new Rng(5));
    codes.forEach((c, i) => {
      expect(x[i]).toBeGreaterThanOrEqual(enc.lo[c]);
      expect(x[i]).toBeLessThan(enc.hi[c]);
      expect(enc.decode(x[i])).toBe(c);
    });
  });
});

describe('correlation', () => {
  it('Pearson gives 0 (not NaN) for a constant column', () => {
    const a = Float64Array.from([1, 2, 3, 4]);
    const r = pearson([a, Float64Array.from([2, 4, 6, 9]), new Float64Array(4).fill(5)]);
    expect(r.get(0, 2)).toBe(0);
    expect(r.get(1, 2)).toBe(0);
    expect(r.get(2, 2)).toBe(1);
    expect(r.get(0, 1)).toBeCloseTo(0.9943767126843689, 12);
  });

  it("repairs Higham's example to its nearest correlation matrix (0.7607, 0.1573)", () => {
    const a = new Matrix([
      [1, 1, 0],
      [1, 1, 1],
      [0, 1, 1],
    ]);
    const x = nearestCorrelation(a);
    expect(x.get(0, 1)).toBeCloseTo(0.7607, 4);
    expect(x.get(0, 2)).toBeCloseTo(0.1573, 4);
    expect(x.get(1, 2)).toBeCloseTo(0.7607, 4);
    expect([0, 1, 2].map((i) => x.get(i, i))).toEqual([1, 1, 1]);
    const fixed = ensureCorrelation(a);
    expect(fixed.repaired).toBe(true);
  });

  it('leaves a valid correlation matrix alone', () => {
    const a = new Matrix([
      [1, 0.5],
      [0.5, 1],
    ]);
    const { matrix, repaired } = ensureCorrelation(a);
    expect(repaired).toBe(false);
    expect(matrix.to2DArray()).toEqual(a.to2DArray());
  });
});
