import { Rng } from '@synthctr/runtime';
import { describe, expect, it } from 'vitest';
import { delongTest } from '../src/index.js';

/** Placement values by brute force, for comparison with the O(n log n) version. */
function naiveDelong(y: number[], a: number[], b: number[]) {
  const pos = y.flatMap((v, i) => (v === 1 ? [i] : []));
  const neg = y.flatMap((v, i) => (v === 0 ? [i] : []));
  const psi = (x: number, z: number) => (x > z ? 1 : x === z ? 0.5 : 0);
  const place = (s: number[]) => ({
    v10: pos.map((i) => neg.reduce((t, j) => t + psi(s[i], s[j]), 0) / neg.length),
    v01: neg.map((j) => pos.reduce((t, i) => t + psi(s[i], s[j]), 0) / pos.length),
  });
  const mean = (v: number[]) => v.reduce((t, x) => t + x, 0) / v.length;
  const cov = (u: number[], v: number[]) => {
    const mu = mean(u);
    const mv = mean(v);
    return u.reduce((t, x, i) => t + (x - mu) * (v[i] - mv), 0) / (u.length - 1);
  };
  const A = place(a);
  const B = place(b);
  const m = pos.length;
  const n = neg.length;
  const varA = cov(A.v10, A.v10) / m + cov(A.v01, A.v01) / n;
  const varB = cov(B.v10, B.v10) / m + cov(B.v01, B.v01) / n;
  const c = cov(A.v10, B.v10) / m + cov(A.v01, B.v01) / n;
  return { aucA: mean(A.v10), aucB: mean(B.v10), se: Math.sqrt(varA + varB - 2 * c) };
}

describe('delongTest', () => {
  it('reproduces a hand-computed example exactly', () => {
    // Positives are rows 0-2, negatives rows 3-5.
    // A: placements of positives [1, 1, 2/3], of negatives [2/3, 1, 1]: AUC 8/9, and
    //    both placement variances are 1/27, so var(AUC_A) = 1/27/3 + 1/27/3 = 2/81.
    // B: positives [1, 1/2, 1] (0.6 ties the negative 0.6), negatives [2/3, 5/6, 1]: AUC 5/6,
    //    var(AUC_B) = (1/12)/3 + (1/36)/3 = 1/27.
    // Covariances: positives -1/36, negatives +1/36, so cov(AUC_A, AUC_B) = 0.
    // var(diff) = 2/81 + 3/81 = 5/81, se = sqrt(5)/9, diff = 1/18, z = 1/(2 sqrt 5).
    const y = [1, 1, 1, 0, 0, 0];
    const a = [0.9, 0.8, 0.4, 0.5, 0.3, 0.2];
    const b = [0.7, 0.6, 0.7, 0.65, 0.6, 0.1];
    const r = delongTest(y, a, b);
    expect(r.aucA).toBeCloseTo(8 / 9, 15);
    expect(r.aucB).toBeCloseTo(5 / 6, 15);
    expect(r.difference).toBeCloseTo(1 / 18, 15);
    expect(r.varianceA).toBeCloseTo(2 / 81, 15);
    expect(r.varianceB).toBeCloseTo(1 / 27, 15);
    expect(r.covariance).toBeCloseTo(0, 15);
    expect(r.standardError).toBeCloseTo(Math.sqrt(5) / 9, 14);
    expect(r.z).toBeCloseTo(1 / (2 * Math.sqrt(5)), 13);
    // 2 * (1 - Phi(0.2236068)), from SciPy: 0.8230632737581215.
    expect(r.pValue).toBeCloseTo(0.8230632737581215, 12);
    expect([r.nPositive, r.nNegative]).toEqual([3, 3]);
  });

  it('agrees with brute-force placements on seeded tied data', () => {
    const rng = new Rng(3);
    const n = 400;
    const y = Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    const a = y.map((v) => Math.round((v + rng.normal()) * 3) / 3);
    const b = a.map((v, i) => Math.round((0.5 * v + 0.4 * y[i] + rng.normal()) * 3) / 3);
    const fast = delongTest(y, a, b);
    const slow = naiveDelong(y, a, b);
    expect(fast.aucA).toBeCloseTo(slow.aucA, 13);
    expect(fast.aucB).toBeCloseTo(slow.aucB, 13);
    expect(fast.standardError).toBeCloseTo(slow.se, 13);
  });

  it('gives z = 0 and p = 1 for identical scores, and a tiny p for a much better model', () => {
    const rng = new Rng(8);
    const y = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const good = y.map((v) => 2 * v + rng.normal());
    const weak = y.map((v) => 0.3 * v + rng.normal());
    const same = delongTest(y, good, good);
    expect([same.difference, same.z, same.pValue]).toEqual([0, 0, 1]);
    const r = delongTest(y, good, weak);
    expect(r.difference).toBeGreaterThan(0.3);
    expect(r.pValue).toBeLessThan(1e-12);
    expect(delongTest(y, weak, good).z).toBeCloseTo(-r.z, 12);
  });

  it('rejects too few rows per class and non-finite scores, naming the side', () => {
    expect(() => delongTest([1, 0, 0], [0.9, 0.1, 0.2], [0.8, 0.1, 0.3])).toThrow(
      'delongTest: the test needs at least 2 positives and 2 negatives to estimate variances, got 1 ' +
        'positives and 2 negatives; evaluate on more rows.',
    );
    expect(() =>
      delongTest([1, 1, 0, 0], [0.9, 0.8, 0.1, 0.2], [0.8, Number.NaN, 0.3, Number.NaN]),
    ).toThrow(
      'delongTest: scores B hold 2 non-finite values (NaN or ±Infinity), the first at index 1 (NaN); ' +
        'expected finite scores. A model whose output went non-finite has diverged; leave it out of the comparison.',
    );
  });
});
