import { type BatchNormParams, tf } from '@synthctr/runtime';
import { columnSums } from './reduce.js';

/**
 * BatchNorm1d -> ReLU -> dropout of one hidden layer as a single op with a hand-written
 * gradient. tfjs's own batch-norm gradient reduces over the batch axis with transposes and
 * about thirty elementwise passes; here the batch means are single-pass column sums
 * and the backward pass is four elementwise passes, which is what makes a DNN step on the
 * wasm backend cost little more than its matmuls. Tensors made outside the forward function
 * are freed before the backward pass runs (tfjs tidies the forward pass), so everything the
 * backward pass reads is saved.
 *
 * Training mode normalises with the batch's biased variance and moves the running
 * statistics with momentum (unbiased variance), as PyTorch does. `mask` is a dropout
 * multiplier (or null), applied after the ReLU.
 */
export function batchNormReluTrain(
  h: tf.Tensor2D,
  bn: BatchNormParams,
  mask: tf.Tensor2D | null,
): tf.Tensor2D {
  const n = h.shape[0];
  const op = tf.customGrad((x, gamma, beta, save) => {
    const xm = x as tf.Tensor2D;
    const mean = tf.div(columnSums(xm), n);
    const c = tf.sub(xm, mean);
    const variance = tf.div(columnSums(tf.square(c) as tf.Tensor2D), n);
    updateRunningStats(bn, mean, variance, n);
    const rstd = tf.rsqrt(tf.add(variance, bn.epsilon));
    const scale = tf.mul(gamma as tf.Tensor, rstd);
    const y = tf.add(tf.mul(c, scale), beta as tf.Tensor);
    const keep = mask ? tf.mul(tf.step(y), mask) : tf.step(y);
    (save as tf.GradSaveFunc)([c, rstd, scale, keep]);
    return {
      value: tf.mul(y, keep),
      gradFunc: (dz: tf.Tensor, saved: tf.Tensor[]) => backward(dz, saved, n),
    };
  });
  return op(h, bn.gamma, bn.beta) as tf.Tensor2D;
}

/** d(loss)/d(h, gamma, beta) from d(loss)/d(output). */
function backward(dz: tf.Tensor, saved: tf.Tensor[], n: number): tf.Tensor[] {
  const [c, rstd, scale, keep] = saved;
  const width = c.shape[1] as number;
  const dy = tf.mul(dz, keep) as tf.Tensor2D;
  const meanDy = tf.div(columnSums(dy), n);
  const meanDyC = tf.div(columnSums(tf.mul(dy, c) as tf.Tensor2D), n);
  // dh = scale * (dy - mean(dy) - xhat * mean(dy * xhat)), with xhat = c * rstd.
  const k1 = tf.mul(scale, tf.mul(tf.square(rstd), meanDyC));
  const k2 = tf.mul(scale, meanDy);
  const dh = tf.sub(tf.sub(tf.mul(dy, scale), tf.mul(c, k1)), k2);
  const dGamma = tf.reshape(tf.mul(tf.mul(meanDyC, rstd), n), [width]);
  const dBeta = tf.reshape(tf.mul(meanDy, n), [width]);
  return [dh, dGamma, dBeta];
}

function updateRunningStats(
  bn: BatchNormParams,
  mean: tf.Tensor,
  variance: tf.Tensor,
  n: number,
): void {
  const m = bn.momentum;
  const width = mean.shape[1] as number;
  const unbiased = tf.mul(variance, n / (n - 1));
  bn.runningMean.assign(
    tf.add(tf.mul(bn.runningMean, 1 - m), tf.reshape(tf.mul(mean, m), [width])),
  );
  bn.runningVar.assign(
    tf.add(tf.mul(bn.runningVar, 1 - m), tf.reshape(tf.mul(unbiased, m), [width])),
  );
}

/**
 * Evaluation-mode Linear -> BatchNorm1d -> ReLU folded into one fused matmul: the running
 * statistics scale the kernel's columns and become its bias. Exact up to float rounding.
 */
export function batchNormReluEval(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bn: BatchNormParams,
): tf.Tensor2D {
  return tf.tidy((): tf.Tensor2D => {
    const s = tf.mul(bn.gamma, tf.rsqrt(tf.add(bn.runningVar, bn.epsilon)));
    const w = tf.mul(kernel, s) as tf.Tensor2D;
    const bias = tf.sub(bn.beta, tf.mul(bn.runningMean, s));
    return tf.fused.matMul({ a: x, b: w, bias, activation: 'relu' }) as tf.Tensor2D;
  });
}
