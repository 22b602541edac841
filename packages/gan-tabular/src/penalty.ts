import { tf } from '@synthctr/runtime';
import type { Critic, DropoutMasks } from './critic.js';

/** Guards the division by the gradient norm (the reference would give NaN at exactly 0). */
const NORM_FLOOR = 1e-12;

/** The WGAN-GP penalty of one batch and what the critic's backward pass needs from it. */
export interface PenaltyTerms {
  /** λ · mean over packs of (‖∇ D(x̂)‖₂ − 1)². */
  value: tf.Scalar;
  /** ∂D/∂(first-layer pre-activation) at the interpolates, [packs, h1]. */
  delta: tf.Tensor2D;
  /** ∂penalty/∂g for the data part of the input gradient g, [packs, pac x dataWidth]. */
  dData: tf.Tensor2D;
  /** The same for the conditional part, or null without a conditional vector. */
  dCond: tf.Tensor2D | null;
  /** ∂penalty/∂(upper kernel), in the order of `critic.upperKernels()`. */
  upperKernelGrads: tf.Tensor[];
}

/**
 * The gradient penalty at interpolated packs whose first-layer pre-activations are `pre`.
 * The input gradient of a pack is g = δ · Wᵀ, with δ the closed-form gradient at the first
 * layer and W the first-layer table, so its norm needs only δ and two products with W. The
 * penalty's gradient follows by hand: ∂/∂W = (c g)ᵀ δ and ∂/∂δ = (c g) W with
 * c = 2λ(‖g‖ − 1) / (packs ‖g‖), then the upper kernels by differentiating δ · stop(∂/∂δ).
 * The LeakyReLU slopes and dropout masks are constants, so nothing flows back into `pre`,
 * exactly as in automatic second-order differentiation.
 */
export function gradientPenalty(
  critic: Critic,
  pre: tf.Tensor2D,
  masks: DropoutMasks,
  lambda: number,
): PenaltyTerms {
  const packs = pre.shape[0];
  const delta = critic.preGradient(pre, masks);
  const deltaT = tf.transpose(delta);
  const gData = tf.transpose(tf.matMul(critic.firstData as tf.Tensor2D, deltaT)) as tf.Tensor2D;
  const gCond = critic.firstCond
    ? (tf.transpose(tf.matMul(critic.firstCond as tf.Tensor2D, deltaT)) as tf.Tensor2D)
    : null;
  let squared = tf.sum(tf.square(gData), 1);
  if (gCond) squared = tf.add(squared, tf.sum(tf.square(gCond), 1));
  const norm = tf.sqrt(squared);
  const excess = tf.sub(norm, 1);
  const value = tf.mul(tf.mean(tf.square(excess)), lambda) as tf.Scalar;
  const coef = tf.reshape(
    tf.div(tf.mul(excess, (2 * lambda) / packs), tf.maximum(norm, NORM_FLOOR)),
    [packs, 1],
  );
  const dData = tf.mul(gData, coef) as tf.Tensor2D;
  const dCond = gCond ? (tf.mul(gCond, coef) as tf.Tensor2D) : null;
  let dDelta = tf.matMul(dData, critic.firstData as tf.Tensor2D);
  if (dCond) dDelta = tf.add(dDelta, tf.matMul(dCond, critic.firstCond as tf.Tensor2D));
  const kernels = critic.upperKernels();
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.mul(critic.preGradient(pre, masks), dDelta)) as tf.Scalar,
    kernels,
  );
  const upperKernelGrads = kernels.map((k) => grads[k.name] ?? tf.zerosLike(k));
  return { value, delta, dData, dCond, upperKernelGrads };
}
