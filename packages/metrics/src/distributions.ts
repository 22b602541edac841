import { betaInc, normSf } from '@synthctr/runtime/light';

/**
 * Tail probabilities for the tests in this package, accurate to about 1e-13 relative (checked
 * against SciPy): erfc by its power series near 0 and a continued fraction in the tail, the
 * normal tail by runtime's normSf, the Student t tail by the regularised incomplete beta
 * function (runtime's betaInc).
 */

const SQRT_PI = Math.sqrt(Math.PI);
const TINY = 1e-300;
const CF_EPS = 1e-16;
const CF_MAX_ITER = 500;

/** The complementary error function erfc(x) = 1 - erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) return 1 - erfSeries(x);
  if (x > 27) return 0;
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), Lentz's method.
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k <= CF_MAX_ITER; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < TINY ? 1 / TINY : 1 / d;
    c = x + a / c;
    if (Math.abs(c) < TINY) c = TINY;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < CF_EPS) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

function erfSeries(x: number): number {
  // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * sum;
}

/** P(Z > z) for a standard normal Z: runtime's normSf, exact in the upper tail. */
export const normalSf: (z: number) => number = normSf;

/** The two-sided p-value of a standard normal statistic: P(|Z| >= |z|). */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return Math.min(1, 2 * normalSf(Math.abs(z)));
}

/**
 * The regularised incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1]: runtime's
 * betaInc, NaN when a or b is not positive.
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) return Number.NaN;
  return betaInc(x, a, b);
}

/** The two-sided p-value of a Student t statistic with `df` degrees of freedom. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** P(T <= t) for a Student t variable with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const p = studentTTwoSidedP(t, df);
  return t > 0 ? 1 - p / 2 : p / 2;
}
