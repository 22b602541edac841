import { normalTwoSidedP } from './distributions.js';
import { MetricError } from './errors.js';
import { placements } from './ranks.js';
import { checkLengths, describeNonFinite, findNonFinite, readLabels } from './validate.js';

/** DeLong's test of two correlated AUCs measured on the same labels. */
export interface DeLongResult {
  /** AUC of scores A. */
  aucA: number;
  /** AUC of scores B. */
  aucB: number;
  /** aucA - aucB. */
  difference: number;
  /** Standard error of the difference. */
  standardError: number;
  /** difference / standardError (0 when both are 0, ±Infinity when only the error is 0). */
  z: number;
  /** Two-sided p-value of z under the standard normal. */
  pValue: number;
  /** Estimated variance of aucA. */
  varianceA: number;
  /** Estimated variance of aucB. */
  varianceB: number;
  /** Estimated covariance of aucA and aucB. */
  covariance: number;
  /** Rows with label 1. */
  nPositive: number;
  /** Rows with label 0. */
  nNegative: number;
}

const FN = 'delongTest';

/** Sample covariance (denominator n - 1) over the rows whose label is `cls`. */
function classCovariance(
  y: Uint8Array,
  cls: 0 | 1,
  n: number,
  a: Float64Array,
  b: Float64Array,
): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== cls) continue;
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let s = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === cls) s += (a[i] - ma) * (b[i] - mb);
  return s / (n - 1);
}

function checkScores(which: 'A' | 'B', scores: ArrayLike<number>): void {
  const bad = findNonFinite(scores);
  if (bad) {
    throw new MetricError(
      'non-finite-scores',
      `${FN}: ${describeNonFinite(`scores ${which}`, bad)}; expected finite scores. ` +
        'A model whose output went non-finite has diverged; leave it out of the comparison.',
    );
  }
}

/**
 * DeLong, DeLong & Clarke-Pearson (1988): are two AUCs on the same rows different? Each
 * positive's placement value is the share of negatives it outscores (ties count half), each
 * negative's the share of positives that outscore it; their sample covariances across the
 * two models give the variance of the AUC difference. The placements come from one sort per
 * class and a merge, as in Sun & Xu's fast algorithm (2014).
 *
 * Porting note: Sun & Xu write the placements as midrank differences; we count the other
 * class's scores below and equal to each score in one merge sweep over the two sorted
 * classes, which gives the same numbers.
 */
export function delongTest(
  labels: ArrayLike<number>,
  scoresA: ArrayLike<number>,
  scoresB: ArrayLike<number>,
): DeLongResult {
  checkLengths(FN, labels, scoresA, 'scores A', 'score');
  checkLengths(FN, labels, scoresB, 'scores B', 'score');
  const { y, nPositive, nNegative } = readLabels(FN, labels);
  checkScores('A', scoresA);
  checkScores('B', scoresB);
  if (nPositive < 2 || nNegative < 2) {
    throw new MetricError(
      'too-few-rows',
      `${FN}: the test needs at least 2 positives and 2 negatives to estimate variances, ` +
        `got ${nPositive} positives and ${nNegative} negatives; evaluate on more rows.`,
    );
  }
  const a = placements(y, scoresA, nPositive, nNegative);
  const b = placements(y, scoresB, nPositive, nNegative);
  const cov = (u: Float64Array, v: Float64Array) =>
    classCovariance(y, 1, nPositive, u, v) / nPositive +
    classCovariance(y, 0, nNegative, u, v) / nNegative;
  const varianceA = cov(a.byRow, a.byRow);
  const varianceB = cov(b.byRow, b.byRow);
  const covAB = cov(a.byRow, b.byRow);
  const aucA = a.auc;
  const aucB = b.auc;
  const difference = aucA - aucB;
  const standardError = Math.sqrt(Math.max(varianceA + varianceB - 2 * covAB, 0));
  let z: number;
  if (standardError > 0) z = difference / standardError;
  else z = difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY;
  return {
    aucA,
    aucB,
    difference,
    standardError,
    z,
    pValue: normalTwoSidedP(z),
    varianceA,
    varianceB,
    covariance: covAB,
    nPositive,
    nNegative,
  };
}
