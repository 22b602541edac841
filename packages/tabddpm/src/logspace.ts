import { tf } from '@synthctr/runtime';

/**
 * Log-space helpers for categorical columns laid out side by side as contiguous spans of one
 * [batch, sum K] tensor. Every normalisation is done span by span, each span subtracting its
 * own maximum, so the result stays finite in float32 however many columns there are and
 * however wide they are.
 */

/** One categorical column's block of the layout. */
export interface Span {
  /** First position of the block. */
  start: number;
  /** Number of levels K. */
  width: number;
}

/** log(1e-30) in float32: the reference's log of a zero probability in a log one-hot. */
export const LOG_ZERO = Math.fround(Math.log(Math.fround(1e-30)));

/** Logits beyond this magnitude are clipped, so max-subtraction can never overflow float32. */
const LOGIT_LIMIT = 1e37;

/**
 * log(e^a + e^b), elementwise with broadcasting, stable for any finite inputs: max(a, b) +
 * log1p(e^-|a-b|). Its gradient is the pair of sigmoids, reduced to each input's shape.
 */
export function logAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((x, y, save) => {
    const xt = x as tf.Tensor;
    const yt = y as tf.Tensor;
    const d = tf.sub(xt, yt);
    const value = tf.add(tf.maximum(xt, yt), tf.log1p(tf.exp(tf.neg(tf.abs(d)))));
    (save as (t: tf.Tensor[]) => void)([d]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const w = tf.sigmoid(saved[0]);
      return [reduceTo(tf.mul(dy, w), xt.shape), reduceTo(tf.mul(dy, tf.sub(1, w)), yt.shape)];
    };
    return { value, gradFunc };
  });
  return op(a, b);
}

/** Sums a broadcast gradient back to `shape`. */
function reduceTo(g: tf.Tensor, shape: number[]): tf.Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? tf.sum(g, axes, true) : g;
  return tf.reshape(summed, shape);
}

/** Each span of a [B, sum K] tensor, as [B, K] slices. */
export function spanSlices(x: tf.Tensor2D, spans: readonly Span[]): tf.Tensor2D[] {
  const rows = x.shape[0];
  return spans.map((s) => tf.slice(x, [0, s.start], [rows, s.width]));
}

/**
 * log-softmax within every span of a [B, sum K] tensor (the reference's log_softmax per
 * feature slice, and its `x - sliced_logsumexp(x)` normalisation). Finite for every finite
 * float32 input.
 */
export function sliceLogSoftmax(x: tf.Tensor2D, spans: readonly Span[]): tf.Tensor2D {
  const parts = spanSlices(x, spans).map((p) =>
    tf.logSoftmax(tf.clipByValue(p, -LOGIT_LIMIT, LOGIT_LIMIT)),
  );
  return (parts.length === 1 ? parts[0] : tf.concat(parts, 1)) as tf.Tensor2D;
}

/** log-sum-exp within every span: [B, number of spans]. Finite for every finite input. */
export function sliceLogSumExp(x: tf.Tensor2D, spans: readonly Span[]): tf.Tensor2D {
  const parts = spanSlices(x, spans).map((p) =>
    tf.logSumExp(tf.clipByValue(p, -LOGIT_LIMIT, LOGIT_LIMIT), 1, true),
  );
  return (parts.length === 1 ? parts[0] : tf.concat(parts, 1)) as tf.Tensor2D;
}

/** The index of the largest entry of every span: one int32 [B] tensor per span. */
export function sliceArgMax(x: tf.Tensor2D, spans: readonly Span[]): tf.Tensor1D[] {
  return spanSlices(x, spans).map((p) => tf.argMax(p, 1) as tf.Tensor1D);
}

/**
 * The log one-hot of category indices (one int32 [B] tensor per span): 0 at the active level,
 * {@link LOG_ZERO} elsewhere, as the reference's `index_to_log_onehot`.
 */
export function logOneHot(indices: readonly tf.Tensor1D[], spans: readonly Span[]): tf.Tensor2D {
  // tf.oneHot with an off value other than 0 returns NaN on the wasm backend (tfjs 4.22), so
  // the log one-hot is built from the 0/1 one-hot.
  const parts = indices.map((idx, j) =>
    tf.mul(tf.sub(1, tf.oneHot(idx, spans[j].width, 1, 0, 'float32')), LOG_ZERO),
  );
  return (parts.length === 1 ? parts[0] : tf.concat(parts, 1)) as tf.Tensor2D;
}

/** The reference layout constant: log K of each position's column, as a [1, sum K] tensor. */
export function logWidths(spans: readonly Span[]): tf.Tensor2D {
  const total = spans.reduce((s, p) => s + p.width, 0);
  const out = new Float32Array(total);
  for (const s of spans) out.fill(Math.log(s.width), s.start, s.start + s.width);
  return tf.tensor2d(out, [1, total]);
}
