import {
  addDense,
  type DenseParams,
  dense,
  init,
  ParamStore,
  type Rng,
  tf,
} from '@synthctr/runtime';

/** The shape of a {@link Denoiser}. */
export interface DenoiserConfig {
  /** Width of the diffused row (numeric block + categorical block); also the output width. */
  inputWidth: number;
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
 * TabDDPM's `MLPDiffusion`: sinusoidal timestep embedding -> Linear -> SiLU -> Linear, plus
 * SiLU(label embedding) when label-conditioned; the row is projected to the embedding width
 * and added; then the rtdl baseline MLP (Linear -> ReLU per hidden layer, no dropout) and a
 * linear head back to the row width. Linear layers use PyTorch's default initialisation and
 * the label embedding N(0, 1), as nn.Embedding.
 */
export class Denoiser {
  readonly store = new ParamStore();
  private readonly time1: DenseParams;
  private readonly time2: DenseParams;
  private readonly proj: DenseParams;
  private readonly hidden: DenseParams[];
  private readonly head: DenseParams;
  private readonly label: tf.Variable | null;
  private readonly timeTable: Float32Array;

  constructor(
    readonly config: DenoiserConfig,
    rng: Rng,
  ) {
    const e = config.embeddingDim;
    this.proj = addDense(this.store, 'proj', rng, config.inputWidth, e, { init: 'torch' });
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
    this.head = addDense(this.store, 'head', rng, width, config.inputWidth, { init: 'torch' });
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

  /** The predicted noise (numeric block) and x0 logits (categorical block), [B, inputWidth]. */
  forward(x: tf.Tensor2D, t: Int32Array, y: tf.Tensor1D | null): tf.Tensor2D {
    let emb = dense(silu(dense(this.timeEmbedding(t), this.time1)), this.time2);
    if (this.label && y) emb = tf.add(emb, silu(tf.gather(this.label, y) as tf.Tensor2D));
    let h = tf.add(dense(x, this.proj), emb) as tf.Tensor2D;
    for (const layer of this.hidden) h = tf.relu(dense(h, layer));
    return dense(h, this.head);
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
