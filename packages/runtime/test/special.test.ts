import { describe, expect, it } from 'vitest';
import { betaInc, logBeta } from '../src/light.js';

describe('betaInc', () => {
  it.each([
    // Closed forms: I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(2, 2) = 3x^2 - 2x^3, I_x(2, 3) below.
    [0.37, 1, 1, 0.37, 14],
    [0.6, 3, 1, 0.6 ** 3, 14],
    [0.3, 2, 2, 3 * 0.09 - 2 * 0.027, 14],
    [0.5, 2, 3, 11 / 16, 14],
    // Symmetric parameters: the median is 1/2, also where the fraction needs many terms. At
    // a = b = 2000, log-beta (about -2775) is a difference of log-gammas up to 2.9e4, so about
    // 1e-12 of absolute precision is left.
    [0.5, 50, 50, 0.5, 13],
    [0.5, 2000, 2000, 0.5, 11],
  ])('I_%d(%d, %d) = %d', (x, a, b, want, digits) => {
    expect(betaInc(x, a, b)).toBeCloseTo(want, digits);
  });

  it('is 0 and 1 at the ends, NaN for NaN, and takes a precomputed log-beta', () => {
    expect([betaInc(0, 2, 3), betaInc(-1, 2, 3), betaInc(1, 2, 3), betaInc(2, 2, 3)]).toEqual([
      0, 0, 1, 1,
    ]);
    expect(betaInc(Number.NaN, 2, 3)).toBeNaN();
    expect(betaInc(0.2, 4.5, 0.5, logBeta(4.5, 0.5))).toBe(betaInc(0.2, 4.5, 0.5));
  });

  it('satisfies I_x(a, b) = 1 - I_(1-x)(b, a) on both branches of the fraction', () => {
    for (const [x, a, b] of [
      [0.1, 0.5, 7],
      [0.9, 0.5, 7],
      [0.42, 12.5, 3.25],
    ]) {
      expect(betaInc(x, a, b) + betaInc(1 - x, b, a)).toBeCloseTo(1, 14);
    }
  });
});
