import { describe, expect, it } from 'vitest';
import {
  erfc,
  meanOverFolds,
  meanSd,
  normalTwoSidedP,
  pairedTTest,
  studentTCdf,
  studentTTwoSidedP,
} from '../src/index.js';

describe('meanSd', () => {
  // BARS' five DNN runs on Frappe_x1 (algorithms.md 7.2): "mean 0.984045 ± 0.00051".
  const bars = [0.983323, 0.984036, 0.983869, 0.984088, 0.984909];

  it("reproduces BARS' figure with numpy's population sd (ddof 0)", () => {
    const r = meanSd(bars, { ddof: 0, digits: 6 });
    expect(r.mean).toBeCloseTo(0.984045, 12);
    expect(r.sd).toBeCloseTo(0.0005100364692843316, 12);
    expect(r.text).toBe('0.984045 ± 0.000510');
  });

  it('uses the sample sd (ddof 1) by default', () => {
    const r = meanSd(bars);
    expect(r.sd).toBeCloseTo(0.0005702381081618745, 12);
    expect(r.text).toBe('0.9840 ± 0.0006');
    expect(meanSd([0.5]).text).toBe('0.5000 (1 run)');
  });

  it('rejects empty and non-finite input', () => {
    expect(() => meanSd([])).toThrow('meanSd: no values; pass at least one run result.');
    expect(() => meanSd([0.9, Number.NaN])).toThrow(
      'meanSd: values[1] is NaN; expected finite numbers. Drop undefined runs first (meanOverFolds reports them) and pass the rest.',
    );
  });
});

describe('pairedTTest', () => {
  it('matches a hand computation: differences [.02, .02, .01, .01] give t = 3 sqrt 3 on 3 df', () => {
    const r = pairedTTest([0.8, 0.82, 0.85, 0.81], [0.78, 0.8, 0.84, 0.8]);
    expect(r.n).toBe(4);
    expect(r.df).toBe(3);
    expect(r.meanDifference).toBeCloseTo(0.015, 14);
    expect(r.sdDifference).toBeCloseTo(Math.sqrt(0.0001 / 3), 14);
    expect(r.t).toBeCloseTo(3 * Math.sqrt(3), 10);
    // SciPy ttest_rel: pvalue 0.013846832988858908.
    expect(r.pValue).toBeCloseTo(0.013846832988858908, 10);
  });

  it('handles zero spread and rejects unpaired input', () => {
    expect(pairedTTest([1, 2], [1, 2])).toMatchObject({ t: 0, pValue: 1 });
    expect(pairedTTest([2, 3], [1, 2])).toMatchObject({ t: Number.POSITIVE_INFINITY, pValue: 0 });
    expect(() => pairedTTest([1, 2], [1])).toThrow(
      'pairedTTest: the lists differ in length: expected one b per a, got 2 and 1; pair the runs by seed.',
    );
    expect(() => pairedTTest([1], [1])).toThrow(
      'pairedTTest: needs at least 2 pairs, got 1; run more seeds.',
    );
  });
});

describe('meanOverFolds', () => {
  it('skips undefined folds by default and says how many there were', () => {
    expect(meanOverFolds([0.8, Number.NaN, 0.6])).toEqual({
      mean: 0.7,
      sd: expect.closeTo(Math.SQRT2 / 10, 14),
      nFolds: 3,
      nDefined: 2,
      nUndefined: 1,
      undefinedFolds: [1],
      policy: 'skip',
    });
  });

  it('propagates NaN when asked, and never averages nothing into a number', () => {
    expect(meanOverFolds([0.8, Number.NaN], { policy: 'propagate' }).mean).toBeNaN();
    const none = meanOverFolds([Number.NaN, Number.NaN]);
    expect(none.mean).toBeNaN();
    expect(none.nUndefined).toBe(2);
    expect(meanOverFolds([0.8, 0.6], { policy: 'propagate' }).mean).toBeCloseTo(0.7, 15);
  });
});

describe('tail probabilities (values from SciPy)', () => {
  it.each([
    [0.1, 0.8875370839817152],
    [1, 0.15729920705028516],
    [2.5, 0.00040695201744495886],
    [5, 1.5374597944280347e-12],
    [10, 2.0884875837625446e-45],
    [-1, 1.8427007929497148],
  ])('erfc(%d)', (x, want) => {
    expect(erfc(x) / want).toBeCloseTo(1, 12);
  });

  it.each([
    [2.1, 4, 0.10365328631760218],
    [0.5, 3, 0.651447964848151],
    [10, 2, 0.00985245702332569],
    [1.3, 100, 0.19658946342236616],
    [3.5, 1, 0.17717106556580953],
  ])('two-sided t p(t=%d, df=%d)', (t, df, want) => {
    expect(studentTTwoSidedP(t, df) / want).toBeCloseTo(1, 12);
  });

  it('gives the normal and t CDF values people know', () => {
    expect(normalTwoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(normalTwoSidedP(6) / 1.973175290075389e-9).toBeCloseTo(1, 12);
    expect(studentTCdf(0, 7)).toBe(0.5);
    // t with 1 df is Cauchy: P(T <= 1) = 3/4.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 14);
    expect(studentTCdf(-1, 1)).toBeCloseTo(0.25, 14);
  });
});
