import { type Rng, tf } from '@synthctr/runtime';
import type { DenoiserInput } from './denoiser.js';
import { gaussianQSample } from './gaussian.js';
import type { EncodedTable, TableLayout } from './layout.js';
import type { Span } from './logspace.js';
import type { DiffusionSchedule } from './schedule.js';

/** One training chunk: clean and noised rows, the noise, classes. */
export interface NoisedBatch {
  /** Per-row timesteps. */
  t: Int32Array;
  /** Denoiser input: the noised numeric block and the levels of x_t. */
  input: DenoiserInput;
  /** The Gaussian noise added to the numeric block (null without numeric columns). */
  noise: tf.Tensor2D | null;
  /** Level indices of the clean (x0) and of the noised (x_t) rows, per categorical column. */
  x0: Int32Array[];
  xt: Int32Array[];
  /** Class indices (null for an unconditional model). */
  y: tf.Tensor1D | null;
}

/** Uniform timesteps in 0..T-1, one per row (p_t = 1/T). */
export function sampleTimesteps(rng: Rng, n: number, steps: number): Int32Array {
  return Int32Array.from({ length: n }, () => rng.int(steps));
}

/**
 * [B, columns] int32 positions of the given levels within the categorical block (span start +
 * level), as the denoiser takes them.
 */
export function levelPositions(codes: readonly Int32Array[], spans: readonly Span[]): tf.Tensor2D {
  const n = codes.length > 0 ? codes[0].length : 0;
  const s = spans.length;
  const out = new Int32Array(n * s);
  spans.forEach((span, j) => {
    const col = codes[j];
    for (let i = 0; i < n; i++) out[i * s + j] = span.start + col[i];
  });
  return tf.tensor2d(out, [n, s], 'int32');
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
  let num: tf.Tensor2D | null = null;
  let noise: tf.Tensor2D | null = null;
  if (m > 0) {
    const x0 = new Float32Array(b * m);
    for (let i = 0; i < b; i++) x0.set(data.num.subarray(rows[i] * m, rows[i] * m + m), i * m);
    noise = tf.tensor2d(rng.fillNormal(new Float32Array(b * m)), [b, m]);
    num = gaussianQSample(tf.tensor2d(x0, [b, m]), noise, schedule, t);
  }
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
  const positions = layout.spans.length > 0 ? levelPositions(noised, layout.spans) : null;
  const y = data.labels
    ? tf.tensor1d(
        Int32Array.from(rows, (r) => data.labels![r]),
        'int32',
      )
    : null;
  return { t, input: { num, positions }, noise, x0: clean, xt: noised, y };
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
