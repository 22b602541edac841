import { type DenseParams, tf } from '@synthctr/runtime';
import { columnSums } from './reduce.js';

/** The activations a dense layer of this package can end in. */
export type DenseActivation = 'relu' | 'linear';

/**
 * A Linear layer, its activation and an optional dropout multiplier in one op with a
 * hand-written gradient, for the training pass. Against tfjs's own gradient it saves two
 * slow paths of the wasm backend: the bias gradient is a single-pass column sum instead of
 * a transpose and a reduction over the batch axis, and a one-wide layer (the
 * logit) gets its kernel gradient as dy^T x, which never transposes the [B, in] input.
 * Evaluation passes call {@link denseEval}.
 */
export function denseTrain(
  x: tf.Tensor2D,
  p: DenseParams,
  activation: DenseActivation,
  mask: tf.Tensor2D | null,
): tf.Tensor2D {
  const n = x.shape[0];
  const op = tf.customGrad((...args) => {
    const [xIn, kernel, bias] = args as tf.Tensor[];
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const y = tf.fused.matMul({
      a: xIn as tf.Tensor2D,
      b: kernel as tf.Tensor2D,
      bias: p.bias ? bias : undefined,
      activation,
    });
    const step = activation === 'relu' ? tf.step(y) : null;
    const keep = step && mask ? tf.mul(step, mask) : (step ?? mask);
    save(keep ? [xIn, kernel, keep] : [xIn, kernel]);
    return {
      value: mask ? tf.mul(y, mask) : y,
      gradFunc: (dz: tf.Tensor, saved: tf.Tensor[]) => denseBackward(dz, saved, n, p.bias !== null),
    };
  });
  return (p.bias ? op(x, p.kernel, p.bias) : op(x, p.kernel)) as tf.Tensor2D;
}

function denseBackward(
  dz: tf.Tensor,
  saved: tf.Tensor[],
  n: number,
  withBias: boolean,
): tf.Tensor[] {
  const [x, kernel, keep] = saved as tf.Tensor2D[];
  const d = (keep ? tf.mul(dz, keep) : dz) as tf.Tensor2D;
  const [inDim, outDim] = kernel.shape;
  const dx = tf.matMul(d, kernel, false, true);
  // For a [B, 1] gradient its transpose is a reshape, so dW = (dy^T x)^T costs no transpose.
  const dW =
    outDim === 1
      ? tf.reshape(tf.matMul(tf.reshape(d, [1, n]), x), [inDim, 1])
      : tf.matMul(x, d, true, false);
  if (!withBias) return [dx, dW];
  const db = tf.reshape(columnSums(d), [outDim]);
  return [dx, dW, db];
}

/** The same layer in evaluation: one fused matmul, no dropout. */
export function denseEval(
  x: tf.Tensor2D,
  p: DenseParams,
  activation: DenseActivation,
): tf.Tensor2D {
  return tf.fused.matMul({
    a: x,
    b: p.kernel as tf.Tensor2D,
    bias: p.bias ?? undefined,
    activation,
  }) as tf.Tensor2D;
}

/** {@link denseTrain} in training, {@link denseEval} otherwise (the mask only in training). */
export function denseLayer(
  x: tf.Tensor2D,
  p: DenseParams,
  activation: DenseActivation,
  training: boolean,
  mask: tf.Tensor2D | null = null,
): tf.Tensor2D {
  return training ? denseTrain(x, p, activation, mask) : denseEval(x, p, activation);
}
