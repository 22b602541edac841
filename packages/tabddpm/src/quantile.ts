import { normCdf, normPpf } from '@synthctr/runtime/light';
import { SynthesizerError } from '@synthctr/tabular-schema';

/** sklearn's tolerance for "at a bound" in the quantile transform. */
const BOUNDS_THRESHOLD = 1e-7;
const SPACING_ONE = 2.220446049250313e-16;
/** The normal scores the forward transform is clipped to (sklearn's clip_min / clip_max). */
export const QUANTILE_CLIP_MIN = normPpf(BOUNDS_THRESHOLD - SPACING_ONE);
export const QUANTILE_CLIP_MAX = normPpf(1 - (BOUNDS_THRESHOLD - SPACING_ONE));

/** A fitted {@link QuantileTransformer} as plain data. */
export interface QuantileState {
  /** The column's values at the reference levels, non-decreasing. */
  quantiles: number[];
}

/** TabDDPM's number of quantiles: max(min(n / 30, 1000), 10), capped at n as sklearn does. */
export function tabddpmQuantileCount(nRows: number): number {
  return Math.max(1, Math.min(Math.max(Math.min(Math.floor(nRows / 30), 1000), 10), nRows));
}

/**
 * One column's quantile transform to a standard normal, as scikit-learn's
 * `QuantileTransformer(output_distribution='normal')` computes it: linear-interpolated
 * percentiles at evenly spaced levels, the forward map averaging the ascending and descending
 * interpolation (so repeated values land in the middle of their run), values at or beyond the
 * ends pinned to the ends, and the normal scores clipped to about +-5.2. NaN passes through.
 */
export class QuantileTransformer {
  private readonly references: Float64Array;

  private constructor(readonly quantiles: Float64Array) {
    const m = quantiles.length;
    this.references = Float64Array.from({ length: m }, (_, i) => (m === 1 ? 0 : i / (m - 1)));
    if (m > 0) this.references[m - 1] = 1;
  }

  /** Fits on the non-missing values of a column with `nQuantiles` levels. */
  static fit(
    values: ArrayLike<number>,
    nQuantiles: number,
    column = 'column',
  ): QuantileTransformer {
    const finite: number[] = [];
    for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) finite.push(values[i]);
    if (finite.length === 0) {
      throw new SynthesizerError(
        `tabddpm: numeric column '${column}' has no non-missing value to fit a quantile transform on; ` +
          'drop the column or fill it.',
      );
    }
    finite.sort((a, b) => a - b);
    const m = Math.max(1, Math.min(nQuantiles, values.length));
    const q = new Float64Array(m);
    for (let i = 0; i < m; i++) q[i] = percentile(finite, m === 1 ? 0 : i / (m - 1));
    q[m - 1] = finite[finite.length - 1];
    for (let i = 1; i < m; i++) if (q[i] < q[i - 1]) q[i] = q[i - 1];
    return new QuantileTransformer(q);
  }

  /** A fitted transformer from {@link QuantileTransformer.toJSON}'s output. */
  static fromJSON(state: QuantileState): QuantileTransformer {
    return new QuantileTransformer(Float64Array.from(state.quantiles));
  }

  /** Values to normal scores (NaN stays NaN). */
  transform(values: ArrayLike<number>): Float64Array {
    const q = this.quantiles;
    const r = this.references;
    const lo = q[0];
    const hi = q[q.length - 1];
    const negQ = Float64Array.from(q, (v) => -v).reverse();
    const negR = Float64Array.from(r, (v) => -v).reverse();
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (Number.isNaN(x)) {
        out[i] = Number.NaN;
        continue;
      }
      let u = 0.5 * (interp(x, q, r) - interp(-x, negQ, negR));
      if (x + BOUNDS_THRESHOLD > hi) u = 1;
      if (x - BOUNDS_THRESHOLD < lo) u = 0;
      const z = normPpf(u);
      out[i] = z < QUANTILE_CLIP_MIN ? QUANTILE_CLIP_MIN : Math.min(z, QUANTILE_CLIP_MAX);
    }
    return out;
  }

  /** Normal scores back to values; the result always lies in [min, max] of the fitted column. */
  inverse(scores: ArrayLike<number>): Float64Array {
    const q = this.quantiles;
    const out = new Float64Array(scores.length);
    for (let i = 0; i < scores.length; i++) {
      const z = scores[i];
      if (Number.isNaN(z)) {
        out[i] = Number.NaN;
        continue;
      }
      const u = normCdf(z);
      if (u + BOUNDS_THRESHOLD > 1) out[i] = q[q.length - 1];
      else if (u - BOUNDS_THRESHOLD < 0) out[i] = q[0];
      else out[i] = interp(u, this.references, q);
    }
    return out;
  }

  /** The fitted state as plain data. */
  toJSON(): QuantileState {
    return { quantiles: Array.from(this.quantiles) };
  }
}

/** numpy's linear percentile of sorted values at level p in [0, 1] (its lerp included). */
function percentile(sorted: number[], p: number): number {
  const pos = p * (sorted.length - 1);
  const j = Math.floor(pos);
  if (j >= sorted.length - 1) return sorted[sorted.length - 1];
  const t = pos - j;
  const a = sorted[j];
  const b = sorted[j + 1];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * numpy.interp on increasing (possibly repeated) knots: constant beyond the ends, the value of
 * the last knot equal to x on an exact hit, linear in between.
 */
function interp(x: number, xp: ArrayLike<number>, fp: ArrayLike<number>): number {
  const n = xp.length;
  if (x < xp[0]) return fp[0];
  if (x >= xp[n - 1]) return fp[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xp[mid] <= x) lo = mid;
    else hi = mid;
  }
  if (xp[lo] === x) return fp[lo];
  const slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo]);
  return fp[lo] + slope * (x - xp[lo]);
}
