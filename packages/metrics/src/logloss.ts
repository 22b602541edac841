import { MetricError } from './errors.js';
import { checkLengths, readLabels } from './validate.js';

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /**
   * Probabilities are clipped to [eps, 1 - eps] before the log; 0 turns clipping off, so a
   * confident wrong prediction costs +Infinity.
   * @default 1e-7
   */
  eps?: number;
}

/** FuxiCTR's `log_loss(y, p, eps=1e-7)`. */
export const DEFAULT_LOGLOSS_EPS = 1e-7;
const FN = 'logLoss';

function resolveEps(options: LogLossOptions): number {
  const eps = options.eps ?? DEFAULT_LOGLOSS_EPS;
  if (!(eps >= 0 && eps < 0.5)) {
    throw new MetricError(
      'bad-option',
      `${FN}: eps must be in [0, 0.5), got ${String(eps)}; the default is 1e-7.`,
    );
  }
  return eps;
}

/**
 * Binary cross-entropy, the mean over rows of -log(p of the true label), as scikit-learn's
 * `log_loss`. The probability of the true label is clipped to [eps, 1 - eps] (for two
 * classes this is the same as clipping p). With eps = 0 a prediction of exactly 0 for a
 * positive (or 1 for a negative) gives +Infinity, never NaN, because the true label's
 * probability is taken directly instead of computing `y log p + (1 - y) log(1 - p)`.
 *
 * Porting note: scikit-learn 1.5 dropped the eps argument in favour of the float dtype's
 * machine epsilon; we keep FuxiCTR's fixed 1e-7 as the default so CTR figures compare.
 */
export function logLoss(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: LogLossOptions = {},
): number {
  const eps = resolveEps(options);
  checkLengths(FN, labels, probabilities, 'probabilities', 'probability');
  const { y } = readLabels(FN, labels);
  if (y.length === 0) {
    throw new MetricError(
      'too-few-rows',
      `${FN}: no rows (0 labels); pass at least one prediction.`,
    );
  }
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const p = probabilities[i];
    if (!(p >= 0 && p <= 1)) {
      throw new MetricError(
        'bad-probability',
        `${FN}: the probability at index ${i} is ${String(p)}; expected a number in [0, 1]. ` +
          'Pass sigmoid outputs, not logits, and check the model for divergence.',
      );
    }
    const pTrue = y[i] === 1 ? p : 1 - p;
    total -= Math.log(Math.min(Math.max(pTrue, eps), 1 - eps));
  }
  return total / y.length;
}
