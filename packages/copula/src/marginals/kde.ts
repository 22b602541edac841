import { normCdf } from '../math/normal.js';
import { PointMass } from './simple.js';
import type { Marginal, MarginalState } from './types.js';

/** Above this many values the data are linearly binned onto this many points first. */
const MAX_SUPPORT_POINTS = 4096;
/** The tabulated CDF runs this many bandwidths past the data on each side. */
const TAIL_BANDWIDTHS = 8;
/** Grid spacing, at most this fraction of the bandwidth. */
const NODES_PER_BANDWIDTH = 8;
const MIN_NODES = 1025;
const MAX_NODES = 65537;

/** A Gaussian kernel density estimate, stored as its CDF tabulated on a regular grid. */
export class GaussianKde implements Marginal {
  readonly state: MarginalState;
  private readonly table: Float64Array;

  constructor(
    readonly bandwidth: number,
    readonly start: number,
    readonly step: number,
    cdf: readonly number[],
  ) {
    this.state = { kind: 'gaussian_kde', bandwidth, start, step, cdf: [...cdf] };
    this.table = Float64Array.from(cdf);
  }

  cdf(x: number): number {
    const pos = (x - this.start) / this.step;
    if (!(pos > 0)) return 0;
    const last = this.table.length - 1;
    if (pos >= last) return 1;
    const i = Math.floor(pos);
    return this.table[i] + (pos - i) * (this.table[i + 1] - this.table[i]);
  }

  ppf(u: number): number {
    const t = this.table;
    const last = t.length - 1;
    if (!(u > t[0])) return this.start;
    if (!(u < t[last])) return this.start + last * this.step;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (t[mid] < u) lo = mid;
      else hi = mid;
    }
    const w = t[hi] > t[lo] ? (u - t[lo]) / (t[hi] - t[lo]) : 0.5;
    return this.start + (lo + w) * this.step;
  }
}

/** Support points and weights: the data, or their linear binning onto a regular grid. */
function supportPoints(
  x: Float64Array,
  min: number,
  max: number,
): { c: Float64Array; w: Float64Array } {
  if (x.length <= MAX_SUPPORT_POINTS) {
    const c = Float64Array.from(x).sort();
    return { c, w: new Float64Array(c.length).fill(1 / c.length) };
  }
  const m = MAX_SUPPORT_POINTS;
  const c = Float64Array.from({ length: m }, (_, i) => min + ((max - min) * i) / (m - 1));
  const w = new Float64Array(m);
  const h = (max - min) / (m - 1);
  for (let i = 0; i < x.length; i++) {
    const pos = Math.min((x[i] - min) / h, m - 1);
    const j = Math.min(Math.floor(pos), m - 2);
    const f = pos - j;
    w[j] += (1 - f) / x.length;
    w[j + 1] += f / x.length;
  }
  return { c, w };
}

/**
 * The Gaussian KDE fit of the reference (SciPy `gaussian_kde`, Scott's rule: bandwidth =
 * sample standard deviation × n^(−1/5)). A constant column is a point mass.
 *
 * Porting note: the reference integrates the kernel sum at every point and inverts it with a
 * root finder. Here the CDF is computed exactly at grid nodes spaced at most an eighth of a
 * bandwidth apart (from the data, or above 4,096 values from their linear binning, whose
 * error is far below the bandwidth) and interpolated linearly; `ppf` inverts that same
 * interpolant, so cdf and ppf agree exactly. The saved model keeps the table, not the data.
 */
export function fitGaussianKde(x: Float64Array): Marginal {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let mean = 0;
  for (const v of x) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    mean += v / x.length;
  }
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / Math.max(x.length - 1, 1));
  if (!(max > min) || !(sd > 0)) return new PointMass(min);
  const h = sd * x.length ** -0.2;
  const { c, w } = supportPoints(x, min, max);
  const lo = min - TAIL_BANDWIDTHS * h;
  const hi = max + TAIL_BANDWIDTHS * h;
  const count = Math.min(
    MAX_NODES,
    Math.max(MIN_NODES, Math.ceil(((hi - lo) / h) * NODES_PER_BANDWIDTH) + 1),
  );
  const step = (hi - lo) / (count - 1);
  const cdf = new Array<number>(count);
  let below = 0;
  let first = 0;
  let weightBelow = 0;
  for (let k = 0; k < count; k++) {
    const node = lo + k * step;
    while (first < c.length && c[first] < node - TAIL_BANDWIDTHS * h) weightBelow += w[first++];
    let sum = weightBelow;
    for (let i = first; i < c.length && c[i] <= node + TAIL_BANDWIDTHS * h; i++) {
      sum += w[i] * normCdf((node - c[i]) / h);
    }
    below = Math.max(below, Math.min(1, sum));
    cdf[k] = below;
  }
  return new GaussianKde(h, lo, step, cdf);
}
