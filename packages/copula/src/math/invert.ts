const MAX_STEPS = 60;
const X_TOLERANCE = 1e-14;

/**
 * Inverts a continuous, non-decreasing CDF on a bounded interval. The CDF is tabulated once
 * at the given nodes; each inversion finds the bracketing nodes by binary search and then
 * runs Newton steps on the exact CDF, falling back to bisection whenever a step would leave
 * the bracket, so it always converges (to about 1e-14 of the interval's width).
 */
export class CdfInverter {
  private readonly values: Float64Array;

  constructor(
    private readonly cdf: (x: number) => number,
    private readonly pdf: (x: number) => number,
    private readonly nodes: Float64Array,
  ) {
    this.values = Float64Array.from(nodes, (x) => cdf(x));
  }

  /** Nodes packed towards both ends of [lo, hi] (Chebyshev points), `count` of them. */
  static chebyshevNodes(lo: number, hi: number, count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = lo + ((hi - lo) * (1 - Math.cos((Math.PI * i) / (count - 1)))) / 2;
    }
    out[0] = lo;
    out[count - 1] = hi;
    return out;
  }

  /** The x with cdf(x) = u, for u in [0, 1]. */
  invert(u: number): number {
    const v = this.values;
    const last = v.length - 1;
    if (!(u > v[0])) return this.nodes[0];
    if (!(u < v[last])) return this.nodes[last];
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v[mid] < u) lo = mid;
      else hi = mid;
    }
    let a = this.nodes[lo];
    let b = this.nodes[hi];
    const fa = v[lo] - u;
    const fb = v[hi] - u;
    let x = fb > fa ? a - (fa * (b - a)) / (fb - fa) : 0.5 * (a + b);
    const tol = X_TOLERANCE * Math.max(1, Math.abs(this.nodes[last] - this.nodes[0]));
    for (let k = 0; k < MAX_STEPS; k++) {
      const fx = this.cdf(x) - u;
      if (fx === 0) return x;
      if (fx < 0) a = x;
      else b = x;
      if (b - a <= tol) break;
      const d = this.pdf(x);
      let next = d > 0 && Number.isFinite(d) ? x - fx / d : Number.NaN;
      if (!(next > a && next < b)) next = 0.5 * (a + b);
      if (Math.abs(next - x) <= tol) return next;
      x = next;
    }
    return 0.5 * (a + b);
  }
}
