import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGLOSS_EPS, logLoss } from '../src/index.js';

describe('logLoss', () => {
  it('is the mean of -log(p of the true label): -(ln 0.8 + ln 0.7) / 2', () => {
    expect(logLoss([1, 0], [0.8, 0.3])).toBeCloseTo(0.2899092476264711, 15);
  });

  it('clips at eps = 1e-7 by default (FuxiCTR): a certain wrong answer costs -ln(1e-7)', () => {
    expect(DEFAULT_LOGLOSS_EPS).toBe(1e-7);
    expect(logLoss([0], [1])).toBeCloseTo(16.11809565095832, 12);
    expect(logLoss([1], new Float32Array([0]))).toBeCloseTo(16.11809565095832, 12);
    // A certain right answer costs -ln(1 - 1e-7), not 0.
    expect(logLoss([1], [1])).toBeCloseTo(1.00000005e-7, 15);
  });

  it('gives +Infinity, never NaN, for a confident wrong prediction when eps is 0', () => {
    expect(logLoss([1, 0], [0, 0.5], { eps: 0 })).toBe(Number.POSITIVE_INFINITY);
    expect(logLoss([0], [1], { eps: 0 })).toBe(Number.POSITIVE_INFINITY);
    // A confident right prediction is exactly 0 without clipping.
    expect(logLoss([1, 0], [1, 0], { eps: 0 })).toBe(0);
  });

  it('matches the Bernoulli entropy for calibrated predictions (known distribution)', () => {
    // Labels with exactly 30 % positives and p = 0.3 everywhere: loss = H(0.3) in nats.
    const y = Int32Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0));
    const p = new Float64Array(1000).fill(0.3);
    expect(logLoss(y, p)).toBeCloseTo(-(0.3 * Math.log(0.3) + 0.7 * Math.log(0.7)), 12);
  });

  it('rejects probabilities outside [0, 1] and NaN, naming the index', () => {
    expect(() => logLoss([1, 0], [0.5, Number.NaN])).toThrow(
      'logLoss: the probability at index 1 is NaN; expected a number in [0, 1]. ' +
        'Pass sigmoid outputs, not logits, and check the model for divergence.',
    );
    expect(() => logLoss([1], [1.5])).toThrow('logLoss: the probability at index 0 is 1.5;');
  });

  it('rejects a bad eps, mismatched lengths and empty input', () => {
    expect(() => logLoss([1], [0.5], { eps: 0.5 })).toThrow(
      'logLoss: eps must be in [0, 0.5), got 0.5; the default is 1e-7.',
    );
    expect(() => logLoss([1, 0], [0.5])).toThrow(
      'logLoss: labels and probabilities differ in length: expected equal lengths, got 2 labels and 1 ' +
        'probabilities; pass one probability per label.',
    );
    expect(() => logLoss([], [])).toThrow(
      'logLoss: no rows (0 labels); pass at least one prediction.',
    );
  });
});
