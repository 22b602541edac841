import { type Rng, tf } from '@synthctr/runtime';
import { gaussianQSample } from './gaussian.js';
import type { EncodedTable, TableLayout } from './layout.js';
import { logOneHotRuns, runIndices } from './logspace.js';
import type { DiffusionSchedule } from './schedule.js';

/** The tensors of one training chunk: clean and noised rows, the noise, classes. */
export interface NoisedBatch {
  /** Per-row timesteps. */
  t: Int32Array;
  /** Denoiser input: [noised numeric block, log one-hot of x_t]. */
  input: tf.Tensor2D;
  /** The Gaussian noise added to the numeric block (null without numeric columns). */
  noise: tf.Tensor2D | null;
  /** log one-hot of the clean and of the noised categorical block (null without spans). */
  logX0: tf.Tensor2D | null;
  logXt: tf.Tensor2D | null;
  /** Class indices (null for an unconditional model). */
  y: tf.Tensor1D | null;
}

/** Uniform timesteps in 0..T-1, one per row (p_t = 1/T). */
export function sampleTimesteps(rng: Rng, n: number, steps: number): Int32Array {
  return Int32Array.from({ length: n }, () => rng.int(steps));
}

/**
 * Builds a noised chunk for rows `rows` of the encoded table at timesteps `t`. Must run inside
 * a tidy scope (the caller owns the returned tensors).
 *
 * Porting note: the reference draws x_t ~ q(x_t | x_0) by Gumbel-max over all K levels of each
 * column. q(x_t | x_0) = alphabar x_0 + (1 - alphabar) / K is the mixture "keep x_0 with
 * probability alphabar, else a uniform level", so x_t is drawn that way: the same
 * distribution, with two draws per cell instead of K (Frappe's item column has 4,082 levels).
 */
export function noisedBatch(
  data: EncodedTable,
  layout: TableLayout,
  schedule: DiffusionSchedule,
  rows: Int32Array,
  t: Int32Array,
  rng: Rng,
): NoisedBatch {
  const b = rows.length;
  const m = layout.numericCount;
  const parts: tf.Tensor2D[] = [];
  let noise: tf.Tensor2D | null = null;
  if (m > 0) {
    const x0 = new Float32Array(b * m);
    for (let i = 0; i < b; i++) x0.set(data.num.subarray(rows[i] * m, rows[i] * m + m), i * m);
    noise = tf.tensor2d(rng.fillNormal(new Float32Array(b * m)), [b, m]);
    parts.push(gaussianQSample(tf.tensor2d(x0, [b, m]), noise, schedule, t));
  }
  let logX0: tf.Tensor2D | null = null;
  let logXt: tf.Tensor2D | null = null;
  if (layout.spans.length > 0) {
    const clean: Int32Array[] = [];
    const noised: Int32Array[] = [];
    layout.spans.forEach((span, j) => {
      const codes = data.cat[j];
      const x0 = Int32Array.from(rows, (r) => codes[r]);
      const xt = new Int32Array(b);
      for (let i = 0; i < b; i++) {
        xt[i] = rng.next() < schedule.alphasCumprod[t[i]] ? x0[i] : rng.int(span.width);
      }
      clean.push(x0);
      noised.push(xt);
    });
    logX0 = logOneHotRuns(runIndices(clean, layout.spans), layout.spans);
    logXt = logOneHotRuns(runIndices(noised, layout.spans), layout.spans);
    parts.push(logXt);
  }
  const input = (parts.length === 1 ? parts[0] : tf.concat(parts, 1)) as tf.Tensor2D;
  const y = data.labels
    ? tf.tensor1d(
        Int32Array.from(rows, (r) => data.labels![r]),
        'int32',
      )
    : null;
  return { t, input, noise, logX0, logXt, y };
}

/**
 * The reference's data loader: shuffled epochs served in batches of `batchSize` (the last
 * batch of an epoch may be smaller), forever.
 */
export class BatchIterator {
  private order: Int32Array = new Int32Array(0);
  private pos = 0;

  constructor(
    private readonly n: number,
    private readonly batchSize: number,
    private readonly rng: Rng,
  ) {}

  /** The row indices of the next batch. */
  next(): Int32Array {
    if (this.pos >= this.order.length) {
      this.order = this.rng.permutation(this.n);
      this.pos = 0;
    }
    const end = Math.min(this.pos + this.batchSize, this.n);
    const rows = this.order.slice(this.pos, end);
    this.pos = end;
    return rows;
  }
}
