import { type Rng, tf } from '@synthctr/runtime';
import type { DiscreteSpan, TransformSpan } from '@synthctr/tabular-schema';
import { readOf } from './kernels.js';
import type { CondBatch } from './sampler.js';

/**
 * The generator's output activations and the conditional loss, as single ops whose forward
 * and backward passes are loops over rows and blocks (one pass each way instead of a split,
 * a dozen element-wise ops per block and a concat).
 */

/**
 * The grid of the uniforms: 2^23 points (k + 0.5) / 2^23, all exact in float32, so none rounds
 * to 0 or 1 (a 32-bit grid would put some at exactly 1.0, and −log(−log(1)) is infinite).
 */
const UNIFORM_STEP = 2 ** -23;

/**
 * Uniforms in (0, 1) for the Gumbel noise of the softmax blocks of a [rows, width] output
 * (one 32-bit draw each; 0.5 in the tanh columns, where no noise is used).
 */
export function drawGumbel(
  spans: readonly TransformSpan[],
  rows: number,
  width: number,
  rng: Rng,
): Float32Array {
  const u = new Float32Array(rows * width).fill(0.5);
  const softmax = spans.filter((s) => s.activation === 'softmax');
  const perRow = softmax.reduce((n, s) => n + s.width, 0);
  // The draws in one bulk fill, in the order a per-value loop would take them.
  const bits = rng.fillUint32(new Uint32Array(rows * perRow));
  let k = 0;
  for (let i = 0; i < rows; i++) {
    for (const s of softmax) {
      const base = i * width + s.start;
      for (let j = 0; j < s.width; j++) u[base + j] = ((bits[k++] >>> 9) + 0.5) * UNIFORM_STEP;
    }
  }
  return u;
}

/** Gumbel noise −log(−log(u)) of drawn uniforms, as a [rows, width] tensor (tanh columns unused). */
export function gumbelNoise(u: Float32Array, rows: number): tf.Tensor2D {
  return tf.tidy(() => tf.neg(tf.log(tf.neg(tf.log(tf.tensor2d(u, [rows, u.length / rows]))))));
}

/** tanh on the scalar columns and a soft Gumbel-softmax with temperature tau on softmax blocks. */
function activateValues(
  x: Float32Array,
  spans: readonly TransformSpan[],
  g: Float32Array,
  rows: number,
  tau: number,
) {
  const width = x.length / rows;
  const y = new Float32Array(x.length);
  for (let i = 0; i < rows; i++) {
    for (const s of spans) {
      const base = i * width + s.start;
      if (s.activation === 'tanh') {
        for (let j = base; j < base + s.width; j++) y[j] = Math.tanh(x[j]);
        continue;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let j = base; j < base + s.width; j++) {
        const v = (x[j] + g[j]) / tau;
        y[j] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let j = base; j < base + s.width; j++) {
        const e = Math.exp(y[j] - max);
        y[j] = e;
        sum += e;
      }
      for (let j = base; j < base + s.width; j++) y[j] /= sum;
    }
  }
  return y;
}

/** The backward pass of {@link activateValues} from its output y. */
function activateGrad(
  y: Float32Array,
  dy: Float32Array,
  spans: readonly TransformSpan[],
  rows: number,
  tau: number,
) {
  const width = y.length / rows;
  const dx = new Float32Array(y.length);
  for (let i = 0; i < rows; i++) {
    for (const s of spans) {
      const base = i * width + s.start;
      if (s.activation === 'tanh') {
        for (let j = base; j < base + s.width; j++) dx[j] = dy[j] * (1 - y[j] * y[j]);
        continue;
      }
      let dot = 0;
      for (let j = base; j < base + s.width; j++) dot += dy[j] * y[j];
      for (let j = base; j < base + s.width; j++) dx[j] = (y[j] * (dy[j] - dot)) / tau;
    }
  }
  return dx;
}

/**
 * The generator's output activation with its gradient: tanh on the scalar columns and a soft
 * Gumbel-softmax with temperature `tau` on every softmax block, the noise from
 * {@link gumbelNoise}.
 */
export function activate(
  out: tf.Tensor2D,
  spans: readonly TransformSpan[],
  noise: tf.Tensor2D,
  tau: number,
): tf.Tensor2D {
  const [rows, width] = out.shape;
  const op = tf.customGrad((...inputs) => {
    const y = activateValues(readOf(inputs[0] as tf.Tensor), spans, readOf(noise), rows, tau);
    return {
      value: tf.tensor2d(y, [rows, width]),
      gradFunc: (dy: tf.Tensor2D) =>
        tf.tensor2d(activateGrad(y, readOf(dy), spans, rows, tau), [rows, width]),
    };
  });
  return op(out) as tf.Tensor2D;
}

/**
 * The sampling activation as plain values: tanh on the scalar columns, logits plus Gumbel
 * noise on softmax blocks. Its arg-max per block is the arg-max of the Gumbel-softmax for any
 * temperature, so the decoded rows are those of the reference.
 */
export function activateForSampling(
  out: Float32Array,
  spans: readonly TransformSpan[],
  noise: Float32Array,
  rows: number,
): Float32Array {
  const width = out.length / rows;
  const y = new Float32Array(out.length);
  for (let i = 0; i < rows; i++) {
    for (const s of spans) {
      const base = i * width + s.start;
      for (let j = base; j < base + s.width; j++) {
        y[j] = s.activation === 'tanh' ? Math.tanh(out[j]) : out[j] + noise[j];
      }
    }
  }
  return y;
}

/**
 * CTGAN's conditional loss with its gradient: for each row, the cross-entropy between the raw
 * logits of the conditioned column's block and the conditioned category, summed and divided
 * by the rows. Only the conditioned block of each row has a gradient.
 */
export function condLoss(
  out: tf.Tensor2D,
  discrete: readonly DiscreteSpan[],
  cond: CondBatch,
): tf.Scalar {
  const [rows, width] = out.shape;
  const op = tf.customGrad((...inputs) => {
    const x = readOf(inputs[0] as tf.Tensor);
    const grad = new Float32Array(rows * width);
    let loss = 0;
    for (let i = 0; i < rows; i++) {
      const span = discrete[cond.column[i]];
      const base = i * width + span.start;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = base; j < base + span.width; j++) if (x[j] > max) max = x[j];
      let sum = 0;
      for (let j = base; j < base + span.width; j++) sum += Math.exp(x[j] - max);
      const lse = max + Math.log(sum);
      loss += lse - x[base + cond.category[i]];
      for (let j = base; j < base + span.width; j++) grad[j] = Math.exp(x[j] - lse) / rows;
      grad[base + cond.category[i]] -= 1 / rows;
    }
    return {
      value: tf.scalar(loss / rows),
      gradFunc: (dy: tf.Scalar) => tf.mul(tf.tensor2d(grad, [rows, width]), dy),
    };
  });
  return op(out) as tf.Scalar;
}
