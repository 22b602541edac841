import { describe, expect, it } from 'vitest';
import { SmotenError, ValueDifferenceMetric } from '../src/index.js';

// The reference's own docstring example: 10 green (8 of class 1), 10 red (7 of class 1) and
// 10 blue (1 of class 1), so the class-1 posteriors are 0.8, 0.7 and 0.1.
function colours(): { codes: Int32Array; y: Int32Array } {
  const names = [...Array(10).fill(0), ...Array(10).fill(1), ...Array(10).fill(2)];
  const y = [...Array(8).fill(1), ...Array(5).fill(0), ...Array(7).fill(1), ...Array(9).fill(0), 1];
  return { codes: Int32Array.from(names), y: Int32Array.from(y) };
}

describe('ValueDifferenceMetric', () => {
  it('reproduces the reference example: posteriors 0.8 / 0.7 / 0.1 give 0.04, 1.96 and 1.44', () => {
    const { codes, y } = colours();
    const vdm = ValueDifferenceMetric.fit([codes], [3], y, 2);
    expect(Array.from(vdm.posteriors[0])).toEqual(
      [0.2, 0.8, 0.3, 0.7, 0.9, 0.1].map((v) => expect.closeTo(v, 12)),
    );
    const d = vdm.pairwise([[0], [1], [2]]);
    const expected = [
      [0, 0.04, 1.96],
      [0.04, 0, 1.44],
      [1.96, 1.44, 0],
    ];
    for (const [i, row] of d.entries()) {
      for (const [j, v] of row.entries()) expect(v).toBeCloseTo(expected[i][j], 12);
    }
  });

  it('sums features with exponent r and takes the k-norm inside a feature', () => {
    // Two features with the same posteriors: r = 2 doubles the one-feature distance.
    const { codes, y } = colours();
    const two = ValueDifferenceMetric.fit([codes, codes], [3, 3], y, 2);
    expect(two.distance([0, 0], [2, 2])).toBeCloseTo(2 * 1.96, 12);
    // k = 2: delta = sqrt(0.7^2 + 0.7^2) = 0.98995; r = 1 leaves it unsquared.
    const euclid = ValueDifferenceMetric.fit([codes], [3], y, 2, { k: 2, r: 1 });
    expect(euclid.distance([0], [2])).toBeCloseTo(Math.SQRT2 * 0.7, 12);
  });

  it('gives a never-seen category a zero posterior and three classes a three-way sum', () => {
    const codes = Int32Array.from([0, 0, 1, 1, 1, 0]);
    const y = Int32Array.from([0, 1, 2, 2, 0, 2]);
    const vdm = ValueDifferenceMetric.fit([codes], [3], y, 3);
    // Category 0: classes 0,1,2 once each; category 1: 1/3, 0, 2/3; category 2 unseen.
    expect(vdm.featureDistance(0, 0, 1)).toBeCloseTo(0 + 1 / 3 + 1 / 3, 12);
    expect(Array.from(vdm.posteriors[0].subarray(6, 9))).toEqual([0, 0, 0]);
  });

  it('refuses a pairwise matrix too large to hold, pointing to the neighbour search', () => {
    const vdm = ValueDifferenceMetric.fit([new Int32Array(1)], [1], new Int32Array(1), 1);
    const rows = Array.from({ length: 4000 }, () => [0]);
    expect(() => vdm.pairwise(rows)).toThrow(SmotenError);
    expect(() => vdm.pairwise(rows)).toThrow(
      'ValueDifferenceMetric.pairwise: 4000 x 4000 cells is more than 10000000; use nearest-neighbour search (Smoten) for large tables.',
    );
  });
});
