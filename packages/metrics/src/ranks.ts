/**
 * Sorting and counting helpers shared by AUC and DeLong's test. Scores are copied to float64
 * and sorted with the native typed-array sort; ties are resolved by counting equal values,
 * which is the midrank rule (a tie between a positive and a negative counts one half).
 */

/** The scores of the rows with label `cls`, as a sorted float64 array. */
export function sortedByClass(
  y: Uint8Array,
  scores: ArrayLike<number>,
  cls: 0 | 1,
  size: number,
): Float64Array {
  const out = new Float64Array(size);
  let k = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === cls) out[k++] = scores[i];
  return out.sort();
}

/** First index whose value is >= x (sorted ascending). */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x (sorted ascending). */
export function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The Mann-Whitney count: over all (positive, negative) pairs, 1 when the positive scores
 * higher and 1/2 on a tie. One merge sweep over the two sorted arrays, exact in float64 for
 * any table that fits in memory (the count stays below 2^53).
 */
export function mannWhitneyCount(pos: Float64Array, neg: Float64Array): number {
  let below = 0;
  let upTo = 0;
  let total = 0;
  for (let i = 0; i < pos.length; i++) {
    const x = pos[i];
    if (i > 0 && x === pos[i - 1]) {
      total += below + 0.5 * (upTo - below);
      continue;
    }
    while (below < neg.length && neg[below] < x) below += 1;
    if (upTo < below) upTo = below;
    while (upTo < neg.length && neg[upTo] <= x) upTo += 1;
    total += below + 0.5 * (upTo - below);
  }
  return total;
}

/**
 * DeLong's placement values. For each positive (in row order), the share of negatives it
 * beats, ties counting half; for each negative, the share of positives that beat it.
 * Their means are both the AUC, which is returned too (from the exact count).
 */
export function placements(
  y: Uint8Array,
  scores: ArrayLike<number>,
  nPositive: number,
  nNegative: number,
): { v10: Float64Array; v01: Float64Array; auc: number } {
  const pos = sortedByClass(y, scores, 1, nPositive);
  const neg = sortedByClass(y, scores, 0, nNegative);
  const v10 = new Float64Array(nPositive);
  const v01 = new Float64Array(nNegative);
  let p = 0;
  let q = 0;
  for (let i = 0; i < y.length; i++) {
    const x = scores[i];
    if (y[i] === 1) {
      const lo = lowerBound(neg, x);
      v10[p++] = (lo + 0.5 * (upperBound(neg, x) - lo)) / nNegative;
    } else {
      const hi = upperBound(pos, x);
      v01[q++] = (nPositive - hi + 0.5 * (hi - lowerBound(pos, x))) / nPositive;
    }
  }
  return { v10, v01, auc: mannWhitneyCount(pos, neg) / (nPositive * nNegative) };
}
