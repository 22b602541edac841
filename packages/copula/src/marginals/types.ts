/** The marginal distributions a column can be given (SDV's names). */
export type MarginalName = 'beta' | 'norm' | 'truncnorm' | 'uniform' | 'gamma' | 'gaussian_kde';

/** Every {@link MarginalName}, in the order they are listed in messages. */
export const MARGINAL_NAMES: readonly MarginalName[] = [
  'beta',
  'norm',
  'truncnorm',
  'uniform',
  'gamma',
  'gaussian_kde',
];

/** A fitted marginal as plain data (what `save()` stores). */
export type MarginalState =
  | { kind: 'point'; value: number }
  | { kind: 'norm'; loc: number; scale: number }
  | { kind: 'uniform'; loc: number; scale: number }
  | { kind: 'truncnorm'; loc: number; scale: number; lower: number; upper: number }
  | { kind: 'beta'; a: number; b: number; loc: number; scale: number }
  | { kind: 'gamma'; a: number; loc: number; scale: number }
  | { kind: 'gaussian_kde'; bandwidth: number; start: number; step: number; cdf: number[] };

/** A fitted one-dimensional distribution. */
export interface Marginal {
  /** Its parameters as plain data. */
  readonly state: MarginalState;
  /** P(X <= x). */
  cdf(x: number): number;
  /** The x with P(X <= x) = u, for u in [0, 1]. */
  ppf(u: number): number;
}

/** Float32 machine epsilon: the reference's threshold for a degenerate scale and for clipping. */
export const FLOAT32_EPS = 1.1920928955078125e-7;

/** A fitting routine that could not produce a valid distribution; the caller falls back. */
export class MarginalFitFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarginalFitFailure';
  }
}

/** Mean and population standard deviation (ddof 0, as SciPy's `norm.fit`). */
export function meanStd(x: ArrayLike<number>): { mean: number; std: number } {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - mean) ** 2;
  return { mean, std: Math.sqrt(ss / x.length) };
}

/** Smallest and largest value. */
export function minMax(x: ArrayLike<number>): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  return { min, max };
}

/**
 * SciPy's penalty for one data point outside the support or with a non-finite log density
 * in `rv_continuous.fit`: 100 × log(largest double).
 */
export const OUT_OF_SUPPORT_PENALTY = 100 * Math.log(Number.MAX_VALUE);
