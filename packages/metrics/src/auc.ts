import type { Notice, NoticeCallback } from '@synthctr/runtime/light';
import { MetricError } from './errors.js';
import { mannWhitneyCount, sortedByClass } from './ranks.js';
import {
  checkLengths,
  describeClasses,
  describeNonFinite,
  findNonFinite,
  readLabels,
} from './validate.js';

/** How a metric treats inputs on which it is undefined (one class, non-finite scores). */
export type UndefinedMode = 'strict' | 'lenient';

/** Options of {@link auc} and {@link aucResult}. */
export interface AucOptions {
  /** `strict` throws a MetricError when AUC is undefined; `lenient` returns NaN. @default 'strict' */
  mode?: UndefinedMode;
  /** Receives the notice of a lenient NaN (it is also in the result). @default none */
  onNotice?: NoticeCallback;
}

/** An AUC with the counts behind it and, when it is undefined, why. */
export interface AucResult {
  /** The ROC AUC, or NaN when undefined (lenient mode only). */
  value: number;
  /** False when `value` is NaN because of one class or non-finite scores. */
  defined: boolean;
  /** Rows evaluated. */
  nRows: number;
  /** Rows with label 1. */
  nPositive: number;
  /** Rows with label 0. */
  nNegative: number;
  /** Why the AUC is undefined (`one-class` or `non-finite-scores`), or null. */
  notice: Notice | null;
}

const DEFAULT_MODE: UndefinedMode = 'strict';
const FN = 'auc';

function undefinedResult(
  code: 'one-class' | 'non-finite-scores',
  message: string,
  counts: Pick<AucResult, 'nRows' | 'nPositive' | 'nNegative'>,
  mode: UndefinedMode,
  onNotice: NoticeCallback | undefined,
): AucResult {
  if (mode === 'strict') {
    throw new MetricError(code, `${FN}: ${message}. Pass { mode: 'lenient' } to get NaN instead.`);
  }
  const notice: Notice = { code, message: `${FN}: ${message}; the AUC is NaN.` };
  onNotice?.(notice);
  return { value: Number.NaN, defined: false, ...counts, notice };
}

/**
 * The area under the ROC curve as the exact rank statistic (scikit-learn's `roc_auc_score`
 * for binary labels): the probability that a random positive scores above a random
 * negative, a tie counting one half. O(n log n): each class is sorted once and merged.
 * Labels must be 0/1; scores any finite numbers (Float32Array predictions are read as
 * float64). One class or a non-finite score makes the AUC undefined: strict mode throws a
 * MetricError saying which, lenient mode returns NaN with a notice.
 *
 * Porting note: scikit-learn warns and returns NaN for one class (older releases returned 0
 * or 1, and sorted NaN scores by label order); we throw by default so that a fold average
 * can never absorb an undefined AUC silently.
 */
export function aucResult(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: AucOptions = {},
): AucResult {
  const mode = options.mode ?? DEFAULT_MODE;
  if (mode !== 'strict' && mode !== 'lenient') {
    throw new MetricError(
      'bad-option',
      `${FN}: mode must be 'strict' or 'lenient', got '${String(mode)}'.`,
    );
  }
  checkLengths(FN, labels, scores);
  const { y, nPositive, nNegative } = readLabels(FN, labels);
  const counts = { nRows: y.length, nPositive, nNegative };
  const bad = findNonFinite(scores);
  if (bad) {
    const message =
      `${describeNonFinite('scores', bad)}; expected finite scores. ` +
      'A model whose output went non-finite has diverged';
    return undefinedResult('non-finite-scores', message, counts, mode, options.onNotice);
  }
  if (nPositive === 0 || nNegative === 0) {
    const message =
      `${describeClasses(nPositive, nNegative)}; AUC needs both positives and negatives. ` +
      'Evaluate on rows of both classes';
    return undefinedResult('one-class', message, counts, mode, options.onNotice);
  }
  const pos = sortedByClass(y, scores, 1, nPositive);
  const neg = sortedByClass(y, scores, 0, nNegative);
  const value = mannWhitneyCount(pos, neg) / (nPositive * nNegative);
  return { value, defined: true, ...counts, notice: null };
}

/** {@link aucResult}'s value alone: the AUC, or NaN in lenient mode when it is undefined. */
export function auc(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: AucOptions = {},
): number {
  return aucResult(labels, scores, options).value;
}
