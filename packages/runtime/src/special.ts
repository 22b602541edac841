/**
 * Log-gamma, log-beta, digamma and the regularised incomplete beta function in double
 * precision, shared by the packages that fit distributions (copula's Beta and Gamma marginals,
 * tabular-schema's variational mixture) and by metrics' Student t tail. No TensorFlow.js.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
/** ln √(2π), correctly rounded. */
const HALF_LOG_2PI = 0.9189385332046728;

/**
 * ln |Γ(x)| (Lanczos, g = 7; relative accuracy about 1e-15 for x > 0). Below 1/2 it uses the
 * reflection formula, so a negative non-integer x gives ln |Γ(x)| too.
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ψ(x), the derivative of ln Γ, for x > 0 (recurrence to x >= 10, then the asymptotic series). */
export function digamma(x: number): number {
  let result = 0;
  let z = x;
  while (z < 10) {
    result -= 1 / z;
    z += 1;
  }
  const f = 1 / (z * z);
  return (
    result +
    Math.log(z) -
    0.5 / z -
    f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))))
  );
}

const CF_EPS = 1e-15;
const CF_TINY = 1e-300;
const CF_MAX_ITER = 10000;

/** One Lentz update of the running denominator `d` or numerator `c`, kept off zero. */
function offZero(v: number): number {
  return Math.abs(v) < CF_TINY ? CF_TINY : v;
}

/** The continued fraction of I_x(a, b) (modified Lentz), for x below its mean. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 / offZero(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= CF_MAX_ITER; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / offZero(1 + even * d);
    c = offZero(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / offZero(1 + odd * d);
    c = offZero(1 + odd / c);
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < CF_EPS) break;
  }
  return h;
}

/**
 * The regularised incomplete beta function I_x(a, b), the CDF of Beta(a, b) at x, for a, b > 0.
 * Pass `lbeta = logBeta(a, b)` when calling it many times with the same parameters.
 */
export function betaInc(x: number, a: number, b: number, lbeta = logBeta(a, b)): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lbeta);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}
