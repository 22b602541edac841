import type { Rng } from '@synthctr/runtime/light';
import { normCdf, normPpf } from '@synthctr/runtime/light';

export { normCdf, normPpf };

const LOG_SQRT_2PI = 0.9189385332046728;

/** The standard normal density. */
export function normPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/** The log of the standard normal density. */
export function normLogPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI;
}

/** Probability mass of the standard normal on [a, b], computed in the tail where it is small. */
export function normMass(a: number, b: number): number {
  if (!(b > a)) return 0;
  if (a >= 0) return normCdf(-a) - normCdf(-b);
  if (b <= 0) return normCdf(b) - normCdf(a);
  return 1 - normCdf(a) - normCdf(-b);
}

/** Beyond this standardised bound the tail mass underflows and an exponential draw is used. */
const FAR_TAIL = 35;

/** The quantile at u of the standard normal truncated to [a, b], a >= 35, deep in the tail. */
function farTail(u: number, a: number, b: number): number {
  // There the density is exp(-a (x - a)) up to a factor within 1e-3 of 1.
  const width = b - a;
  const cap = Number.isFinite(width) ? 1 - Math.exp(-a * width) : 1;
  return a - Math.log1p(-u * cap) / a;
}

/**
 * The quantile of the standard normal truncated to [a, b] at u in [0, 1], computed by
 * inversion in whichever tail keeps precision (bounds may be infinite). Deep in a tail where
 * the mass underflows, the exponential approximation of the tail is inverted instead.
 */
export function truncNormPpf(u: number, a: number, b: number): number {
  if (!(b > a)) return Number.isFinite(a) ? a : b;
  if (a >= 0 || b <= 0) {
    const flip = a < 0;
    const lo = flip ? -b : a;
    const hi = flip ? -a : b;
    const w = flip ? 1 - u : u;
    let x: number;
    if (lo > FAR_TAIL) x = farTail(w, lo, hi);
    else {
      const pLo = normCdf(-lo);
      const pHi = normCdf(-hi);
      x = -normPpf(pLo - w * (pLo - pHi));
    }
    const clamped = Math.min(Math.max(x, lo), hi);
    return flip ? -clamped : clamped;
  }
  const pa = normCdf(a);
  const pb = normCdf(b);
  const x = normPpf(pa + u * (pb - pa));
  return Math.min(Math.max(x, a), b);
}

/** A draw from the standard normal truncated to [a, b] (bounds may be infinite). */
export function truncatedNormal(rng: Rng, a: number, b: number): number {
  return truncNormPpf(rng.next(), a, b);
}
