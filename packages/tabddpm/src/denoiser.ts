import {
  addDense,
  type DenseParams,
  dense,
  gatherRows,
  init,
  ParamStore,
  type Rng,
  tf,
} from '@synthctr/runtime';
import { LOG_ZERO } from './logspace.js';

/** The shape of a {@link Denoiser}. */
export interface DenoiserConfig {
  /** Number of numeric columns (the first block of the diffused row). */
  numericCount: number;
  /** Levels of each categorical column, in layout order (the second block). */
  spanWidths: readonly number[];
  /** Number of label classes; 0 for an unconditional model. */
  classCount: number;
  /** Hidden widths of the MLP, in order. */
  dims: readonly number[];
  /** Width of the timestep and label embeddings. */
  embeddingDim: number;
  /** Number of diffusion timesteps (for the embedding table). */
  steps: number;
}

const MAX_PERIOD = 10000;

/**
 * A diffused row as the denoiser takes it: the numeric block, and per row the position of the
 * active level of every categorical column within the categorical block (the log one-hot the
 * reference feeds, 0 there and log(1e-30) elsewhere, is implied).
 */
export interface DenoiserInput {
  /** [B, numericCount], or null without numeric columns. */
  num: tf.Tensor2D | null;
  /** [B, number of categorical columns] int32 positions (span start + level), or null. */
  positions: tf.Tensor2D | null;
}

/** The denoiser's output: predicted noise and, per categorical column, x0 logits. */
export interface DenoiserOutput {
  /** [B, numericCount], or null without numeric columns. */
  eps: tf.Tensor2D | null;
  /** One [B, K] block per categorical column. */
  logits: tf.Tensor2D[];
}

/**
 * TabDDPM's `MLPDiffusion`: sinusoidal timestep embedding -> Linear -> SiLU -> Linear, plus
 * SiLU(label embedding) when label-conditioned; the row is projected to the embedding width
 * and added; then the rtdl baseline MLP (Linear -> ReLU per hidden layer, no dropout) and a
 * linear head back to the row width. Linear layers use PyTorch's default initialisation and
 * the label embedding N(0, 1), as nn.Embedding.
 *
 * Porting notes, both exact rewrites of the same linear maps: the input projection of a log
 * one-hot is LOG_ZERO x (column sums of the categorical rows of the weight) minus LOG_ZERO x
 * the rows of the active levels, so it is computed from a gather of one row per column instead
 * of a [B, 5,382] x [5,382, 128] product on Frappe; the head is one linear block per column
 * (and one for the numeric block), the columns of the reference's single head, so each
 * column's logits come out as their own tensor instead of being sliced out of a wide one.
 */
export class Denoiser {
  readonly store = new ParamStore();
  private readonly time1: DenseParams;
  private readonly time2: DenseParams;
  private readonly proj: DenseParams;
  private readonly hidden: DenseParams[];
  private readonly headNum: DenseParams | null;
  private readonly heads: DenseParams[];
  private readonly label: tf.Variable | null;
  private readonly timeTable: Float32Array;

  constructor(
    readonly config: DenoiserConfig,
    rng: Rng,
  ) {
    const e = config.embeddingDim;
    const inputWidth = config.numericCount + config.spanWidths.reduce((a, b) => a + b, 0);
    this.proj = addDense(this.store, 'proj', rng, inputWidth, e, { init: 'torch' });
    this.time1 = addDense(this.store, 'time.0', rng, e, e, { init: 'torch' });
    this.time2 = addDense(this.store, 'time.2', rng, e, e, { init: 'torch' });
    this.label =
      config.classCount > 0
        ? this.store.add('label', init.normal(rng, [config.classCount, e], 1))
        : null;
    let width = e;
    this.hidden = config.dims.map((d, i) => {
      const layer = addDense(this.store, `mlp.${i}`, rng, width, d, { init: 'torch' });
      width = d;
      return layer;
    });
    // One [width, inputWidth] draw, as the reference's single head, cut into column blocks.
    const kernel = init.torchLinear(rng, width, [width, inputWidth]);
    const bias = init.torchLinear(rng, width, [inputWidth]);
    const block = (name: string, start: number, size: number): DenseParams => ({
      kernel: this.store.add(`${name}.kernel`, tf.slice(kernel, [0, start], [width, size])),
      bias: this.store.add(`${name}.bias`, tf.slice(bias, [start], [size])),
    });
    const m = config.numericCount;
    this.headNum = m > 0 ? block('head.num', 0, m) : null;
    let start = m;
    this.heads = config.spanWidths.map((k, j) => {
      const params = block(`head.cat${j}`, start, k);
      start += k;
      return params;
    });
    tf.dispose([kernel, bias]);
    this.timeTable = timestepTable(config.steps, e);
  }

  /** The [B, embeddingDim] sinusoidal embedding of per-row timesteps ([cos, sin] layout). */
  timeEmbedding(t: Int32Array): tf.Tensor2D {
    const e = this.config.embeddingDim;
    const out = new Float32Array(t.length * e);
    for (let i = 0; i < t.length; i++)
      out.set(this.timeTable.subarray(t[i] * e, (t[i] + 1) * e), i * e);
    return tf.tensor2d(out, [t.length, e]);
  }

  /**
   * The predicted noise (numeric block) and x0 logits (per categorical column). `t` is one
   * timestep per row, or one number shared by every row (sampling), whose embedding is then
   * computed once and broadcast.
   */
  forward(x: DenoiserInput, t: Int32Array | number, y: tf.Tensor1D | null): DenoiserOutput {
    const rows = (x.num ?? x.positions)!.shape[0];
    const steps = typeof t === 'number' ? Int32Array.of(t) : t;
    let emb = dense(silu(dense(this.timeEmbedding(steps), this.time1)), this.time2);
    if (this.label && y) emb = tf.add(emb, silu(tf.gather(this.label, y) as tf.Tensor2D));
    let h = tf.add(this.project(x, rows), emb) as tf.Tensor2D;
    for (const layer of this.hidden) h = tf.relu(dense(h, layer));
    return {
      eps: this.headNum ? dense(h, this.headNum) : null,
      logits: this.heads.map((head) => dense(h, head)),
    };
  }

  /** The input projection of [numeric block, log one-hot of every column] plus its bias. */
  private project(x: DenoiserInput, rows: number): tf.Tensor2D {
    const m = this.config.numericCount;
    const kernel = this.proj.kernel as tf.Tensor2D;
    const [width, e] = kernel.shape;
    let out: tf.Tensor = this.proj.bias ?? tf.zeros([e]);
    if (x.num && m > 0) out = tf.add(out, tf.matMul(x.num, tf.slice(kernel, [0, 0], [m, e])));
    if (x.positions && width > m) {
      const catRows = tf.slice(kernel, [m, 0], [width - m, e]);
      const all = tf.mul(tf.sum(catRows, 0), LOG_ZERO);
      const active = tf.sum(gatherRows(catRows as tf.Tensor2D, x.positions), 1);
      out = tf.add(out, tf.sub(all, tf.mul(active, LOG_ZERO)));
    }
    return tf.broadcastTo(out, [rows, e]) as tf.Tensor2D;
  }

  /** Scalar parameters in all. */
  parameterCount(): number {
    return this.store.size();
  }

  /** Frees the weights. */
  dispose(): void {
    this.store.dispose();
  }
}

function silu(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(x, tf.sigmoid(x));
}

/** Row t of the table is the embedding of timestep t: cos(t f_i), then sin(t f_i). */
function timestepTable(steps: number, dim: number): Float32Array {
  const half = Math.floor(dim / 2);
  const freqs = Float64Array.from({ length: half }, (_, i) =>
    Math.exp((-Math.log(MAX_PERIOD) * i) / half),
  );
  const table = new Float32Array(steps * dim);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < half; i++) {
      const arg = Math.fround(t * Math.fround(freqs[i]));
      table[t * dim + i] = Math.cos(arg);
      table[t * dim + half + i] = Math.sin(arg);
    }
  }
  return table;
}
