import { Rng } from '@synthctr/runtime';
import { describe, expect, it } from 'vitest';
import { auc, aucResult, MetricError } from '../src/index.js';
import { naiveAuc } from './helpers.js';

describe('auc: known answers', () => {
  it.each([
    // sklearn's docstring example: 3 of 4 (positive, negative) pairs ordered correctly.
    { y: [0, 0, 1, 1], s: [0.1, 0.4, 0.35, 0.8], want: 0.75 },
    // One positive/negative tie (0.5 vs 0.5) counts one half: (0.5 + 1 + 1 + 1) / 4.
    { y: [0, 1, 0, 1], s: [0.5, 0.5, 0.2, 0.9], want: 0.875 },
    { y: [1, 0], s: [1, 0], want: 1 },
    { y: [1, 0], s: [0, 1], want: 0 },
    { y: [0, 0, 1, 1], s: [1, 1, 1, 1], want: 0.5 },
  ])('y=$y s=$s -> $want', ({ y, s, want }) => {
    expect(auc(y, s)).toBe(want);
  });

  it('equals the O(n^2) pair count on seeded data with heavy ties (Float32 scores, Int32 labels)', () => {
    const rng = new Rng(11);
    const n = 1500;
    const y = Int32Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const s = Float32Array.from(y, (v) => Math.round((v * 0.7 + rng.normal()) * 4) / 4);
    expect(auc(y, s)).toBeCloseTo(naiveAuc(y, s), 14);
    const flipped = Float32Array.from(s, (v) => -v);
    expect(auc(y, flipped)).toBeCloseTo(1 - naiveAuc(y, s), 14);
  });

  it('recovers Phi(1/sqrt 2) = 0.76025 for N(1,1) positives against N(0,1) negatives', () => {
    const rng = new Rng(5);
    const n = 40_000;
    const y = Int32Array.from({ length: n }, (_, i) => i % 2);
    const s = Float64Array.from(y, (v) => v + rng.normal());
    // Standard error of the AUC at this size is about 0.0023.
    expect(auc(y, s)).toBeCloseTo(0.76025, 2);
  });

  it('reports the class counts with the value', () => {
    expect(aucResult([1, 0, 0], [0.9, 0.1, 0.2])).toEqual({
      value: 1,
      defined: true,
      nRows: 3,
      nPositive: 1,
      nNegative: 2,
      notice: null,
    });
  });
});

describe('auc: bad input', () => {
  it('rejects labels and scores of different lengths', () => {
    expect(() => auc([0, 1], [0.2])).toThrow(
      'auc: labels and scores differ in length: expected equal lengths, got 2 labels and 1 scores; ' +
        'pass one score per label.',
    );
  });

  it('rejects a label other than 0 or 1, naming its index, in both modes', () => {
    for (const mode of ['strict', 'lenient'] as const) {
      expect(() => auc([0, 1, 2], [0.1, 0.2, 0.3], { mode })).toThrow(
        'auc: the label at index 2 is 2; expected 0 or 1. Encode the positive class as 1 and the negative class as 0.',
      );
    }
  });

  it('rejects an unknown mode', () => {
    expect(() => auc([0, 1], [0, 1], { mode: 'loose' as never })).toThrow(
      "auc: mode must be 'strict' or 'lenient', got 'loose'.",
    );
  });

  it('throws a MetricError with a code callers can branch on', () => {
    try {
      auc([1, 1], [0.1, 0.2]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MetricError);
      expect((e as MetricError).name).toBe('MetricError');
      expect((e as MetricError).code).toBe('one-class');
    }
  });
});

describe('[slow] auc on 1,000,000 rows', () => {
  it('matches an independent grid count and stays fast', () => {
    const rng = new Rng(2024);
    const n = 1_000_000;
    const y = new Int32Array(n);
    const s = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.next() < 0.33 ? 1 : 0;
      s[i] = Math.min(10, Math.max(-10, Math.round((y[i] * 0.8 + rng.normal()) * 100) / 100));
    }
    const t0 = performance.now();
    const value = auc(y, s);
    const ms = performance.now() - t0;
    // Independent route: the scores lie on a 0.01 grid, so count each class per grid value
    // and add up "negatives below + half the negatives equal" for every positive.
    const offset = 1000;
    const pos = new Float64Array(2001);
    const neg = new Float64Array(2001);
    for (let i = 0; i < n; i++) {
      const g = Math.min(2000, Math.max(0, Math.round(s[i] * 100) + offset));
      if (y[i] === 1) pos[g] += 1;
      else neg[g] += 1;
    }
    let below = 0;
    let count = 0;
    let nPos = 0;
    for (let g = 0; g < 2001; g++) {
      count += pos[g] * (below + 0.5 * neg[g]);
      below += neg[g];
      nPos += pos[g];
    }
    expect(value).toBeCloseTo(count / (nPos * (n - nPos)), 12);
    // About 0.15 s on an idle 2-core machine; the bound only catches an O(n^2) regression.
    expect(ms).toBeLessThan(5000);
  });
});
