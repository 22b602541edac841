import { studentTTwoSidedP } from './distributions.js';
import { MetricError } from './errors.js';

/** Options of {@link meanSd}. */
export interface MeanSdOptions {
  /** Delta degrees of freedom of the sd: 1 is the sample sd, 0 numpy's default (BARS). @default 1 */
  ddof?: 0 | 1;
  /** Decimals in `text`. @default 4 */
  digits?: number;
}

/** A mean with its spread, as a report shows it over seeds. */
export interface MeanSd {
  /** Arithmetic mean. */
  mean: number;
  /** Standard deviation with the chosen ddof; NaN for one value with ddof 1. */
  sd: number;
  /** Number of values. */
  n: number;
  /** `mean ± sd` at the chosen decimals, for example `0.9840 ± 0.0005`. */
  text: string;
}

const DEFAULT_DDOF = 1;
const DEFAULT_DIGITS = 4;
const DEFAULT_FOLD_POLICY: UndefinedFoldPolicy = 'skip';

function checkFinite(fn: string, what: string, values: readonly number[]): void {
  const i = values.findIndex((v) => !Number.isFinite(v));
  if (i >= 0) {
    throw new MetricError(
      'non-finite-scores',
      `${fn}: ${what}[${i}] is ${String(values[i])}; expected finite numbers. ` +
        'Drop undefined runs first (meanOverFolds reports them) and pass the rest.',
    );
  }
}

/** Mean and standard deviation of a list of run results (for example AUC per seed). */
export function meanSd(values: readonly number[], options: MeanSdOptions = {}): MeanSd {
  const ddof = options.ddof ?? DEFAULT_DDOF;
  const digits = options.digits ?? DEFAULT_DIGITS;
  if (values.length === 0) {
    throw new MetricError('too-few-rows', 'meanSd: no values; pass at least one run result.');
  }
  checkFinite('meanSd', 'values', values);
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  const sd = n - ddof > 0 ? Math.sqrt(ss / (n - ddof)) : Number.NaN;
  const text = Number.isNaN(sd)
    ? `${mean.toFixed(digits)} (1 run)`
    : `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}`;
  return { mean, sd, n, text };
}

/** A paired t-test of two result lists, matched by position (one pair per seed). */
export interface PairedTTestResult {
  /** Number of pairs. */
  n: number;
  /** Mean of a[i] - b[i]. */
  meanDifference: number;
  /** Sample standard deviation of the differences. */
  sdDifference: number;
  /** sdDifference / sqrt(n). */
  standardError: number;
  /** meanDifference / standardError (0 when both are 0, ±Infinity when only the error is 0). */
  t: number;
  /** Degrees of freedom, n - 1. */
  df: number;
  /** Two-sided p-value from the Student t distribution. */
  pValue: number;
}

/**
 * The paired t-test over seeds: is the mean of a[i] - b[i] zero? Use it for "augmented vs
 * baseline AUC" with one pair per seed; the p-value is two-sided.
 */
export function pairedTTest(a: readonly number[], b: readonly number[]): PairedTTestResult {
  if (a.length !== b.length) {
    throw new MetricError(
      'length-mismatch',
      `pairedTTest: the lists differ in length: expected one b per a, got ${a.length} and ${b.length}; ` +
        'pair the runs by seed.',
    );
  }
  if (a.length < 2) {
    throw new MetricError(
      'too-few-rows',
      `pairedTTest: needs at least 2 pairs, got ${a.length}; run more seeds.`,
    );
  }
  checkFinite('pairedTTest', 'a', a);
  checkFinite('pairedTTest', 'b', b);
  const d = a.map((v, i) => v - b[i]);
  const { mean, sd, n } = meanSd(d, { ddof: 1 });
  const standardError = sd / Math.sqrt(n);
  let t: number;
  if (standardError > 0) t = mean / standardError;
  else t = mean === 0 ? 0 : Math.sign(mean) * Number.POSITIVE_INFINITY;
  const df = n - 1;
  return {
    n,
    meanDifference: mean,
    sdDifference: sd,
    standardError,
    t,
    df,
    pValue: studentTTwoSidedP(t, df),
  };
}

/** What {@link meanOverFolds} does with an undefined (NaN) fold. */
export type UndefinedFoldPolicy = 'skip' | 'propagate';

/** Options of {@link meanOverFolds}. */
export interface MeanOverFoldsOptions {
  /** `skip` averages the defined folds; `propagate` makes the mean NaN if any fold is. @default 'skip' */
  policy?: UndefinedFoldPolicy;
}

/** The average of per-fold results with the undefined folds counted, never hidden. */
export interface FoldMean {
  /** Mean of the defined folds (NaN when none is, or under `propagate` when any is not). */
  mean: number;
  /** Sample sd of the defined folds (NaN with fewer than 2, or when the mean is NaN). */
  sd: number;
  /** Number of folds given. */
  nFolds: number;
  /** Number of folds with a finite value. */
  nDefined: number;
  /** Number of folds that were NaN or non-finite (for example a one-class AUC). */
  nUndefined: number;
  /** Positions of the undefined folds. */
  undefinedFolds: number[];
  /** The policy applied. */
  policy: UndefinedFoldPolicy;
}

/**
 * Averages per-fold metrics (lenient AUCs that may be NaN) without letting an undefined fold
 * pass for a number: it is skipped or propagated, as asked, and always counted.
 */
export function meanOverFolds(
  values: readonly number[],
  options: MeanOverFoldsOptions = {},
): FoldMean {
  const policy = options.policy ?? DEFAULT_FOLD_POLICY;
  if (policy !== 'skip' && policy !== 'propagate') {
    throw new MetricError(
      'bad-option',
      `meanOverFolds: policy must be 'skip' or 'propagate', got '${String(policy)}'.`,
    );
  }
  const undefinedFolds: number[] = [];
  const defined: number[] = [];
  values.forEach((v, i) => {
    if (Number.isFinite(v)) defined.push(v);
    else undefinedFolds.push(i);
  });
  const base = {
    nFolds: values.length,
    nDefined: defined.length,
    nUndefined: undefinedFolds.length,
  };
  const poisoned = defined.length === 0 || (policy === 'propagate' && undefinedFolds.length > 0);
  if (poisoned) return { mean: Number.NaN, sd: Number.NaN, ...base, undefinedFolds, policy };
  const { mean, sd } = meanSd(defined);
  return { mean, sd, ...base, undefinedFolds, policy };
}
