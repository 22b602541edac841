import { type Rng, tf } from '@synthctr/runtime';
import type { DiscreteSpan, TransformSpan } from '@synthctr/tabular-schema';
import type { CondBatch } from './sampler.js';

/**
 * Uniforms in (0, 1) for the Gumbel noise of the softmax blocks of a [rows, width] output
 * (one 32-bit draw each; 0.5 in the tanh columns, where the noise is masked out).
 */
export function drawGumbel(
  spans: readonly TransformSpan[],
  rows: number,
  width: number,
  rng: Rng,
): Float32Array {
  const u = new Float32Array(rows * width).fill(0.5);
  const softmax = spans.filter((s) => s.activation === 'softmax');
  for (let i = 0; i < rows; i++) {
    for (const s of softmax) {
      const base = i * width + s.start;
      for (let j = 0; j < s.width; j++) u[base + j] = (rng.nextUint32() + 0.5) / 4294967296;
    }
  }
  return u;
}

/** Gumbel noise −log(−log(u)) from {@link drawGumbel}'s uniforms, 0 in the tanh columns. */
export function gumbelNoise(
  spans: readonly TransformSpan[],
  u: Float32Array,
  rows: number,
): tf.Tensor2D {
  const width = u.length / rows;
  const mask = new Float32Array(width);
  for (const s of spans) if (s.activation === 'softmax') mask.fill(1, s.start, s.start + s.width);
  return tf.tidy(() => tf.mul(tf.neg(tf.log(tf.neg(tf.log(tf.tensor2d(u, [rows, width]))))), mask));
}

/**
 * The generator's output activation: tanh on the scalar columns and a soft Gumbel-softmax
 * with temperature `tau` on every softmax block (`noise` from {@link gumbelNoise}).
 */
export function activate(
  out: tf.Tensor2D,
  spans: readonly TransformSpan[],
  noise: tf.Tensor2D,
  tau: number,
): tf.Tensor2D {
  const shifted = tf.div(tf.add(out, noise), tau) as tf.Tensor2D;
  const widths = spans.map((s) => s.width);
  const parts = tf.split(shifted, widths, 1);
  const raw = spans.some((s) => s.activation === 'tanh') ? tf.split(out, widths, 1) : [];
  const activated = spans.map((s, i) =>
    s.activation === 'tanh' ? tf.tanh(raw[i]) : stableSoftmax(parts[i] as tf.Tensor2D),
  );
  return tf.concat(activated, 1) as tf.Tensor2D;
}

/** Softmax over the last axis with the row maximum subtracted. */
function stableSoftmax(x: tf.Tensor2D): tf.Tensor2D {
  const e = tf.exp(tf.sub(x, tf.max(x, 1, true)));
  return tf.div(e, tf.sum(e, 1, true)) as tf.Tensor2D;
}

/**
 * The sampling activation: tanh on the scalar columns, logits plus Gumbel noise on softmax
 * blocks. Its arg-max per block is the arg-max of the Gumbel-softmax for any temperature, so
 * the decoded rows are those of the reference.
 */
export function activateForSampling(
  out: tf.Tensor2D,
  spans: readonly TransformSpan[],
  noise: tf.Tensor2D,
): tf.Tensor2D {
  const mask = new Float32Array(out.shape[1]);
  for (const s of spans) if (s.activation === 'tanh') mask[s.start] = 1;
  const m = tf.tensor1d(mask);
  return tf.add(tf.mul(tf.tanh(out), m), tf.mul(tf.add(out, noise), tf.sub(1, m))) as tf.Tensor2D;
}

/**
 * CTGAN's conditional loss: for each row, the cross-entropy between the raw logits of the
 * conditioned column's block and the conditioned category, summed and divided by the rows.
 */
export function condLoss(
  out: tf.Tensor2D,
  discrete: readonly DiscreteSpan[],
  cond: CondBatch,
): tf.Scalar {
  const rows = out.shape[0];
  const width = out.shape[1];
  const chosen = new Int32Array(rows);
  for (let i = 0; i < rows; i++)
    chosen[i] = i * width + discrete[cond.column[i]].start + cond.category[i];
  const picked = tf.gather(tf.reshape(out, [-1]), tf.tensor1d(chosen, 'int32'));
  const terms = discrete.map((span, j) => {
    const rowsOf = new Float32Array(rows);
    for (let i = 0; i < rows; i++) rowsOf[i] = cond.column[i] === j ? 1 : 0;
    const lse = tf.logSumExp(tf.slice(out, [0, span.start], [rows, span.width]), 1);
    return tf.sum(tf.mul(lse, tf.tensor1d(rowsOf)));
  });
  return tf.div(tf.sub(tf.addN(terms), tf.sum(picked)), rows) as tf.Scalar;
}
