import { tf } from '@synthctr/runtime';
import type { FeatureEmbedding } from './embedding.js';
import { embed } from './embedding.js';

/**
 * The factorization-machine pairwise term of each row: sum over field pairs i < j of
 * <v_i, v_j>, computed as 1/2 sum_k [(sum_i v_ik)^2 - sum_i v_ik^2] (FuxiCTR's
 * InnerProductLayer, product_sum_pooling). Input [B, F, D], output [B].
 */
export function fmPairwise(emb: tf.Tensor3D): tf.Tensor1D {
  return tf.tidy(() => {
    const sumOfSquares = tf.sum(tf.square(emb), 1);
    const squareOfSum = tf.square(tf.sum(emb, 1));
    return tf.mul(tf.sum(tf.sub(squareOfSum, sumOfSquares), 1), 0.5) as tf.Tensor1D;
  });
}

/**
 * The first-order (LR) term: the sum of each row's 1-d field weights. As BARS's FuxiCTR
 * v1.1.0 runs, it has no bias. `weights` is a 1-wide feature embedding; output [B].
 */
export function firstOrder(weights: FeatureEmbedding, ids: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const w = embed(weights, ids);
    return tf.reshape(tf.sum(w, [1, 2]), [ids.shape[0]]) as tf.Tensor1D;
  });
}
