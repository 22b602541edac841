import { auc, findNonFinite, logLoss } from '@synthctr/metrics';
import { Rng, tf } from '@synthctr/runtime';
import { CtrDivergenceError, CtrModelError } from '../errors.js';
import type { CtrNetwork } from '../models/network.js';

/** AUC and logloss of one split. */
export interface SplitScores {
  auc: number;
  logloss: number;
}

const EVAL_RNG = new Rng(0);

/**
 * Click probabilities of every row of global ids [n x fields], in evaluation mode
 * (running batch statistics, no dropout), `batchSize` rows per forward pass.
 */
export function predictProbabilities(
  net: CtrNetwork,
  ids: Int32Array,
  fields: number,
  batchSize: number,
): Float32Array {
  const n = fields === 0 ? 0 : ids.length / fields;
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const probs = tf.tidy(() => {
      const idT = tf.tensor2d(
        ids.subarray(start * fields, end * fields),
        [end - start, fields],
        'int32',
      );
      return tf.sigmoid(net.logits(idT, { training: false, rng: EVAL_RNG }));
    });
    out.set(probs.dataSync() as Float32Array, start);
    probs.dispose();
  }
  return out;
}

/**
 * The guard every evaluation goes through before AUC (bad-inputs B21): a NaN or infinite
 * prediction means the model diverged. During training it names the epoch (a
 * CtrDivergenceError); on a fitted model's predictions `epoch` is null.
 */
export function assertFinitePredictions(
  predictions: Float32Array,
  epoch: number | null,
  split: string,
): void {
  const bad = findNonFinite(predictions);
  if (!bad) return;
  const what =
    `${bad.count} of ${predictions.length} ${split} predictions are not finite ` +
    `(the first, ${bad.firstValue}, at row ${bad.firstIndex})`;
  if (epoch === null) {
    throw new CtrModelError(
      `CtrModel.predict: ${what}; the saved weights have diverged, retrain the model.`,
    );
  }
  throw new CtrDivergenceError(
    epoch,
    `CtrModel: the model diverged in epoch ${epoch}: ${what}. ` +
      'Lower the learning rate or the clip norm, or check the inputs.',
  );
}

/** AUC and logloss (eps 1e-7, as FuxiCTR) of checked predictions. */
export function scorePredictions(labels: Float32Array, predictions: Float32Array): SplitScores {
  return { auc: auc(labels, predictions), logloss: logLoss(labels, predictions) };
}
