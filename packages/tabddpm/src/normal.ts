/**
 * The standard normal distribution in double precision: upper tail, CDF and quantile (PPF).
 * The quantile transformer needs both directions accurate to near machine precision so that
 * the forward and inverse maps agree the way scipy's `norm.cdf` / `norm.ppf` do.
 */

// Mills-ratio values R(z) = Q(z) / phi(z) at z = 0, 2, 4, ..., 16 (Marsaglia 2004, "Evaluating
// the Normal Distribution", J. Stat. Software 11(4)).
const MILLS = [
  1.2533141373155003, 0.4213692292880545, 0.23665238291356067, 0.16237766089686745,
  0.1231319632579323, 0.09902859647173193, 0.08276628650136918, 0.07106958053885211,
  0.0622586659950262,
];
const LOG_SQRT_2PI = 0.9189385332046728;

/**
 * The upper tail Q(x) = P(Z > x) with full relative precision in both tails: a Taylor series
 * of the Mills ratio around the nearest even point (Marsaglia's cPhi).
 */
export function normSf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax > 37.5) return x > 0 ? 0 : 1;
  const j = Math.min(Math.floor(0.5 * (ax + 1)), MILLS.length - 1);
  let a = MILLS[j];
  const z = 2 * j;
  let b = a * z - 1;
  const h = ax - z;
  let s = a + h * b;
  let t = a;
  const q = h * h;
  let pwr = 1;
  for (let i = 2; s !== t && i < 200; i += 2) {
    a = (a + z * b) / i;
    b = (b + z * a) / (i + 1);
    pwr *= q;
    t = s;
    s = t + pwr * (a + h * b);
  }
  const tail = s * Math.exp(-0.5 * ax * ax - LOG_SQRT_2PI);
  return x >= 0 ? tail : 1 - tail;
}

/** The CDF P(Z <= x). */
export function normCdf(x: number): number {
  return normSf(-x);
}

// Acklam's rational approximation of the normal quantile (relative error < 1.2e-9), refined by
// one Halley step against normCdf.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** The quantile x with P(Z <= x) = p; -Infinity at 0, +Infinity at 1, NaN outside [0, 1]. */
export function normPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  let x: number;
  if (p < P_LOW || p > 1 - P_LOW) {
    const tail = p < P_LOW ? p : 1 - p;
    const q = Math.sqrt(-2 * Math.log(tail));
    const num = ((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5];
    const den = (((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1;
    x = p < P_LOW ? num / den : -num / den;
  } else {
    const q = p - 0.5;
    const r = q * q;
    const num = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q;
    const den = ((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1;
    x = num / den;
  }
  // Halley refinement; the error is measured in the tail that p lives in, for precision.
  const e = p < 0.5 ? normCdf(x) - p : 1 - p - normSf(x);
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}
