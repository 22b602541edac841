/**
 * The standard normal CDF and quantile in double precision, shared by every package that maps
 * to or from normal scores (copula, tabddpm's quantile transform). No TensorFlow.js.
 */

const SQRT_2PI = 2.5066282746310002;
/** From here on the tail is computed from the Mills ratio, which keeps relative precision. */
const MILLS_FROM = 3;

/**
 * The standard normal CDF, accurate to double precision in both tails (Hart's rational
 * approximation as published by West, 2005, for |x| < 3; the Mills-ratio continued fraction
 * beyond). The lower tail is computed directly, so `normCdf(-30)` is about 4.9e-198, not 0.
 */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  let tail: number;
  if (ax > 38) tail = 0;
  else {
    const e = Math.exp(-0.5 * ax * ax);
    if (ax < MILLS_FROM) {
      let num = 3.52624965998911e-2 * ax + 0.700383064443688;
      num = num * ax + 6.37396220353165;
      num = num * ax + 33.912866078383;
      num = num * ax + 112.079291497871;
      num = num * ax + 221.213596169931;
      num = num * ax + 220.206867912376;
      let den = 8.83883476483184e-2 * ax + 1.75566716318264;
      den = den * ax + 16.064177579207;
      den = den * ax + 86.7807322029461;
      den = den * ax + 296.564248779674;
      den = den * ax + 637.333633378831;
      den = den * ax + 793.826512519948;
      den = den * ax + 440.413735824752;
      tail = (e * num) / den;
    } else {
      // Mills ratio by its continued fraction, evaluated backwards: relative accuracy ~1e-15.
      let f = ax;
      const terms = ax < 4 ? 80 : ax < 5 ? 40 : ax < 10 ? 20 : 10;
      for (let k = terms; k >= 1; k--) f = ax + k / f;
      tail = e / f / SQRT_2PI;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

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

/** Acklam's rational approximation for p <= 0.5 (relative error about 1e-9). */
function lowerQuantileGuess(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/**
 * The standard normal quantile (inverse CDF): Acklam's approximation refined by one Halley
 * step on {@link normCdf}, which brings it to double precision. `normPpf(0)` is -Infinity,
 * `normPpf(1)` is +Infinity, and values outside [0, 1] give NaN.
 */
export function normPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p > 0.5) return -normPpf(1 - p);
  let x = lowerQuantileGuess(p);
  const e = normCdf(x) - p;
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  x -= u / (1 + 0.5 * x * u);
  return x;
}

/** The standard normal survival function 1 - CDF, computed as CDF(-x) (exact in the upper tail). */
export function normSf(x: number): number {
  return normCdf(-x);
}
