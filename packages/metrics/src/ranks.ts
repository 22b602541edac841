import { sortClass } from './sort.js';

/**
 * Counting helpers shared by AUC and DeLong's test. Each class's scores are sorted once (radix
 * sort, see sort.ts) and the two sorted lists are merged; ties are resolved by counting equal
 * values, which is the midrank rule (a positive-negative tie counts one half).
 */

/** The scores of the rows with label `cls`, as a sorted float64 array. */
export function sortedByClass(
  y: Uint8Array,
  scores: ArrayLike<number>,
  cls: 0 | 1,
  size: number,
): Float64Array {
  return sortClass(y, scores, cls, size, false).values;
}

/**
 * For each value of sorted `a`, how many values of sorted `b` are below it and how many equal
 * it, passed to `visit(index in a, below, equal)`. One merge sweep.
 */
function sweep(
  a: Float64Array,
  b: Float64Array,
  visit: (i: number, below: number, equal: number) => void,
): void {
  let below = 0;
  let upTo = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (i === 0 || x !== a[i - 1]) {
      while (below < b.length && b[below] < x) below += 1;
      if (upTo < below) upTo = below;
      while (upTo < b.length && b[upTo] <= x) upTo += 1;
    }
    visit(i, below, upTo - below);
  }
}

/**
 * The Mann-Whitney count: over all (positive, negative) pairs, 1 when the positive scores
 * higher and 1/2 on a tie. Exact in float64 for any table that fits in memory (the count
 * stays below 2^53).
 */
export function mannWhitneyCount(pos: Float64Array, neg: Float64Array): number {
  let total = 0;
  sweep(pos, neg, (_, below, equal) => {
    total += below + 0.5 * equal;
  });
  return total;
}

/**
 * DeLong's placement values, indexed by row: for a positive row, the share of negatives it
 * outscores; for a negative row, the share of positives that outscore it (ties count half).
 * Their means over each class are both the AUC, returned too (from the exact count).
 */
export function placements(
  y: Uint8Array,
  scores: ArrayLike<number>,
  nPositive: number,
  nNegative: number,
): { byRow: Float64Array; auc: number } {
  const pos = sortClass(y, scores, 1, nPositive, true);
  const neg = sortClass(y, scores, 0, nNegative, true);
  const byRow = new Float64Array(y.length);
  const posRows = pos.rows as Int32Array;
  const negRows = neg.rows as Int32Array;
  let total = 0;
  sweep(pos.values, neg.values, (i, below, equal) => {
    const c = below + 0.5 * equal;
    total += c;
    byRow[posRows[i]] = c / nNegative;
  });
  sweep(neg.values, pos.values, (i, below, equal) => {
    byRow[negRows[i]] = (nPositive - below - 0.5 * equal) / nPositive;
  });
  return { byRow, auc: total / (nPositive * nNegative) };
}
