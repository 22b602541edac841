import { tf } from '@synthctr/runtime';

/**
 * Mean binary cross-entropy of click logits z against 0/1 labels y, computed from the
 * logits: mean(max(z, 0) - z y + log(1 + exp(-|z|))).
 *
 * Porting note: FuxiCTR applies a sigmoid and then BCELoss (whose log is clamped at -100);
 * the logit form is the same value without the overflow, and differs only once a
 * prediction has saturated in float32.
 */
export function bceWithLogits(z: tf.Tensor1D, y: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const softplus = tf.log1p(tf.exp(tf.neg(tf.abs(z))));
    return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), softplus)) as tf.Scalar;
  });
}

/** FuxiCTR's L2 regularizer: (lambda / 2) x the sum of every squared weight of `vars`. */
export function l2Penalty(vars: readonly tf.Variable[], lambda: number): tf.Scalar {
  return tf.tidy(() => {
    const sums = vars.map((v) => tf.sum(tf.square(v)));
    const total = sums.length === 1 ? sums[0] : tf.addN(sums);
    return tf.mul(total, lambda / 2) as tf.Scalar;
  });
}
