/**
 * Nearest-record distances for tables with numeric columns: SDMetrics' per-column distance
 * (categorical 0/1 mismatch; numeric |a - b| / range capped at 1, range 0 as 0/1 mismatch,
 * one side missing 1, both missing 0), summed over columns with an early exit as soon as a
 * partial sum reaches the best distance so far. O(synthetic x real x columns) at worst.
 */

/** The tables as row-major float64 matrices, with how to compare each column. */
export interface MixedMatrices {
  /** Real rows x m values: codes for coded columns, (v - min) / range for numeric ones. */
  real: Float64Array;
  /** Synthetic rows x m values, scaled like the real ones. */
  synthetic: Float64Array;
  /** Columns (m). */
  m: number;
  /** Per column: 0 coded or zero-range numeric (0/1 mismatch), 1 numeric scaled by its range. */
  scaled: Uint8Array;
}

function columnDistance(a: number, b: number, scaled: number): number {
  const aMissing = Number.isNaN(a);
  const bMissing = Number.isNaN(b);
  if (aMissing || bMissing) return aMissing && bMissing ? 0 : 1;
  if (scaled === 0) return a === b ? 0 : 1;
  return Math.min(Math.abs(a - b), 1);
}

function rowDistance(mat: MixedMatrices, s: number, r: number, stop: number): number {
  const { real, synthetic, m, scaled } = mat;
  const si = s * m;
  const ri = r * m;
  let sum = 0;
  for (let j = 0; j < m; j++) {
    sum += columnDistance(synthetic[si + j], real[ri + j], scaled[j]);
    if (sum >= stop) return sum;
  }
  return sum;
}

/** The smallest summed column distance from each synthetic row to any real row. */
export function minMixedDistance(
  mat: MixedMatrices,
  nReal: number,
  nSynthetic: number,
  onRows?: (done: number, total: number) => void,
): Float64Array {
  const out = new Float64Array(nSynthetic);
  for (let s = 0; s < nSynthetic; s++) {
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < nReal && best > 0; r++) {
      const d = rowDistance(mat, s, r, best);
      if (d < best) best = d;
    }
    out[s] = best;
    if (onRows && ((s + 1) % 1000 === 0 || s + 1 === nSynthetic)) onRows(s + 1, nSynthetic);
  }
  return out;
}
