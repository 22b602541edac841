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
 * log1p(e^-|a-b|), with max(a, b) written as b + relu(a - b). Its gradient is the pair of sigmoids, reduced to each input's shape.
 */
export function logAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((x, y, save) => {
    const xt = x as tf.Tensor;
    const yt = y as tf.Tensor;
    const d = tf.sub(xt, yt);
    // max(x, y) = y + relu(x - y): the wasm Maximum kernel is several times slower than Relu.
    const value = tf.add(tf.add(yt, tf.relu(d)), tf.log1p(tf.exp(tf.neg(tf.abs(d)))));
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

/** Consecutive spans of one width: `count` spans of `width` levels from `start`. */
export interface SpanRun {
  start: number;
  width: number;
  count: number;
}

/**
 * Groups consecutive spans of equal width, so that one reshaped op handles a whole group
 * (40 binary columns cost one log-softmax, not 40).
 */
export function spanRuns(spans: readonly Span[]): SpanRun[] {
  const runs: SpanRun[] = [];
  for (const s of spans) {
    const last = runs[runs.length - 1];
    if (last && last.width === s.width && last.start + last.width * last.count === s.start)
      last.count += 1;
    else runs.push({ start: s.start, width: s.width, count: 1 });
  }
  return runs;
}

/** Each run of a [B, sum K] tensor as a [B, count, width] tensor. */
function runBlocks(x: tf.Tensor2D, spans: readonly Span[]): { run: SpanRun; block: tf.Tensor3D }[] {
  const rows = x.shape[0];
  return spanRuns(spans).map((run) => {
    const flat = tf.slice(x, [0, run.start], [rows, run.width * run.count]);
    return { run, block: tf.reshape(flat, [rows, run.count, run.width]) as tf.Tensor3D };
  });
}

function joinRuns(parts: tf.Tensor[], rows: number): tf.Tensor2D {
  const flat = parts.map((p) => tf.reshape(p, [rows, -1]));
  return (flat.length === 1 ? flat[0] : tf.concat(flat, 1)) as tf.Tensor2D;
}

/**
 * log-softmax within every span of a [B, sum K] tensor (the reference's log_softmax per
 * feature slice, and its `x - sliced_logsumexp(x)` normalisation). Each span subtracts its own
 * maximum; finite for every finite float32 input.
 */
export function sliceLogSoftmax(x: tf.Tensor2D, spans: readonly Span[]): tf.Tensor2D {
  const parts = runBlocks(x, spans).map(({ block }) =>
    tf.logSoftmax(tf.clipByValue(block, -LOGIT_LIMIT, LOGIT_LIMIT)),
  );
  return joinRuns(parts, x.shape[0]);
}

/** log-sum-exp within every span: [B, number of spans]. Finite for every finite input. */
export function sliceLogSumExp(x: tf.Tensor2D, spans: readonly Span[]): tf.Tensor2D {
  const parts = runBlocks(x, spans).map(({ block }) =>
    tf.logSumExp(tf.clipByValue(block, -LOGIT_LIMIT, LOGIT_LIMIT), 2),
  );
  return joinRuns(parts, x.shape[0]);
}

/**
 * The log one-hot of category indices given per run ([B, count] int32, as
 * {@link sliceArgMax} returns them): 0 at the active level, {@link LOG_ZERO} elsewhere, as
 * the reference's `index_to_log_onehot`.
 */
export function logOneHotRuns(
  indices: readonly tf.Tensor2D[],
  spans: readonly Span[],
): tf.Tensor2D {
  const runs = spanRuns(spans);
  const rows = indices[0].shape[0];
  // On the wasm backend (tfjs 4.22) tf.oneHot with dtype float32 returns all zeros, and an off
  // value other than 0 returns NaN: build from the int32 0/1 one-hot and cast.
  const parts = indices.map((idx, j) => {
    const hot = tf.cast(tf.oneHot(idx, runs[j].width), 'float32');
    return tf.mul(tf.sub(1, hot), LOG_ZERO);
  });
  return joinRuns(parts, rows);
}

/** The per-run [B, count] index tensors of per-span level indices (JS arrays). */
export function runIndices(codes: readonly Int32Array[], spans: readonly Span[]): tf.Tensor2D[] {
  const n = codes.length > 0 ? codes[0].length : 0;
  let j = 0;
  return spanRuns(spans).map((run) => {
    const out = new Int32Array(n * run.count);
    for (let c = 0; c < run.count; c++, j++) {
      const col = codes[j];
      for (let i = 0; i < n; i++) out[i * run.count + c] = col[i];
    }
    return tf.tensor2d(out, [n, run.count], 'int32');
  });
}

/** The log one-hot of per-span level indices (one int32 [B] tensor per span). */
export function logOneHot(indices: readonly tf.Tensor1D[], spans: readonly Span[]): tf.Tensor2D {
  const codes = indices.map((t) => Int32Array.from(t.dataSync()));
  return tf.tidy(() => logOneHotRuns(runIndices(codes, spans), spans));
}

/** The reference layout constant: log K of each position's column, as a [1, sum K] tensor. */
export function logWidths(spans: readonly Span[]): tf.Tensor2D {
  const total = spans.reduce((s, p) => s + p.width, 0);
  const out = new Float32Array(total);
  for (const s of spans) out.fill(Math.log(s.width), s.start, s.start + s.width);
  return tf.tensor2d(out, [1, total]);
}
