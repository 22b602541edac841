/**
 * Log-gamma, log-beta and digamma in double precision, shared by the packages that fit
 * distributions (copula's Beta and Gamma marginals, tabular-schema's variational mixture).
 * No TensorFlow.js.
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
