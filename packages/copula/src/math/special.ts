/**
 * The incomplete gamma and the trigamma function the Beta and Gamma marginals need;
 * log-gamma, log-beta, digamma and the incomplete beta are runtime's, re-exported here.
 */
import { betaInc, digamma, logBeta, logGamma } from '@synthctr/runtime/light';

export { betaInc, digamma, logBeta, logGamma };

const CF_EPS = 1e-15;
const CF_TINY = 1e-300;
const CF_MAX_ITER = 10000;

/** log of the Beta(a, b) density at x in (0, 1); -Infinity or +Infinity at the edges. */
export function betaLogPdf(x: number, a: number, b: number, lbeta = logBeta(a, b)): number {
  if (x < 0 || x > 1) return Number.NEGATIVE_INFINITY;
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta;
}

/**
 * The regularised lower incomplete gamma function P(a, x), the CDF of Gamma(a, 1) at x: a
 * series below x = a + 1, a continued fraction above. Pass `lgamma = logGamma(a)` when
 * calling it many times with the same shape.
 */
export function gammaInc(x: number, a: number, lgamma = logGamma(a)): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (!Number.isFinite(x)) return 1;
  const front = Math.exp(-x + a * Math.log(x) - lgamma);
  if (x < a + 1) {
    let ap = a;
    let term = 1 / a;
    let sum = term;
    for (let n = 0; n < CF_MAX_ITER; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * CF_EPS) break;
    }
    return Math.min(1, sum * front);
  }
  let b = x + 1 - a;
  let c = 1 / CF_TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= CF_MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = b + an / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < CF_EPS) break;
  }
  return Math.max(0, 1 - front * h);
}

/** ψ′(x), the trigamma function, for x > 0. */
export function trigamma(x: number): number {
  let result = 0;
  let z = x;
  while (z < 10) {
    result += 1 / (z * z);
    z += 1;
  }
  const f = 1 / (z * z);
  return (
    result +
    1 / z +
    f / 2 +
    (f / z) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66)))))
  );
}
