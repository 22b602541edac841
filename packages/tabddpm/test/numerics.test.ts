import { describe, expect, test } from 'vitest';
import {
  annealedLearningRate,
  makeSchedule,
  namedBetas,
  normCdf,
  normPpf,
  normSf,
  QUANTILE_CLIP_MAX,
  QUANTILE_CLIP_MIN,
  QuantileTransformer,
  tabddpmQuantileCount,
} from '../src/index.js';

// Expected values below come from scipy.stats.norm and from scikit-learn's
// QuantileTransformer(output_distribution='normal') algorithm run in numpy.
const close = (got: ArrayLike<number>, want: number[], digits = 12): void => {
  expect(got.length).toBe(want.length);
  for (const [i, w] of want.entries()) expect(got[i]).toBeCloseTo(w, digits);
};

describe('standard normal', () => {
  test.each([
    [-1, 0.15865525393145707],
    [0, 0.5],
    [1.959963984540054, 0.975],
  ])('cdf(%d) = %d', (x, p) => expect(normCdf(x)).toBeCloseTo(p, 15));

  test('the upper tail keeps its relative precision far out', () => {
    expect(normSf(5) / 2.866515718791939e-7).toBeCloseTo(1, 12);
    expect(normSf(8) / 6.22096057427178e-16).toBeCloseTo(1, 12);
    expect(normSf(-3)).toBeCloseTo(1 - 0.0013498980316301, 15);
  });

  test('ppf inverts cdf to machine precision and matches scipy', () => {
    expect(normPpf(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normPpf(0.25)).toBeCloseTo(-0.6744897501960817, 14);
    expect(normPpf(1e-7 - 2.220446049250313e-16)).toBeCloseTo(-5.199337582605575, 11);
    for (let i = 1; i < 1000; i++)
      expect(Math.abs(normCdf(normPpf(i / 1000)) - i / 1000)).toBeLessThan(1e-15);
    expect(normPpf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normPpf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normPpf(1.5)).toBeNaN();
  });
});

describe('QuantileTransformer (sklearn, output normal)', () => {
  test("TabDDPM's quantile count: max(min(n / 30, 1000), 10), at most n", () => {
    expect(tabddpmQuantileCount(8)).toBe(8);
    expect(tabddpmQuantileCount(200)).toBe(10);
    expect(tabddpmQuantileCount(6000)).toBe(200);
    expect(tabddpmQuantileCount(60608)).toBe(1000);
  });

  test('integer column with repeats: quantiles, forward with ties and clipping, inverse', () => {
    const q = QuantileTransformer.fit(Float64Array.from([0, 1, 0, 3, 2, 0, 5, 1]), 10);
    close(q.quantiles, [0, 0, 0, 1, 1, 2, 3, 5]);
    expect(QUANTILE_CLIP_MIN).toBeCloseTo(-5.199337582605575, 11);
    close(
      q.transform([0, 0.5, 1, 2, 2.5, 3, 5, 6, -1]),
      [
        -5.199337582605575, -0.3661063568005698, 0, 0.5659488219328631, 0.7916386077433746,
        1.0675705238781412, 5.19933758270342, 5.19933758270342, -5.199337582605575,
      ],
    );
    close(
      q.inverse([-6, -1, -0.3, 0, 0.4, 1.1, 2.5, 6]),
      [0, 0, 0.6746200446773318, 1, 1.5879521912722692, 3.100675146750643, 4.913064685439133, 5],
    );
    expect(QUANTILE_CLIP_MAX).toBeCloseTo(5.19933758270342, 11);
  });

  test('float column with 5 quantiles (linear percentiles), NaN passes through', () => {
    const x = Float64Array.from([
      3.2,
      1.5,
      7.7,
      1.5,
      0.25,
      9.0,
      4.4,
      1.5,
      6.1,
      2.2,
      8.8,
      5.0,
      Number.NaN,
    ]);
    const q = QuantileTransformer.fit(x, 5);
    close(q.quantiles, [0.25, 1.5, 3.8, 6.5, 9.0]);
    close(
      q.transform([1.5, 3.0, 0.25, 9.0, 5.5]),
      [
        -0.6744897501960817, -0.21972291581857994, -5.199337582605575, 5.19933758270342,
        0.4053977219782403,
      ],
    );
    close(
      q.inverse([-0.8, 0.0, 0.35, 1.7]),
      [1.3092769929169834, 3.8000000000000003, 5.277771032696687, 8.55434537241457],
    );
    expect(q.transform([Number.NaN])[0]).toBeNaN();
    const restored = QuantileTransformer.fromJSON(JSON.parse(JSON.stringify(q.toJSON())));
    close(restored.inverse([0.35]), [5.277771032696687]);
  });

  test('an all-missing column is an error naming it', () => {
    expect(() => QuantileTransformer.fit([Number.NaN, Number.NaN], 10, 'age')).toThrow(
      "tabddpm: numeric column 'age' has no non-missing value to fit a quantile transform on; drop the column or fill it.",
    );
  });
});

describe('noise schedules', () => {
  test('cosine betas and cumulative alphas for T = 4 (float64, last beta clipped to 0.999)', () => {
    const s = makeSchedule('cosine', 4);
    close(s.betas, [0.1529878386730953, 0.41695808751199426, 0.7078587123971634, 0.999], 14);
    close(
      s.alphasCumprod,
      [0.8470121613269047, 0.4938435904406378, 0.14427210238573585, 0.00014427210238573596],
      14,
    );
    for (const [i, v] of s.logCumprodAlpha.entries())
      expect(Math.exp(v)).toBeCloseTo(s.alphasCumprod[i], 14);
    expect(s.modelLogVariance[0]).toBeCloseTo(
      Math.log((s.betas[1] * (1 - s.alphasCumprod[0])) / (1 - s.alphasCumprod[1])),
      14,
    );
    expect(s.modelLogVariance[2]).toBeCloseTo(Math.log(s.betas[2]), 14);
  });

  test('linear betas scale with 1000 / T', () => {
    close(namedBetas('linear', 4), [0.025, 1.6833333333333331, 3.3416666666666663, 5.0], 14);
  });

  test("the learning rate follows the reference's anneal (set after each step)", () => {
    expect(annealedLearningRate(0.002, 0, 100)).toBe(0.002);
    expect(annealedLearningRate(0.002, 1, 100)).toBe(0.002);
    expect(annealedLearningRate(0.002, 51, 100)).toBeCloseTo(0.001, 15);
    expect(annealedLearningRate(0.002, 99, 100)).toBeCloseTo(0.00004, 15);
  });
});
