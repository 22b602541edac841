import { tf } from '@synthctr/runtime';
import type { DiffusionSchedule } from './schedule.js';

/**
 * Gaussian diffusion of the numeric block with the 'eps' parametrisation and the 'mse' loss,
 * as TabDDPM runs it.
 */

/** x_t = sqrt(alphabar_t) x0 + sqrt(1 - alphabar_t) noise, per-row timesteps. */
export function gaussianQSample(
  x0: tf.Tensor2D,
  noise: tf.Tensor2D,
  schedule: DiffusionSchedule,
  t: Int32Array,
): tf.Tensor2D {
  const a = tf.tensor2d(
    Float32Array.from(t, (ti) => schedule.sqrtAlphasCumprod[ti]),
    [t.length, 1],
  );
  const b = tf.tensor2d(
    Float32Array.from(t, (ti) => schedule.sqrtOneMinusAlphasCumprod[ti]),
    [t.length, 1],
  );
  return tf.add(tf.mul(x0, a), tf.mul(noise, b));
}

/** The per-row 'mse' loss: mean over the numeric columns of (noise - predicted noise)^2. */
export function gaussianLoss(predicted: tf.Tensor2D, noise: tf.Tensor2D): tf.Tensor1D {
  return tf.mean(tf.square(tf.sub(noise, predicted)), 1) as tf.Tensor1D;
}

/**
 * One reverse step at timestep t (every row): x0 = sqrt(1/alphabar) x_t - sqrt(1/alphabar - 1)
 * eps, the posterior mean of (x0, x_t), plus exp(log variance / 2) noise unless t = 0. The
 * variance is the reference's "fixed large" one; x0 is not clipped.
 */
export function gaussianPSample(
  eps: tf.Tensor2D,
  xt: tf.Tensor2D,
  schedule: DiffusionSchedule,
  t: number,
  noise: tf.Tensor2D | null,
): tf.Tensor2D {
  const x0 = tf.sub(
    tf.mul(xt, schedule.sqrtRecipAlphasCumprod[t]),
    tf.mul(eps, schedule.sqrtRecipm1AlphasCumprod[t]),
  );
  const mean = tf.add(
    tf.mul(x0, schedule.posteriorMeanCoef1[t]),
    tf.mul(xt, schedule.posteriorMeanCoef2[t]),
  );
  if (t === 0 || !noise) return mean as tf.Tensor2D;
  return tf.add(mean, tf.mul(noise, Math.exp(0.5 * schedule.modelLogVariance[t]))) as tf.Tensor2D;
}
